/**
 * Manifests (package.json, requirements*.txt, pyproject.toml, Pipfile, pom.xml, build.gradle,
 * docker-compose, skaffold) are read for facts by other kinds' model builders. The parser keeps the
 * text and, for package.json, the parsed JSON; a broken package.json is a parse-error.
 */
import type { ParseOutput, ParserModule, SourceFile } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { settleBuild } from '../cross/deploy.js';

export interface ManifestRoot {
  type: 'manifest';
  file: string;
  name: string;
  span: Span;
  text: string;
  /** Parsed JSON for package.json. */
  json?: unknown;
}

declare module '../../core/rule.js' {
  interface KindRoots {
    manifest: ManifestRoot;
  }
  interface KindNodes {
    manifest: { manifest: ManifestRoot };
  }
}

function jsonErrorOffset(message: string, text: string): number {
  const m = /position (\d+)/.exec(message);
  return m ? Math.min(Number(m[1]), text.length) : 0;
}

const parser: ParserModule<'manifest'> = {
  kind: 'manifest',
  deploys: { dockerfile: settleBuild },
  comment: '#',
  parse(file: SourceFile): ParseOutput<ManifestRoot> {
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const root: ManifestRoot = { type: 'manifest', file: file.path, name, span: { start: 0, end: file.text.length }, text: file.text };
    const diagnostics: ParseOutput<ManifestRoot>['diagnostics'] = [];
    if (name === 'package.json') {
      try {
        root.json = JSON.parse(file.text.replace(/^\uFEFF/, ''));
      } catch (e) {
        const at = jsonErrorOffset((e as Error).message, file.text);
        diagnostics.push({ code: 'parse-error', severity: 'error', message: `Invalid JSON: ${(e as Error).message}`, span: { start: at, end: Math.min(at + 1, file.text.length) } });
      }
    }
    return { root, comments: [], diagnostics };
  },
  traverse(root, enter, leave) {
    enter('manifest', root);
    leave('manifest', root);
  },
};

export default parser;

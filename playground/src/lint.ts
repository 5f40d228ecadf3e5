/**
 * The playground's adapter over the pure engine: the files of the page in memory, a FileHost over
 * them, and the same classification, rule selection and default config as the CLI. Nothing here
 * reads a disk; the engine, rules and parsers are the CLI's own modules.
 */
import { domainsFor } from '../../rules/domains.js';
import { loadRules } from '../../rules/index.js';
import { ConfigResolver } from '../../src/core/config/resolve.js';
import type { FileResult } from '../../src/core/diagnostics.js';
import { lint } from '../../src/core/engine.js';
import { MemoryHost } from '../../src/core/memory-host.js';
import type { AnyRule, FileKind, ParserModule, SourceFile } from '../../src/core/rule.js';
import { loadParser } from '../../src/parsers/index.js';
import { setGrammarLocation } from '../../src/parsers/treesitter/index.js';
import { classify, isHelmTemplate } from '../../src/project/classify.js';
import { preload } from './lazy.js';

/** The tree-sitter grammars are served beside the page, in grammars/. */
setGrammarLocation(new URL('grammars/', document.baseURI));

export interface PlaygroundFile {
  path: string;
  text: string;
}

export interface Outcome {
  results: FileResult[];
  /** Kind of each linted file; files missing here are of no kind lint500 reads. */
  kinds: Map<string, FileKind>;
  rules: Map<string, AnyRule>;
  ms: number;
}

async function parsers(kind: FileKind): Promise<ParserModule | undefined> {
  // The nginx parser reads the directive reference synchronously: fetch it first.
  if (kind === 'nginx') await preload('@nginx/reference-lib');
  return loadParser(kind);
}

export async function lintFiles(files: readonly PlaygroundFile[]): Promise<Outcome> {
  const started = performance.now();
  const sources: SourceFile[] = [];
  const kinds = new Map<string, FileKind>();
  for (const f of files) {
    const kind = classify(f.path, f.text);
    // Helm templates are not YAML until rendered: the CLI skips them too.
    if (!kind || isHelmTemplate(f.path, kind, f.text)) continue;
    sources.push({ path: f.path, text: f.text, kind });
    kinds.set(f.path, kind);
  }
  const present = new Set(sources.map((s) => s.kind));
  const rules = new Map((await loadRules(domainsFor(present, present.size > 1))).map((r) => [r.meta.id, r]));
  const results = await lint({
    files: sources,
    rules: [...rules.values()],
    config: new ConfigResolver({}, rules),
    parsers,
    host: new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text]))),
  });
  return { results, kinds, rules, ms: performance.now() - started };
}

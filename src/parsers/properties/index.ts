/**
 * Spring Boot configuration: `application*.properties` and `application*.yml|yaml` (and `bootstrap*`),
 * read into one shape: documents of flat entries with Spring's dotted names, exact key and value
 * spans, and the profile each document is active for.
 *
 * A document's profile comes from the file name (`application-dev.yml` → `dev`) and from its own
 * `spring.config.activate.on-profile` (or the legacy `spring.profiles`); both must hold for the
 * document to apply. `.properties` files split into documents at `#---` / `!---`, as in Spring Boot 2.4+.
 */
import type { Comment, ParseEnv, ParseOutput, ParserModule, SourceFile } from '../../core/rule.js';
import { detachStrings, type Span } from '../../core/text.js';
import { parseProperties } from './java-properties.js';
import { canonicalKey, profileFromFileName } from './relaxed.js';
import { parseSpringYaml, type FlatEntry } from './spring-yaml.js';

export interface SpringEntry {
  type: 'entry';
  /** The name as written (for YAML, the dotted path). */
  key: string;
  /** Spring's uniform name with legacy names mapped to current ones: compare with this. */
  name: string;
  /** The value after unescaping; `''` for an empty or null value. */
  value: string;
  keySpan: Span;
  valueSpan: Span;
  span: Span;
  document: number;
  /**
   * Profile expressions that must all be active for this entry to apply (file-name profile,
   * document profile); empty for entries that always apply.
   */
  profiles: string[];
}

export interface SpringDocument {
  type: 'document';
  index: number;
  span: Span;
  /** The document's activation (`spring.config.activate.on-profile` or legacy `spring.profiles`). */
  profile?: { expression: string; key: string; span: Span };
  entries: SpringEntry[];
}

export interface SpringConfig {
  type: 'spring';
  file: string;
  format: 'properties' | 'yaml';
  /** Profile named by the file name (`application-dev.properties` → `dev`). */
  fileProfile?: string;
  /** Under `src/test/`: configuration of tests, never deployed. */
  test: boolean;
  documents: SpringDocument[];
  span: Span;
}

declare module '../../core/rule.js' {
  interface KindRoots {
    spring: SpringConfig;
  }
  interface KindNodes {
    spring: { config: SpringConfig; springDocument: SpringDocument; entry: SpringEntry };
  }
}

const ACTIVATE = new Set(['spring.config.activate.onprofile', 'spring.profiles']);

/** Gives each flat entry its Spring name and the profiles its document needs. */
function buildDocuments(flat: { index: number; span: Span; entries: FlatEntry[] }[], fileProfile: string | undefined): SpringDocument[] {
  return flat.map((fd) => {
    const doc: SpringDocument = { type: 'document', index: fd.index, span: fd.span, entries: [] };
    const activation = fd.entries.filter((e) => {
      const n = canonicalKey(e.key).replace(/\.?\[\d+\]$/, '');
      return ACTIVATE.has(n);
    });
    if (activation.length) {
      const expression = activation.map((e) => e.value.trim()).filter(Boolean).join(',');
      const first = activation[0]!;
      const last = activation[activation.length - 1]!;
      if (expression) doc.profile = { expression, key: first.key.replace(/\[\d+\]$/, ''), span: { start: first.span.start, end: last.span.end } };
    }
    const profiles = [...(fileProfile ? [fileProfile] : []), ...(doc.profile ? [doc.profile.expression] : [])];
    doc.entries = fd.entries.map((e) => ({ type: 'entry', key: e.key, name: canonicalKey(e.key), value: e.value, keySpan: e.keySpan, valueSpan: e.valueSpan, span: e.span, document: e.document, profiles }));
    return doc;
  });
}

export function parseSpring(file: SourceFile, env?: Pick<ParseEnv, 'settings'>): ParseOutput<SpringConfig> {
  const text = file.text;
  const yaml = /\.ya?ml$/i.test(file.path);
  const fileProfile = profileFromFileName(file.path);
  const test = /(^|\/)src\/test\//.test(file.path.replace(/\\/g, '/'));
  let comments: Comment[];
  let diagnostics: ParseOutput<SpringConfig>['diagnostics'];
  let flat: { index: number; span: Span; entries: FlatEntry[] }[];
  if (yaml) {
    const out = parseSpringYaml(text, env?.settings.limits?.maxDepth);
    comments = out.comments;
    diagnostics = out.diagnostics;
    flat = out.documents;
  } else {
    const out = parseProperties(text);
    comments = out.comments;
    diagnostics = out.diagnostics;
    const bounds = [0, ...out.separators.map((s) => s.end), text.length];
    flat = bounds.slice(0, -1).map((start, index) => ({
      index,
      span: { start, end: out.separators[index]?.start ?? text.length },
      entries: out.properties.filter((p) => p.document === index),
    }));
  }
  const root: SpringConfig = {
    type: 'spring',
    file: file.path,
    format: yaml ? 'yaml' : 'properties',
    ...(fileProfile ? { fileProfile } : {}),
    test,
    documents: buildDocuments(flat, fileProfile),
    span: { start: 0, end: text.length },
  };
  // The engine keeps the tree for the whole run after it let the text go: a slice of the text (a
  // key, a value) would keep all of it alive.
  detachStrings(root);
  detachStrings(comments);
  return { root, comments, diagnostics };
}

const parser: ParserModule<'spring'> = {
  kind: 'spring',
  comment: '#',
  parse: parseSpring,
  traverse(root, enter, leave) {
    enter('config', root);
    for (const doc of root.documents) {
      enter('springDocument', doc);
      for (const e of doc.entries) {
        enter('entry', e);
        leave('entry', e);
      }
      leave('springDocument', doc);
    }
    leave('config', root);
  },
};

export default parser;

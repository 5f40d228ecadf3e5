/**
 * `composeReusing` (the language server's per-document reuse) gives exactly what `compose` gives
 * for the same text, for the first parse and after edits that keep, move or change documents.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compose, composeReusing, type ComposeStore } from '../../../src/parsers/yaml/compose.js';
import { corpusSets, walkFiles } from '../../corpus.js';

const LIMITS = { maxDepth: 100, maxAliasCount: 100 };

/** Parses `versions` one after another with one store; each must equal a fresh `compose`. */
function same(versions: string[]): ComposeStore {
  const store: ComposeStore = new Map();
  for (const v of versions) expect(composeReusing(v, LIMITS, store), JSON.stringify(v.slice(0, 80))).toEqual(compose(v, LIMITS));
  return store;
}

const A = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n';
const B = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b # the app\nspec:\n  replicas: 1\n';

describe('composeReusing', () => {
  it('equals compose for documents kept, moved, changed, added and removed', () => {
    same([`${A}---\n${B}`, `${A}---\n${B}# edit 1\n`, `# head\n${A}---\n${B}# edit 1\n`, `${A}  type: ClusterIP\n---\n${B}`, `${A}---\n${B}---\n${A}`, `${A}---\n${A}`, A]);
  });

  it('keeps only the documents of the last text', () => {
    const store = same([`${A}---\n${B}`, `${A}---\n${B}# x\n`]);
    expect([...store.keys()]).toEqual([A, `---\n${B}# x\n`]);
  });

  it('equals compose around comment-only parts, empty documents, anchors, merge keys, errors and tabs', () => {
    same([
      `# only a comment\n---\n${A}---\n# c\n---\n${B}`,
      `---\n---\n${A}---\n`,
      `base: &b {x: 1}\n---\nm:\n  <<: *b\n  y: 2\nn: *b\n---\nm:\n  <<: *b\n`,
      `${A}---\nkey: [unclosed\n---\n${B}`,
      `${A}---\na: 1\na: 2\n---\nq: 'open\n  x: y\n'\n`,
      `${A}---\nkey:\tvalue\n---\n${B}`,
      `${A}---\nlist: |\n  ---\n  text\n---\n${B}`,
    ]);
  });

  it('composes whole files with directives or document end markers, as compose does', () => {
    const store = same([`%YAML 1.1\n---\n${A}---\n${B}`, `${A}...\n---\n${B}`]);
    expect(store.size).toBe(0);
  });
});

for (const set of corpusSets('k8s')) {
  describe.skipIf(!set.present)(`composeReusing on the Kubernetes YAML of the ${set.title}`, () => {
    it('equals compose on every multi-document file, then after an edit of its first and of its last document', () => {
      const files = walkFiles(set.dir).filter((p) => /\.ya?ml$/.test(p));
      let multi = 0;
      for (const p of files) {
        const text = readFileSync(p, 'utf8');
        if (!/^---/m.test(text.slice(1))) continue;
        multi++;
        const nl = text.indexOf('\n');
        same([text, `${text}\n# edit\n`, `${text.slice(0, nl + 1)}# inserted\n${text.slice(nl + 1)}\n# edit\n`]);
      }
      expect(multi).toBeGreaterThan(set.large ? 50 : 0);
    });
  });
}

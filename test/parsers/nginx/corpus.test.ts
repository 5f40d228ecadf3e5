/**
 * Every nginx file of the real-world sets (test/corpus.ts) parses without throwing, and without a parse-error unless
 * nginx itself rejects the file. The rules run over the corpus without crashing; the per-rule
 * counts are printed for review.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryHost } from '../../../src/core/memory-host.js';
import { LineIndex } from '../../../src/core/text.js';
import { parseNginx } from '../../../src/parsers/nginx/parse.js';
import { corpusSets, walkFiles } from '../../corpus.js';
import { lintFolder } from './corpus-helpers.js';

/**
 * Files nginx rejects too: truncated test data of ingress-nginx whose `http` block is never closed.
 * `nginx -t` (with the lua directives commented out) stops with "unexpected end of file, expecting
 * "}"" on these same lines.
 */
const BROKEN: Record<string, number> = {
  'kubernetes__ingress-nginx/test/data/cleanConf.expected.conf': 136,
  'kubernetes__ingress-nginx/test/data/cleanConf.src.conf': 183,
};

for (const { title, dir: CORPUS, present, large } of corpusSets('nginx')) {
  describe.skipIf(!present)(`nginx files of the ${title}`, () => {
    it('parses every file (also mime.types, fastcgi_params, charset maps) without a parse-error', () => {
      const files = walkFiles(CORPUS);
      expect(files.length).toBeGreaterThan(large ? 50 : 10);
      for (const abs of files) {
        const path = relative(CORPUS, abs).split('\\').join('/');
        const text = readFileSync(abs, 'utf8');
        const r = parseNginx(text, path, new MemoryHost({}), {});
        const lines = new LineIndex(text);
        const errors = r.diagnostics.filter((d) => d.code === 'parse-error').map((d) => lines.position(d.span.start).line);
        expect(errors, path).toEqual(BROKEN[path] === undefined ? [] : [BROKEN[path]]);
      }
    });

    it('runs every nginx rule over the corpus without an internal error', async () => {
      const { files, messages } = await lintFolder(CORPUS);
      expect(files.length).toBeGreaterThan(large ? 40 : 10);
      expect(messages.filter((m) => m.ruleId === 'internal-error').map((m) => `${m.filePath}: ${m.message}`)).toEqual([]);
      const parseErrors = messages.filter((m) => m.ruleId === 'parse-error').map((m) => `${m.filePath}:${m.line}`);
      expect(parseErrors.sort()).toEqual(
        Object.entries(BROKEN)
          .filter(([p]) => existsSync(join(CORPUS, p)))
          .map(([p, l]) => `${p}:${l}`)
          .sort(),
      );
      expect(parseErrors.length).toBeGreaterThan(0);
      const counts: Record<string, number> = {};
      for (const m of messages) counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
      console.log(`nginx corpus: ${files.length} files`, counts);
      if (process.env.LINT500_CORPUS_DETAILS) for (const m of messages) console.log(`${m.ruleId} ${join(m.filePath)}:${m.line}:${m.column} ${m.message}`);
    });
  });
}

import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDockerfile } from '../../../src/parsers/dockerfile/detect.js';
import parser from '../../../src/parsers/dockerfile/index.js';
import { emptyHost } from '../../../src/core/engine.js';
import { corpusSets, walkFiles } from '../../corpus.js';

/** Files `docker build` itself rejects; the parse error is the right answer for them. */
const REJECTED_BY_DOCKER: Record<string, string> = {
  // `FROM "image"  # comment`: comments only start lines, so FROM gets three words and BuildKit
  // fails with "FROM requires either one or three arguments".
  'openresty__docker-openresty/archive/Dockerfile.expat_example.centos': 'Unexpected "#" after the FROM image',
};

for (const set of corpusSets('docker')) {
  describe.skipIf(!set.present)(`Dockerfiles of the ${set.title}`, () => {
    const dir = set.dir;
    const files = walkFiles(dir).filter((p) => detectDockerfile(p, basename(p)));
    it('has the files', () => {
      expect(files.length).toBeGreaterThan(set.large ? 500 : 5);
    });
    it('parses every file without throwing and without a parse error', () => {
      const problems: string[] = [];
      let windows = 0;
      let rejected = 0;
      for (const p of files) {
        const rel = relative(dir, p);
        const text = readFileSync(p, 'utf8');
        const out = parser.parse({ path: rel, text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set([rel]) });
        if (out.root.escape === '`') windows++;
        const errors = out.diagnostics.map((d) => d.message);
        const expected = REJECTED_BY_DOCKER[rel];
        if (expected) {
          rejected++;
          if (!errors.some((e) => e.includes(expected))) problems.push(`${rel}: expected a parse error "${expected}", got ${JSON.stringify(errors)}`);
        } else if (errors.length) problems.push(`${rel}: ${errors.join('; ')}`);
        if (!out.root.finalStage) problems.push(`${rel}: no final stage`);
      }
      expect(problems).toEqual([]);
      // Windows images (`# escape=\``) and the file docker rejects are part of both sets.
      expect(windows).toBeGreaterThan(0);
      expect(rejected).toBe(1);
    });
  });
}

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDockerfile } from '../../../src/parsers/dockerfile/detect.js';
import parser from '../../../src/parsers/dockerfile/index.js';
import { emptyHost } from '../../../src/core/engine.js';

const dir = join(import.meta.dirname, '../../../../shared/corpus/docker');
/** Files `docker build` itself rejects; the parse error is the right answer for them. */
const REJECTED_BY_DOCKER: Record<string, string> = {
  // `FROM "image"  # comment`: comments only start lines, so FROM gets three words and BuildKit
  // fails with "FROM requires either one or three arguments".
  'openresty__docker-openresty/archive/Dockerfile.expat_example.centos': 'Unexpected "#" after the FROM image',
};

function walk(d: string, out: string[] = []): string[] {
  for (const f of readdirSync(d).sort()) {
    const p = join(d, f);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (detectDockerfile(p, f)) out.push(p);
  }
  return out;
}

describe('Dockerfile corpus', () => {
  const files = existsSync(dir) ? walk(dir) : [];
  it('has the corpus files', () => {
    expect(files.length).toBeGreaterThan(500);
  });
  it('parses every file without throwing and without a parse error', () => {
    const problems: string[] = [];
    let windows = 0;
    for (const p of files) {
      const rel = relative(dir, p);
      const text = readFileSync(p, 'utf8');
      const out = parser.parse({ path: rel, text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set([rel]) });
      if (out.root.escape === '`') windows++;
      const errors = out.diagnostics.map((d) => d.message);
      const expected = REJECTED_BY_DOCKER[rel];
      if (expected) {
        if (!errors.some((e) => e.includes(expected))) problems.push(`${rel}: expected a parse error "${expected}", got ${JSON.stringify(errors)}`);
      } else if (errors.length) problems.push(`${rel}: ${errors.join('; ')}`);
      if (!out.root.finalStage) problems.push(`${rel}: no final stage`);
    }
    expect(problems).toEqual([]);
    // Windows images (`# escape=\``) are part of the corpus and parse too.
    expect(windows).toBeGreaterThan(0);
  });
});

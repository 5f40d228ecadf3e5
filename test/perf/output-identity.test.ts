/**
 * Performance work must not change what lint500 reports. These tests lint a fixed set of files with
 * every rule on and compare the JSON output, byte for byte, with files committed before the
 * optimisations: the repository's fixtures in full, and (when `../shared/corpus` is present) every
 * corpus Dockerfile as one hash per file, so a change names the file it touched.
 *
 * A deliberate change of a rule's output is recorded with `npx vitest run test/perf/output-identity.test.ts -u`;
 * read the diff of `test/perf/expected/` before committing it.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFormatter } from '../../src/formatters/index.js';
import { run } from '../../src/project/run.js';
import type { RuleMeta } from '../../src/core/rule.js';
import { HAS_SHARED_CORPUS, ROOT, SHARED_CORPUS } from '../corpus.js';

const CORPUS_DOCKER = join(SHARED_CORPUS, 'docker');
const EXPECTED = join(import.meta.dirname, 'expected');

const dir = mkdtempSync(join(tmpdir(), 'lint500-identity-'));
const CONFIG = join(dir, 'all.lint500.json');
writeFileSync(CONFIG, JSON.stringify({ extends: 'all' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The JSON output of one run over `paths` (relative to `cwd`), with paths made relative to `cwd`. */
async function jsonOf(cwd: string, paths: string[]): Promise<{ filePath: string }[]> {
  const outcome = await run({ cwd, paths, configFile: CONFIG, threads: 1 });
  const rules = new Map<string, RuleMeta>([...outcome.rules].map(([id, r]) => [id, r.meta]));
  const text = getFormatter('json')!(outcome.results, { cwd, rules, version: '0.0.0', color: false });
  const results = JSON.parse(text.split(cwd + sep).join('')) as { filePath: string }[];
  return results.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
}

function dockerfilesUnder(d: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) out.push(...dockerfilesUnder(p));
    else if (name.startsWith('Dockerfile')) out.push(p);
  }
  return out;
}

describe('output identity', () => {
  it('reports exactly the committed findings on the fixtures (every rule on)', async () => {
    const results = await jsonOf(ROOT, ['fixtures/real-world', 'fixtures/projects/demo-shop', 'fixtures/projects/microservice', 'fixtures/files']);
    expect(results.length).toBeGreaterThan(100);
    await expect(JSON.stringify(results, null, 1) + '\n').toMatchFileSnapshot(join(EXPECTED, 'identity-fixtures.json'));
  });

  const corpusTitle = HAS_SHARED_CORPUS
    ? 'reports exactly the committed findings on the corpus Dockerfiles (one hash per file)'
    : 'corpus Dockerfiles (../shared/corpus is absent: skipped; set LINT500_CORPUS to run it)';
  it.skipIf(!existsSync(CORPUS_DOCKER))(corpusTitle, async () => {
    const files = dockerfilesUnder(CORPUS_DOCKER).map((f) => relative(CORPUS_DOCKER, f));
    const results = await jsonOf(CORPUS_DOCKER, files);
    expect(results.length).toBe(files.length);
    expect(results.length).toBeGreaterThan(500);
    const hashes = Object.fromEntries(results.map((r) => [r.filePath, createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16)]));
    await expect(JSON.stringify(hashes, null, 1) + '\n').toMatchFileSnapshot(join(EXPECTED, 'identity-corpus-docker.json'));
  });
});

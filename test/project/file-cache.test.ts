import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceFile } from '../../src/core/rule.js';
import { FileCache, sha1Digest, type FileMeta } from '../../src/project/cache.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const meta = (path: string): FileMeta => [path.length, 1_700_000_000_000, 'nginx', sha1Digest(path)];
const file = (path: string): SourceFile => ({ path, kind: 'nginx', text: path, hash: meta(path)[3] });
const hashOf = (f: SourceFile) => f.hash!;

/** One run over `paths`: the ones in `unchanged` are answered by the last run's records; every file is recorded. */
function runOver(at: string, paths: string[], unchanged = paths, recorded = paths): { key: string; saved: unknown } {
  const cache = new FileCache(at);
  const kept = new Map<string, FileMeta>();
  for (const p of unchanged) {
    const m = cache.unchanged(p, meta(p)[0], meta(p)[1]);
    if (m) kept.set(p, m);
  }
  const key = cache.runKey(paths.map(file), kept, hashOf);
  for (const p of recorded) cache.record(p, meta(p));
  cache.save();
  return { key, saved: (JSON.parse(readFileSync(at, 'utf8')) as { run?: unknown }).run };
}

describe('FileCache run key (the fingerprint of a run\'s files)', () => {
  it('is the last run\'s only for the very same unchanged files in the same order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-runkey-'));
    dirs.push(dir);
    const at = join(dir, 'cache.json');
    const first = runOver(at, ['a.conf', 'b.conf']);
    expect(first.key).toBe(sha1Digest('a.conf\u0000nginx\u0000' + sha1Digest('a.conf') + '\u0001b.conf\u0000nginx\u0000' + sha1Digest('b.conf')));
    expect(first.saved).toBe(first.key);
    // Nothing changed: the same key, and nothing to write.
    expect(runOver(at, ['a.conf', 'b.conf']).key).toBe(first.key);
    // A new file, a file gone, another order, a file not answered by its record: another key.
    const added = runOver(at, ['a.conf', 'b.conf', 'c.conf']);
    expect(added.key).not.toBe(first.key);
    expect(runOver(at, ['a.conf', 'b.conf']).key).toBe(first.key);
    expect(runOver(at, ['a.conf']).key).not.toBe(first.key);
    runOver(at, ['a.conf', 'b.conf']);
    expect(runOver(at, ['b.conf', 'a.conf']).key).not.toBe(first.key);
    runOver(at, ['a.conf', 'b.conf']);
    expect(runOver(at, ['a.conf', 'b.conf'], ['a.conf']).key).toBe(first.key);
  });

  it('is not kept when a file of the run has no record (a text from stdin or a staged blob)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-runkey-'));
    dirs.push(dir);
    const at = join(dir, 'cache.json');
    const mixed = runOver(at, ['a.conf', 'x.conf', 'b.conf'], ['a.conf', 'b.conf'], ['a.conf', 'b.conf']);
    expect(mixed.saved).toBeUndefined();
    // The next run over the recorded files alone does not take the mixed run's key for its own.
    const next = runOver(at, ['a.conf', 'b.conf']);
    expect(next.key).not.toBe(mixed.key);
    expect(next.saved).toBe(next.key);
  });
});

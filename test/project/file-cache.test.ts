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

describe('FileCache entries', () => {
  const unit = (n: number) => ({ raw: [], comments: [], suppressions: [], includes: [], texts: {}, runKey: `run-${n}` });
  const keyOf = (config: string, path: string, hash = meta(path)[3], kind = 'nginx') => `${config}\u0000${kind}\u0000${hash}\u0000${path}`;

  it('an entry of a recorded file is found by its whole key only; other keys and a second entry of one file are kept whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-entries-'));
    dirs.push(dir);
    const at = join(dir, 'cache.json');
    const first = new FileCache(at);
    first.record('a.conf', meta('a.conf'));
    first.record('b.conf', meta('b.conf'));
    first.set(keyOf('cfg1', 'a.conf'), unit(1));
    first.set(keyOf('cfg2', 'a.conf'), unit(2));
    first.set(keyOf('cfg1', 'b.conf'), unit(3));
    first.set('project-key', [] as never);
    // A key whose digest is not the file record's: kept under its whole key.
    first.set(keyOf('cfg1', 'b.conf', 'another-digest'), unit(4));
    first.save();
    // On disk, the entries of recorded files name their file record's place, the others their key.
    const disk = JSON.parse(readFileSync(at, 'utf8')) as { strings: string[]; entries: unknown[] };
    const places = disk.entries.filter((_, i) => i % 3 === 1);
    expect(places).toEqual([0, 0, 1, -1, -1]);
    expect(disk.strings[disk.entries[9] as number]).toBe('project-key');

    const again = new FileCache(at);
    expect(again.get(keyOf('cfg1', 'a.conf'))).toMatchObject({ runKey: 'run-1' });
    expect(again.get(keyOf('cfg2', 'a.conf'))).toMatchObject({ runKey: 'run-2' });
    expect(again.get(keyOf('cfg1', 'b.conf'))).toMatchObject({ runKey: 'run-3' });
    expect(again.get(keyOf('cfg1', 'b.conf', 'another-digest'))).toMatchObject({ runKey: 'run-4' });
    expect(again.get('project-key')).toEqual([]);
    // Any part that differs misses: the config, the kind, the digest, the path; so does a key cut short or run long.
    for (const k of [keyOf('cfg3', 'a.conf'), keyOf('cfg1', 'a.conf', meta('a.conf')[3], 'docker'), keyOf('cfg1', 'a.conf', 'x'), keyOf('cfg1', 'c.conf'), keyOf('cfg', 'a.conf'), `x${keyOf('cfg1', 'a.conf')}`, keyOf('cfg1', 'a.conf').replace('\u0000nginx', 'nginx'), 'a.conf'])
      expect(again.get(k)).toBeUndefined();
    expect([again.hits, again.misses]).toEqual([5, 8]);
  });
});

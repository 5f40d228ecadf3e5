import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileCache } from '../../src/project/cache.js';
import { discover, type Listings } from '../../src/project/discover.js';
import { project as tree } from '../cli/helpers.js';

/** Past the file system's timestamp tick, so that a change gives the folder new times. */
const tick = () => new Promise((r) => setTimeout(r, 50));

/** A run's cache as `--cache` makes it: loaded from `file`, used by one walk, saved. */
function cachedWalk(dir: string, file: string): { paths: string[]; reused: string[] } {
  const cache = new FileCache(file, (m) => {
    throw new Error(m);
  });
  const reused: string[] = [];
  const listings: Listings = {
    listing: (d, stamp) => {
      const v = cache.listing(d, stamp);
      if (v !== undefined) reused.push(d);
      return v;
    },
    recordListing: (d, stamp, listing, changeMs) => cache.recordListing(d, stamp, listing, changeMs),
  };
  const paths = discover({ cwd: dir, paths: ['.'], listings }).files.map((f) => f.path);
  cache.save();
  return { paths, reused };
}

/** Outside the tree: writing it changes its folder. */
const cacheFile = () => join(tree({}), '.cache');

const plain = (dir: string) => discover({ cwd: dir, paths: ['.'] }).files.map((f) => f.path);

describe('folder listings kept by the cache', () => {
  afterEach(() => vi.restoreAllMocks());

  /** A tree whose folders were last changed long before (as far as the cache can tell). */
  const settled = () => vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 60_000);

  it('an unchanged folder is not listed again, and the walk finds the same files', () => {
    const dir = tree({ 'a/Dockerfile': 'FROM x\n', 'a/b/nginx.conf': 'events {}\n', 'c/deploy.yaml': 'kind: Pod\n' });
    const file = cacheFile();
    settled();
    const first = cachedWalk(dir, file);
    expect(first.reused).toEqual([]);
    expect(first.paths).toEqual(plain(dir));
    const second = cachedWalk(dir, file);
    expect(second.reused.sort()).toEqual(['.', 'a', 'a/b', 'c']);
    expect(second.paths).toEqual(first.paths);
  });

  it('a folder gaining, losing or renaming a file is listed again', async () => {
    const dir = tree({ 'a/Dockerfile': 'FROM x\n', 'a/old.conf': 'events {}\n', 'c/deploy.yaml': 'kind: Pod\n' });
    const file = cacheFile();
    settled();
    cachedWalk(dir, file);
    await tick();
    writeFileSync(join(dir, 'c/service.yaml'), 'kind: Service\n');
    rmSync(join(dir, 'a/Dockerfile'));
    renameSync(join(dir, 'a/old.conf'), join(dir, 'a/nginx.conf'));
    const after = cachedWalk(dir, file);
    expect(after.paths).toEqual(['a/nginx.conf', 'c/deploy.yaml', 'c/service.yaml']);
    expect(after.paths).toEqual(plain(dir));
    expect(after.reused).toEqual(['.']);
  });

  it('a new folder, and a file replaced by a folder of the same name', async () => {
    const dir = tree({ 'a/Dockerfile': 'FROM x\n', 'a/conf': 'not linted\n' });
    const file = cacheFile();
    settled();
    cachedWalk(dir, file);
    await tick();
    rmSync(join(dir, 'a/conf'));
    mkdirSync(join(dir, 'a/conf'));
    writeFileSync(join(dir, 'a/conf/nginx.conf'), 'events {}\n');
    mkdirSync(join(dir, 'd'));
    writeFileSync(join(dir, 'd/Dockerfile'), 'FROM y\n');
    const after = cachedWalk(dir, file);
    expect(after.paths).toEqual(['a/Dockerfile', 'a/conf/nginx.conf', 'd/Dockerfile']);
    expect(after.paths).toEqual(plain(dir));
  });

  it('a changed .gitignore applies although its folder is unchanged', async () => {
    const dir = tree({ '.gitignore': 'skip/\n', 'skip/Dockerfile': 'FROM x\n', 'keep/Dockerfile': 'FROM x\n' });
    const file = cacheFile();
    settled();
    expect(cachedWalk(dir, file).paths).toEqual(['keep/Dockerfile']);
    await tick();
    writeFileSync(join(dir, '.gitignore'), 'keep/\n');
    const after = cachedWalk(dir, file);
    expect(after.reused).toContain('.');
    expect(after.paths).toEqual(['skip/Dockerfile']);
  });

  it('a folder changed within the last two seconds is not kept: a change in the same tick would go unseen', () => {
    const dir = tree({ 'a/Dockerfile': 'FROM x\n' });
    const file = cacheFile();
    cachedWalk(dir, file);
    expect(cachedWalk(dir, file).reused).toEqual([]);
  });

  it('an odd record of folders makes the cache unusable, with one warning', () => {
    const file = join(tree({}), '.cache');
    writeFileSync(file, JSON.stringify({ format: 2, strings: [], entries: {}, files: {}, dirs: { a: 7 } }));
    const warnings: string[] = [];
    const cache = new FileCache(file, (m) => warnings.push(m));
    expect(warnings).toEqual(['the cache file has entries of the wrong shape: the cache is not used']);
    expect(cache.listing('a', '7')).toBeUndefined();
  });

  it('a stamp other than the recorded one finds nothing', () => {
    const file = cacheFile();
    const cache = new FileCache(file);
    settled();
    cache.recordListing('a', '1:2', 'fDockerfile/dsub', 0);
    cache.save();
    const again = new FileCache(file);
    expect(again.listing('a', '1:3')).toBeUndefined();
    expect(again.listing('a', '1:2')).toBe('fDockerfile/dsub');
    expect(again.listing('a', '1')).toBeUndefined();
  });
});

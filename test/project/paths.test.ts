import { describe, expect, it } from 'vitest';
import { FolderSet, isInsideDir } from '../../src/project/paths.js';

describe('FolderSet', () => {
  const roots = ['/repo/a', '/repo/b/c', '/srv'];
  const set = new FolderSet(roots);
  const cases: [string, boolean][] = [
    ['/repo/a', true],
    ['/repo/a/x/y/Dockerfile', true],
    ['/repo/b/c/d', true],
    ['/srv/x', true],
    // A sibling that shares a prefix, the parent, another root's parent, unrelated paths.
    ['/repo/ab/Dockerfile', false],
    ['/repo/abc', false],
    ['/repo', false],
    ['/repo/b', false],
    ['/repo/b/cd', false],
    ['/etc/shadow', false],
    ['/', false],
  ];

  it.each(cases)('%s: %s, as isInsideDir of any root says', (abs, inside) => {
    expect(set.contains(abs)).toBe(inside);
    expect(roots.some((r) => isInsideDir(r, abs))).toBe(inside);
  });

  it('the file system root holds every path; an empty set none', () => {
    expect(new FolderSet(['/']).contains('/etc/shadow')).toBe(true);
    expect(new FolderSet().contains('/repo/a')).toBe(false);
  });

  it('takes folders added later', () => {
    const s = new FolderSet();
    s.add('/work/tree');
    expect(s.contains('/work/tree/k8s/app.yaml')).toBe(true);
    expect(s.contains('/work/treehouse')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { classifyByName } from '../../src/project/classify.js';
import { join, resolve } from 'node:path';
import { discover, findRepoRoot } from '../../src/project/discover.js';
import { project as tree } from '../cli/helpers.js';

describe('Dockerfile names', () => {
  it('reads Dockerfile-*, Dockerfile.*, *.dockerfile and Containerfile as Dockerfiles', () => {
    for (const p of ['Dockerfile', 'Dockerfile-dev', 'docker/Dockerfile-alpine', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile', 'Containerfile.fedora']) {
      expect(classifyByName(p), p).toBe('dockerfile');
    }
  });
  it('not the files next to them: .dockerignore, docs, templates', () => {
    for (const p of ['Dockerfile.dockerignore', 'Dockerfile-notes.md', 'Dockerfile.template', 'Dockerfile.j2', 'Dockerfile-build.sh', 'Dockerfiles.txt']) {
      expect(classifyByName(p), p).not.toBe('dockerfile');
    }
  });
});

describe('walks', () => {
  it('find Dockerfiles under build/, and nothing else there', () => {
    const dir = tree({
      'build/docker/Dockerfile': 'FROM alpine:3.20\n',
      'build/package/Dockerfile-worker': 'FROM alpine:3.20\n',
      'build/out/package.json': '{}',
      'build/node_modules/x/Dockerfile': 'FROM alpine:3.20\n',
      'dist/Dockerfile': 'FROM alpine:3.20\n',
      'app/Dockerfile-api': 'FROM alpine:3.20\n',
    });
    const found = discover({ cwd: dir, paths: ['.'] }).files.map((f) => `${f.path} ${f.kind}`).sort();
    expect(found).toEqual(['app/Dockerfile-api dockerfile', 'build/docker/Dockerfile dockerfile', 'build/package/Dockerfile-worker dockerfile']);
  });
  it('a build/ folder that .gitignore lists stays out', () => {
    const dir = tree({ '.gitignore': 'build/\n', 'build/docker/Dockerfile': 'FROM alpine:3.20\n', Dockerfile: 'FROM alpine:3.20\n' });
    expect(discover({ cwd: dir, paths: ['.'] }).files.map((f) => f.path)).toEqual(['Dockerfile']);
  });
});

describe('repository root', () => {
  it('is the same with a memo shared by many folders, and the memo holds every folder passed', () => {
    const dir = resolve(tree({ 'repo/.git/HEAD': 'ref: refs/heads/main\n', 'repo/a/b/Dockerfile': 'FROM alpine:3.20\n', 'repo/a/c/Dockerfile': 'FROM alpine:3.20\n', 'loose/Dockerfile': 'FROM alpine:3.20\n' }));
    const memo = new Map<string, string | undefined>();
    expect(findRepoRoot(join(dir, 'repo/a/b'), memo)).toBe(join(dir, 'repo'));
    expect(memo.get(join(dir, 'repo/a'))).toBe(join(dir, 'repo'));
    expect(findRepoRoot(join(dir, 'repo/a/c'), memo)).toBe(join(dir, 'repo'));
    expect(findRepoRoot(join(dir, 'loose'), memo)).toBe(findRepoRoot(join(dir, 'loose')));
    expect(memo.get(join(dir, 'loose'))).toBe(findRepoRoot(join(dir, 'loose')));
  });
});

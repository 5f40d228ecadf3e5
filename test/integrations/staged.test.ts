/**
 * `lint500 --staged` (husky, lint-staged, plain git hooks): what is linted is the index, not the
 * working tree, so a fix that is not staged does not hide a bad commit and an unstaged mess does not
 * block a clean one.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git, gitRepo, lint500, write } from './helpers.js';
import { ensureBuilt } from '../lsp/client.js';

const BAD = 'FROM node:20-slim AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=builder /app /app\nUSER node\nCMD ["node", "/app/server.js"]\n';
const GOOD = BAD.replace('--from=builder', '--from=build');

const dirs: string[] = [];
beforeAll(() => ensureBuilt());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function repo(): string {
  const dir = gitRepo('staged', { 'README.md': 'shop\n' });
  dirs.push(dir);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'init');
  return dir;
}

describe('lint500 --staged', () => {
  it('lints the staged content even when the working tree is fixed', () => {
    const dir = repo();
    write(dir, { 'docker/Dockerfile': BAD });
    git(dir, 'add', 'docker/Dockerfile');
    write(dir, { 'docker/Dockerfile': GOOD });
    const r = lint500(dir, '--staged', '--format', 'json');
    expect(r.status).toBe(1);
    const results = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; endColumn: number }[] }[];
    expect(results.flatMap((f) => f.messages.map((m) => [f.filePath.endsWith('docker/Dockerfile'), m.ruleId, m.line, m.column, m.endColumn]))).toEqual([[true, 'dockerfile/copy-from-unknown-stage', 4, 13, 20]]);
    // The working tree was not touched.
    expect(lint500(dir, 'docker/Dockerfile').status).toBe(0);
  });

  it('passes a clean index while the working tree is broken, and ignores unstaged files', () => {
    const dir = repo();
    write(dir, { 'docker/Dockerfile': GOOD });
    git(dir, 'add', 'docker/Dockerfile');
    write(dir, { 'docker/Dockerfile': BAD, 'other/Dockerfile': BAD });
    const r = lint500(dir, '--staged');
    expect(r.stdout).not.toContain('copy-from-unknown-stage');
    expect(r.status).toBe(0);
  });

  it('lints staged files from a subfolder of the repository', () => {
    const dir = repo();
    write(dir, { 'docker/Dockerfile': BAD });
    git(dir, 'add', 'docker/Dockerfile');
    const r = lint500(`${dir}/docker`, '--staged');
    expect(r.stdout).toContain('dockerfile/copy-from-unknown-stage');
    expect(r.status).toBe(1);
  });
});

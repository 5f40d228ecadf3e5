/**
 * Files that disappear or change into something else between discovery and reading: the runner
 * must report them and lint the rest. Discovery is wrapped so the test can act at exactly that moment.
 */
import { chmodSync, mkdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as Fs from 'node:fs';
import type * as Discover from '../../src/project/discover.js';
import { lintJson, project } from './helpers.js';

const hooks: { afterDiscover?: () => void; eaccesPath?: string } = {};
vi.mock('node:fs', async (importOriginal) => {
  const orig = await importOriginal<typeof Fs>();
  const openSync = (path: Parameters<typeof orig.openSync>[0], ...rest: unknown[]) => {
    if (hooks.eaccesPath && path === hooks.eaccesPath) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' });
    return (orig.openSync as (...a: unknown[]) => number)(path, ...rest);
  };
  return { ...orig, default: { ...orig, openSync }, openSync };
});
vi.mock('../../src/project/discover.js', async (importOriginal) => {
  const orig = await importOriginal<typeof Discover>();
  return {
    ...orig,
    discover: (opts: Parameters<typeof orig.discover>[0]) => {
      const found = orig.discover(opts);
      hooks.afterDiscover?.();
      return found;
    },
  };
});

const DOCKERFILE = 'FROM node:20\nCMD node server.js\n';

describe('files changing between discovery and reading', () => {
  it('a file deleted after discovery is reported as unreadable; the others are linted', async () => {
    const dir = project({ 'a/Dockerfile': DOCKERFILE, 'b/Dockerfile': DOCKERFILE });
    hooks.afterDiscover = () => unlinkSync(join(dir, 'a/Dockerfile'));
    const r = await lintJson(dir);
    hooks.afterDiscover = undefined;
    expect(r.files.get('a/Dockerfile')!.map((m) => [m.ruleId, m.message])).toEqual([['file-skipped', 'File could not be read (ENOENT); it was not linted.']]);
    expect(r.files.get('b/Dockerfile')!.map((m) => m.ruleId)).toContain('dockerfile/shell-form-cmd');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file replaced by a folder or a FIFO after discovery is not read', { timeout: 20_000 }, async () => {
    const dir = project({ 'a/Dockerfile': DOCKERFILE, 'b/Dockerfile': DOCKERFILE, 'c/Dockerfile': DOCKERFILE });
    hooks.afterDiscover = () => {
      unlinkSync(join(dir, 'a/Dockerfile'));
      mkdirSync(join(dir, 'a/Dockerfile'));
      unlinkSync(join(dir, 'c/Dockerfile'));
      execFileSync('mkfifo', [join(dir, 'c/Dockerfile')]);
    };
    const r = await lintJson(dir);
    hooks.afterDiscover = undefined;
    expect(r.files.get('a/Dockerfile')?.map((m) => m.ruleId) ?? []).not.toContain('internal-error');
    expect(r.files.get('c/Dockerfile')?.map((m) => m.message)).toEqual(['Not a regular file; it was not read.']);
    expect(r.files.get('b/Dockerfile')!.map((m) => m.ruleId)).toContain('dockerfile/shell-form-cmd');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file made unreadable after discovery is reported with the reason', async () => {
    const dir = project({ 'a/Dockerfile': DOCKERFILE, 'b/Dockerfile': DOCKERFILE });
    // Root reads a mode-000 file anyway: then the open itself is made to fail as it would for a user.
    const root = process.getuid?.() === 0;
    hooks.afterDiscover = () => (root ? (hooks.eaccesPath = join(dir, 'a/Dockerfile')) : chmodSync(join(dir, 'a/Dockerfile'), 0o000));
    const r = await lintJson(dir);
    hooks.afterDiscover = undefined;
    hooks.eaccesPath = undefined;
    chmodSync(join(dir, 'a/Dockerfile'), 0o644);
    expect(r.files.get('a/Dockerfile')!.map((m) => m.message)).toEqual(['File could not be read (EACCES); it was not linted.']);
    expect(r.files.get('b/Dockerfile')!.map((m) => m.ruleId)).toContain('dockerfile/shell-form-cmd');
    rmSync(dir, { recursive: true, force: true });
  });

  it('a file that grows past the size limit after discovery is skipped as too large', async () => {
    const dir = project({ '.lint500.yaml': 'settings:\n  limits:\n    maxFileSize: 1000\n', 'a/Dockerfile': DOCKERFILE, 'b/Dockerfile': DOCKERFILE });
    hooks.afterDiscover = () => writeFileSync(join(dir, 'a/Dockerfile'), DOCKERFILE + '#'.repeat(2000));
    const r = await lintJson(dir);
    hooks.afterDiscover = undefined;
    expect(r.files.get('a/Dockerfile')!.map((m) => m.ruleId)).toEqual(['file-too-large']);
    rmSync(dir, { recursive: true, force: true });
  });
});

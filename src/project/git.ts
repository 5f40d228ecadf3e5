/** Staged content for pre-commit style runs: the index, not the working tree. */
import { UsageError } from './boundary.js';
import type * as ChildProcess from 'node:child_process';
import { join } from 'node:path';
import { lazy } from '../core/lazy.js';

/** Only `--staged` runs git: other runs do not load the module. */
const childProcess = lazy<typeof ChildProcess>('node:child_process');

export interface StagedFile {
  /** Absolute path. */
  abs: string;
  text: string;
}

export function stagedFiles(cwd: string): { root: string; files: StagedFile[] } {
  const run = (args: string[], opts: { cwd: string }) => childProcess().execFileSync('git', args, { cwd: opts.cwd, encoding: 'buffer', maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'pipe'] });
  let root: string;
  try {
    root = run(['rev-parse', '--show-toplevel'], { cwd }).toString('utf8').trim();
  } catch {
    throw new UsageError(`--staged reads the git index, and ${cwd} is not inside a git repository (or git is not installed)`);
  }
  const names = run(['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter(Boolean);
  const files: StagedFile[] = [];
  for (const name of names) {
    const buf = run(['show', `:${name}`], { cwd: root });
    if (buf.includes(0)) continue;
    files.push({ abs: join(root, name), text: new TextDecoder().decode(buf) });
  }
  return { root, files };
}

import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type * as v8 from 'node:v8';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', async (importOriginal) => ({ ...(await importOriginal<typeof v8>()), setFlagsFromString }));

const { cli, project } = await import('./helpers.js');

/** The tier-up budget and the young generation's growth are set only on the V8 they were measured on (Node 20's V8 11). */
const v8Eleven = process.versions.v8.startsWith('11.');
const budget = v8Eleven ? [['--interrupt-budget=270336']] : [];
const growthOff = v8Eleven ? [['--semi-space-growth-factor=1']] : [];
const growthOn = v8Eleven ? [['--semi-space-growth-factor=2']] : [];

/** Runs `args` with `flags` on node's own command line (process.execArgv). */
async function withNodeFlags(flags: string[], args: string[], dir: string): Promise<void> {
  process.execArgv.push(...flags);
  try {
    await cli(args, dir);
  } finally {
    process.execArgv.splice(process.execArgv.length - flags.length, flags.length);
  }
}

describe('V8 flags of a lint run', () => {
  beforeEach(() => setFlagsFromString.mockClear());

  it('a lint run lets the heap grow by 30% past what survived a full collection, and raises the tier-up budget', async () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nUSER app\n' });
    await cli(['Dockerfile', '-f', 'json'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30'], ...budget, ...growthOff]);
  });

  it('lets the young generation grow again only when the run lints more than 500 files', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 501; i++) files[`svc-${i}/Dockerfile`] = 'FROM alpine:3.20\nUSER app\n';
    const dir = project(files);
    await cli(['.', '-f', 'json', '--threads', '1'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30'], ...budget, ...growthOff, ...growthOn]);
    // 500 files: not more than 500.
    rmSync(join(dir, 'svc-500/Dockerfile'));
    setFlagsFromString.mockClear();
    await cli(['.', '-f', 'json', '--threads', '1'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30'], ...budget, ...growthOff]);
  });

  it('leaves a flag set on node\'s command line alone, and other commands set none', async () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nUSER app\n' });
    await withNodeFlags(['--heap-growing-percent=100'], ['Dockerfile'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([...budget, ...growthOff]);
    setFlagsFromString.mockClear();
    await withNodeFlags(['--interrupt-budget=100000'], ['Dockerfile'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30'], ...growthOff]);
    setFlagsFromString.mockClear();
    await withNodeFlags(['--semi-space-growth-factor=4'], ['Dockerfile'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30'], ...budget]);
    setFlagsFromString.mockClear();
    await withNodeFlags(['--heap-growing-percent=100', '--interrupt-budget=100000', '--semi-space-growth-factor=4'], ['Dockerfile'], dir);
    await cli(['rules', '--format', 'json'], dir);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});

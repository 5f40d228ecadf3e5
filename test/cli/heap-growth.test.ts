import type * as v8 from 'node:v8';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const setFlagsFromString = vi.fn();
vi.mock('node:v8', async (importOriginal) => ({ ...(await importOriginal<typeof v8>()), setFlagsFromString }));

const { cli, project } = await import('./helpers.js');

describe('heap growth of a lint run', () => {
  beforeEach(() => setFlagsFromString.mockClear());

  it('a lint run lets the heap grow by 30% past what survived a full collection', async () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nUSER app\n' });
    await cli(['Dockerfile', '-f', 'json'], dir);
    expect(setFlagsFromString.mock.calls).toEqual([['--heap-growing-percent=30']]);
  });

  it('leaves a growth set on node\'s command line alone, and other commands do not set it', async () => {
    const dir = project({ Dockerfile: 'FROM alpine:3.20\nUSER app\n' });
    process.execArgv.push('--heap-growing-percent=100');
    try {
      await cli(['Dockerfile'], dir);
    } finally {
      process.execArgv.pop();
    }
    await cli(['rules', '--format', 'json'], dir);
    expect(setFlagsFromString).not.toHaveBeenCalled();
  });
});

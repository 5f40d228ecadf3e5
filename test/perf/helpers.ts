import { cpSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const DEMO = resolve(__dirname, '../../fixtures/projects/demo-shop');

/**
 * A repository with `copies` copies of the demo shop (every file kind, includes, cross-file
 * references, tree-sitter parsers), so parallel and cached runs have real work to split.
 */
export function demoCopies(copies: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint500-perf-'));
  mkdirSync(join(dir, '.git'));
  for (let i = 1; i <= copies; i++) cpSync(DEMO, join(dir, `shop-${i}`), { recursive: true });
  return dir;
}

/** Worker threads run the compiled worker (dist/); the test needs a build, as `npm test` does. */
export function hasBuild(): boolean {
  return existsSync(resolve(__dirname, '../../dist/src/project/worker.js'));
}

/** The installed package's root (where package.json, rules/*.md and vendor/ are), from src/, dist/src/ or the CLI bundle in dist/cli/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'lint500') return (root = dir);
      } catch {
        // keep looking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('lint500 package root not found');
    dir = up;
  }
}

let version: string | undefined;

/** The installed package's version (package.json is read once per process). */
export function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** The markdown body of a rule's doc (rules/<id>.md), or undefined. */
export function readRuleDoc(id: string): string | undefined {
  if (!/^[a-z0-9-]+\/[a-z0-9-]+$/.test(id)) return undefined;
  try {
    return readFileSync(join(packageRoot(), 'rules', `${id}.md`), 'utf8');
  } catch {
    return undefined;
  }
}

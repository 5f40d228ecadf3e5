/**
 * The trust boundary of a run, defined once: the real paths of the linted roots (each folder named
 * on the command line, the folder of each file named, `.` when none), and the repository each lies
 * in. It does not depend on the working folder: running from `/` or from a parent folder does not
 * widen it. Every reader of the project layer goes through it (the walk, config and ignore files,
 * nginx includes and package manifests through the host, the cache, --fix): a path whose real path
 * (symbolic links resolved) lies outside is not read, and only regular files are read, with a size
 * limit applied before any byte is (`readTextFile`). A pull request can ship symbolic links; none
 * can make lint500 read `/etc/shadow` or `/dev/zero` and echo it.
 */
import { realpathSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findRepoRoot } from './discover.js';
import { FolderSet, GLOB_START, isGlobPattern } from './paths.js';
import { readTextFile, type ReadOutcome } from './read.js';


/** An error in what the user asked for (exit 2), as opposed to a failure of lint500 itself (exit 3). */
export class UsageError extends Error {}

/** Size limit for config, ignore files and package.json read before the config is known. */
export const CONFIG_MAX_SIZE = 1024 * 1024;

/** The real path of a path, or of its nearest existing ancestor joined with the rest (for paths that do not exist yet). */
export function realOrNearest(abs: string): string {
  try {
    return realpathSync.native(abs);
  } catch {
    const up = dirname(abs);
    if (up === abs) return abs;
    return resolve(realOrNearest(up), abs.slice(up.length + (up.endsWith('/') ? 0 : 1)));
  }
}

export class Boundary {
  readonly roots: string[];
  private readonly folders: FolderSet;

  constructor(roots: Iterable<string>) {
    this.roots = [...new Set(roots)];
    this.folders = new FolderSet(this.roots);
  }

  /** The boundary of a run over `paths` (relative to `cwd`; none: `.`). */
  static of(cwd: string, paths: readonly string[]): Boundary {
    const roots: string[] = [];
    const repos = new Map<string, string | undefined>();
    const added = new Set<string>();
    const add = (abs: string) => {
      let real: string;
      try {
        real = realpathSync.native(abs);
      } catch {
        return;
      }
      let dir = real;
      try {
        if (!statSync(real).isDirectory()) dir = dirname(real);
      } catch {
        dir = dirname(real);
      }
      // Many paths share a folder: its roots are found once.
      if (added.has(dir)) return;
      added.add(dir);
      roots.push(dir);
      const repo = findRepoRoot(dir, repos);
      if (repo) roots.push(realOrNearest(repo));
    };
    for (const p of paths.length ? paths : ['.']) {
      const abs = resolve(cwd, p);
      // A glob: its folder before the first magic character.
      if (isGlobPattern(p)) {
        const fixed = p.slice(0, p.search(GLOB_START));
        add(resolve(cwd, fixed.includes('/') ? fixed.slice(0, fixed.lastIndexOf('/')) || '/' : '.'));
      } else add(abs);
    }
    return new Boundary(roots);
  }

  /** Whether a path's real path lies inside the boundary. */
  contains(abs: string): boolean {
    return this.folders.contains(realOrNearest(abs));
  }

  /** Reads a file inside the boundary: a regular file under `maxSize`; outside: not read at all. */
  read(abs: string, maxSize: number): ReadOutcome | { ok: false; reason: 'outside' } {
    if (!this.contains(abs)) return { ok: false, reason: 'outside' };
    return readTextFile(abs, maxSize);
  }
}

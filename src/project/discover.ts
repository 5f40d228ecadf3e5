/**
 * Discovery: turn CLI paths (files, directories, globs) into the list of files to lint, honouring
 * `.gitignore` (nested, via the `ignore` package), `.lint500ignore`, config `ignorePatterns` and the
 * folders no one wants linted (node_modules, .git, build output). Symlink loops and unreadable
 * folders are reported, never followed forever.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type IgnoreFactory from 'ignore';
import type { Ignore } from 'ignore';
import type * as Tinyglobby from 'tinyglobby';
import { lazy } from '../core/lazy.js';
import type { FileKind } from '../core/rule.js';
import { classifyByName, needsContent } from './classify.js';
import { displayPath, FolderSet, isGlobPattern, isInsideDir, toPosix } from './paths.js';
import { readTextFile } from './read.js';

/** Largest ignore file read (`.gitignore`, `.lint500ignore`); a bigger one (or `/dev/zero` behind a link) is not read. */
const IGNORE_MAX_SIZE = 1024 * 1024;

const ignore = lazy<typeof IgnoreFactory>('ignore');
const tinyglobby = lazy<typeof Tinyglobby>('tinyglobby');

export const DEFAULT_SKIPPED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', 'target', 'coverage', '.next', '.nuxt',
  '.venv', 'venv', '__pycache__', '.tox', '.mypy_cache', '.pytest_cache', '.gradle', '.idea', '.terraform', 'vendor',
]);

/**
 * Skipped folders that still hold Dockerfiles by convention (`build/docker/Dockerfile`,
 * `build/package/Dockerfile` in Go projects): walked for Dockerfiles only, not for build output.
 */
const DOCKERFILE_ONLY_DIRS = new Set(['build']);

export interface Candidate {
  /** Absolute path. */
  abs: string;
  /** Path as shown in results. */
  path: string;
  /** Kind when the name settles it; otherwise undefined and the content decides. */
  kind?: FileKind;
  /** Named on the command line (not found by a directory walk). */
  explicit: boolean;
}

export interface DiscoverProblem {
  path: string;
  message: string;
  /** `error` problems make the run exit 2. */
  level: 'error' | 'warning';
}

export interface DiscoverOptions {
  cwd: string;
  paths: string[];
  ignorePatterns?: string[];
  /** Directory the ignorePatterns are relative to (the config file's). */
  ignoreBase?: string;
  /** Respect .gitignore files (default true). */
  gitignore?: boolean;
  /** The run's trust boundary (real paths, see boundary.ts): symbolic links out of it are not followed. Default: the paths' roots. */
  roots?: string[];
  /** Folder listings of the last run, and where to record this run's (`--cache`). */
  listings?: ListingStore;
}

/**
 * A folder's entries (sorted by name) as a walk saw them, under the folder's stamp then (see
 * `folderStamp`; `-`: not to be trusted by a later run); the listings of the sub-folders the walk
 * went into, by name. `types` has one letter per name: `d` folder, `f` regular file, `l` symbolic
 * link, `o` other.
 */
export interface DirListing {
  stamp: string;
  names: readonly string[];
  types: string;
  /** Absent when the walk went into no sub-folder (a leaf): most folders are, and a map each was megabytes on a large tree. */
  dirs?: Map<string, DirListing>;
}

/** A listing of the last run, read from the cache as the walk reaches it. */
export interface PastListing {
  stamp: string;
  names: readonly string[];
  types: string;
  dir(name: string): PastListing | undefined;
}

/**
 * Which folder a path is and when it last changed: `<status-change time in ms>:<inode>`. The inode
 * tells a folder from another one that took its name (or that a symbolic link now points to).
 */
const folderStamp = (st: { ctimeMs: number; ino: number }) => `${st.ctimeMs}:${st.ino}`;

/**
 * Listings kept between runs (`--cache`): a folder whose stamp is the recorded one is not read
 * again. Adding, removing or renaming an entry changes the folder's modification time, and with it
 * its status-change time, which no program can set back (`utimes` sets the other two).
 */
export interface ListingStore {
  /** The last run's listing of the walk root `abs`. */
  previousListing(abs: string): PastListing | undefined;
  /** This run's listing of the walk root `abs`; `fresh`: whether any folder was read again. */
  recordListing(abs: string, listing: DirListing, fresh: boolean): void;
}

/**
 * A folder modified this close (ms) to the moment it was listed may change again within the same
 * timestamp tick (file systems stamp folders at a coarse clock, some at whole seconds): its listing
 * is kept, but not trusted by the next run, which lists it again.
 */
const RACY_MS = 2000;

const typeLetter = (e: { isDirectory(): boolean; isFile(): boolean; isSymbolicLink(): boolean }) => (e.isDirectory() ? 'd' : e.isFile() ? 'f' : e.isSymbolicLink() ? 'l' : 'o');

export interface DiscoverResult {
  files: Candidate[];
  problems: DiscoverProblem[];
}

/** Finds the repository root (a folder with .git) at or above `dir`, or undefined. */
export function findRepoRoot(dir: string, memo?: Map<string, string | undefined>): string | undefined {
  let d = resolve(dir);
  // With `memo` (one run over many paths), each folder on the way up is looked at once.
  const passed: string[] = [];
  let found: string | undefined;
  for (;;) {
    if (memo?.has(d)) {
      found = memo.get(d);
      break;
    }
    passed.push(d);
    // `d` is absolute and normalised (`resolve`, then `dirname`): joined as a string, not by `join`.
    if (existsSync(d.endsWith(sep) ? `${d}.git` : `${d}${sep}.git`)) {
      found = d;
      break;
    }
    const up = dirname(d);
    if (up === d) break;
    d = up;
  }
  if (memo) for (const p of passed) memo.set(p, found);
  return found;
}

class IgnoreStack {
  private readonly layers: { dir: string; ig: Ignore }[] = [];
  constructor(
    private readonly useGitignore: boolean,
    /** Whether an ignore file may be read (inside the trust boundary). */
    private readonly inside: (abs: string) => boolean,
  ) {}

  /**
   * Loads the ignore files of `dir` (if any) as a new layer; returns whether one was added. `has`:
   * the folder's entry names when already listed, so that absent ignore files cost no failed read.
   */
  enter(dir: string, has?: (name: string) => boolean): boolean {
    let ig: Ignore | undefined;
    let any = false;
    for (const name of this.useGitignore ? ['.gitignore', '.lint500ignore'] : ['.lint500ignore']) {
      if (has && !has(name)) continue;
      // Only a regular file inside the boundary, under the size limit (a link to /dev/zero is not read).
      const abs = join(dir, name);
      if (!this.inside(abs)) continue;
      const r = readTextFile(abs, IGNORE_MAX_SIZE);
      if (!r.ok) continue;
      ig ??= ignore()();
      ig.add(r.text);
      any = true;
    }
    if (any && ig) this.layers.push({ dir, ig });
    return any;
  }
  leave(): void {
    this.layers.pop();
  }
  add(dir: string, patterns: string[]): void {
    if (patterns.length) this.layers.push({ dir, ig: ignore()().add(patterns) });
  }
  ignores(abs: string, isDir: boolean): boolean {
    for (const { dir, ig } of this.layers) {
      if (!isInsideDir(dir, abs) || abs === dir) continue;
      const rel = toPosix(abs.slice(dir.length + 1)) + (isDir ? '/' : '');
      if (ig.ignores(rel)) return true;
    }
    return false;
  }
}

export function discover(opts: DiscoverOptions): DiscoverResult {
  const cwd = resolve(opts.cwd);
  const files = new Map<string, Candidate>();
  const problems: DiscoverProblem[] = [];
  const repo = findRepoRoot(cwd);
  // Where a walk may go: a symbolic link in an untrusted tree (a pull request) can point at
  // ~/.ssh or a CI secret; its target is read only when it lies inside the run's boundary.
  const roots = new FolderSet(opts.roots);
  const addRoot = (p: string) => {
    try {
      roots.add(realpathSync.native(p));
    } catch {
      // a missing folder contributes nothing
    }
  };
  if (!opts.roots) {
    addRoot(cwd);
    if (repo) addRoot(repo);
  }
  const insideRoots = (abs: string) => {
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      return false;
    }
    return roots.contains(real);
  };
  // Ignore files apply to walks and globs, not to files named on the command line: a run over named
  // files reads none (nor loads the `ignore` package).
  let stackMemo: IgnoreStack | undefined;
  const ignoreStack = (): IgnoreStack => {
    if (stackMemo) return stackMemo;
    const stack = (stackMemo = new IgnoreStack(opts.gitignore !== false, (abs) => !existsSync(abs) || insideRoots(abs)));
    // Ignore files from the repository root down to cwd apply too.
    const top = repo ?? cwd;
    for (let d = cwd; ; d = dirname(d)) {
      if (d !== cwd) stack.enter(d);
      if (d === top || dirname(d) === d) break;
    }
    stack.enter(cwd);
    if (opts.ignorePatterns?.length) stack.add(resolve(opts.ignoreBase ?? cwd), opts.ignorePatterns);
    return stack;
  };

  const add = (abs: string, explicit: boolean, only?: FileKind, shown?: string) => {
    if (files.has(abs)) return;
    const path = shown ?? displayPath(cwd, abs);
    const kind = classifyByName(path);
    if (only && kind !== only) return;
    if (!kind && !needsContent(path) && !explicit) return;
    files.set(abs, { abs, path, kind, explicit });
  };


  /** Whether a path reaches its file through a symbolic link somewhere along the way. */
  const throughLink = (abs: string) => {
    try {
      return realpathSync.native(abs) !== resolve(abs);
    } catch {
      return true;
    }
  };

  /**
   * `displayPath` of a folder's entry from the folder's own: joined as strings where that gives the
   * same (a walk visits every entry, and `path.relative` per entry was a tenth of a warm run).
   */
  const entryShown = (dirShown: string, abs: string, name: string) =>
    sep === '/' && !dirShown.startsWith('/') && !(dirShown === '.' && name.startsWith('..')) ? (dirShown === '.' ? name : `${dirShown}/${name}`) : displayPath(cwd, abs);
  /** A folder's entry: `dir` is absolute and normalised, `name` an entry name (what `join` gives, without its work). */
  const entryAbs = (dir: string, name: string) => (dir.endsWith(sep) ? dir + name : dir + sep + name);

  const visitedDirs = new Set<string>();
  const listings = opts.listings;
  const listedAt = Date.now();
  /** Folders read (not taken from a recorded listing) so far. */
  let reads = 0;
  /**
   * A folder's entries, sorted by name: with a listing store, the recorded listing `old` when the
   * folder's stamp is still the one recorded (a `stat` in place of reading the folder); else read.
   * The result is also what the store records for the next run.
   */
  const list = (dir: string, old: PastListing | undefined): DirListing => {
    let stamp = '-';
    if (listings) {
      const st = statSync(dir);
      stamp = folderStamp(st);
      if (old && old.stamp === stamp) return { stamp, names: old.names, types: old.types };
      if (st.ctimeMs >= listedAt - RACY_MS) stamp = '-';
    }
    reads++;
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { stamp, names: entries.map((e) => e.name), types: entries.map(typeLetter).join('') };
  };
  /**
   * `knownReal`: the folder's real path when it is reached through real folders only (no lookup);
   * `shown`: its display path, when known; `old`: its listing in the last run. Returns the listing
   * made (undefined when the folder was not read).
   */
  const walk = (dir: string, knownReal?: string, only?: FileKind, shown = displayPath(cwd, dir), old?: PastListing): DirListing | undefined => {
    const stack = ignoreStack();
    let real: string;
    try {
      real = knownReal ?? realpathSync.native(dir);
    } catch (e) {
      problems.push({ path: displayPath(cwd, dir), message: `cannot resolve folder: ${(e as NodeJS.ErrnoException).code ?? e}`, level: 'warning' });
      return undefined;
    }
    if (visitedDirs.has(real)) {
      problems.push({ path: displayPath(cwd, dir), message: 'symbolic link loop: this folder was already visited, not followed again', level: 'warning' });
      return undefined;
    }
    visitedDirs.add(real);
    let listing: DirListing;
    try {
      listing = list(dir, old);
    } catch (e) {
      problems.push({ path: displayPath(cwd, dir), message: `cannot read folder: ${(e as NodeJS.ErrnoException).code ?? e}`, level: 'warning' });
      return undefined;
    }
    const { names, types } = listing;
    const pushed = stack.enter(dir, (name) => names.includes(name));
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const abs = entryAbs(dir, name);
      const entShown = entryShown(shown, abs, name);
      const type = types[i];
      let isDir = type === 'd';
      let isFile = type === 'f';
      const link = type === 'l';
      if (link) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          problems.push({ path: displayPath(cwd, abs), message: 'broken symbolic link, skipped', level: 'warning' });
          continue;
        }
        if ((isDir || isFile) && !insideRoots(abs)) {
          problems.push({ path: displayPath(cwd, abs), message: 'symbolic link to a target outside the linted tree, not followed', level: 'warning' });
          continue;
        }
      }
      if (isDir) {
        if (stack.ignores(abs, true)) continue;
        const skipped = DEFAULT_SKIPPED_DIRS.has(name);
        if (skipped && !DOCKERFILE_ONLY_DIRS.has(name)) continue;
        const sub = walk(abs, link ? undefined : entryAbs(real, name), skipped ? 'dockerfile' : only, entShown, old?.dir(name));
        // Kept only to be recorded: a walk without a store lets each listing go once walked.
        if (sub && listings) (listing.dirs ??= new Map()).set(name, sub);
      } else if (isFile) {
        if (stack.ignores(abs, false)) continue;
        add(abs, false, only, entShown);
      }
      // FIFOs, sockets and devices are never opened.
    }
    if (pushed) stack.leave();
    return listing;
  };

  for (const raw of opts.paths.length ? opts.paths : ['.']) {
    const abs = resolve(cwd, raw);
    let st;
    try {
      st = lstatSync(abs);
    } catch {
      if (isGlobPattern(raw)) {
        const hits = tinyglobby().globSync(raw, { cwd, absolute: true, dot: false, ignore: ['**/node_modules/**', '**/.git/**'] }).sort();
        if (!hits.length) problems.push({ path: raw, message: 'no files match this pattern', level: 'error' });
        for (const h of hits) if (!ignoreStack().ignores(h, false) && (!throughLink(h) || insideRoots(h))) add(h, false);
        continue;
      }
      problems.push({ path: raw, message: 'no such file or folder', level: 'error' });
      continue;
    }
    if (st.isSymbolicLink()) {
      try {
        st = statSync(abs);
      } catch {
        problems.push({ path: raw, message: 'broken symbolic link', level: 'error' });
        continue;
      }
    }
    if (st.isDirectory()) {
      addRoot(abs);
      const before = reads;
      const listing = walk(abs, undefined, undefined, undefined, listings?.previousListing(abs));
      if (listing && listings) listings.recordListing(abs, listing, reads > before);
    } else if (st.isFile()) add(abs, true);
    else problems.push({ path: raw, message: 'not a regular file (FIFO, socket or device): not read', level: 'error' });
  }
  return { files: [...files.values()], problems };
}

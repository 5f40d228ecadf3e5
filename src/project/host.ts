/** The FileHost the engine reads includes and manifests through: the disk, limited to the linted tree. */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type * as Tinyglobby from 'tinyglobby';
import { lazy } from '../core/lazy.js';
import { detached } from '../core/text.js';
import type { FileHost } from '../core/rule.js';
import { displayPath, FolderSet } from './paths.js';
import { readTextFile } from './read.js';

const tinyglobby = lazy<typeof Tinyglobby>('tinyglobby');

export class DiskHost implements FileHost {
  private readonly cache = new Map<string, string | undefined>();
  private readonly folders: FolderSet;
  constructor(
    private readonly cwd: string,
    /** Folders lint500 may read below (realpaths). */
    roots: readonly string[],
    private readonly maxSize: number,
    /** Texts that override the disk (unsaved LSP buffers, staged content, stdin). */
    private readonly overlay: ReadonlyMap<string, string> = new Map(),
  ) {
    this.folders = new FolderSet(roots);
  }

  private abs(path: string): string {
    return resolve(this.cwd, path);
  }

  isInside(path: string): boolean {
    const abs = this.abs(path);
    if (this.overlay.has(displayPath(this.cwd, abs))) return true;
    let real: string;
    try {
      real = realpathSync.native(abs);
    } catch {
      // A file that does not exist is "inside" when its folder is, so the caller reports it missing.
      real = abs;
    }
    return this.folders.contains(real);
  }

  readFile(path: string): string | undefined {
    const key = displayPath(this.cwd, this.abs(path));
    const o = this.overlay.get(key);
    if (o !== undefined) return o;
    if (this.cache.has(key)) return this.cache.get(key);
    let text: string | undefined;
    if (this.isInside(path)) {
      const r = readTextFile(this.abs(path), this.maxSize);
      text = r.ok ? r.text : undefined;
    }
    // A display path is a slice of the absolute one: copied, so that the key does not keep it.
    this.cache.set(detached(key), text);
    return text;
  }

  private readonly repoRoots = new Map<string, string | undefined>();
  repositoryRoot(dir: string): string | undefined {
    const abs = this.abs(dir);
    if (this.repoRoots.has(abs)) return this.repoRoots.get(abs);
    // Only whether `.git` exists is looked at, never its content.
    let found: string | undefined;
    if (existsSync(join(abs, '.git'))) found = displayPath(this.cwd, abs);
    else if (dirname(abs) !== abs) found = this.repositoryRoot(dirname(abs));
    this.repoRoots.set(abs, found);
    return found;
  }

  glob(pattern: string, cwd: string): string[] {
    const base = this.abs(cwd);
    const hits = tinyglobby().globSync(pattern, { cwd: base, absolute: true, dot: true, followSymbolicLinks: false, onlyFiles: true });
    return [...new Set(hits.map((h) => displayPath(this.cwd, h)))].filter((p) => this.isInside(p)).sort();
  }
}

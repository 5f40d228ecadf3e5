/**
 * What the server knows about a workspace folder on disk: the list of lintable files (walked once,
 * then kept until a file is created or deleted or an ignore file changes) and their texts (read once,
 * dropped when the file changes). Cross-file rules read these so a keystroke never walks the tree.
 */
import { basename } from 'node:path';
import type { FileKind } from '../core/rule.js';
import { classify } from '../project/classify.js';
import { discover, type Candidate } from '../project/discover.js';
import { displayPath } from '../project/paths.js';
import { readTextFile } from '../project/read.js';

export interface DiskFile {
  abs: string;
  path: string;
  text: string;
  kind: FileKind;
}

const IGNORE_FILES = new Set(['.gitignore', '.lint500ignore']);

export class WorkspaceRoot {
  private list: Candidate[] | undefined;
  private listKey = '';
  /** abs → file, or null for files that cannot be read or are not a kind lint500 reads. */
  private readonly files = new Map<string, DiskFile | null>();

  constructor(
    readonly dir: string,
    /** Whether the folder may be walked (a workspace folder or a repository, never a bare parent folder). */
    readonly walkable: boolean,
    private readonly limit: number,
  ) {}

  /** The lintable files on disk, capped at the context limit. */
  candidates(ignorePatterns: string[] | undefined, ignoreBase: string): Candidate[] {
    if (!this.walkable) return [];
    const key = JSON.stringify([ignorePatterns ?? [], ignoreBase]);
    if (!this.list || key !== this.listKey) {
      const found = discover({ cwd: this.dir, paths: ['.'], ignorePatterns, ignoreBase });
      this.list = found.files.slice(0, this.limit);
      this.listKey = key;
    }
    return this.list;
  }

  /** Text and kind of a file on disk, cached until the file changes. */
  read(c: Candidate, maxSize: number): DiskFile | undefined {
    const hit = this.files.get(c.abs);
    if (hit !== undefined) return hit ?? undefined;
    const r = readTextFile(c.abs, maxSize);
    let file: DiskFile | null = null;
    if (r.ok) {
      const path = displayPath(this.dir, c.abs);
      const kind = c.kind ?? classify(path, r.text);
      if (kind) file = { abs: c.abs, path, text: r.text, kind };
    }
    this.files.set(c.abs, file);
    return file ?? undefined;
  }

  /** A watched-file event: creations, deletions and ignore-file changes invalidate the list. */
  fileEvent(abs: string, type: 'created' | 'changed' | 'deleted'): void {
    this.files.delete(abs);
    if (type !== 'changed' || IGNORE_FILES.has(basename(abs))) this.list = undefined;
  }

  /** Forget everything (configuration changed: ignore patterns and size limits may differ). */
  reset(): void {
    this.list = undefined;
    this.files.clear();
  }
}

/**
 * The on-disk cache behind `--cache`: one JSON file of engine units keyed by content, config, rule
 * set and lint500 version (the engine computes the keys), and what the run knew of each file (size,
 * modification time, kind, text hash). Entries not used by a run are dropped when it is saved, so the
 * file does not grow without bound. Written atomically.
 *
 * A file whose size and modification time are those recorded is taken as unchanged without being
 * read (ESLint's default cache strategy): its recorded hash finds its cached findings, and its text
 * is read only if something needs it (a finding's code frame, a fix). Editing a file without changing
 * its size within the file system's timestamp resolution goes unnoticed, as with ESLint's cache.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineCache } from '../core/engine.js';
import type { FileKind } from '../core/rule.js';

const FORMAT = 2;

/** The runner's `textDigest`: native SHA-1, far faster than a JS loop over a large tree's texts. */
export function sha1Digest(text: string): string {
  return createHash('sha1').update(text).digest('base64');
}

/** Size, modification time (ms), kind and text hash of a file as a run read it. */
export type FileMeta = [size: number, mtimeMs: number, kind: FileKind, hash: string];

export class FileCache implements EngineCache {
  private readonly old = new Map<string, unknown>();
  private readonly used = new Map<string, unknown>();
  private readonly oldFiles = new Map<string, FileMeta>();
  private readonly files = new Map<string, FileMeta>();
  hits = 0;
  misses = 0;

  constructor(private readonly file: string) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; entries?: Record<string, unknown>; files?: Record<string, FileMeta> };
      if (data.format === FORMAT && data.entries) {
        for (const [k, v] of Object.entries(data.entries)) this.old.set(k, v);
        for (const [k, v] of Object.entries(data.files ?? {})) this.oldFiles.set(k, v);
      }
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
  }

  /** Whether this run stored anything new (otherwise the file on disk is already right). */
  private changed = false;

  get(key: string): ReturnType<EngineCache['get']> {
    const v = this.used.get(key) ?? this.old.get(key);
    if (v === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    this.used.set(key, v);
    return v as ReturnType<EngineCache['get']>;
  }

  set(key: string, value: Parameters<EngineCache['set']>[1]): void {
    this.used.set(key, value);
    this.changed = true;
  }

  /** What the last run recorded of a file, when its size and modification time are still those. */
  unchanged(path: string, size: number, mtimeMs: number): FileMeta | undefined {
    const m = this.oldFiles.get(path);
    return m && m[0] === size && m[1] === mtimeMs ? m : undefined;
  }

  /** Records a file of this run. */
  record(path: string, meta: FileMeta): void {
    const old = this.oldFiles.get(path);
    if (!old || old.some((x, i) => x !== meta[i])) this.changed = true;
    this.files.set(path, meta);
  }

  save(): void {
    // Unchanged run: every entry came from the file and none is to be dropped.
    if (!this.changed && this.used.size === this.old.size && this.files.size === this.oldFiles.size) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.used), files: Object.fromEntries(this.files) }));
    renameSync(tmp, this.file);
  }
}

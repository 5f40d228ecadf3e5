/**
 * The on-disk cache behind `--cache`: one JSON file of engine units keyed by content, config, rule
 * set and lint500 version (the engine computes the keys). Entries not used by a run are dropped when
 * it is saved, so the file does not grow without bound. Written atomically.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EngineCache } from '../core/engine.js';

const FORMAT = 1;

export class FileCache implements EngineCache {
  private readonly old = new Map<string, unknown>();
  private readonly used = new Map<string, unknown>();
  hits = 0;
  misses = 0;

  constructor(private readonly file: string) {
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { format?: number; entries?: Record<string, unknown> };
      if (data.format === FORMAT && data.entries) for (const [k, v] of Object.entries(data.entries)) this.old.set(k, v);
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

  save(): void {
    // Unchanged run: every entry came from the file and none is to be dropped.
    if (!this.changed && this.used.size === this.old.size) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ format: FORMAT, entries: Object.fromEntries(this.used) }));
    renameSync(tmp, this.file);
  }
}

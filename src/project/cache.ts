/**
 * The on-disk cache behind `--cache`: one JSON file of engine units keyed by content, config, rule
 * set and lint500 version (the engine computes the keys), what the run knew of each file (size,
 * modification time, kind, text hash) and the folder listings of its walk (discover.ts). Entries not
 * used by a run are dropped when it is saved, so the file does not grow without bound. Written
 * atomically.
 *
 * A file whose size and modification time are those recorded is taken as unchanged without being
 * read (ESLint's default cache strategy): its recorded hash finds its cached findings, and its text
 * is read only if something needs it (a finding's code frame, a fix). Editing a file without changing
 * its size within the file system's timestamp resolution goes unnoticed, as with ESLint's cache.
 */
import type * as Crypto from 'node:crypto';
import { isAscii } from 'node:buffer';
import { lstatSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { unitKey, unitKeyParts, type CachedUnit, type EngineCache, type RawReport } from '../core/engine.js';
import { lazy } from '../core/lazy.js';
import type { FileKind, RuleMeta, SourceFile } from '../core/rule.js';
import type { DirListing, ListingStore, PastListing } from './discover.js';
import { readFileBytes } from './read.js';

/** Largest cache file read. */
const CACHE_MAX_SIZE = 512 * 1024 * 1024;

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isSpan = (v: unknown) => isObj(v) && Number.isInteger(v['start']) && Number.isInteger(v['end']);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isAt = (v: unknown) => v === undefined || (isObj(v) && Number.isInteger(v['line']) && Number.isInteger(v['column']) && isStr(v['fp']));
const isRaw = (v: unknown): v is RawReport =>
  isObj(v) && isStr(v['ruleId']) && isStr(v['file']) && isSpan(v['span']) && isStr(v['severity']) && isStr(v['message']) && Array.isArray(v['causes']) && v['causes'].every(isStr) && (v['messageId'] === undefined || isStr(v['messageId'])) && isAt(v['at']);
const isRawList = (v: unknown): v is RawReport[] => Array.isArray(v) && v.every(isRaw);
const isComment = (c: unknown) => isObj(c) && isSpan(c['span']) && isStr(c['text']);
const isRegion = (x: unknown) => isObj(x) && Number.isInteger(x['fromLine']) && Number.isInteger(x['toLine']) && isSpan(x['span']);
const isTexts = (v: unknown) => {
  if (!isObj(v)) return false;
  for (const k in v) if (!isStr(v[k])) return false;
  return true;
};
const isUnit = (v: unknown): v is CachedUnit =>
  isObj(v) &&
  isRawList(v['raw']) &&
  Array.isArray(v['comments']) &&
  v['comments'].every(isComment) &&
  Array.isArray(v['suppressions']) &&
  v['suppressions'].every(isRegion) &&
  Array.isArray(v['includes']) &&
  v['includes'].every(isStr) &&
  isTexts(v['texts']);

/*
 * On disk (format 3), the file is made for a warm run to read fast: every string a run repeats (file
 * paths, text digests, rule ids, messages, severities, causes, the run's fingerprint) is a number into
 * one `strings` table; file records and entries are flat lists (`FILE_STRIDE`, `ENTRY_STRIDE`), and
 * an entry of a recorded file names its config and the record's place instead of its whole key;
 * empty lists are left out, and a finding's span and place are number lists. `decode` restores the
 * engine's shape before an entry is checked.
 */
function encoder(digest: (text: string) => string) {
  const table: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string) => {
    let i = index.get(s);
    if (i === undefined) index.set(s, (i = table.push(s) - 1));
    return i;
  };
  const raw = (r: RawReport) => {
    const out: Record<string, unknown> = { ...r, ruleId: ref(r.ruleId), file: ref(r.file), severity: ref(r.severity), message: ref(r.message), span: [r.span.start, r.span.end], causes: r.causes.map(ref) };
    if (r.messageId !== undefined) out['messageId'] = ref(r.messageId);
    // A place with related places stays an object (rare); the others are five values.
    if (r.at && !r.at.related) out['at'] = [r.at.line, r.at.column, r.at.endLine, r.at.endColumn, r.at.fp];
    if (r.fix) out['fix'] = r.fix.map((e) => (e.file === undefined ? e : { ...e, file: ref(e.file) }));
    if (r.related) out['related'] = r.related.map((x) => ({ ...x, file: ref(x.file) }));
    return out;
  };
  const unit = (v: CachedUnit | RawReport[]) => {
    if (Array.isArray(v)) return v.map(raw);
    const out: Record<string, unknown> = { ...v, raw: v.raw.map(raw) };
    // The parser's share of the findings and the tree serve the worker threads of one run only.
    delete out['parserFindings'];
    delete out['tree'];
    delete out['summary'];
    for (const k of ['raw', 'comments', 'suppressions', 'includes'] as const) if (!v[k].length) delete out[k];
    if (v.runKey !== undefined) out['runKey'] = ref(v.runKey);
    if (!Object.keys(v.texts).length) delete out['texts'];
    // The digests of the included texts, which a later run compares with their files' recorded
    // digests: it then need not hash them (nor load node:crypto) when nothing changed.
    else out['hashes'] = Object.fromEntries(Object.entries(v.texts).map(([p, t]) => [p, digest(t)]));
    return out;
  };
  return { table, ref, unit };
}

const NONE: readonly never[] = Object.freeze([]);
const NO_TEXTS: Readonly<Record<string, string>> = Object.freeze({});

const decodeStr = (x: unknown, table: readonly string[]) => (typeof x === 'number' && Number.isInteger(x) && x >= 0 && x < table.length ? table[x] : x);

function decodeFiles(list: unknown, table: readonly string[]): void {
  if (Array.isArray(list)) for (const e of list) if (isObj(e) && e['file'] !== undefined) e['file'] = decodeStr(e['file'], table);
}

/** Whether the first `n` items of `v` are integers. */
const intsFirst = (v: unknown[], n: number) => {
  for (let i = 0; i < n; i++) if (!Number.isInteger(v[i])) return false;
  return true;
};

/** A finding's strings from the table and its spans as objects, in place (plain property code: this runs for every finding of a warm run). */
function decodeRaw(r: unknown, table: readonly string[]): void {
  if (!isObj(r)) return;
  r['ruleId'] = decodeStr(r['ruleId'], table);
  r['file'] = decodeStr(r['file'], table);
  r['severity'] = decodeStr(r['severity'], table);
  r['message'] = decodeStr(r['message'], table);
  if (r['messageId'] !== undefined) r['messageId'] = decodeStr(r['messageId'], table);
  const causes = r['causes'];
  if (Array.isArray(causes)) for (let i = 0; i < causes.length; i++) causes[i] = decodeStr(causes[i], table);
  const span = r['span'];
  if (Array.isArray(span) && span.length === 2 && intsFirst(span, 2)) r['span'] = { start: span[0], end: span[1] };
  const at = r['at'];
  if (Array.isArray(at) && at.length === 5 && intsFirst(at, 4) && isStr(at[4])) r['at'] = { line: at[0], column: at[1], endLine: at[2], endColumn: at[3], fp: at[4] };
  decodeFiles(r['fix'], table);
  decodeFiles(r['related'], table);
}

/**
 * Puts back what `encoder` left out; anything of an unexpected shape is left for the checks to
 * reject. The digests of included texts go to `digests` (text to digest).
 */
function decode(v: unknown, table: readonly string[], digests: Map<string, string>): unknown {
  // Lists are decoded in place, by functions made once (not per entry): this runs for every entry
  // and finding of a warm run, and what it allocates the collector copies.
  if (Array.isArray(v)) {
    for (const r of v) decodeRaw(r, table);
    return v;
  }
  if (!isObj(v)) return v;
  const list = v['raw'];
  // A warm run keeps every entry alive until its results are written: one shared, frozen empty list
  // in place of each empty one (most files have no finding) is that many fewer objects for the
  // collector to copy. The engine never changes a cached unit's lists (a rule run on a cached file
  // gets fresh ones), and a change would throw rather than reach another entry.
  if (list === undefined) v['raw'] = NONE;
  else if (Array.isArray(list)) for (const r of list) decodeRaw(r, table);
  if (!('comments' in v)) v['comments'] = NONE;
  if (!('suppressions' in v)) v['suppressions'] = NONE;
  if (!('includes' in v)) v['includes'] = NONE;
  if (!('texts' in v)) v['texts'] = NO_TEXTS;
  if (v['runKey'] !== undefined) v['runKey'] = decodeStr(v['runKey'], table);
  const hashes = v['hashes'];
  if (hashes !== undefined) {
    delete v['hashes'];
    const texts = v['texts'];
    if (isObj(hashes) && isObj(texts))
      for (const p in hashes) {
        const text = texts[p];
        const hash = hashes[p];
        if (isStr(text) && isStr(hash)) digests.set(text, hash);
      }
  }
  return v;
}

/** `[path, size, mtimeMs, kind, hash]`: a file record's place in the flat list of records. */
const FILE_STRIDE = 5;
/** `[config, file, unit]`: an entry's place in the flat list of entries (see `save`). */
const ENTRY_STRIDE = 3;

const isMeta = (v: unknown): v is FileMeta => Array.isArray(v) && v.length === 4 && typeof v[0] === 'number' && typeof v[1] === 'number' && isStr(v[2]) && isStr(v[3]);

const isStrOrStrs = (v: unknown) => isStr(v) || (Array.isArray(v) && v.every(isStr));
const isMetaOfRule = (v: unknown): v is RuleMeta =>
  isObj(v) && isStr(v['id']) && isStrOrStrs(v['kind']) && isStr(v['severity']) && typeof v['recommended'] === 'boolean' && isObj(v['messages']) && Array.isArray(v['causes']) && (v['options'] === undefined || isObj(v['options']));

const FORMAT = 3;

const TYPE_LETTERS = /^[dflo]*$/;

/** A folder's stamp (`<ctimeMs>:<inode>`, see discover.ts), or `-` for one not to be trusted. */
const STAMP = /^(?:-|\d+(?:\.\d+)?:\d+)$/;

/**
 * A folder listing of the last run, as the cache file holds it: one string
 * `<stamp>/<types>/<name>/<name>…` (no name holds a slash), or `[that string, { <name>: listing }]`
 * with the listings of its sub-folders. One string per folder, not a list of names: a warm run reads
 * every listing, and the collector copies each object it keeps. Checked when the walk reaches it: a
 * listing of the wrong shape is not used, and its folder is read.
 */
function pastListing(row: unknown): PastListing | undefined {
  const pair = Array.isArray(row) && row.length === 2;
  const text: unknown = pair ? row[0] : row;
  const subs: unknown = pair ? row[1] : undefined;
  if (!isStr(text) || (subs !== undefined && !isObj(subs))) return undefined;
  const a = text.indexOf('/');
  const b = text.indexOf('/', a + 1);
  if (a < 0 || b < 0) return undefined;
  const stamp = text.slice(0, a);
  const types = text.slice(a + 1, b);
  const names = types.length ? text.slice(b + 1).split('/') : [];
  if (!STAMP.test(stamp) || names.length !== types.length || !TYPE_LETTERS.test(types) || names.includes('')) return undefined;
  return new RecordedListing(stamp, names, types, subs);
}

/** A listing read from the cache file; its sub-folders' listings are read as the walk reaches them. */
class RecordedListing implements PastListing {
  constructor(
    readonly stamp: string,
    readonly names: readonly string[],
    readonly types: string,
    private readonly subs: Record<string, unknown> | undefined,
  ) {}
  dir(name: string): PastListing | undefined {
    return this.subs && Object.hasOwn(this.subs, name) ? pastListing(this.subs[name]) : undefined;
  }
}

function listingRow(l: DirListing): unknown {
  const text = `${l.stamp}/${l.types}/${l.names.join('/')}`;
  return l.dirs ? [text, Object.fromEntries([...l.dirs].map(([name, d]) => [name, listingRow(d)]))] : text;
}

const NON_ASCII = /[^\0-\x7f]/g;

/** Loaded by the first digest: only cached runs hash texts, and the module costs start-up time. */
const crypto = lazy<typeof Crypto>('node:crypto');

/** The runner's `textDigest`: native SHA-1, far faster than a JS loop over a large tree's texts. */
export function sha1Digest(text: string): string {
  return crypto().createHash('sha1').update(text).digest('base64');
}

/** Size, modification time (ms), kind and text hash of a file as a run read it. */
export type FileMeta = [size: number, mtimeMs: number, kind: FileKind, hash: string];

export class FileCache implements EngineCache, ListingStore {
  /** The last run's entries whose keys are not of a recorded file (see `readEntries`), by key. */
  private readonly old = new Map<string, unknown>();
  /**
   * The last run's entries of recorded files, by path: the config part of their key, and the unit.
   * The rest of the key is the file record's kind and digest, so that no key is rebuilt on load.
   */
  private readonly oldOfFile = new Map<string, { config: string; unit: unknown }>();
  private readonly used = new Map<string, unknown>();
  private readonly oldFiles = new Map<string, FileMeta>();
  private readonly files = new Map<string, FileMeta>();
  hits = 0;
  misses = 0;
  /** Digests of texts the cache file holds, as `sha1Digest` gave them when it was written. */
  private readonly digests = new Map<string, string>();

  /**
   * The run's `textDigest`: `sha1Digest`, answered from the cache file for the texts it holds (the
   * files an entry included), so that a run where nothing changed hashes nothing.
   */
  readonly digest = (text: string): string => this.digests.get(text) ?? sha1Digest(text);

  /** Set when the cache path is not usable (a folder, a FIFO, a link): nothing is read or written. */
  private unusable = false;

  /**
   * `warn` is called at most once, when the cache cannot be used: the run goes on without it. The
   * path must be a regular file or absent; every entry is checked on load, and anything odd means
   * no cache (the run then lints everything and writes a fresh one).
   */
  constructor(
    private readonly file: string,
    private readonly warn: (message: string) => void = () => {},
  ) {
    let st;
    try {
      st = lstatSync(file);
    } catch {
      return; // no cache yet
    }
    if (!st.isFile()) {
      this.unusable = true;
      this.warning('the cache path is not a regular file (a folder, a FIFO, a device or a symbolic link): the cache is not used');
      return;
    }
    const r = readFileBytes(file, CACHE_MAX_SIZE);
    if (!r.ok) {
      this.warning('the cache file cannot be read: the cache is not used');
      return;
    }
    let data: unknown;
    try {
      // lint500 writes the file in ASCII (see save): a one-byte string, copied rather than decoded,
      // which JSON.parse also reads faster than a two-byte one.
      data = JSON.parse(isAscii(r.bytes) ? r.bytes.toString('latin1') : r.bytes.toString('utf8'));
    } catch {
      this.warning('the cache file is not valid JSON: the cache is not used');
      return;
    }
    if (!isObj(data) || data['format'] !== FORMAT) return; // another lint500 version's cache: start afresh
    const entries = data['entries'];
    const files = data['files'] ?? [];
    const strings = data['strings'] ?? [];
    const wrong = () => {
      this.old.clear();
      this.oldOfFile.clear();
      this.oldFiles.clear();
      this.warning('the cache file has entries of the wrong shape: the cache is not used');
    };
    if (!Array.isArray(strings) || !strings.every(isStr) || !Array.isArray(entries) || !Array.isArray(files)) {
      wrong();
      return;
    }
    if (!this.readFiles(files, strings) || !this.readEntries(entries, strings)) {
      wrong();
      return;
    }
    if (isStr(data['run'])) this.lastRun = data['run'];
    if (isObj(data['dirs'])) this.oldDirs = data['dirs'];
    const rules = data['rules'];
    if (rules !== undefined) {
      if (!isObj(rules) || !isStr(rules['key']) || !Array.isArray(rules['metas']) || !rules['metas'].every(isMetaOfRule)) {
        wrong();
        return;
      }
      this.metas = { key: rules['key'], metas: rules['metas'] };
    }
  }

  /** The file records, from their flat list (see `FILE_STRIDE`); false if one is of the wrong shape. */
  private readFiles(files: readonly unknown[], table: readonly string[]): boolean {
    if (files.length % FILE_STRIDE) return false;
    this.oldPaths = new Array<string>(files.length / FILE_STRIDE);
    for (let i = 0; i < files.length; i += FILE_STRIDE) {
      const path = decodeStr(files[i], table);
      const meta = [files[i + 1], files[i + 2], decodeStr(files[i + 3], table), decodeStr(files[i + 4], table)];
      if (!isStr(path) || !isMeta(meta)) return false;
      this.oldFiles.set(path, meta);
      this.oldPaths[i / FILE_STRIDE] = path;
    }
    return true;
  }

  /** The entries, from their flat list (see `ENTRY_STRIDE`); false if one is of the wrong shape. */
  private readEntries(entries: readonly unknown[], table: readonly string[]): boolean {
    if (entries.length % ENTRY_STRIDE) return false;
    for (let i = 0; i < entries.length; i += ENTRY_STRIDE) {
      const config = decodeStr(entries[i], table);
      const at = entries[i + 1];
      const v = decode(entries[i + 2], table, this.digests);
      if (!isStr(config) || !(isUnit(v) || isRawList(v))) return false;
      if (at === -1) this.old.set(config, v);
      else if (typeof at === 'number' && Number.isInteger(at) && at >= 0 && at < this.oldPaths.length) {
        const path = this.oldPaths[at]!;
        if (!this.oldOfFile.has(path)) this.oldOfFile.set(path, { config, unit: v });
        else {
          // A second entry of one file (another config): under its whole key.
          const m = this.oldFiles.get(path)!;
          this.old.set(unitKey(config, m[2], m[3], path), v);
        }
      } else return false;
    }
    return true;
  }

  /**
   * The last run's entry under `key` when it is a recorded file's: its key is `config, kind, digest,
   * path` (see `unitKey`), compared part by part in place with the file's entry and record.
   */
  private oldEntry(key: string): unknown {
    const cut = key.lastIndexOf('\u0000');
    if (cut < 0) return undefined;
    const path = key.slice(cut + 1);
    const e = this.oldOfFile.get(path);
    const m = e && this.oldFiles.get(path);
    if (!e || !m) return undefined;
    const kindAt = e.config.length + 1;
    const hashAt = kindAt + m[2].length + 1;
    const same =
      cut === hashAt + m[3].length &&
      key.startsWith(e.config) &&
      key.charCodeAt(kindAt - 1) === 0 &&
      key.startsWith(m[2], kindAt) &&
      key.charCodeAt(hashAt - 1) === 0 &&
      key.startsWith(m[3], hashAt);
    return same ? e.unit : undefined;
  }

  /** The paths of the file records in their order in the file: entries name their file by its place. */
  private oldPaths: string[] = [];

  private warned = false;
  private warning(message: string): void {
    if (this.warned) return;
    this.warned = true;
    this.warn(message);
  }

  /** The rules' metadata as the last run loaded them, under its key (lint500 version and rule ids). */
  private metas?: { key: string; metas: RuleMeta[] };

  /**
   * The metadata of the rules `ids` recorded under `key`, in their load order, or undefined. Lets a
   * run whose files all hit the cache resolve its config without loading the rules' code.
   */
  ruleMetas(key: string, ids: readonly string[]): RuleMeta[] | undefined {
    const m = this.metas;
    if (!m || m.key !== key || m.metas.length !== ids.length) return undefined;
    const want = new Set(ids);
    return m.metas.every((x) => want.has(x.id)) ? m.metas : undefined;
  }

  setRuleMetas(key: string, metas: readonly RuleMeta[]): void {
    this.metas = { key, metas: [...metas] };
    this.changed = true;
  }

  /** Whether this run stored anything new (otherwise the file on disk is already right). */
  private changed = false;

  get(key: string): ReturnType<EngineCache['get']> {
    const v = this.used.get(key) ?? this.old.get(key) ?? this.oldEntry(key);
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

  /** The last run's folder listings by walk root (rows, see `pastListing`), and this run's. */
  private oldDirs: Record<string, unknown> = {};
  private readonly dirs = new Map<string, DirListing>();

  previousListing(abs: string): PastListing | undefined {
    return Object.hasOwn(this.oldDirs, abs) ? pastListing(this.oldDirs[abs]) : undefined;
  }

  recordListing(abs: string, listing: DirListing, fresh: boolean): void {
    this.dirs.set(abs, listing);
    if (fresh) this.changed = true;
  }

  /** The fingerprint of the last run's files (`runKey`), and this run's. */
  private lastRun?: string;
  private thisRun?: string;

  /**
   * The engine's `runKey` for a run of `files`: the last run's when it had these very files, in this
   * order, each unchanged (`unchanged` gives `kept` its records), so that such a run hashes nothing;
   * else a digest of their paths, kinds and text digests (`hashOf`).
   */
  runKey(files: readonly SourceFile[], kept: ReadonlyMap<string, FileMeta>, hashOf: (file: SourceFile) => string): string {
    let same = this.lastRun !== undefined && kept.size === files.length && this.oldFiles.size === files.length;
    if (same) {
      let i = 0;
      for (const path of this.oldFiles.keys()) if (files[i++]!.path !== path || !kept.has(path)) same = false;
    }
    this.thisRun = same ? this.lastRun! : sha1Digest(files.map((f) => `${f.path}\u0000${f.kind}\u0000${hashOf(f)}`).join('\u0001'));
    this.runFiles = files;
    if (this.thisRun !== this.lastRun) this.changed = true;
    return this.thisRun;
  }
  private runFiles?: readonly SourceFile[];

  /** This run's fingerprint, kept only when the file records are of exactly its files, in its order. */
  private runToKeep(): string | undefined {
    const files = this.runFiles;
    if (!this.thisRun || !files || files.length !== this.files.size) return undefined;
    let i = 0;
    for (const path of this.files.keys()) if (files[i++]!.path !== path) return undefined;
    return this.thisRun;
  }

  /** What the last run recorded of a file, when its size and modification time are still those. */
  unchanged(path: string, size: number, mtimeMs: number): FileMeta | undefined {
    const m = this.oldFiles.get(path);
    return m && m[0] === size && m[1] === mtimeMs ? m : undefined;
  }

  /** Records a file of this run. */
  record(path: string, meta: FileMeta): void {
    const old = this.oldFiles.get(path);
    // A file the record answered brings back the record itself: nothing to compare.
    if (old !== meta && (!old || old.some((x, i) => x !== meta[i]))) this.changed = true;
    this.files.set(path, meta);
  }

  save(): void {
    // Unchanged run: every entry came from the file and none is to be dropped.
    if (this.unusable || (!this.changed && this.used.size === this.old.size + this.oldOfFile.size && this.files.size === this.oldFiles.size)) return;
    const tmp = `${this.file}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const { table, ref, unit } = encoder(this.digest);
      const files: (string | number)[] = [];
      const place = new Map<string, number>();
      for (const [path, m] of this.files) {
        place.set(path, files.length / FILE_STRIDE);
        files.push(ref(path), m[0], m[1], ref(m[2]), ref(m[3]));
      }
      // A unit key is `config, kind, digest, path` (see `unitKey`): when its file is recorded with
      // that kind and digest, the entry names the config and the file's place; else the whole key.
      const entries: unknown[] = [];
      for (const [k, v] of this.used) {
        const parts = unitKeyParts(k);
        const at = parts && place.get(parts[3]);
        const m = parts && this.files.get(parts[3]);
        if (parts && at !== undefined && m && m[2] === parts[1] && m[3] === parts[2]) entries.push(ref(parts[0]), at, unit(v as CachedUnit | RawReport[]));
        else entries.push(ref(k), -1, unit(v as CachedUnit | RawReport[]));
      }
      const dirs = Object.fromEntries([...this.dirs].map(([abs, l]) => [abs, listingRow(l)]));
      const json = JSON.stringify({ format: FORMAT, ...(this.metas ? { rules: this.metas } : {}), ...(this.runToKeep() ? { run: this.runToKeep() } : {}), strings: table, entries, files, dirs });
      // Characters beyond ASCII occur only inside strings, where \uXXXX means the same: the file
      // stays ASCII, which the next run reads without decoding UTF-8.
      writeFileSync(tmp, json.replace(NON_ASCII, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`), { flag: 'wx' });
      renameSync(tmp, this.file);
    } catch (e) {
      try {
        rmSync(tmp, { force: true });
      } catch {
        // its folder is not there: neither is it
      }
      this.warning(`the cache could not be written (${(e as NodeJS.ErrnoException).code ?? e}); the results are not cached`);
    }
  }
}

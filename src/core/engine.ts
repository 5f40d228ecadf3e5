/**
 * The pure engine: source texts in, results out. No file system, no `process`: the CLI, the
 * pre-commit entry and the LSP server all call this with the texts they have, so they give the same
 * results for the same text.
 */
import type { CauseId } from './causes.js';
import type { ConfigResolver } from './config/resolve.js';
import { compareMessages, CORE_CODES, isCoreCode, type FileResult, type LintMessage, type RelatedMessage } from './diagnostics.js';
import { applyFixes } from './fix.js';
import { fnv1a64, textHash, type TextDigest } from './hash.js';
import {
  ruleKinds,
  type AnyRule,
  type Comment,
  type Edit,
  type FileHost,
  type FileKind,
  type Locatable,
  type ParsedFile,
  type ParserDiagnostic,
  type ParserModule,
  type ProjectModel,
  type ReportDescriptor,
  type Settings,
  type Severity,
  type SourceFile,
  type SummarizedKind,
  type SummaryOf,
  type SuppressionRegion,
} from './rule.js';
import { didYouMean } from './suggest.js';
import { matchRegion, mayBeDirective, parseDirective, regionFromAnnotation, regionsFromDirectives, unusedIds, type Region } from './suppressions.js';
import { LineIndex, type Span } from './text.js';
import { appendAll, pushTo } from './append.js';

export type ParserLoader = (kind: FileKind) => Promise<ParserModule | undefined>;

export interface EngineInput {
  /** Every file of the run. Project rules see all of them. */
  files: readonly SourceFile[];
  /** Every rule that may run; the config decides which do. */
  rules: readonly AnyRule[];
  /**
   * When `rules` are metadata only (a cached run): loads their code. Called before any rule runs,
   * so a run that takes every result from the cache loads no rule code and no parser.
   */
  loadRules?: () => Promise<readonly AnyRule[]>;
  config: ConfigResolver;
  parsers: ParserLoader;
  host?: FileHost;
  /** Report only in these files (pre-commit, LSP); default: every file. */
  reportOn?: (path: string) => boolean;
  /** Apply fixes: `safe` ones, or also `unsafe` ones. */
  fix?: false | 'safe' | 'unsafe';
  /** Which rules may fix (`--fix-type`-like filter); default all. */
  fixFilter?: (ruleId: string) => boolean;
  /** Include short stacks in internal-error messages. */
  debug?: boolean;
  /** Files that get parser diagnostics and file rules (a CI shard); default every file. */
  fileScope?: (path: string) => boolean;
  /** Run project rules (default true; shards other than the first turn them off). */
  runProjectRules?: boolean;
  /** Reuse results of unchanged files and of unchanged projects. */
  cache?: EngineCache;
  /** Mixed into cache keys: the lint500 version and anything else that invalidates everything. */
  cacheSalt?: string;
  /** How file texts are hashed for cache keys (and `SourceFile.hash`); default `fnv1a64`. */
  textDigest?: TextDigest;
  /**
   * A fingerprint of `files` (their paths, kinds and texts, in order) that the caller already knows:
   * what cached units of file rules that read other files are valid for. Default: a hash of them.
   * Not used after a fix pass changed a text.
   */
  runKey?: string;
  /** Put each linted file's tree into its cache entry (`tree`); not for parsers that dispose trees. */
  cacheTrees?: boolean;
  /** Honour lint500-disable comments and suppression annotations (default true; `--no-inline-config`). */
  inlineConfig?: boolean;
  /** Every rule id a suppression may name, also of rules this run did not load; default the rules of the run. */
  knownRuleIds?: ReadonlySet<string>;
}

export const emptyHost: FileHost = {
  readFile: () => undefined,
  glob: () => [],
  isInside: () => false,
};

const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

/** The size above which a file is not read or parsed: `settings.limits.maxFileSize`, 5 MB unless set. */
export function maxFileSize(settings: Settings | undefined): number {
  return settings?.limits?.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
}
const MAX_FIX_PASSES = 10;

export interface RawReport {
  ruleId: string;
  file: string;
  span: Span;
  severity: Severity;
  message: string;
  messageId?: string;
  causes: readonly CauseId[];
  fix?: Edit[];
  fixable?: boolean;
  suggestions?: { desc: string; edits: Edit[] }[];
  related?: { file: string; span: Span; message: string }[];
  /** Set by the engine when the finding is first placed (see `ResolvedAt`). */
  at?: ResolvedAt;
}

function formatMessage(template: string, data: Record<string, unknown> | undefined): string {
  return template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}

function errorText(e: unknown, debug: boolean | undefined): string {
  const err = e instanceof Error ? e : new Error(String(e));
  if (!debug) return err.message;
  const stack = (err.stack ?? '').split('\n').slice(1, 6).map((l) => l.trim()).join(' | ');
  return `${err.message} (${stack})`;
}

/**
 * The project model parses lazily: a project rule that asks only for Kubernetes files does not make
 * the engine parse JavaScript it already has cached results for.
 */
class Model implements ProjectModel {
  private readonly memos = new Map<string, unknown>();
  constructor(
    private readonly units: readonly Unit[],
    private readonly ensure: (unit: Unit) => ParsedFile | undefined,
    private readonly summarize: (unit: Unit) => unknown,
    private readonly read: (path: string) => string | undefined,
    readonly host: FileHost,
    readonly settings: ProjectModel['settings'],
  ) {}
  summaries<K extends SummarizedKind>(kind: K): SummaryOf<K>[] {
    return this.units.filter((u) => u.source.kind === kind).flatMap((u) => (this.summarize(u) ?? []) as SummaryOf<K>[]);
  }
  text(path: string): string | undefined {
    return this.read(path);
  }
  get files(): readonly ParsedFile[] {
    return this.units.flatMap((u) => this.ensure(u) ?? []);
  }
  filesOf<K extends FileKind>(kind: K): ParsedFile<K>[] {
    return this.units.filter((u) => u.source.kind === kind).flatMap((u) => this.ensure(u) ?? []) as ParsedFile<K>[];
  }
  private byPath?: Map<string, Unit>;
  file(path: string): ParsedFile | undefined {
    this.byPath ??= new Map(this.units.map((u) => [u.source.path, u]));
    const u = this.byPath.get(path);
    return u ? this.ensure(u) : undefined;
  }
  memo<T>(key: string, build: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, build());
    return this.memos.get(key) as T;
  }
  /** Forgets the memos and the path index once the pass is over (the engine empties `units` too). */
  release(): void {
    this.memos.clear();
    this.byPath = undefined;
  }
}

/**
 * What the engine may keep between runs for one file: its parser diagnostics and file-rule findings,
 * comments and suppression regions, and the texts of files it included. With a cache hit the file is
 * not parsed at all (unless project rules need its tree).
 */
export interface CachedUnit {
  raw: RawReport[];
  /** Linted through a file that includes it (nginx `conf.d/*.conf`), not on its own. */
  viaIncluder?: boolean;
  /**
   * Set when a file rule read the project model or another file while linting this file: the unit
   * is then only valid for the same set of files (this fingerprint of the whole run).
   */
  runKey?: string;
  comments: Comment[];
  suppressions: SuppressionRegion[];
  includes: string[];
  texts: Record<string, string>;
  /**
   * The parsed tree, kept only in memory by the parallel runner so that project rules on the main
   * thread do not parse again what a worker parsed; never persisted.
   */
  tree?: { root: unknown; comments: Comment[] };
  /** Likewise, the summary of a file whose parser summarises (`ParserModule.summarize`), in place of its tree. */
  summary?: unknown;
  /** How many of `raw` (the first ones) are parser diagnostics rather than file-rule findings. */
  parserFindings?: number;
}

/** A key-value store the runner persists (`--cache`); the engine stays pure. */
export interface EngineCache {
  get(key: string): CachedUnit | RawReport[] | undefined;
  set(key: string, value: CachedUnit | RawReport[]): void;
}

interface Unit extends CachedUnit {
  source: SourceFile;
  parsed?: ParsedFile;
  parser?: ParserModule;
  key?: string;
  fromCache: boolean;
  /** File rules ran on it in this pass (only such units are cached). */
  linted?: boolean;
  parseTried?: boolean;
  /** A file rule read the model or another file while linting it. */
  usesRun?: boolean;
  /** Its file rules are still to run in this pass (its tree must not be dropped yet). */
  pending?: boolean;
  /** Its tree was dropped for its summary; asking for the tree parses it again. */
  dropped?: boolean;
  summaryTried?: boolean;
  /** A recorded unit whose tree (and parser output) stands in for parsing; its rules run again. */
  reparse?: CachedUnit & { tree: NonNullable<CachedUnit['tree']> };
}

// What a unit has before its file is parsed, shared by all units (a parse or a cache hit replaces
// them, nothing adds to them): four empty containers a file were about 6 MB of a 50,000-file run.
const NO_COMMENTS: Comment[] = Object.freeze([]) as never;
const NO_REGIONS: SuppressionRegion[] = Object.freeze([]) as never;
const NO_PATHS: string[] = Object.freeze([]) as never;
const NO_TEXTS: Record<string, string> = Object.freeze({}) as never;

/**
 * The cache key of each file's unit: its path, kind, text, the file rules and settings that apply to
 * it, and the salt. Exported so the parallel runner can tell which files a cache already answers.
 */
export function unitKeys(input: Pick<EngineInput, 'rules' | 'config' | 'cacheSalt' | 'textDigest'>): (file: SourceFile) => string {
  const fileRuleIds = new Set(input.rules.filter((r) => !ruleKinds(r.meta).includes('project')).map((r) => r.meta.id));
  // Files without overrides share one FileConfig: describe each config (with the salt) once, not once per file.
  const described = new WeakMap<object, string>();
  return (file) => {
    const fc = input.config.forFile(file.path);
    let config = described.get(fc);
    if (config === undefined) {
      const ruleSet = [...fc.rules].filter(([id]) => fileRuleIds.has(id));
      config = fnv1a64(`${input.cacheSalt ?? ''}\u0000${JSON.stringify(ruleSet)}\u0000${JSON.stringify(fc.settings)}`);
      described.set(fc, config);
    }
    // Joined, not hashed again: a hash per file cost a cached run more than any other key work.
    return unitKey(config, file.kind, textHash(file, input.textDigest), file.path);
  };
}

/** A unit's cache key from its parts. A path holds no NUL, and is last: the parts cannot run into each other. */
export function unitKey(config: string, kind: string, hash: string, path: string): string {
  return `${config}\u0000${kind}\u0000${hash}\u0000${path}`;
}

/** The parts of a key `unitKey` made; undefined for any other key (the project entry's). */
export function unitKeyParts(key: string): [config: string, kind: string, hash: string, path: string] | undefined {
  const parts = key.split('\u0000');
  return parts.length === 4 ? (parts as [string, string, string, string]) : undefined;
}

/**
 * Which config each unit's key names (the keys' first part, see `unitKeys`), as a short text: with
 * the run's fingerprint, what the project's cache key needs of the unit keys without hashing them all.
 */
function configsOf(units: readonly Unit[]): string {
  const index = new Map<string, number>();
  const each = units.map((u) => {
    const config = u.key!.slice(0, u.key!.indexOf('\u0000'));
    let i = index.get(config);
    if (i === undefined) index.set(config, (i = index.size));
    return i;
  });
  return `${[...index.keys()].join(',')}\u0000${each.join(',')}`;
}

/**
 * The texts of a run and their line indexes. Texts are read from the file objects only when needed:
 * a caller may give files whose text is read on first use (a cached run's unchanged files, whose
 * findings need no text). Built outside `runOnce` on purpose: the results' `source` getters keep
 * `source` until the formatters ran, and a closure made inside `runOnce` would keep the whole pass
 * with it (its units, trees, summaries and the model's indexes), which V8 keeps in one context.
 */
function textStore(files: readonly SourceFile[], host: FileHost) {
  const texts = new Map<string, TextEntry>();
  for (const f of files) texts.set(f.path, new TextEntry(f));
  /** Files whose text was let go for good. */
  const finished = new Set<string>();
  /** Of those, the ones read again since the last `releaseLate`. */
  const late = new Set<string>();
  const textOf = (path: string): string | undefined => {
    const t = texts.get(path);
    if (t) {
      if (t.text === undefined && finished.has(path)) late.add(path);
      return (t.text ??= t.file?.text);
    }
    const text = host.readFile(path);
    if (text !== undefined) texts.set(path, new TextEntry(undefined, text));
    return text;
  };
  const source = (path: string): { text: string; lines: LineIndex } | undefined => {
    const text = textOf(path);
    if (text === undefined) return undefined;
    const t = texts.get(path)!;
    t.lines ??= new LineIndex(text);
    return { text, lines: t.lines };
  };
  /**
   * Lets a file's text and line index go, when its file can read the text again (`SourceFile.release`):
   * for good once its rules ran, or until its turn (`final` false) when it was parsed ahead of it.
   */
  const release = (path: string, final = true) => {
    const t = texts.get(path);
    if (!t?.file?.release) return;
    t.file.release(final);
    t.text = undefined;
    t.lines = undefined;
    if (final) finished.add(path);
  };
  /**
   * Lets go again the texts of finished files that a later file's rules read (a workload's rule
   * reading the Dockerfile that builds its image): otherwise each would be held to the end of the
   * run. A finding placed in such a file reads it once more.
   */
  const releaseLate = () => {
    for (const path of late) release(path);
    late.clear();
  };
  /** The same parsed file, whose text and line index are read through the store (again after a release). */
  const lazyParsed = (parsed: Omit<ParsedFile, 'text' | 'lines'>): ParsedFile => new StoredParsed(parsed.path, parsed.kind, parsed.root, parsed.comments, source);
  return { texts, textOf, source, release, releaseLate, lazyParsed };
}

/** A file's entry in the text store (a class: its three fields in one object of one shape, for every file of the run). */
class TextEntry {
  lines: LineIndex | undefined = undefined;
  constructor(
    readonly file: SourceFile | undefined,
    public text: string | undefined = undefined,
  ) {}
}

/** A parsed file that reads its text and line index when asked (a class: one shape for all of them). */
class StoredParsed implements ParsedFile {
  constructor(
    readonly path: string,
    readonly kind: FileKind,
    readonly root: ParsedFile['root'],
    readonly comments: Comment[],
    private readonly store: (path: string) => { text: string; lines: LineIndex } | undefined,
  ) {}
  get text(): string {
    return this.store(this.path)?.text ?? '';
  }
  get lines(): LineIndex {
    return this.store(this.path)?.lines ?? new LineIndex('');
  }
}

/**
 * Places a finding in its file (line, column, the fingerprint's line text) and keeps that on it.
 * Called when a file's rules ran, while its text is at hand, and for the rest when findings are
 * placed.
 */
function placeFinding(r: RawReport, source: (path: string) => { text: string; lines: LineIndex } | undefined): ResolvedAt {
  if (r.at) return r.at;
  const loc = locate(source, r.file, r.span);
  const src = source(r.file);
  const lineText = src ? src.lines.lineText(loc.line).trim() : '';
  // A literal, not `{ ...loc, fp }`: V8 gave each object such a spread made here a hidden class of its
  // own (about 200 bytes more per finding, kept for the whole run).
  const at: ResolvedAt = { line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn, fp: fnv1a64(`${r.ruleId}\u0000${r.file}\u0000${r.message}\u0000${lineText}`) };
  if (r.related?.length) at.related = r.related.map((x) => locate(source, x.file, x.span));
  // Kept on the finding (and so in the cache, which holds the same objects).
  r.at = at;
  return at;
}

function locate(source: (path: string) => { text: string; lines: LineIndex } | undefined, file: string, span: Span) {
  const src = source(file);
  if (!src) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const s = src.lines.position(span.start);
  const e = src.lines.position(span.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** One full pass: parse, run rules, collect raw findings (before suppressions). */
async function runOnce(input: EngineInput): Promise<{ results: FileResult[]; fixes: Map<string, Edit[][]> }> {
  const host = input.host ?? emptyHost;
  const config = input.config;
  const reportOn = input.reportOn ?? (() => true);
  const inScope = input.fileScope ?? (() => true);
  const runPaths = new Set(input.files.map((f) => f.path));
  const { texts, textOf, source, release, releaseLate, lazyParsed } = textStore(input.files, host);

  let fileRules = input.rules.filter((r) => !ruleKinds(r.meta).includes('project'));
  const enabled = config.enabledAnywhere();
  let projectRules = input.runProjectRules === false ? [] : input.rules.filter((r) => ruleKinds(r.meta).includes('project') && enabled.has(r.meta.id));
  let ruleCode: Promise<void> | undefined;
  const loadRuleCode = () =>
    (ruleCode ??= (async () => {
      if (!input.loadRules) return;
      const code = new Map((await input.loadRules()).map((r) => [r.meta.id, r]));
      fileRules = fileRules.map((r) => code.get(r.meta.id) ?? r);
      projectRules = projectRules.map((r) => code.get(r.meta.id) ?? r);
    })());
  const cache = input.cache;
  const salt = input.cacheSalt ?? '';

  // 0. Cache lookups: a unit is reusable when its file, its config and what it included are unchanged.
  const keyOf = cache ? unitKeys(input) : undefined;
  let runKeyMemo: string | undefined;
  const runKey = () => (runKeyMemo ??= input.runKey ?? fnv1a64(input.files.map((f) => `${f.path}\u0000${f.kind}\u0000${textHash(f, input.textDigest)}`).join('\u0001')));
  // Whether a file's text is `text`: by hash when the file's hash is known without reading it.
  const sameText = (path: string, text: string) => {
    const f = texts.get(path)?.file;
    return f?.hash !== undefined ? f.hash === textHash({ text }, input.textDigest) : textOf(path) === text;
  };
  const units: Unit[] = input.files.map((file) => {
    const unit: Unit = { source: file, raw: [], comments: NO_COMMENTS, suppressions: NO_REGIONS, includes: NO_PATHS, texts: NO_TEXTS, fromCache: false };
    if (!cache || !keyOf) return unit;
    unit.key = keyOf(file);
    const hit = cache.get(unit.key);
    if (!hit || Array.isArray(hit) || !Object.entries(hit.texts).every(([p, t]) => sameText(p, t))) return unit;
    if (!hit.runKey || hit.runKey === runKey()) {
      Object.assign(unit, hit, { fromCache: true });
      for (const [p, t] of Object.entries(hit.texts)) if (!texts.has(p)) texts.set(p, new TextEntry(undefined, t));
    } else if (hit.tree && hit.parserFindings !== undefined) {
      // Linted in another run (a worker thread's part): its rules must run again on this run's
      // model, but its tree, taken under the same key, is this text's tree.
      unit.reparse = { ...hit, tree: hit.tree, raw: hit.raw.slice(0, hit.parserFindings) };
    }
    return unit;
  });
  const projectKey = cache && projectRules.length ? fnv1a64(`${salt}\u0000project\u0000${runKey()}\u0000${configsOf(units)}\u0000${JSON.stringify(projectRules.map((r) => [r.meta.id, config.forFile('').rules.get(r.meta.id)]))}`) : undefined;
  const projectHit = projectKey ? cache?.get(projectKey) : undefined;
  const cachedProject = Array.isArray(projectHit) ? projectHit : undefined;

  // 1. Parse each file that needs it, once. Parsers are loaded (and initialised) on first need.
  const parserCache = new Map<FileKind, ParserModule | undefined>();
  const loadParsers = async (kinds: Iterable<FileKind>) => {
    for (const kind of kinds) {
      if (parserCache.has(kind)) continue;
      const p = await input.parsers(kind);
      if (p?.init) await p.init();
      parserCache.set(kind, p);
    }
  };
  const parseUnit = (unit: Unit): ParsedFile | undefined => {
    if (unit.parsed || (unit.parseTried && !unit.dropped)) return unit.parsed;
    // Not loaded (yet): not a failed parse, so a later call may parse it.
    if (!parserCache.has(unit.source.kind)) return undefined;
    // A dropped tree parsed again: its diagnostics, comments and texts are already recorded.
    const again = unit.dropped === true;
    unit.parseTried = true;
    unit.dropped = false;
    const file = unit.source;
    if (unit.fromCache && unit.tree) return (unit.parsed = lazyParsed({ path: file.path, kind: file.kind, ...unit.tree } as ParsedFile));
    const recorded = unit.reparse;
    if (recorded && !again) {
      unit.reparse = undefined;
      unit.parser = parserCache.get(file.kind);
      for (const [p, t] of Object.entries(recorded.texts)) if (!texts.has(p)) texts.set(p, new TextEntry(undefined, t));
      Object.assign(unit, { raw: recorded.raw, comments: recorded.comments, suppressions: recorded.suppressions, includes: recorded.includes, texts: recorded.texts, parserFindings: recorded.raw.length });
      return (unit.parsed = { path: file.path, kind: file.kind, text: file.text, lines: source(file.path)!.lines, ...recorded.tree } as ParsedFile);
    }
    const diagnostics: ParserDiagnostic[] = [];
    const settings = config.forFile(file.path).settings;
    const maxSize = maxFileSize(settings);
    if (file.text.length > maxSize) {
      diagnostics.push({ code: 'file-too-large', severity: 'warning', span: { start: 0, end: 0 }, message: `File is ${file.text.length} characters, over the ${maxSize}-byte limit (settings.limits.maxFileSize); it was not linted.` });
    } else if (file.text.includes('\u0000')) {
      diagnostics.push({ code: 'file-skipped', severity: 'info', span: { start: 0, end: 0 }, message: 'File contains NUL bytes (binary content); it was not linted.' });
    } else {
      const parser = parserCache.get(file.kind);
      if (parser) {
        unit.parser = parser;
        try {
          const out = parser.parse(file, { host, settings, runPaths });
          for (const [p, t] of Object.entries(out.texts ?? {})) if (!texts.has(p)) texts.set(p, new TextEntry(undefined, t));
          unit.parsed = { path: file.path, kind: file.kind, text: file.text, lines: source(file.path)!.lines, root: out.root, comments: out.comments };
          if (!unit.fromCache && !again) {
            appendAll(diagnostics, out.diagnostics);
            // Only directives matter once the rules ran; a run (and its cache) keeps no other comment.
            unit.comments = out.comments.filter(mayBeDirective).map((c) => ({ span: c.span, text: c.text, file: c.file ?? file.path }));
            unit.suppressions = (out.suppressions ?? []).map((x) => ({ ...x, file: x.file ?? file.path }));
            unit.includes = out.includes ?? [];
            unit.texts = out.texts ?? {};
          }
        } catch (e) {
          diagnostics.push({ code: 'internal-error', severity: 'error', span: { start: 0, end: 0 }, message: `The ${file.kind} parser crashed: ${errorText(e, input.debug)}` });
        }
      }
    }
    if (!unit.fromCache && !again && inScope(file.path))
      for (const d of diagnostics) unit.raw.push({ ruleId: d.code, file: d.file ?? file.path, span: d.span, severity: d.severity, message: d.message, causes: [] });
    if (!unit.fromCache && !again) unit.parserFindings = unit.raw.length;
    return unit.parsed;
  };
  /** Whether the pass may let a file's text go: the file can read it again, and this is no fix pass (fix passes keep every original text, to tell what changed). */
  const releasable = (path: string) => !input.fix && texts.get(path)?.file?.release !== undefined;
  const toLint = units.filter((u) => !u.fromCache && inScope(u.source.path));
  // A file rule may read files of any kind of the run through the model (a changed file's rule
  // reading a cached manifest): when anything is linted, every kind's parser is ready. A run that
  // lints nothing (everything cached) loads none.
  if (toLint.length) {
    await loadParsers(new Set(units.map((u) => u.source.kind)));
    await loadRuleCode();
  }
  /** Extra findings of the pass (a parser whose summary crashed). */
  const passRaw: RawReport[] = [];
  /** Lets the parsers of other kinds settle what a fresh tree means in this deployment (`ParserModule.deploys`). */
  let modelReady = false;
  const settled = new WeakSet<object>();
  const settle = (unit: Unit, parsed: ParsedFile) => {
    // Trees parsed before the model exists (includes, read up front) are settled at their turn.
    if (!modelReady || typeof parsed.root !== 'object' || !parsed.root || settled.has(parsed.root)) return;
    settled.add(parsed.root);
    for (const p of parserCache.values()) {
      const f = p?.deploys?.[parsed.kind];
      if (!f) continue;
      try {
        if (f(parsed, model)) unit.usesRun = true;
      } catch (e) {
        internalError(`(${p!.kind} deployment of ${parsed.kind})`, parsed.path, e);
      }
    }
  };
  const summarize = (unit: Unit, parsed: ParsedFile) => {
    unit.summaryTried = true;
    settle(unit, parsed);
    try {
      unit.summary = parserCache.get(unit.source.kind)!.summarize!(parsed as never);
    } catch (e) {
      passRaw.push({ ruleId: 'internal-error', file: unit.source.path, span: { start: 0, end: 0 }, severity: 'error', message: `Summarising this ${unit.source.kind} file crashed: ${errorText(e, input.debug)}`, causes: [] });
    }
  };
  /** Keeps a summarising file's summary and lets its tree go. */
  const drop = (unit: Unit) => {
    const parser = parserCache.get(unit.source.kind);
    if (!unit.parsed || !parser?.summarize) return;
    if (!unit.summaryTried && unit.parsed.root) summarize(unit, unit.parsed);
    parser.dispose?.(unit.parsed.root as never);
    unit.parsed = undefined;
    unit.dropped = true;
  };
  const summaryOf = (unit: Unit): unknown => {
    if (unit.summaryTried || unit.summary !== undefined) return unit.summary;
    const parser = parserCache.get(unit.source.kind);
    const parsed = parser?.summarize ? parseUnit(unit) : undefined;
    if (!parsed?.root) return undefined;
    summarize(unit, parsed);
    if (!unit.pending) drop(unit);
    return unit.summary;
  };
  // Files of summarising kinds are parsed at their turn and dropped after their rules; the others
  // up front. Kinds that include files are parsed up front in any case, so that every include is
  // known before any file is linted; summarising ones are then dropped at once and parsed again
  // at their turn.
  for (const unit of toLint) {
    unit.pending = true;
    const parser = parserCache.get(unit.source.kind);
    if (parser?.summarize && !parser.includesFiles) continue;
    parseUnit(unit);
    if (parser?.summarize) drop(unit);
    // Until its turn the tree reads its text through the store, and a file that can read its text
    // again lets it go: the texts of every file parsed up front would otherwise be held at once.
    if (!releasable(unit.source.path)) continue;
    if (unit.parsed) unit.parsed = lazyParsed(unit.parsed);
    release(unit.source.path, false);
  }

  const model = new Model(units, parseUnit, summaryOf, textOf, host, config.settings);
  const includedBy = new Map<string, string[]>();
  for (const u of units)
    for (const inc of u.includes) {
      pushTo(includedBy, inc, u.source.path);
    }
  const includeSets = new Map<Unit, Set<string>>();
  /** Files a unit includes, directly or not. */
  const includesOf = (u: Unit) => {
    let set = includeSets.get(u);
    if (!set) includeSets.set(u, (set = new Set(u.includes)));
    return set;
  };
  /** Includers of a unit in the run, other than itself. */
  const includersOf = (u: Unit) => (includedBy.get(u.source.path) ?? []).filter((p) => runPaths.has(p) && p !== u.source.path);
  // A file is linted through its includer when an includer of the run is not itself included by the
  // file. The files of an include cycle that nothing else includes (nginx.conf includes loop.conf,
  // loop.conf includes nginx.conf) are linted through one of them, the cycle's root: a file named
  // nginx.conf if there is one, else the first path. Otherwise each would wait for the other and no
  // finding in either would ever be reported.
  const rootRank = (p: string) => [/(^|\/)nginx\.conf$/.test(p) ? 0 : 1, p] as const;
  const before = (a: string, b: string) => {
    const [ra, pa] = rootRank(a);
    const [rb, pb] = rootRank(b);
    return ra !== rb ? ra < rb : pa < pb;
  };
  const includedElsewhere = (u: Unit) => includersOf(u).some((p) => !includesOf(u).has(p) || before(p, u.source.path));

  // A unit cached as "linted through its includer" is stale when nothing in the run includes it now.
  const orphans = units.filter((u) => u.fromCache && u.viaIncluder && !includedElsewhere(u) && inScope(u.source.path));
  if (orphans.length) {
    await loadParsers(new Set(orphans.map((u) => u.source.kind)));
    await loadRuleCode();
    for (const u of orphans) {
      Object.assign(u, { raw: [], comments: [], suppressions: [], includes: [], texts: {}, fromCache: false, viaIncluder: false, pending: true });
      parseUnit(u);
    }
  }

  let sink: RawReport[] = [];
  const makeReporter = (rule: AnyRule, defaultFile: string | undefined) => {
    const meta = rule.meta;
    return (d: ReportDescriptor<string>) => {
      const node = d.node as Locatable | undefined;
      const span = d.span ?? node?.span;
      const file = d.file ?? node?.file ?? defaultFile;
      if (!span || !file) throw new Error(`rule ${meta.id} reported without a ${span ? 'file' : 'node or span'}`);
      const template = (meta.messages as Record<string, string>)[d.messageId];
      if (template === undefined) throw new Error(`rule ${meta.id} reported unknown messageId "${d.messageId}"`);
      const fix = d.fix ? (Array.isArray(d.fix) ? d.fix : [d.fix]) : undefined;
      sink.push({
        ruleId: meta.id,
        file,
        span,
        severity: d.severity ?? meta.severity,
        message: formatMessage(template, d.data),
        messageId: d.messageId,
        // The rule's own list, shared by its findings (nothing changes it).
        causes: meta.causes,
        fix: fix?.map((e) => ({ ...e, file: e.file ?? file })),
        suggestions: d.suggest,
        related: d.related,
      });
    };
  };
  const internalError = (ruleId: string, file: string, e: unknown) =>
    sink.push({ ruleId: 'internal-error', file, span: { start: 0, end: 0 }, severity: 'error', message: `Rule ${ruleId} crashed on this file: ${errorText(e, input.debug)}`, causes: [] });
  modelReady = true;

  // 2. File rules: one traversal per file with every enabled rule's visitors merged.
  const lintUnit = (unit: Unit) => {
    const parsed = unit.pending ? parseUnit(unit) : unit.parsed;
    const parser = unit.parser;
    const path = unit.source.path;
    if (unit.fromCache || !parsed || !parser || !inScope(path)) return;
    // A file that is pulled in by an includer in the run is linted through that includer.
    if (includedElsewhere(unit)) {
      unit.viaIncluder = true;
      unit.linted = true;
      return;
    }
    if (!reportOn(path) && !unit.includes.some((p) => reportOn(p))) return;
    unit.linted = true;
    sink = unit.raw;
    settle(unit, parsed);
    const fc = config.forFile(path);
    const handlers = new Map<string, { ruleId: string; fn: (node: unknown) => void }[]>();
    const broken = new Set<string>();
    for (const rule of fileRules) {
      const eff = fc.rules.get(rule.meta.id);
      if (!eff || !ruleKinds(rule.meta).includes(parsed.kind)) continue;
      let visitors: Record<string, ((node: unknown) => void) | undefined>;
      try {
        // Reading the model or another file makes this file's findings depend on the whole run.
        const ctx = {
          id: rule.meta.id,
          settings: fc.settings,
          report: makeReporter(rule, path),
          source: (p: string) => {
            if (p !== path) unit.usesRun = true;
            return source(p);
          },
          get model() {
            unit.usesRun = true;
            return model;
          },
          file: parsed,
        };
        visitors = rule.create(ctx as never, eff.options as never) as unknown as Record<string, (node: unknown) => void>;
      } catch (e) {
        internalError(rule.meta.id, path, e);
        continue;
      }
      for (const [type, fn] of Object.entries(visitors)) {
        if (!fn) continue;
        let list = handlers.get(type);
        if (!list) handlers.set(type, (list = []));
        list.push({ ruleId: rule.meta.id, fn });
      }
    }
    if (handlers.size) {
      const dispatch = (type: string, node: unknown) => {
        const list = handlers.get(type);
        if (!list) return;
        for (const h of list) {
          if (broken.has(h.ruleId)) continue;
          try {
            h.fn(node);
          } catch (e) {
            broken.add(h.ruleId);
            internalError(h.ruleId, path, e);
          }
        }
      };
      try {
        parser.traverse(parsed.root, dispatch, (type, node) => dispatch(`${type}:exit`, node));
      } catch (e) {
        internalError(`(${parsed.kind} traversal)`, path, e);
      }
      dispatch('file:exit', undefined);
    }
    // The visitors hold their rule's context, and through it the file's tree. No object of lint500's
    // holds the map once the file is done (a heap snapshot finds no earlier file's tree), yet the
    // young-generation collections kept it and the trees alive: each was promoted to the old
    // generation and freed only by a full collection. On 539 Dockerfiles that was 38 MB promoted
    // against 10 MB once the map is emptied here, and 120 ms of GC pauses against 65 ms.
    handlers.clear();
  };
  /** Places the findings whose files' texts are at hand (read, and not let go yet), and those in `own`. */
  const placeAtHand = (raw: readonly RawReport[], own?: string) => {
    const atHand = (p: string) => p === own || texts.get(p)?.text !== undefined;
    for (const r of raw) if (atHand(r.file) && (r.related ?? []).every((x) => atHand(x.file))) placeFinding(r, source);
  };
  /**
   * A unit's rules ran: its findings in files whose text is at hand are placed now, and its text
   * let go (read again only if a later rule or finding asks for it), as are the texts of finished
   * files its rules read again. A tree kept for project rules reads the text through the store from
   * now on, and keeps only the comments that may be directives.
   */
  const done = (unit: Unit) => {
    const path = unit.source.path;
    if (releasable(path)) {
      placeAtHand(unit.raw, path);
      // Project rules read trees, not comments: only those that may be directives stay (a tree for
      // the parallel runner's cache keeps them all).
      if (unit.parsed) unit.parsed = lazyParsed(input.cacheTrees ? unit.parsed : { ...unit.parsed, comments: unit.parsed.comments.filter(mayBeDirective) });
      release(path);
    }
    releaseLate();
  };
  for (const unit of units) {
    if (!unit.pending) continue;
    lintUnit(unit);
    unit.pending = false;
    drop(unit);
    done(unit);
  }
  if (cache)
    for (const u of units) {
      if (!u.key || !u.linted) continue;
      const tree =
        input.cacheTrees && u.summary !== undefined
          ? { summary: u.summary }
          : input.cacheTrees && u.parsed && !u.parser?.dispose
            ? { tree: { root: u.parsed.root, comments: u.parsed.comments } }
            : {};
      cache.set(u.key, { raw: u.raw, ...(u.parserFindings !== undefined ? { parserFindings: u.parserFindings } : {}), ...(u.viaIncluder ? { viaIncluder: true } : {}), comments: u.comments, suppressions: u.suppressions, includes: u.includes, texts: u.texts, ...(u.usesRun ? { runKey: runKey() } : {}), ...tree });
    }

  // 3. Project rules, once over the whole model.
  let projectRaw: RawReport[] = cachedProject ?? [];
  if (!cachedProject && projectRules.length) {
    await loadParsers(new Set(units.map((u) => u.source.kind)));
    await loadRuleCode();
    sink = projectRaw = [];
    for (const rule of projectRules) {
      try {
        const ctx = { id: rule.meta.id, settings: config.settings, report: makeReporter(rule, undefined), source, model };
        const visitors = rule.create(ctx as never, (config.forFile('').rules.get(rule.meta.id)?.options ?? {}) as never) as { project?: (m: ProjectModel) => void };
        visitors.project?.(model);
      } catch (e) {
        internalError(rule.meta.id, input.files[0]?.path ?? '.', e);
      }
    }
    if (projectKey) cache?.set(projectKey, projectRaw);
    if (!input.fix) placeAtHand(projectRaw);
    releaseLate();
  }
  for (const u of units) if (u.parsed && u.parser?.dispose) u.parser.dispose(u.parsed.root);

  const comments = new Map<string, Comment[]>();
  const seenComments = new Set<string>();
  const annotations = new Map<string, SuppressionRegion[]>();
  for (const u of units) {
    // An included file's comments arrive twice (its own parse and its includer's): keep one copy.
    for (const c of u.comments) {
      const file = c.file ?? u.source.path;
      const key = `${file}\u0000${c.span.start}`;
      if (seenComments.has(key)) continue;
      seenComments.add(key);
      push(comments, file, c);
    }
    for (const x of u.suppressions) push(annotations, x.file ?? u.source.path, x);
  }
  // A file pulled in by an includer of the run is reported through the includer: its standalone
  // parse (with a guessed context) would repeat or contradict the includer's diagnostics.
  const raw = [...units.flatMap((u) => (includedElsewhere(u) ? [] : u.raw)), ...projectRaw, ...passRaw];
  // The pass is over: placing the findings needs none of its units (trees, summaries, Kubernetes
  // objects) nor the model's memos (indexes). Let them go now, not when this frame ends, so that
  // placing findings and the formatters reuse their memory.
  units.length = 0;
  toLint.length = 0;
  orphans.length = 0;
  includeSets.clear();
  model.release();
  return finish(input, raw, source, comments, annotations);
}

/**
 * Where a finding is, resolved once against its file's text: kept on the finding, so a run that
 * takes it from the cache places it without reading the file.
 */
export interface ResolvedAt {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** The fingerprint's base (it hashes the trimmed line text). */
  fp: string;
  related?: { line: number; column: number; endLine: number; endColumn: number }[];
}

function finish(
  input: EngineInput,
  raw: RawReport[],
  source: (path: string) => { text: string; lines: LineIndex } | undefined,
  comments: Map<string, Comment[]>,
  annotations: Map<string, SuppressionRegion[]>,
): { results: FileResult[]; fixes: Map<string, Edit[][]> } {
  const config = input.config;
  const reportOn = input.reportOn ?? (() => true);
  const byFile = new Map<string, LintMessage[]>();
  const suppressedByFile = new Map<string, LintMessage[]>();
  const fixes = new Map<string, Edit[][]>();
  const regionsByFile = new Map<string, Region[]>();
  /** How many findings of the current file had each fingerprint (a fingerprint names its file). */
  const fingerprintCounts = new Map<string, number>();
  const ruleById = new Map(input.rules.map((r) => [r.meta.id, r]));

  const regionsFor = (path: string): Region[] => {
    let regions = regionsByFile.get(path);
    if (regions) return regions;
    // No directive and no annotation (or inline configuration turned off): nothing to read.
    if (input.inlineConfig === false || (!comments.get(path)?.length && !annotations.get(path)?.length)) {
      regionsByFile.set(path, (regions = []));
      return regions;
    }
    const src = source(path);
    const directives = src ? (comments.get(path) ?? []).flatMap((c) => parseDirective(c, src.lines) ?? []) : [];
    regions = [...regionsFromDirectives(directives, src?.lines.lineCount ?? 1), ...(annotations.get(path) ?? []).map(regionFromAnnotation)];
    regionsByFile.set(path, regions);
    return regions;
  };

  const toLoc = (file: string, span: Span) => locate(source, file, span);

  const sorted = [...raw].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.start - b.span.start || a.span.end - b.span.end || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)));
  // A finding reported twice (same file, span, rule and message) is reported once. Sorted by file,
  // span and rule, its twin is in the same group of findings: the messages of that group are
  // compared, and no key string is made per finding.
  let groupFrom = 0;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    const head = sorted[groupFrom]!;
    if (head.file !== r.file) fingerprintCounts.clear();
    if (head.file !== r.file || head.span.start !== r.span.start || head.span.end !== r.span.end || head.ruleId !== r.ruleId) groupFrom = i;
    else if (hasMessage(sorted, groupFrom, i, r.message)) continue;
    if (!reportOn(r.file)) continue;
    const core = isCoreCode(r.ruleId);
    let severity = r.severity;
    if (!core) {
      const eff = config.forFile(r.file).rules.get(r.ruleId);
      if (!eff) continue;
      if (eff.explicit || r.severity === ruleById.get(r.ruleId)?.meta.severity) severity = eff.severity;
    }
    const at = placeFinding(r, source);
    const base = at.fp;
    const n = fingerprintCounts.get(base) ?? 0;
    fingerprintCounts.set(base, n + 1);
    const related: RelatedMessage[] | undefined = r.related?.map((x, i) => ({ filePath: x.file, span: x.span, message: x.message, ...(at.related?.[i] ?? toLoc(x.file, x.span)) }));
    // Key by key, without spread temporaries: this runs for every finding of a run.
    const msg = { ruleId: r.ruleId, severity, message: r.message } as LintMessage;
    if (r.messageId) msg.messageId = r.messageId;
    msg.line = at.line;
    msg.column = at.column;
    msg.endLine = at.endLine;
    msg.endColumn = at.endColumn;
    msg.span = r.span;
    msg.causes = r.causes;
    if (r.fix) msg.fix = r.fix;
    if (r.suggestions) msg.suggestions = r.suggestions;
    if (related?.length) msg.related = related;
    msg.fingerprint = n ? `${base}:${n}` : base;
    const region = r.ruleId === 'internal-error' ? undefined : matchRegion(regionsFor(r.file), r.ruleId, msg.line);
    if (region) {
      msg.suppressions = [{ kind: region.source === 'directive' ? 'directive' : 'annotation', ...(region.reason ? { justification: region.reason } : {}) }];
      push(suppressedByFile, r.file, msg);
      continue;
    }
    push(byFile, r.file, msg);
    if (r.fix && input.fix) {
      const rule = ruleById.get(r.ruleId);
      const kind = rule?.meta.fix;
      if (kind && (kind === 'safe' || input.fix === 'unsafe') && (input.fixFilter?.(r.ruleId) ?? true)) {
        // A fix may edit other files than the one reported in: each file gets its own edits.
        const byTarget = new Map<string, Edit[]>();
        for (const e of r.fix) push(byTarget, e.file ?? r.file, e);
        for (const [target, edits] of byTarget) push(fixes, target, edits);
      }
    }
  }

  // Unused directives: only for files we report on.
  const unusedLevel = config.reportUnused;
  if (unusedLevel !== 'off') {
    const paths = new Set([...comments.keys(), ...annotations.keys()]);
    for (const path of paths) {
      if (!reportOn(path)) continue;
      for (const region of regionsFor(path)) {
        for (const id of unusedIds(region)) {
          const unknown = id !== 'all' && !ruleById.has(id) && !input.knownRuleIds?.has(id) && !isCoreCode(id);
          const ruleId = unknown ? 'invalid-disable-directive' : 'unused-disable-directive';
          const message = unknown
            ? `Unknown rule "${id}" in lint500 suppression${didYouMean(id, input.knownRuleIds ?? ruleById.keys())}.`
            : id === 'all'
              ? 'Unused lint500 suppression: no finding was suppressed here.'
              : `Unused lint500 suppression for ${id}: it suppressed nothing.`;
          const loc = toLoc(path, region.span);
          push(byFile, path, {
            ruleId,
            severity: unusedLevel === 'error' ? 'error' : CORE_CODES[ruleId].severity,
            message,
            ...loc,
            span: region.span,
            causes: [],
            fingerprint: fnv1a64(`${ruleId}\u0000${path}\u0000${message}`),
          });
        }
      }
    }
  }

  const kindOf = new Map<string, string>();
  for (const f of input.files) kindOf.set(f.path, f.kind);
  // Files of the run in its order, then others a finding is in (an included file), by path.
  const extra = [...new Set([...byFile.keys(), ...suppressedByFile.keys()])].filter((p) => !kindOf.has(p)).sort();
  const results: FileResult[] = [];
  const add = (path: string) => {
    if (!reportOn(path)) return;
    const messages = (byFile.get(path) ?? []).sort(compareMessages);
    const suppressedMessages = (suppressedByFile.get(path) ?? []).sort(compareMessages);
    results.push(new EngineResult(path, kindOf.get(path) ?? 'unknown', messages, suppressedMessages, source));
  };
  for (const f of input.files) add(f.path);
  for (const path of extra) add(path);
  return { results, fixes };
}

/** Whether a finding of `sorted[from..to)` has the message `message`. */
function hasMessage(sorted: readonly RawReport[], from: number, to: number, message: string): boolean {
  for (let j = from; j < to; j++) if (sorted[j]!.message === message) return true;
  return false;
}

/**
 * A file's result, whose text is read on first use: formatters read it only for files with findings
 * (code frames, fixes). The getter is the class's, not one defined on each result: a closure and an
 * accessor per result turned each into a dictionary, megabytes on a large run that the collector
 * copied. `source` is therefore not an own property: a copy of a result (`{ ...r }`) has none.
 */
class EngineResult implements FileResult {
  declare output?: string;
  #text: string | undefined;
  readonly #read: (path: string) => { text: string } | undefined;
  constructor(
    public filePath: string,
    public kind: string,
    public messages: LintMessage[],
    public suppressedMessages: LintMessage[],
    read: (path: string) => { text: string } | undefined,
  ) {
    this.#read = read;
  }
  get source(): string {
    return (this.#text ??= this.#read(this.filePath)?.text ?? '');
  }
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  list.push(value);
}

/**
 * Lints a set of files. With `fix`, applies fixes and lints again (up to 10 passes) until nothing
 * more is fixable; `output` then holds each changed file's new text.
 */
export async function lint(input: EngineInput): Promise<FileResult[]> {
  if (!input.fix) return (await runOnce(input)).results;
  let files = input.files;
  const originals = new Map(files.map((f) => [f.path, f.text]));
  let results: FileResult[] = [];
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    // After a fix pass the texts are not those the caller's run key describes.
    const { results: r, fixes } = await runOnce(pass ? { ...input, files, runKey: undefined } : input);
    results = r;
    if (!fixes.size) break;
    let changed = false;
    files = files.map((f) => {
      const groups = fixes.get(f.path);
      if (!groups) return f;
      const { output, applied } = applyFixes(f.text, groups);
      if (!applied || output === f.text) return f;
      changed = true;
      // A new text: not the caller's known hash (nor a lazily read text).
      return { path: f.path, kind: f.kind, text: output };
    });
    if (!changed) break;
  }
  for (const r of results) {
    const now = files.find((f) => f.path === r.filePath);
    if (now && now.text !== originals.get(r.filePath)) r.output = now.text;
  }
  return results;
}


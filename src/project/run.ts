/**
 * The file-aware runner: discovery, reading, classification, config, lazy rule loading, the engine,
 * baselines and writing fixes. The CLI, the pre-commit entry and the LSP call this (the LSP with
 * overlays for unsaved buffers), so they all lint the same way.
 */
import { chmodSync, chownSync, closeSync, existsSync, openSync, readFileSync, readSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { DOMAIN_KINDS, domainsFor } from '../../rules/domains.js';
import { loadRules, RULE_IDS } from '../../rules/index.js';
import { ConfigResolver, validateConfig } from '../core/config/resolve.js';
import type { RuleSetting, UnusedDirectivesLevel } from '../core/config/types.js';
import type { FileResult, LintMessage } from '../core/diagnostics.js';
import { lint, maxFileSize, type EngineInput } from '../core/engine.js';
import { fnv1a64, textHash } from '../core/hash.js';
import type { AnyRule, FileKind, SourceFile } from '../core/rule.js';
import { loadParser } from '../parsers/index.js';
import { applyBaseline, parseBaseline } from './baseline.js';
import { Boundary } from './boundary.js';
import { FileCache, sha1Digest, type FileMeta } from './cache.js';
import { packageVersion } from './package-root.js';
import { classify, isHelmTemplate } from './classify.js';
import { checkConfig, ConfigLoadError, findConfigFile, loadConfigFile, loadPlugins, type LoadedConfig } from './config-files.js';
import { discover, type DiscoverProblem, type DiscoverResult } from './discover.js';
import { stagedFiles } from './git.js';
import { DiskHost } from './host.js';
import { displayPath } from './paths.js';
import { readTextFile } from './read.js';
import { lintThreaded, threadCount } from './threads.js';
import { appendAll } from '../core/append.js';

/**
 * Characters of file text that discovery, which reads each file to classify it, hands on to the
 * engine: a run within it reads no file twice. A larger run's files beyond it are read again when
 * linted (discovery does not hold a large tree's texts at once); the engine lets each text go once
 * its file is linted either way.
 */
const HELD_TEXT_BUDGET = 4 * 1024 * 1024;

export interface RunOptions {
  cwd: string;
  paths: string[];
  /** `--config FILE`: use this config instead of searching. */
  configFile?: string;
  /** `--rule 'id: severity'` settings. */
  cliRules?: Record<string, RuleSetting>;
  /** Lint text from stdin under this name. */
  stdin?: { text: string; filename: string };
  /** Lint the staged content of staged files. */
  staged?: boolean;
  /** Honour lint500-disable comments and suppression annotations (default true). */
  inlineConfig?: boolean;
  /** Read every lintable file under this folder for project rules, but report only in `paths`. */
  context?: string;
  fix?: false | 'safe' | 'unsafe';
  /** Compute fixes without writing them. */
  fixDryRun?: boolean;
  baseline?: string;
  reportUnused?: UnusedDirectivesLevel;
  /** Skip named files of no known kind silently (hooks pass every changed YAML or .conf). */
  ignoreUnknown?: boolean;
  /** Reuse results of unchanged files from this cache file (`--cache`). */
  cacheLocation?: string;
  /**
   * How a cached run tells a file is unchanged: `metadata` (default) trusts an unchanged size and
   * modification time and does not read the file; `content` reads and hashes every file.
   */
  cacheStrategy?: 'metadata' | 'content';
  /** `--shard i/n`: lint the i-th of n deterministic parts (1-based); project rules run in part 1. */
  shard?: { index: number; count: number };
  /** Worker threads (`--threads`); default: the cores for large runs, 1 for small ones. */
  threads?: number;
  /** Texts that replace files on disk (LSP buffers). */
  overlay?: ReadonlyMap<string, string>;
  debug?: boolean;
  /**
   * Called once the run knows its files, before any rule loads: how many of them it lints (those
   * the cache does not answer). Lets the CLI size the process for the work ahead.
   */
  onFilesToLint?: (count: number) => void;
}

export interface RunOutcome {
  results: FileResult[];
  /** Problems of discovery: missing paths (exit 2), loops and unreadable folders (warnings). */
  problems: DiscoverProblem[];
  /** Every rule that was loaded (for formatters). */
  rules: Map<string, AnyRule>;
  config: LoadedConfig;
  /** Files written by --fix. */
  written: string[];
}

function defaultConfig(cwd: string): LoadedConfig {
  return { config: {}, dir: cwd, locate: () => ({ line: 1, column: 1 }) };
}

export function resolveConfig(cwd: string, configFile?: string, start?: string): LoadedConfig {
  if (configFile) return loadConfigFile(resolve(cwd, configFile));
  const found = findConfigFile(start ?? cwd);
  return found ? loadConfigFile(found) : defaultConfig(cwd);
}

function coreResult(path: string, kind: string, ruleId: string, severity: LintMessage['severity'], message: string): FileResult {
  return {
    filePath: path,
    kind,
    source: '',
    suppressedMessages: [],
    messages: [{ ruleId, severity, message, line: 1, column: 1, endLine: 1, endColumn: 1, span: { start: 0, end: 0 }, causes: [], fingerprint: fnv1a64(`${ruleId}\u0000${path}\u0000${message}`) }],
  };
}

/**
 * Temporary files of --fix being written: removed if the run is interrupted. The writes are
 * synchronous, so a SIGINT or SIGTERM that arrives during one is handled once it is over (the loop
 * of writes yields after each file): the handler removes what is left and re-raises the signal, so
 * the run stops there.
 */
const pendingTmp = new Set<string>();
const nextTurn = (): Promise<void> => new Promise((next) => setImmediate(next));
/**
 * Test hook: with LINT500_TEST_FIX_PAUSE_MS set, each temporary file is announced on stderr and the
 * write pauses that long before the rename, so a test can signal the run while the file exists.
 */
function pauseAfterTemp(tmp: string): void {
  const ms = Number(process.env['LINT500_TEST_FIX_PAUSE_MS'] ?? '');
  if (!(ms > 0)) return;
  writeSync(2, `lint500: temporary file ${tmp}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
let signalsHooked = false;
function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.once(sig, () => {
      for (const t of pendingTmp) rmSync(t, { force: true });
      process.kill(process.pid, sig);
    });
}

/**
 * Writes a fix in place, keeping what the file is: a symbolic link is written through to its target
 * (inside the boundary), a file with hard links is rewritten in place (the links stay one file),
 * others atomically (temporary file in the same folder, then rename) with their mode and owner. The
 * UTF-8 BOM the reader dropped is put back. A read-only file is not written. Returns why not, or
 * undefined when written.
 */
function writeFix(abs: string, text: string, boundary: Boundary): string | undefined {
  let target: string;
  try {
    target = realpathSync.native(abs);
  } catch (e) {
    return `cannot resolve the file (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
  if (!boundary.contains(target)) return 'the file is a symbolic link to a target outside the linted tree';
  let st;
  try {
    st = statSync(target);
  } catch (e) {
    return `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
  if (!st.isFile()) return 'not a regular file';
  if ((st.mode & 0o222) === 0) return 'the file is read-only';
  let bom: boolean;
  try {
    const fd = openSync(target, 'r');
    const head = Buffer.alloc(3);
    readSync(fd, head, 0, 3, 0);
    closeSync(fd);
    bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  } catch (e) {
    return `cannot read the file (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
  const data = bom ? '\ufeff' + text : text;
  try {
    if (st.nlink > 1) {
      writeFileSync(target, data);
      return undefined;
    }
    const tmp = join(dirname(target), `.${Date.now().toString(36)}.${process.pid}.lint500.tmp`);
    pendingTmp.add(tmp);
    try {
      writeFileSync(tmp, data, { mode: st.mode & 0o7777, flag: 'wx' });
      chmodSync(tmp, st.mode & 0o7777);
      try {
        chownSync(tmp, st.uid, st.gid);
      } catch {
        // only root may give a file away: the owner is then the writer, as with any editor
      }
      pauseAfterTemp(tmp);
      renameSync(tmp, target);
    } finally {
      pendingTmp.delete(tmp);
      if (existsSync(tmp)) rmSync(tmp, { force: true });
    }
  } catch (e) {
    return `cannot write the file (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
  return undefined;
}

/** Which shard (1-based) a file belongs to: by a hash of its path, so adding files moves no others. */
export function shardOf(path: string, count: number): number {
  return (parseInt(fnv1a64(path).slice(0, 8), 16) % count) + 1;
}

/** Where the config search starts: the folder of the single path linted, else cwd. */
function configStart(cwd: string, opts: RunOptions): string {
  const first = opts.stdin?.filename ?? (opts.paths.length === 1 ? opts.paths[0] : undefined);
  if (!first) return cwd;
  const abs = resolve(cwd, first);
  try {
    return statSync(abs).isDirectory() ? abs : dirname(abs);
  } catch {
    return dirname(abs);
  }
}

/**
 * The rules of a run and the config resolver over them: only the domains of the kinds present (plus
 * domains whose options the config sets). Worker threads call this too, so they lint with exactly
 * the rules, options and cache salt of the main thread.
 */
export async function setupRules(
  cwd: string,
  loaded: LoadedConfig,
  kinds: ReadonlySet<FileKind>,
  opts: Pick<RunOptions, 'cliRules' | 'reportUnused'>,
  validate: boolean,
  metaCache?: Pick<FileCache, 'ruleMetas' | 'setRuleMetas'>,
): Promise<{ rules: Map<string, AnyRule>; resolver: ConfigResolver; cacheSalt: string; loadCode?: () => Promise<AnyRule[]> }> {
  const configured = new Set(
    [...Object.keys(loaded.config.rules ?? {}), ...(loaded.config.overrides ?? []).flatMap((o) => Object.keys(o.rules ?? {})), ...Object.keys(opts.cliRules ?? {})].map((id) => id.split('/')[0]!),
  );
  const domains = new Set([...domainsFor(kinds, kinds.size > 1), ...[...configured].filter((d) => Object.hasOwn(DOMAIN_KINDS, d))]);
  const listed = (loaded.config as { plugins?: unknown }).plugins;
  const noPlugins = listed === undefined || (Array.isArray(listed) && !listed.length);
  // A cached run takes the rules' metadata from the cache and loads their code (and the parsers it
  // imports) only when something is linted: a run where every file hits the cache loads neither.
  const ids = RULE_IDS.filter((id) => domains.has(id.split('/')[0]!));
  const metaKey = `${packageVersion()}\u0000${ids.join(',')}`;
  const cachedMetas = metaCache && noPlugins ? metaCache.ruleMetas(metaKey, ids) : undefined;
  let code: Promise<AnyRule[]> | undefined;
  const loadCode = () => (code ??= loadRules(domains));
  const loadedRules = cachedMetas ? cachedMetas.map((meta): AnyRule => ({ meta, create: stubCreate })) : await loadCode();
  if (metaCache && noPlugins && !cachedMetas) metaCache.setRuleMetas(metaKey, loadedRules.map((r) => r.meta));
  const plugins = await loadPlugins(loaded);
  const rules = new Map<string, AnyRule>();
  for (const r of [...loadedRules, ...plugins]) rules.set(r.meta.id, r);
  // Unknown-id checks need every known id, not only the loaded ones.
  const known = new Map(rules);
  for (const id of RULE_IDS) if (!known.has(id)) known.set(id, { meta: { id, kind: 'project', severity: 'warning', recommended: false, status: 'stable', since: '', description: '', causes: [], remediation: '', messages: {} }, create: () => ({}) });
  // Validation loads ajv: only when there is something to validate.
  if (validate && loaded.file) checkConfig(loaded, known);
  if (validate && opts.cliRules && Object.keys(opts.cliRules).length) {
    const problems = validateConfig({ rules: opts.cliRules }, known);
    if (problems.length) throw new ConfigLoadError(problems.map((p) => ({ file: '--rule', line: 1, column: 1, message: `${p.path.slice(1).join('.')}: ${p.message}` })));
  }
  const resolver = new ConfigResolver(
    { ...loaded.config, ...(opts.reportUnused ? { reportUnusedDisableDirectives: opts.reportUnused } : {}) },
    rules,
    displayPath(cwd, loaded.dir) === '.' ? '' : displayPath(cwd, loaded.dir),
    opts.cliRules,
  );
  return { rules, resolver, cacheSalt: `${packageVersion()}\u0000${[...rules.keys()].sort().join(',')}`, ...(cachedMetas ? { loadCode } : {}) };
}

/** `create` of a rule known by its cached metadata only: the engine loads the code before it runs rules. */
function stubCreate(): never {
  throw new Error('rule code not loaded');
}

export async function run(opts: RunOptions): Promise<RunOutcome> {
  const cwd = resolve(opts.cwd);
  const loaded = resolveConfig(cwd, opts.configFile, configStart(cwd, opts));
  const userConfig = loaded.config;
  const maxSize = maxFileSize(userConfig.settings);

  // 1. Which files: staged content, stdin, or discovery.
  const problems: DiscoverProblem[] = [];
  const sources: SourceFile[] = [];
  const early: FileResult[] = [];
  const overlay = new Map(opts.overlay ?? []);
  /** With --context: the files to report on (the others are read for cross-file rules only). Without it every file is. */
  const reportSet = new Set<string>();
  const helmCharts = new Map<string, number>();
  // The tree lint500 may read (walk, includes, manifests, fixes): the linted roots and their
  // repositories, whatever the working folder (boundary.ts).
  const boundary = Boundary.of(cwd, [...(opts.paths.length || opts.stdin || opts.staged ? opts.paths : ['.']), ...(opts.context ? [opts.context] : [])]);
  const roots = boundary.roots;

  const cache = opts.cacheLocation ? new FileCache(resolve(cwd, opts.cacheLocation), (message) => problems.push({ path: opts.cacheLocation!, message, level: 'warning' })) : undefined;
  // One digest function for the whole run: `textHash` keeps its results per function.
  const digest = cache ? cache.digest : sha1Digest;
  /** Size and modification time of files read from disk, for the cache's record of them. */
  const stats = new Map<string, { size: number; mtimeMs: number }>();
  /** Files the cache's record answers (unchanged size and modification time). */
  const kept = new Map<string, FileMeta>();
  let heldBudget = HELD_TEXT_BUDGET;
  const consider = (abs: string, path: string, text: string | undefined, explicit: boolean, report: boolean) => {
    if (text === undefined && cache && opts.cacheStrategy !== 'content') {
      const known = unchangedFile(cache, abs, cwd, path, maxSize);
      if (known) {
        kept.set(path, known.meta);
        sources.push(known.file);
        if (report && opts.context) reportSet.add(path);
        return;
      }
    }
    let fromDisk = false;
    if (text === undefined) {
      const r = readTextFile(abs, maxSize);
      if (!r.ok) {
        if (!report) return;
        if (r.reason === 'too-large') early.push(coreResult(path, 'unknown', 'file-too-large', 'warning', `File is ${r.size} bytes, over the ${maxSize}-byte limit (settings.limits.maxFileSize); it was not linted.`));
        else if (r.reason === 'binary') {
          if (explicit) early.push(coreResult(path, 'unknown', 'file-skipped', 'info', 'File contains NUL bytes (binary content); it was not linted.'));
        } else if (r.reason === 'unreadable') early.push(coreResult(path, 'unknown', 'file-skipped', 'warning', `File could not be read (${r.error}); it was not linted.`));
        else early.push(coreResult(path, 'unknown', 'file-skipped', 'info', 'Not a regular file; it was not read.'));
        return;
      }
      text = r.text;
      fromDisk = true;
      if (cache) stats.set(path, { size: r.size, mtimeMs: r.mtimeMs });
    }
    const kind = classify(path, text);
    if (!kind) {
      if (explicit && report && !opts.ignoreUnknown) problems.push({ path, message: 'lint500 does not know what kind of file this is (nginx, Dockerfile, Kubernetes, Tomcat, Spring, JS/TS, Python, Java)', level: 'error' });
      return;
    }
    if (isHelmTemplate(path, kind, text)) {
      if (report) {
        const chart = path.replace(/\/?templates\/[^/]+$/, '') || '.';
        helmCharts.set(chart, (helmCharts.get(chart) ?? 0) + 1);
      }
      return;
    }
    if (fromDisk) {
      const held = text.length <= heldBudget ? text : undefined;
      if (held !== undefined) heldBudget -= held.length;
      sources.push(new DiskFile(abs, cwd, path, kind, maxSize, cache ? textHash({ text }, digest) : undefined, held));
    } else sources.push({ path, text, kind });
    if (report && opts.context) reportSet.add(path);
  };

  if (opts.stdin) {
    const path = opts.stdin.filename.replace(/\\/g, '/');
    overlay.set(path, opts.stdin.text);
    consider(resolve(cwd, path), path, opts.stdin.text, true, true);
  } else if (opts.staged) {
    const staged = stagedFiles(cwd);
    for (const f of staged.files) {
      const path = displayPath(cwd, f.abs);
      overlay.set(path, f.text);
      consider(f.abs, path, f.text, false, true);
    }
  } else {
    // `let`, and cleared after use: the frame of this async function keeps its locals to the end of
    // the run, and the walk's list holds an absolute path per file.
    let found: DiscoverResult | undefined = discover({ cwd, paths: opts.paths, ignorePatterns: userConfig.ignorePatterns, ignoreBase: loaded.dir, roots, ...(cache && opts.cacheStrategy !== 'content' ? { listings: cache } : {}) });
    appendAll(problems, found.problems);
    for (const c of found.files) consider(c.abs, c.path, overlay.get(c.path), c.explicit, true);
    // eslint-disable-next-line no-useless-assignment -- read by the garbage collector: see above
    found = undefined;
  }
  if (opts.context) {
    let ctx: DiscoverResult | undefined = discover({ cwd, paths: [opts.context], ignorePatterns: userConfig.ignorePatterns, ignoreBase: loaded.dir, roots });
    const have = new Set(sources.map((s) => s.path));
    for (const c of ctx.files) if (!have.has(c.path)) consider(c.abs, c.path, overlay.get(c.path), false, false);
    // eslint-disable-next-line no-useless-assignment -- as `found` above
    ctx = undefined;
  }
  for (const [chart, n] of [...helmCharts].sort()) {
    early.push(
      coreResult(chart, 'k8s', 'template-skipped', 'info', `${n} Helm template file(s) under ${chart}/templates were not linted: they are not YAML until rendered. Lint the rendered output: helm template ${chart} | lint500 --stdin --stdin-filename chart.yaml`),
    );
  }

  opts.onFilesToLint?.(sources.length - kept.size);

  // 2. Rules: only the domains of the kinds present (plus domains whose options the config sets).
  const kinds = new Set(sources.map((s) => s.kind));
  const { rules, resolver, cacheSalt, loadCode } = await setupRules(cwd, loaded, kinds, opts, true, cache);

  // 3. Lint.
  const host = new DiskHost(cwd, roots, maxSize, overlay);
  const shard = opts.shard;
  const fileScope = shard ? (p: string) => shardOf(p, shard.count) === shard.index : undefined;
  const input: EngineInput = {
    files: sources,
    rules: [...rules.values()],
    config: resolver,
    parsers: loadParser,
    host,
    // Without --context every file of the run is reported on, and so is any other file a finding
    // may be in (an include outside the linted paths): no set of paths is kept for that.
    reportOn: opts.context ? (p) => reportSet.has(p) : () => true,
    fix: opts.fix ?? false,
    debug: opts.debug,
    fileScope,
    runProjectRules: !shard || shard.index === 1,
    cache,
    cacheSalt,
    inlineConfig: opts.inlineConfig !== false,
    knownRuleIds: new Set<string>([...RULE_IDS, ...rules.keys()]),
    textDigest: digest,
    ...(cache ? { runKey: cache.runKey(sources, kept, (s) => textHash(s, digest)) } : {}),
    ...(loadCode ? { loadRules: loadCode } : {}),
  };
  // Fix passes re-lint changed files in a loop: they stay on one thread.
  const threads = opts.fix ? 1 : threadCount(opts.threads, fileScope ? sources.filter((s) => fileScope(s.path)).length : sources.length);
  // Worker threads and their last pass lint with the rules' code.
  if (threads > 1 && loadCode) {
    const code = new Map((await loadCode()).map((r) => [r.meta.id, r]));
    input.rules = input.rules.map((r) => code.get(r.meta.id) ?? r);
  }
  const results =
    threads > 1
      ? await lintThreaded(input, threads, {
          cwd,
          configFile: loaded.file,
          cliRules: opts.cliRules,
          reportUnused: opts.reportUnused,
          kinds: [...kinds],
          roots,
          maxSize,
          overlay: [...overlay],
          reportPaths: [...reportSet],
          context: Boolean(opts.context),
          debug: opts.debug,
        })
      : await lint(input);
  if (cache) {
    for (const s of sources) {
      const st = stats.get(s.path);
      const meta = kept.get(s.path) ?? (st ? ([st.size, st.mtimeMs, s.kind, textHash(s, digest)] satisfies FileMeta) : undefined);
      if (meta) cache.record(s.path, meta);
    }
    cache.save();
  }
  const all = [...early.filter((r) => !fileScope || fileScope(r.filePath)), ...results];
  if (opts.baseline) applyBaseline(all, parseBaseline(readFileSync(resolve(cwd, opts.baseline), 'utf8')));

  // 4. Write fixes (never for stdin or staged content).
  const written: string[] = [];
  if (opts.fix && !opts.fixDryRun && !opts.stdin && !opts.staged && all.some((r) => r.output !== undefined)) {
    // The signal handlers are in place, and their watcher registered by one turn of the loop, before
    // the first temporary file exists.
    hookSignals();
    await nextTurn();
    for (const r of all) {
      if (r.output === undefined) continue;
      const why = writeFix(resolve(cwd, r.filePath), r.output, boundary);
      // A turn of the event loop between files, so that a SIGINT or SIGTERM received during a write
      // is handled now (signal handles keep no loop alive, and the writes are synchronous).
      await nextTurn();
      if (why === undefined) written.push(r.filePath);
      else {
        // The run goes on: the other files are fixed, and this one says why it was not.
        const m = coreResult(r.filePath, r.kind, 'fix-not-written', 'warning', `The fixes of this file were not written: ${why}.`).messages[0]!;
        r.messages.push(m);
      }
    }
  }
  return { results: all, problems, rules, config: loaded, written };
}

/**
 * A file read from disk. Discovery reads it to classify it and lets that text go (50,000 texts held
 * from the walk to each file's turn were a quarter of a run's memory); the first reader after that
 * reads it again and the file keeps it until the engine releases it (its rules ran). A reader after
 * the last release reads it again without keeping it (a finding another file's rule placed in it, a
 * project rule reading its text). A file that can no longer be read then has an empty text.
 */
class DiskFile implements SourceFile {
  /** The text while the file holds it; undefined until the next read is kept (first read, or after a release until its turn), null once released for good. */
  private held: string | undefined | null;
  /** The absolute path, when it is not `cwd` joined with `path` (most are: a run keeps one per file). */
  private readonly absolute: string | undefined;
  constructor(
    abs: string,
    private readonly cwd: string,
    readonly path: string,
    readonly kind: FileKind,
    private readonly maxSize: number,
    /** The text's hash (`textHash` with the run's digest), taken at discovery for the cache. */
    readonly hash?: string,
    /** The text as discovery read it, held until the engine lets it go. */
    text?: string,
  ) {
    this.absolute = abs === `${cwd}${sep}${path}` ? undefined : abs;
    this.held = text;
  }
  private get abs(): string {
    return this.absolute ?? `${this.cwd}${sep}${this.path}`;
  }
  get text(): string {
    if (typeof this.held === 'string') return this.held;
    const r = readTextFile(this.abs, this.maxSize);
    const text = r.ok ? r.text : '';
    if (this.held === undefined) this.held = text;
    return text;
  }
  release(final = true): void {
    this.held = final ? null : undefined;
  }
}

/**
 * A file the cache's record answers: a regular file whose size and modification time are those
 * recorded, and under the limit (files that were skipped, such as Helm templates, have no record).
 * Its text is read on first use; a file that can no longer be read then has an empty text.
 */
function unchangedFile(cache: FileCache, abs: string, cwd: string, path: string, maxSize: number): { file: SourceFile; meta: FileMeta } | undefined {
  let st;
  try {
    st = statSync(abs);
  } catch {
    return undefined;
  }
  if (!st.isFile() || st.size > maxSize) return undefined;
  const meta = cache.unchanged(path, st.size, st.mtimeMs);
  if (!meta) return undefined;
  // Its text is read only if something needs it (a finding's code frame, a fix).
  return { file: new DiskFile(abs, cwd, path, meta[2], maxSize, meta[3]), meta };
}

/**
 * Parallel runs (`--threads N`), in one of two ways.
 *
 * A run with Kubernetes files: the main thread and N-1 worker threads parse the Kubernetes files,
 * each its share, and the workers send back each file's parser output (plain data) as they go. Then
 * the main thread runs the engine once over every file, its Kubernetes parser answering from those
 * outputs. The whole run's model is in one heap, as in a one-thread run, and the output is that of a
 * one-thread run, byte for byte. Kubernetes files are where a large run's parse time goes, and every
 * rule of theirs, and the Dockerfiles' deployment facts, read every workload of the run: a thread
 * that linted some of them would build the whole Kubernetes model again (the design before this one
 * parsed every Kubernetes file twice: bench/README.md, "Memory at 50k files").
 *
 * A run without them: the files are split into N parts; N-1 worker threads and the main thread each
 * run the engine on one part with a recording cache, then the main thread runs the engine once more
 * over every file with those recordings as its cache. Every file unit is then a cache hit, so the
 * last pass parses nothing and only merges, applies suppressions and orders: the output is the output
 * of a single-threaded run, byte for byte, whatever the thread count.
 *
 * Correctness does not depend on how the files are split: a unit is reused only under its full cache
 * key (text, config, rules), and a file a part did not lint is linted by the last pass. The split only
 * decides how much work is done twice:
 * - Dockerfiles and nginx files, whose rules read only their own file (and its includes), go to any
 *   thread, balanced by size; they come back with their summaries or small trees.
 * - Files of the other kinds stay on the main thread: their rules read the model too, and their trees
 *   are large (JavaScript) or native (tree-sitter), so they are not worth sending.
 * - Project rules run once, in the last pass, over the whole model.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import type { RuleSetting, UnusedDirectivesLevel } from '../core/config/types.js';
import type { FileResult } from '../core/diagnostics.js';
import { emptyHost, lint, maxFileSize, unitKeys, type CachedUnit, type EngineCache, type EngineInput, type ParserLoader, type RawReport } from '../core/engine.js';
import type { FileKind, ParseEnv, ParseOutput, ParserModule, Settings, SourceFile } from '../core/rule.js';
import { lazy } from '../core/lazy.js';
import { appendAll } from '../core/append.js';

/** Kinds any thread may lint: their rules read only their own file; their summaries or trees are small. */
export const SELF_CONTAINED_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['dockerfile', 'nginx']);
/** Kinds whose files threads parse for the main thread: their rules read the model, and their trees are plain data. */
export const WORKER_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['k8s']);

/**
 * Below this many files to lint, a default run uses one thread: starting workers and sending their
 * parser outputs back costs more than a small run gains.
 */
export const MIN_FILES_FOR_THREADS = 30_000;
/**
 * A default run uses threads only with at least this many cores. On 2 cores a one-thread run
 * already keeps the second core partly busy (V8 compiles and collects garbage on helper threads):
 * two threads took about a tenth less time than one on 10k and 50k files, for about a fifth more
 * memory (bench/README.md): too little for a default.
 */
export const MIN_CORES_FOR_THREADS = 4;
/** Each extra thread should get at least this many files. */
const MIN_FILES_PER_THREAD = 100;

/** Relative cost of a byte per kind (parse and rules), measured on the real-world corpus. */
const COST: Partial<Record<FileKind, number>> = { k8s: 3, dockerfile: 1, nginx: 1 };

export type Recorded = [string, CachedUnit | RawReport[]][];

/** A worker's job in a run with Kubernetes files: parse these files, with these settings, and send each output. */
export interface ParseJob {
  parseOnly: true;
  cwd: string;
  roots: string[];
  maxSize: number;
  overlay: [string, string][];
  /** Every path of the run (`ParseEnv.runPaths`). */
  runPaths: string[];
  files: { path: string; kind: FileKind; text: string; settings: Settings }[];
}

/** A parser's output for a file, or what it threw, or that the output could not be sent (the main thread parses that file itself). */
export type Parsed = [path: string, result: { out: ParseOutput<unknown> } | { error: string; stack?: string } | { unsent: true }];

/** What a worker needs to rebuild the main thread's rules and config and lint its part. */
export interface WorkerJob {
  cwd: string;
  configFile?: string;
  cliRules?: EngineRunOptions['cliRules'];
  reportUnused?: EngineRunOptions['reportUnused'];
  /** Kinds of the whole run: they decide which rule domains load, and so the cache salt. */
  kinds: FileKind[];
  roots: string[];
  maxSize: number;
  overlay: [string, string][];
  /** With `context`: the paths findings are reported in (`reportOn`). Without it, findings in any path are. */
  reportPaths: string[];
  context: boolean;
  debug?: boolean;
  files: SourceFile[];
}

interface EngineRunOptions {
  cliRules?: Record<string, RuleSetting>;
  reportUnused?: UnusedDirectivesLevel;
}

/** The thread count to use: the flag, else the cores when there are many files and cores, else 1. */
export function threadCount(flag: number | undefined, files: number, cores = availableParallelism()): number {
  if (flag !== undefined) return Math.max(1, Math.floor(flag));
  if (files < MIN_FILES_FOR_THREADS || cores < MIN_CORES_FOR_THREADS) return 1;
  return Math.max(1, Math.min(cores, Math.floor(files / MIN_FILES_PER_THREAD)));
}

/**
 * Splits the files to lint into `n` parts; part 0 is the main thread's. Deterministic: the same files
 * give the same parts.
 */
export function partition(files: readonly SourceFile[], n: number): SourceFile[][] {
  const parts: SourceFile[][] = Array.from({ length: n }, () => []);
  const load = new Array<number>(n).fill(0);
  const free: SourceFile[] = [];
  const workers: SourceFile[] = [];
  for (const f of files) {
    if (SELF_CONTAINED_KINDS.has(f.kind)) free.push(f);
    else if (WORKER_KINDS.has(f.kind) && n > 1) workers.push(f);
    else {
      parts[0]!.push(f);
      load[0]! += cost(f);
    }
  }
  place(workers, parts, load, 1);
  place(free, parts, load, 0);
  return parts;
}

/** The files to parse split into `n` shares by size; share 0 is the main thread's. Deterministic. */
export function shares(files: readonly SourceFile[], n: number): SourceFile[][] {
  const parts: SourceFile[][] = Array.from({ length: n }, () => []);
  place([...files], parts, new Array<number>(n).fill(0), 0);
  return parts;
}

const cost = (f: SourceFile) => (f.text.length + 200) * (COST[f.kind] ?? 2);

/** Largest first onto the least loaded part from `first` on; ties by path so the split never depends on input order. */
function place(list: SourceFile[], parts: SourceFile[][], load: number[], first: number): void {
  list.sort((a, b) => cost(b) - cost(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of list) {
    let best = first;
    for (let i = first + 1; i < parts.length; i++) if (load[i]! < load[best]!) best = i;
    parts[best]!.push(f);
    load[best]! += cost(f);
  }
}

/** A cache that answers from `read` and records what the engine stores. */
function recordingCache(read: EngineCache | undefined, recorded: Recorded): EngineCache {
  return {
    get: (key) => read?.get(key),
    set: (key, value) => void recorded.push([key, value]),
  };
}

/** Loaded by the first worker started: most runs use none, and the module costs start-up time. */
const workerThreads = lazy<typeof WorkerThreads>('node:worker_threads');

function workerUrl(): URL {
  const url = new URL('./worker.js', import.meta.url);
  // From the TypeScript sources (the test runner) the compiled worker does the same work.
  return existsSync(url) ? url : new URL('../../dist/src/project/worker.js', import.meta.url);
}

/**
 * How many workers this process started, the batches it received from them, the parser outputs
 * they sent and the engine's parses answered from shares (tests check that a parallel run really
 * was one, and parsed each Kubernetes file once).
 */
export const threadStats = { workersStarted: 0, batchesReceived: 0, parsedByWorkers: 0, parsesAnswered: 0 };

/** Runs a worker on `job`, handing each batch it sends (see worker.ts) to `take`; settles when it is done. */
function runWorker<T>(job: WorkerJob | ParseJob, take: (batch: T[]) => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    threadStats.workersStarted++;
    const worker = new (workerThreads().Worker)(workerUrl(), { workerData: job });
    let done = false;
    worker.on('message', (m: { batch?: T[]; done?: true; error?: string }) => {
      if (done) return;
      if (m.batch) {
        threadStats.batchesReceived++;
        take(m.batch);
      } else if (m.error !== undefined) {
        done = true;
        reject(new Error(`lint500 worker failed: ${m.error}`));
      } else if (m.done) {
        done = true;
        resolvePromise();
      }
    });
    worker.once('error', (e) => {
      done = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`lint500 worker exited with code ${code}`));
    });
  });
}

/**
 * Lints like `lint(input)` with `threads` threads. `job` carries what workers need to rebuild the
 * rules and config (they cannot be sent: rules are code). Fixes are not supported here (the caller
 * runs fix passes single-threaded).
 */
export async function lintThreaded(input: EngineInput, threads: number, job: Omit<WorkerJob, 'files'>): Promise<FileResult[]> {
  const disk = input.cache;
  const inScope = input.fileScope ?? (() => true);
  // Files a disk cache already answers are not linted again anywhere.
  const keyOf = disk ? unitKeys(input) : undefined;
  const todo = input.files.filter((f) => inScope(f.path) && !(keyOf && disk!.get(keyOf(f)) !== undefined));
  const n = Math.min(threads, Math.max(1, Math.floor(todo.length / MIN_FILES_PER_THREAD)));
  if (n <= 1) return lint(input);
  const parsed = todo.filter((f) => WORKER_KINDS.has(f.kind));
  if (parsed.length) return lintWithSharedParses(input, n, job, parsed);

  const parts = partition(todo, n);
  const recorded: Recorded = [];
  const fromWorkers: Recorded[] = [];
  const workers = parts
    .slice(1)
    .filter((p) => p.length)
    .map((files) => {
      const list: Recorded = [];
      fromWorkers.push(list);
      return runWorker<Recorded[number]>({ ...job, files: files.map((f) => ({ path: f.path, kind: f.kind, text: f.text, ...(f.hash !== undefined ? { hash: f.hash } : {}) })) }, (batch) => appendAll(list, batch));
    });
  // The split and the jobs read every text (a worker has its copy now): a file that can read its
  // text again lets it go until it is needed here, or the main thread would hold the text of every
  // file the workers lint for the whole run.
  for (const f of todo) f.release?.(false);
  // The main thread's part: the model-reading kinds that are not sent and a share of the rest, linted
  // with the whole run's model. Trees and summaries are kept (by reference here, by structured clone
  // from workers) so that the last pass parses nothing again.
  const mine = new Set(parts[0]!.map((f) => f.path));
  await lint({ ...input, fix: false, fileScope: (p) => mine.has(p), runProjectRules: false, cache: recordingCache(disk, recorded), cacheTrees: true });
  await Promise.all(workers);

  const units = new Map<string, CachedUnit | RawReport[]>(recorded);
  for (const list of fromWorkers) for (const [k, v] of list) units.set(k, v);
  const merged: EngineCache = {
    get: (key) => {
      const v = units.get(key);
      if (v === undefined) return disk?.get(key);
      disk?.set(key, withoutTree(v));
      return v;
    },
    set: (key, value) => disk?.set(key, withoutTree(value)),
  };
  return lint({ ...input, cache: merged });
}

/** What a file's parse gave: its output, or what it threw. */
export type Outcome = { out: ParseOutput<unknown> } | { error: Error };

/**
 * Parses each file with its kind's parser (loaded and initialised once per kind; a kind without one
 * is skipped) and hands `take` what each parse gave. The main thread's share and each worker's.
 */
export async function parseEach<F extends SourceFile>(files: Iterable<F>, load: ParserLoader, env: (file: F) => ParseEnv, take: (path: string, outcome: Outcome) => void): Promise<void> {
  const parsers = new Map<FileKind, ParserModule | undefined>();
  for (const f of files) {
    if (!parsers.has(f.kind)) {
      const p = await load(f.kind);
      await p?.init?.();
      parsers.set(f.kind, p);
    }
    const parser = parsers.get(f.kind);
    if (!parser) continue;
    let outcome: Outcome;
    try {
      outcome = { out: parser.parse(f, env(f)) };
    } catch (e) {
      outcome = { error: e instanceof Error ? e : new Error(String(e)) };
    }
    take(f.path, outcome);
  }
}

/**
 * A run with Kubernetes files (see the top of this module): this thread and the workers parse the
 * `files`, then one engine pass lints every file with their outputs.
 */
async function lintWithSharedParses(input: EngineInput, n: number, job: Omit<WorkerJob, 'files'>, files: SourceFile[]): Promise<FileResult[]> {
  const outcomes = new Map<string, Outcome>();
  const runPaths = input.files.map((f) => f.path);
  const settingsOf = (path: string) => input.config.forFile(path).settings;
  // The files the engine parses: not over the size limit, not binary (it reports those itself).
  const parseable = (f: SourceFile) => f.text.length <= maxFileSize(settingsOf(f.path)) && !f.text.includes('\u0000');
  const parts = shares(files.filter(parseable), n);
  const workers = parts
    .slice(1)
    .filter((p) => p.length)
    .map((part) =>
      runWorker<Parsed>(
        {
          parseOnly: true,
          cwd: job.cwd,
          roots: job.roots,
          maxSize: job.maxSize,
          overlay: job.overlay,
          runPaths,
          files: part.map((f) => ({ path: f.path, kind: f.kind, text: f.text, settings: settingsOf(f.path) })),
        },
        (batch) => {
          for (const [path, r] of batch) {
            if ('unsent' in r) continue;
            if ('out' in r) threadStats.parsedByWorkers++;
            outcomes.set(path, 'out' in r ? r : { error: Object.assign(new Error(r.error), r.stack === undefined ? {} : { stack: r.stack }) });
          }
        },
      ),
    );
  // This thread's share, while the workers parse theirs.
  const env = { host: input.host ?? emptyHost, runPaths: new Set(runPaths) };
  await parseEach(parts[0]!, input.parsers, (f) => ({ ...env, settings: settingsOf(f.path) }), (path, outcome) => outcomes.set(path, outcome));
  // The workers have their copies of the texts: a file that can read its text again lets it go.
  for (const f of files) f.release?.(false);
  await Promise.all(workers);
  const parsers: ParserLoader = async (kind) => {
    const p = await input.parsers(kind);
    return p && WORKER_KINDS.has(kind) ? answering(p, outcomes) : p;
  };
  return lint({ ...input, parsers });
}

/** `parser`, except that a file parsed ahead of the engine gets that output (once), and the others are parsed as usual. */
function answering(parser: ParserModule, outcomes: Map<string, Outcome>): ParserModule {
  return {
    ...parser,
    parse: (file, env) => {
      const o = outcomes.get(file.path);
      if (o === undefined) return parser.parse(file, env);
      outcomes.delete(file.path);
      threadStats.parsesAnswered++;
      if ('error' in o) throw o.error;
      return o.out as ReturnType<ParserModule['parse']>;
    },
  };
}

function withoutTree(v: CachedUnit | RawReport[]): CachedUnit | RawReport[] {
  if (Array.isArray(v) || (!v.tree && v.summary === undefined)) return v;
  const { tree: _tree, summary: _summary, ...rest } = v;
  return rest;
}

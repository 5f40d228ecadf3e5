/**
 * Parallel runs (`--threads N`): the files are split into N parts; N-1 worker threads and the main
 * thread each run the engine on one part with a recording cache, then the main thread runs the
 * engine once more over every file with those recordings as its cache. Every file unit is then a
 * cache hit, so the last pass parses nothing and only merges, applies suppressions and orders: the
 * output is the output of a single-threaded run, byte for byte, whatever the thread count.
 *
 * Correctness does not depend on how the files are split: a unit is reused only under its full cache
 * key (text, config, rules), and a file a part did not lint is linted by the last pass. The split only
 * decides how much work is done twice:
 * - Dockerfiles and nginx files, whose rules read only their own file (and its includes), go to any
 *   thread, balanced by size; they come back with their summaries or small trees.
 * - Kubernetes files go to the worker threads: their rules read the whole run's objects (`hpasFor`,
 *   `servicesFor`), so a worker's findings for them are not kept, but their trees (plain objects,
 *   small) are. The last pass runs their rules again on those trees with the whole model, and parses
 *   none of them. They stay off the main thread's part, whose rules see the whole run's model: a
 *   Kubernetes file there would make it parse every other one.
 * - Files of the other kinds stay on the main thread: their rules read the model too, and their trees
 *   are large (JavaScript) or native (tree-sitter), so they are not worth sending.
 * - Project rules run once, in the last pass, over the whole model.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type * as WorkerThreads from 'node:worker_threads';
import type { RuleSetting, UnusedDirectivesLevel } from '../core/config/types.js';
import type { FileResult } from '../core/diagnostics.js';
import { lint, unitKeys, type CachedUnit, type EngineCache, type EngineInput, type RawReport } from '../core/engine.js';
import type { FileKind, SourceFile } from '../core/rule.js';
import { lazy } from '../core/lazy.js';
import { appendAll } from '../core/append.js';

/** Kinds any thread may lint: their rules read only their own file; their summaries or trees are small. */
export const SELF_CONTAINED_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['dockerfile', 'nginx']);
/** Kinds only worker threads parse: their rules read the model, but their trees are small plain data. */
export const WORKER_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['k8s']);

/**
 * Below this many files to lint, a default run uses one thread: starting workers and sending their
 * Kubernetes trees back costs more than a small run gains.
 */
export const MIN_FILES_FOR_THREADS = 30_000;
/**
 * A default run uses threads only with at least this many cores. On 2 cores a one-thread run
 * already keeps both busy (V8 collects garbage on a helper thread), and 2 threads measured 0.97×
 * (10k files) and 0.94× (50k files) of one: no gain.
 */
export const MIN_CORES_FOR_THREADS = 4;
/** Each extra thread should get at least this many files. */
const MIN_FILES_PER_THREAD = 100;

/** Relative cost of a byte per kind (parse and rules), measured on the real-world corpus. */
const COST: Partial<Record<FileKind, number>> = { k8s: 3, dockerfile: 1, nginx: 1 };

export type Recorded = [string, CachedUnit | RawReport[]][];

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
  const cost = (f: SourceFile) => (f.text.length + 200) * (COST[f.kind] ?? 2);
  for (const f of files) {
    if (SELF_CONTAINED_KINDS.has(f.kind)) free.push(f);
    else if (WORKER_KINDS.has(f.kind) && n > 1) workers.push(f);
    else {
      parts[0]!.push(f);
      load[0]! += cost(f);
    }
  }
  // Largest first onto the least loaded part; ties by path so the split never depends on input order.
  const place = (list: SourceFile[], first: number) => {
    list.sort((a, b) => cost(b) - cost(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of list) {
      let best = first;
      for (let i = first + 1; i < n; i++) if (load[i]! < load[best]!) best = i;
      parts[best]!.push(f);
      load[best]! += cost(f);
    }
  };
  place(workers, 1);
  place(free, 0);
  return parts;
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

/** How many workers this process started and batches of units it received (tests check that a parallel run really was one). */
export const threadStats = { workersStarted: 0, batchesReceived: 0 };

/** Runs a worker on `job`: its units, from the batches it sends while it lints (see worker.ts). */
function runWorker(job: WorkerJob): Promise<Recorded> {
  return new Promise((resolvePromise, reject) => {
    threadStats.workersStarted++;
    const worker = new (workerThreads().Worker)(workerUrl(), { workerData: job });
    const recorded: Recorded = [];
    let done = false;
    worker.on('message', (m: { recorded?: Recorded; done?: true; error?: string }) => {
      if (done) return;
      if (m.recorded) {
        threadStats.batchesReceived++;
        appendAll(recorded, m.recorded);
      } else if (m.error !== undefined) {
        done = true;
        reject(new Error(`lint500 worker failed: ${m.error}`));
      } else if (m.done) {
        done = true;
        resolvePromise(recorded);
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

  const parts = partition(todo, n);
  const recorded: Recorded = [];
  const workers = parts.slice(1).filter((p) => p.length).map((files) => runWorker({ ...job, files: files.map((f) => ({ path: f.path, kind: f.kind, text: f.text, ...(f.hash !== undefined ? { hash: f.hash } : {}) })) }));
  // The split and the jobs read every text (a worker has its copy now): a file that can read its
  // text again lets it go until it is needed here, or the main thread would hold the text of every
  // file the workers lint for the whole run.
  for (const f of todo) f.release?.(false);
  // The main thread's part: the model-reading kinds that are not sent and a share of the rest, linted
  // with the whole run's model. Trees and summaries are kept (by reference here, by structured clone
  // from workers) so that the last pass parses nothing again.
  const mine = new Set(parts[0]!.map((f) => f.path));
  await lint({ ...input, fix: false, fileScope: (p) => mine.has(p), runProjectRules: false, cache: recordingCache(disk, recorded), cacheTrees: true });
  const fromWorkers = await Promise.all(workers);

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

function withoutTree(v: CachedUnit | RawReport[]): CachedUnit | RawReport[] {
  if (Array.isArray(v) || (!v.tree && v.summary === undefined)) return v;
  const { tree: _tree, summary: _summary, ...rest } = v;
  return rest;
}

/**
 * A worker thread of a parallel run (see threads.ts), with one of two jobs:
 * - `ParseJob` (a run with Kubernetes files): parses its files with the settings the main thread
 *   gives for each, and sends each parser output;
 * - `WorkerJob`: rebuilds the main thread's rules and config, lints its part of the files with file
 *   rules only, and sends the per-file units the engine stores in its cache, as it stores them.
 * Either is sent in batches, `{ batch }`, then `{ done: true }`. What it sends is plain data: it
 * crosses threads by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lint } from '../core/engine.js';
import { loadParser } from '../parsers/index.js';
import { sha1Digest } from './cache.js';
import { loadConfigFile, type LoadedConfig } from './config-files.js';
import { DiskHost } from './host.js';
import { setupRules } from './run.js';
import { parseEach, type ParseJob, type Parsed, type Recorded, type WorkerJob } from './threads.js';

/**
 * Units are sent in batches of this many as the engine stores them, not all at the end: the worker
 * then never holds every unit it made, nor one message as large as all of them.
 */
const BATCH = 64;
/** Parser outputs are larger than most units: smaller batches. */
const PARSED_BATCH = 16;

async function work(job: WorkerJob): Promise<void> {
  const loaded: LoadedConfig = job.configFile ? loadConfigFile(job.configFile) : { config: {}, dir: job.cwd, locate: () => ({ line: 1, column: 1 }) };
  const { rules, resolver, cacheSalt } = await setupRules(job.cwd, loaded, new Set(job.kinds), job, false);
  const reportSet = new Set(job.reportPaths);
  let batch: Recorded = [];
  const flush = () => {
    if (!batch.length) return;
    sendUnits(batch);
    batch = [];
  };
  await lint({
    files: job.files,
    rules: [...rules.values()],
    config: resolver,
    parsers: loadParser,
    host: new DiskHost(job.cwd, job.roots, job.maxSize, new Map(job.overlay)),
    reportOn: job.context ? (p) => reportSet.has(p) : () => true,
    debug: job.debug,
    runProjectRules: false,
    cache: {
      get: () => undefined,
      set: (key, value) => {
        if (batch.push([key, value]) >= BATCH) flush();
      },
    },
    cacheTrees: true,
    cacheSalt,
    textDigest: sha1Digest,
  });
  flush();
}

async function parse(job: ParseJob): Promise<void> {
  const env = { host: new DiskHost(job.cwd, job.roots, job.maxSize, new Map(job.overlay)), runPaths: new Set(job.runPaths) };
  let batch: Parsed[] = [];
  await parseEach(job.files, loadParser, (f) => ({ ...env, settings: f.settings }), (path, outcome) => {
    const sent: Parsed[1] = 'out' in outcome ? outcome : { error: outcome.error.message, ...(outcome.error.stack === undefined ? {} : { stack: outcome.error.stack }) };
    if (batch.push([path, sent]) >= PARSED_BATCH) {
      sendParsed(batch);
      batch = [];
    }
  });
  if (batch.length) sendParsed(batch);
}

function sendUnits(recorded: Recorded): void {
  try {
    parentPort!.postMessage({ batch: recorded });
  } catch {
    // A tree that cannot be cloned (a parser that keeps functions in it): the main thread parses
    // those files again for project rules.
    parentPort!.postMessage({ batch: recorded.map(([k, v]) => [k, Array.isArray(v) ? v : { ...v, tree: undefined }]) });
  }
}

function sendParsed(parsed: Parsed[]): void {
  try {
    parentPort!.postMessage({ batch: parsed });
  } catch {
    // An output that cannot be cloned: the main thread parses that file itself.
    parentPort!.postMessage({ batch: parsed.map(([path, r]) => (isCloneable(r) ? [path, r] : [path, { unsent: true }])) });
  }
}

function isCloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

const job = workerData as WorkerJob | ParseJob;
('parseOnly' in job ? parse(job) : work(job)).then(
  () => parentPort!.postMessage({ done: true }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);

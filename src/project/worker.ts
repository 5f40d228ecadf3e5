/**
 * A worker thread of a parallel run (see threads.ts): rebuilds the main thread's rules and config,
 * lints its part of the files with file rules only, and sends back the per-file units the engine
 * stores in its cache, in batches as it stores them, then `{ done: true }`. Units are plain data,
 * so they cross threads by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lint } from '../core/engine.js';
import { loadParser } from '../parsers/index.js';
import { sha1Digest } from './cache.js';
import { loadConfigFile, type LoadedConfig } from './config-files.js';
import { DiskHost } from './host.js';
import { setupRules } from './run.js';
import type { Recorded, WorkerJob } from './threads.js';

/**
 * Units are sent in batches of this many as the engine stores them, not all at the end: the worker
 * then never holds every unit it made, nor one message as large as all of them.
 */
const BATCH = 64;

async function work(job: WorkerJob): Promise<void> {
  const loaded: LoadedConfig = job.configFile ? loadConfigFile(job.configFile) : { config: {}, dir: job.cwd, locate: () => ({ line: 1, column: 1 }) };
  const { rules, resolver, cacheSalt } = await setupRules(job.cwd, loaded, new Set(job.kinds), job, false);
  const reportSet = new Set(job.reportPaths);
  let batch: Recorded = [];
  const flush = () => {
    if (!batch.length) return;
    send(batch);
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

function send(recorded: Recorded): void {
  try {
    parentPort!.postMessage({ recorded });
  } catch {
    // A tree that cannot be cloned (a parser that keeps functions in it): the main thread parses
    // those files again for project rules.
    parentPort!.postMessage({ recorded: recorded.map(([k, v]) => [k, Array.isArray(v) ? v : { ...v, tree: undefined }]) });
  }
}

work(workerData as WorkerJob).then(
  () => parentPort!.postMessage({ done: true }),
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);

/**
 * A worker thread of a parallel run (see threads.ts): rebuilds the main thread's rules and config,
 * lints its part of the files with file rules only, and sends back the per-file units the engine
 * stored in its cache. Those are plain data, so they cross threads by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lint } from '../core/engine.js';
import { loadParser } from '../parsers/index.js';
import { sha1Digest } from './cache.js';
import { loadConfigFile, type LoadedConfig } from './config-files.js';
import { DiskHost } from './host.js';
import { setupRules } from './run.js';
import type { Recorded, WorkerJob } from './threads.js';

async function work(job: WorkerJob): Promise<Recorded> {
  const loaded: LoadedConfig = job.configFile ? loadConfigFile(job.configFile) : { config: {}, dir: job.cwd, locate: () => ({ line: 1, column: 1 }) };
  const { rules, resolver, cacheSalt } = await setupRules(job.cwd, loaded, new Set(job.kinds), job, false);
  const reportSet = new Set(job.reportPaths);
  const recorded: Recorded = [];
  await lint({
    files: job.files,
    rules: [...rules.values()],
    config: resolver,
    parsers: loadParser,
    host: new DiskHost(job.cwd, job.roots, job.maxSize, new Map(job.overlay)),
    reportOn: job.context ? (p) => reportSet.has(p) : () => true,
    debug: job.debug,
    runProjectRules: false,
    cache: { get: () => undefined, set: (key, value) => void recorded.push([key, value]) },
    cacheSalt,
    textDigest: sha1Digest,
    cacheTrees: true,
  });
  return recorded;
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
  send,
  (e: unknown) => parentPort!.postMessage({ error: e instanceof Error ? e.message : String(e) }),
);

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';
import { partition, SELF_CONTAINED_KINDS, shares, threadCount, threadStats, MIN_FILES_FOR_THREADS, WORKER_KINDS } from '../../src/project/threads.js';
import type { SourceFile } from '../../src/core/rule.js';
import { classify } from '../../src/project/classify.js';
import { demoCopies, hasBuild } from './helpers.js';

describe('--threads', () => {
  let dir: string;
  beforeAll(() => {
    expect(hasBuild(), 'worker threads run dist/src/project/worker.js: run `npm run build` first').toBe(true);
    dir = demoCopies(9);
  });

  it('gives identical output, in the same order, with 1, 2 and 3 threads', async () => {
    const one = await cli(['.', '-f', 'json', '--threads', '1'], dir);
    const before = threadStats.workersStarted;
    const batches = threadStats.batchesReceived;
    const two = await cli(['.', '-f', 'json', '--threads', '2'], dir);
    expect(threadStats.workersStarted).toBe(before + 1);
    // The worker sends its units in batches while it lints, not in one message at the end.
    expect(threadStats.batchesReceived - batches).toBeGreaterThan(1);
    const three = await cli(['.', '-f', 'json', '--threads', '3'], dir);
    expect(threadStats.workersStarted).toBe(before + 3);
    const results = JSON.parse(one.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    // The run has real findings of file rules and of cross-file rules in every copy.
    expect(results.length).toBeGreaterThan(300);
    const rules = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    for (const domain of ['dockerfile/', 'nginx/', 'k8s/', 'tomcat/', 'python/', 'java/', 'js/']) expect([...rules].some((id) => id.startsWith(domain)), domain).toBe(true);
    expect(two).toEqual(one);
    expect(three).toEqual(one);
  });

  it('parses each Kubernetes file once, in shares, and lints with the whole model in one heap', async () => {
    const k8s = readdirSync(dir, { recursive: true })
      .map(String)
      .filter((p) => /\.ya?ml$/.test(p) && classify(p, readFileSync(join(dir, p), 'utf8')) === 'k8s');
    expect(k8s.length).toBeGreaterThan(40);
    const before = { ...threadStats };
    const one = await cli(['.', '-f', 'json', '--threads', '1'], dir);
    expect(threadStats).toEqual(before);
    const two = await cli(['.', '-f', 'json', '--threads', '2'], dir);
    expect(two).toEqual(one);
    expect(threadStats.workersStarted - before.workersStarted).toBe(1);
    // The worker parsed a share of them, this thread the rest, and the engine's one pass took every
    // Kubernetes parse from those shares: none was parsed twice.
    const byWorker = threadStats.parsedByWorkers - before.parsedByWorkers;
    expect(byWorker).toBeGreaterThan(k8s.length / 4);
    expect(byWorker).toBeLessThan(k8s.length);
    expect(threadStats.parsesAnswered - before.parsesAnswered).toBe(k8s.length);
  });

  it('gives identical output within a shard and with stylish and SARIF output', async () => {
    for (const args of [['--shard', '1/2'], ['--shard', '2/2'], ['-f', 'sarif'], ['-f', 'stylish']]) {
      const one = await cli(['.', ...args, '--threads', '1'], dir);
      const two = await cli(['.', ...args, '--threads', '2'], dir);
      expect(two, args.join(' ')).toEqual(one);
    }
  });

  it('keeps a file that fails to parse, a suppression and an include the same across threads', async () => {
    writeFileSync(join(dir, 'shop-1/nginx/conf.d/broken.conf'), 'server {\n  listen 80;\n  location / {\n');
    writeFileSync(join(dir, 'shop-2/services/api/Dockerfile'), '# lint500-disable-next-line dockerfile/image-tag-unpinned -- pinned by the build\nFROM node\nCMD node server.js\n');
    const one = await cli(['.', '-f', 'json', '--threads', '1'], dir);
    const two = await cli(['.', '-f', 'json', '--threads', '2'], dir);
    expect(one.stdout).toContain('parse-error');
    expect(one.stdout).toContain('pinned by the build');
    expect(two).toEqual(one);
  });

  it('rejects a thread count that is not a whole number', async () => {
    for (const bad of ['0', '-1', 'two', '1.5']) {
      const r = await cli(['.', '--threads', bad], dir);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--threads');
    }
  });
});

describe('thread count and split', () => {
  it('uses one thread for small runs and the flag when given', () => {
    expect(threadCount(undefined, 10)).toBe(1);
    expect(threadCount(undefined, MIN_FILES_FOR_THREADS - 1)).toBe(1);
    expect(threadCount(undefined, 100_000, 8)).toBe(8);
    expect(threadCount(undefined, 100_000, 2)).toBe(1);
    expect(threadCount(undefined, MIN_FILES_FOR_THREADS - 1, 8)).toBe(1);
    expect(threadCount(3, 10)).toBe(3);
    expect(threadCount(1, 100_000)).toBe(1);
  });

  it('sends Kubernetes files to workers, keeps other model-reading kinds on the main thread and balances the rest', () => {
    const files: SourceFile[] = [];
    for (let i = 0; i < 40; i++) files.push({ path: `d${i}/Dockerfile`, kind: 'dockerfile', text: 'FROM x\n'.repeat(1 + (i % 7)) });
    for (let i = 0; i < 20; i++) files.push({ path: `k/${i}.yaml`, kind: 'k8s', text: 'kind: Service\n' });
    for (let i = 0; i < 5; i++) files.push({ path: `t/${i}/server.xml`, kind: 'tomcat', text: '<Server/>\n' });
    const parts = partition(files, 3);
    expect(parts.flat().length).toBe(files.length);
    expect(parts[0]!.filter((f) => f.kind === 'tomcat')).toHaveLength(5);
    expect(parts[0]!.filter((f) => WORKER_KINDS.has(f.kind))).toEqual([]);
    expect(parts.slice(1).flat().filter((f) => f.kind === 'k8s')).toHaveLength(20);
    expect(parts.slice(1).flat().every((f) => SELF_CONTAINED_KINDS.has(f.kind) || WORKER_KINDS.has(f.kind))).toBe(true);
    // The same files in another order give the same parts.
    const again = partition([...files].reverse(), 3).map((p) => p.map((f) => f.path).sort());
    expect(again).toEqual(parts.map((p) => p.map((f) => f.path).sort()));
    const size = (p: SourceFile[]) => p.reduce((n, f) => n + f.text.length, 0);
    expect(Math.abs(size(parts[1]!) - size(parts[2]!))).toBeLessThanOrEqual(60);
  });

  it("splits the files to parse into shares by size, this thread's share included", () => {
    const files: SourceFile[] = [];
    for (let i = 0; i < 30; i++) files.push({ path: `k/${i}.yaml`, kind: 'k8s', text: 'kind: Service\n'.repeat(1 + (i % 5)) });
    const parts = shares(files, 3);
    expect(parts).toHaveLength(3);
    expect(parts.flat().map((f) => f.path).sort()).toEqual(files.map((f) => f.path).sort());
    for (const p of parts) expect(p.length).toBeGreaterThan(5);
    const size = (p: SourceFile[]) => p.reduce((n, f) => n + f.text.length, 0);
    expect(Math.max(...parts.map(size)) - Math.min(...parts.map(size))).toBeLessThanOrEqual(70);
    // The same files in another order give the same shares.
    expect(shares([...files].reverse(), 3).map((p) => p.map((f) => f.path))).toEqual(parts.map((p) => p.map((f) => f.path)));
  });
});

// Shared helpers of the benchmarks: timed child processes (wall time and peak RSS), statistics, and
// the one-time install of the peer tools into a folder outside the repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// The command users run: package.json's bin, the esbuild bundle (dist/cli/bin.js).
export const CLI = join(ROOT, JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).bin.lint500);
// The same CLI compiled by tsc alone (what the tests spawn), for the start-up comparison.
export const CLI_UNBUNDLED = join(ROOT, 'dist/src/cli/bin.js');
export const LSP = join(ROOT, 'dist/src/lsp/bin.js');
// `LINT500_CORPUS` points elsewhere (as in the tests, see test/corpus.ts).
export const CORPUS = resolve(ROOT, process.env.LINT500_CORPUS ?? '../shared/corpus');
export const WORK = join(tmpdir(), 'lint500-bench');
export const PEERS = join(tmpdir(), 'lint500-bench-peers');
export const CORES = availableParallelism();

const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command once: wall ms (measured here), peak RSS in MB (from GNU time when present), exit code. */
export function runOnce(cmd, args, opts = {}) {
  const rssFile = join(WORK, `rss-${process.pid}.txt`);
  mkdirSync(WORK, { recursive: true });
  const [c, a] = TIME ? [TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]] : [cmd, args];
  const start = performance.now();
  const r = spawnSync(c, a, { cwd: opts.cwd ?? ROOT, stdio: ['ignore', opts.keepOutput ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, ...opts.env } });
  const wall = performance.now() - start;
  let rss;
  if (TIME) {
    const lines = readFileSync(rssFile, 'utf8').trim().split('\n');
    rss = Number(lines[lines.length - 1]) / 1024;
    rmSync(rssFile, { force: true });
  }
  if (r.error) throw r.error;
  return { wall, rss, code: r.status, stdout: opts.keepOutput ? r.stdout.toString() : '', stderr: r.stderr.toString() };
}

export function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const q = (p) => v[Math.min(v.length - 1, Math.max(0, Math.round(p * (v.length - 1))))];
  return { median: q(0.5), min: v[0], max: v[v.length - 1], p25: q(0.25), p75: q(0.75), p95: q(0.95), n: v.length };
}

/**
 * Runs several commands `runs` times each, interleaved (a, b, c, a, b, c, ...) so that the load of
 * the machine at a given moment weighs on all of them alike. Returns per-command wall and RSS stats.
 */
export function compare(commands, runs, { warmup = 1 } = {}) {
  for (let w = 0; w < warmup; w++) for (const c of commands) runOnce(c.cmd, c.args, c);
  const walls = commands.map(() => []);
  const rsss = commands.map(() => []);
  const codes = commands.map(() => new Set());
  for (let i = 0; i < runs; i++) {
    commands.forEach((c, j) => {
      c.before?.();
      const r = runOnce(c.cmd, c.args, c);
      walls[j].push(r.wall);
      if (r.rss !== undefined) rsss[j].push(r.rss);
      codes[j].add(r.code);
    });
  }
  return commands.map((c, j) => ({ name: c.name, wall: stats(walls[j]), rss: rsss[j].length ? stats(rsss[j]).max : undefined, codes: [...codes[j]] }));
}

/** Installs the peer tools once, into a folder outside the repository. */
export function ensurePeers() {
  const bin = join(PEERS, 'node_modules/.bin');
  if (!['dockerfilelint', 'nginx-linter', 'docker-langserver'].every((b) => existsSync(join(bin, b)))) {
    mkdirSync(PEERS, { recursive: true });
    process.stderr.write(`installing peers into ${PEERS} ...\n`);
    execFileSync('npm', ['i', '--prefix', PEERS, '--no-audit', '--no-fund', 'dockerfilelint', 'nginx-linter', 'dockerfile-language-server-nodejs'], { stdio: 'inherit' });
  }
  return { dockerfilelint: join(bin, 'dockerfilelint'), nginxLinter: join(bin, 'nginx-linter'), dockerLangserver: join(bin, 'docker-langserver') };
}

/**
 * Instructions a command executes, counted by valgrind's callgrind over all its threads: a figure
 * that does not move with the machine's load, unlike wall time. It counts work, not time (threads
 * that run in parallel add up), so it is shown beside the timed ratios, never in their place.
 * Undefined where valgrind is missing. About 50× slower than a run.
 *
 * Node runs with `--single-threaded` here. Valgrind runs one thread at a time, so how long a
 * function stays in the interpreter before the optimised code that a helper thread compiles is
 * ready depends on valgrind's scheduling: the same lint500 run of 539 Dockerfiles counted 6.7 G,
 * 7.9 G and 8.6 G instructions. With V8 compiling and collecting on the main thread, two repeats
 * agreed within 0.3% (7.05 G and 7.07 G).
 */
export const VALGRIND = ['/usr/bin/valgrind', '/usr/local/bin/valgrind'].find((p) => existsSync(p));
export function instructions(cmd, args, opts = {}) {
  if (!VALGRIND) return undefined;
  const argv = cmd === process.execPath ? ['--single-threaded', ...args] : args;
  const r = spawnSync(VALGRIND, ['--tool=callgrind', '--callgrind-out-file=/dev/null', cmd, ...argv], { cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30, env: { ...process.env, ...opts.env } });
  const m = /Collected\s*:\s*(\d+)/.exec(r.stderr.toString());
  return m ? Number(m[1]) : undefined;
}

export const ms = (x) => (x === undefined ? 'n/a' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(0)} ms`);
export const spread = (s) => `${ms(s.min)}–${ms(s.max)}`;

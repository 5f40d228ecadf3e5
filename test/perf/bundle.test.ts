/**
 * The `lint500` command that package.json publishes is the esbuild bundle (dist/cli/, made by
 * scripts/bundle.mjs for start-up time); the tests and the public API use the tsc output (dist/src).
 * The bundle must behave exactly like dist/src/cli/bin.js, including what it finds relative to the
 * package root from its own folder: tree-sitter grammars (vendor/), rule docs (rules/*.md),
 * package.json (the version) and the worker of parallel runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCopies } from './helpers.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BUNDLE = join(ROOT, 'dist/cli/bin.js');
const TSC = join(ROOT, 'dist/src/cli/bin.js');
const DEMO = 'fixtures/projects/demo-shop';
const PYTHON = `${DEMO}/services/web/orders/views.py`;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(bin: string, args: string[], opts: { cwd?: string; node?: string[] } = {}): Run {
  const r = spawnSync(process.execPath, [...(opts.node ?? []), bin, ...args], {
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type JsonResults = { filePath: string; messages: { ruleId: string | null }[] }[];
const ruleIds = (r: Run) => new Set((JSON.parse(r.stdout) as JsonResults).flatMap((f) => f.messages.map((m) => m.ruleId)));

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('the bundled CLI (dist/cli/bin.js)', () => {
  beforeAll(() => {
    expect(existsSync(BUNDLE) && existsSync(TSC), 'run `npm run build` first (it builds dist/src and the bundle)').toBe(true);
  });

  it('is the command package.json publishes', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; files: string[] };
    expect(resolve(ROOT, pkg.bin['lint500']!)).toBe(BUNDLE);
    expect(pkg.files).toContain('dist/cli');
    expect(readFileSync(BUNDLE, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
  });

  it('gives the same output as dist/src on the demo shop (json)', () => {
    const tsc = run(TSC, [DEMO, '--format', 'json']);
    const bundle = run(BUNDLE, [DEMO, '--format', 'json']);
    expect(bundle).toEqual(tsc);
    expect(tsc.code).toBe(1);
    // Every parser family ran, the tree-sitter ones included, and nothing crashed.
    const ids = ruleIds(tsc);
    for (const domain of ['dockerfile/', 'nginx/', 'k8s/', 'tomcat/', 'python/', 'java/', 'js/', 'cross/']) expect([...ids].some((id) => id?.startsWith(domain)), domain).toBe(true);
    expect(ids.has('internal-error')).toBe(false);
    expect(ids.has('parse-error')).toBe(false);
  });

  it('loads the Python grammar from the package root', () => {
    const tsc = run(TSC, [PYTHON, '--format', 'json']);
    const bundle = run(BUNDLE, [PYTHON, '--format', 'json']);
    expect(bundle).toEqual(tsc);
    expect([...ruleIds(bundle)]).toEqual(['python/unconditional-recursion']);
  });

  it.each([
    ['explain a rule (its doc from rules/*.md)', ['explain', 'dockerfile/user-root']],
    ['explain an unknown rule', ['explain', 'nginx/no-such-rule']],
    ['--version', ['--version']],
    ['--help', ['--help']],
    ['rules --format json', ['rules', '--format', 'json']],
  ])('gives the same output as dist/src: %s', (_, args) => {
    const tsc = run(TSC, args);
    expect(run(BUNDLE, args)).toEqual(tsc);
    expect(tsc.stdout + tsc.stderr).not.toBe('');
  });

  it('reads its version and rule docs from the package', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run(BUNDLE, ['--version']).stdout.trim()).toBe(pkg.version);
    const doc = readFileSync(join(ROOT, 'rules/dockerfile/user-root.md'), 'utf8');
    const explained = run(BUNDLE, ['explain', 'dockerfile/user-root']);
    expect(explained.code).toBe(0);
    // The doc's first prose line is in the output (the body comes from the .md file).
    const line = doc.split('\n').find((l) => l.trim() && !l.startsWith('#'))!;
    expect(explained.stdout).toContain(line.trim());
  });

  it('starts its own worker for a parallel run, with the same output', () => {
    const dir = demoCopies(9);
    made.push(dir);
    // Records the script of every worker the process starts.
    const log = join(dir, 'workers.log');
    const preload = join(dir, 'log-workers.mjs');
    writeFileSync(
      preload,
      `import { createRequire, syncBuiltinESMExports } from 'node:module';
import { appendFileSync } from 'node:fs';
const wt = createRequire(import.meta.url)('node:worker_threads');
const Worker = wt.Worker;
wt.Worker = class extends Worker { constructor(url, opts) { appendFileSync(${JSON.stringify(log)}, String(url) + '\\n'); super(url, opts); } };
syncBuiltinESMExports();
`,
    );
    const bundle = run(BUNDLE, ['.', '--format', 'json', '--threads', '2'], { cwd: dir, node: ['--import', preload] });
    const workers = readFileSync(log, 'utf8').trim().split('\n');
    expect(workers).toHaveLength(1);
    expect(workers[0]).toMatch(/\/dist\/cli\/worker\.js$/);
    const tsc = run(TSC, ['.', '--format', 'json', '--threads', '1'], { cwd: dir });
    expect(bundle).toEqual(tsc);
    expect((JSON.parse(tsc.stdout) as JsonResults).length).toBeGreaterThan(300);
  });

  it('loads no module a one-file run does not use (start-up time)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-loads-'));
    made.push(dir);
    // Prints, at exit, the CommonJS files and the Node built-ins of note the process loaded.
    const preload = join(dir, 'loaded.cjs');
    writeFileSync(
      preload,
      `process.on('exit', () => process._rawDebug('LOADED ' + JSON.stringify([...Object.keys(require.cache).filter((p) => p !== __filename), ...process.moduleLoadList.filter((m) => /^NativeModule (child_process|worker_threads|crypto)$/.test(m))])));\n`,
    );
    const loaded = (args: string[]) => {
      const r = run(BUNDLE, args, { node: ['--require', preload] });
      const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '));
      expect(line, r.stderr).toBeDefined();
      return JSON.parse(line!.slice('LOADED '.length)) as string[];
    };
    // No glob library (tinyglobby, picomatch) for a plain path, no child_process (commander loads
    // it for executable subcommands, git only for --staged), no worker_threads for one thread, no
    // crypto without --cache (only cache keys hash texts with SHA-1).
    expect(loaded([`${DEMO}/services/api/Dockerfile`, '--format', 'json'])).toEqual([]);
    // Nor picomatch for Kubernetes manifests (only settings.k8s.clusters matches globs).
    expect(loaded([`${DEMO}/k8s/api.yaml`, '--format', 'json'])).toEqual([]);
    // Nor the nginx reference library (1.7 MB): linting reads the table generated from it.
    expect(loaded([`${DEMO}/nginx/conf.d/shop.conf`, '--format', 'json'])).toEqual([]);
    expect(loaded(['--version'])).toEqual([]);
    // A second --cache run over an unchanged tree hashes nothing: no crypto (the cache file holds the
    // digests of the texts its entries included, nginx conf.d files here), and no worker.
    const tree = demoCopies(1);
    made.push(tree);
    const cached = ['.', '--format', 'json', '--cache', '--cache-location', join(dir, 'cache.json')];
    const r = run(BUNDLE, cached, { cwd: tree });
    expect(run(BUNDLE, cached, { cwd: tree, node: ['--require', preload] }).stdout).toBe(r.stdout);
    expect(JSON.parse(readFileSync(join(dir, 'cache.json'), 'utf8')).entries).toBeDefined();
    const warm = run(BUNDLE, cached, { cwd: tree, node: ['--require', preload] });
    expect(warm.stderr.split('\n').find((l) => l.startsWith('LOADED '))).toBe('LOADED []');
    expect(warm.stdout).toBe(r.stdout);
    // A glob still loads the glob library, and finds the file.
    expect(loaded([`${DEMO}/services/api/Docker*`, '--format', 'json']).some((p) => p.includes('tinyglobby'))).toBe(true);
  });

  it('loads few of its own files for a one-file run (start-up)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-chunks-'));
    made.push(dir);
    // A module hook (Node runs it on a thread of its own) that notes each module file the process loads.
    const log = join(dir, 'loaded.log');
    const hooks = join(dir, 'hooks.mjs');
    writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) { if (url.startsWith('file:')) appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`);
    const preload = join(dir, 'register.mjs');
    writeFileSync(preload, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
    const chunks = (args: string[]) => {
      writeFileSync(log, '');
      const r = run(BUNDLE, [...args, '--format', 'json'], { node: ['--import', preload] });
      expect(r.stderr).toBe('');
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter((u) => u.includes('/dist/cli/'))
        .map((u) => u.slice(u.lastIndexOf('/') + 1));
    };
    // Each file is one ES module to resolve, read, compile and link: scripts/bundle.mjs keeps the small
    // modules every run needs in one chunk. 26 files before that, 10 after.
    const dockerfile = chunks([`${DEMO}/services/api/Dockerfile`]);
    expect(dockerfile[0]).toBe('bin.js');
    expect(dockerfile.length).toBeLessThanOrEqual(10);
    expect(new Set(dockerfile).size).toBe(dockerfile.length);
    expect(chunks([`${DEMO}/k8s/api.yaml`]).length).toBeLessThanOrEqual(16);
  });

  it('is ASCII in every chunk, so that Node reads each as a one-byte string (start-up)', () => {
    const dir = dirname(BUNDLE);
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.js'));
    expect(chunks.length).toBeGreaterThan(10);
    for (const f of chunks) expect(/[\u0080-\uffff]/.exec(readFileSync(join(dir, f), 'utf8'))?.[0], f).toBeUndefined();
  });

  it("gives dockerfile-ast a stand-in for vscode-languageserver-types that behaves as the package's own", async () => {
    const real = await import('vscode-languageserver-types');
    // @ts-expect-error: a plain .mjs module without types
    const shim = (await import('../../scripts/shims/vscode-languageserver-types.mjs')) as Pick<typeof real, 'Position' | 'Range'>;
    const numbers = [0, 1, 7, 2147483647, 2147483648, Number.MAX_VALUE, -1, 1.5, NaN, Infinity];
    for (const a of numbers) for (const b of numbers) expect(shim.Position.create(a, b)).toEqual(real.Position.create(a, b));
    const outcome = (f: () => unknown) => {
      try {
        return { value: f() };
      } catch (e) {
        return { error: (e as Error).message };
      }
    };
    const p = { line: 1, character: 2 };
    const q = { line: 3, character: 0 };
    const args: unknown[][] = [
      [0, 0, 0, 0],
      [1, 2, 3, 4],
      [Number.MAX_VALUE, 0, Number.MAX_VALUE, 0],
      [-1, 0, 0, 0],
      [0, 0, 0, NaN],
      [0, 0, 0],
      [1.5, 0, 2, 0],
      ['1', 0, 2, 0],
      [p, q],
      [p, q, 1, 2],
      [p, { line: -1, character: 0 }],
      [p, null],
      [null, null],
      [],
    ];
    for (const a of args) {
      const [x, y, z, w] = a as [number, number, number, number];
      const got = outcome(() => shim.Range.create(x, y, z, w));
      expect(got, JSON.stringify(a)).toEqual(outcome(() => real.Range.create(x, y, z, w)));
    }
    // The bundle's Dockerfile chunks hold the stand-in, not the package.
    const bundled = readdirSync(dirname(BUNDLE)).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(dirname(BUNDLE), f), 'utf8'));
    expect(bundled.some((t) => t.includes('// scripts/shims/vscode-languageserver-types.mjs'))).toBe(true);
    expect(bundled.some((t) => t.includes('// node_modules/vscode-languageserver-types/'))).toBe(false);
  });

  it('runs through a symlink, as npm installs a bin', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-bin-'));
    made.push(dir);
    const link = join(dir, 'lint500');
    symlinkSync(BUNDLE, link);
    const args = [resolve(ROOT, PYTHON), '--format', 'json'];
    expect(run(link, args, { cwd: dir })).toEqual(run(TSC, args, { cwd: dir }));
    expect(run(link, ['explain', 'k8s/replicas-single'], { cwd: dir })).toEqual(run(TSC, ['explain', 'k8s/replicas-single'], { cwd: dir }));
  });
});

/**
 * What a run may touch. Network: the built CLI runs in a child process with a preload that makes
 * every socket, DNS lookup and HTTP request throw and records the attempt; nothing may be recorded.
 * Writes: a copy of a tree is fingerprinted (content, mtime, mode) before and after runs; only the
 * files the user named (--output-file, --cache-location, --baseline-write) and the files --fix edits
 * may change, --fix keeps the mode and leaves no temporary file.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HAS_SHARED_CORPUS, REAL_WORLD, ROOT, SHARED_CORPUS } from '../corpus.js';
import { cli } from './helpers.js';

const BIN = resolve(ROOT, 'dist/src/cli/bin.js');
const PRELOAD = resolve(import.meta.dirname, 'no-network.mjs');
const DEMO = resolve(ROOT, 'fixtures/projects/demo-shop');

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(prefix = 'lint500-sandbox-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Runs the built CLI under the network-blocking preload; returns the exit code and the attempts logged. */
function runBlocked(args: string[], cwd: string, input?: string): { code: number | null; attempts: string[]; stderr: string; stdout: string } {
  const log = join(tmp('lint500-netlog-'), 'attempts.log');
  const r = spawnSync(process.execPath, ['--import', PRELOAD, BIN, ...args], {
    cwd,
    env: { ...process.env, LINT500_NET_LOG: log, NO_COLOR: '1' },
    encoding: 'utf8',
    input,
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  const attempts = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
  return { code: r.status, attempts, stderr: r.stderr, stdout: r.stdout };
}

/** Files that reach out if anything resolves them: external DTDs, entity URLs, schema URLs, remote includes. */
const BAIT: Record<string, string> = {
  'conf/server.xml': '<?xml version="1.0"?>\n<!DOCTYPE Server SYSTEM "http://127.0.0.1:9/evil.dtd" [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n<Server port="8005"><Service name="&x;"><Connector port="8080" maxThreads="5"/></Service></Server>\n',
  'nginx.conf': 'events {}\nhttp {\n  include http://127.0.0.1:9/remote.conf;\n  server { listen 80; location / { proxy_pass http://127.0.0.1:9; } }\n}\n',
  'k8s/deploy.yaml': '# yaml-language-server: $schema=http://127.0.0.1:9/schema.json\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.invalid/web:latest\n',
  Dockerfile: 'FROM registry.invalid/node:latest\nADD http://127.0.0.1:9/x.tar.gz /app/\nCMD node server.js\n',
  '.lint500.yaml': '$schema: http://127.0.0.1:9/lint500.schema.json\nextends: all\n',
};

describe('no network', () => {
  it('the preload really blocks and records (control)', () => {
    const dir = tmp();
    const log = join(dir, 'attempts.log');
    const r = spawnSync(process.execPath, ['--import', PRELOAD, '-e', "require('node:http').get('http://127.0.0.1:9/')"], { env: { ...process.env, LINT500_NET_LOG: log }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(readFileSync(log, 'utf8')).toContain('http.request');
  });

  it('linting the demo project and bait files opens no socket and looks up no name', () => {
    const dir = tmp();
    cpSync(DEMO, join(dir, 'demo'), { recursive: true });
    for (const [p, t] of Object.entries(BAIT)) {
      mkdirSync(join(dir, 'bait', p, '..'), { recursive: true });
      writeFileSync(join(dir, 'bait', p), t);
    }
    mkdirSync(join(dir, '.git'));
    for (const args of [['demo', 'bait', '-f', 'json'], ['demo', 'bait', '-f', 'sarif'], ['bait', '--fix-dry-run', '-f', 'json', '--threads', '2']]) {
      const r = runBlocked(args, dir);
      expect(r.attempts, args.join(' ')).toEqual([]);
      expect(r.stderr, args.join(' ')).not.toContain('network access blocked');
      expect([0, 1]).toContain(r.code);
    }
  });

  it('linting real-world files of every kind opens no socket', { timeout: 180_000 }, () => {
    const dir = tmp();
    mkdirSync(join(dir, '.git'));
    // Run from a scratch folder so nothing can be written next to the read-only files. The large
    // corpus when present (samples of it), else the in-repository set (all of it).
    const paths = HAS_SHARED_CORPUS
      ? ['nginx', 'tomcat', 'spring', 'docker/GoogleCloudPlatform__kubernetes-engine-samples', 'k8s/GoogleCloudPlatform__microservices-demo'].map((p) => join(SHARED_CORPUS, p)).filter((p) => existsSync(p))
      : [REAL_WORLD];
    const r = runBlocked([...paths, '-f', 'json'], dir);
    expect(r.attempts).toEqual([]);
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).length).toBeGreaterThan(HAS_SHARED_CORPUS ? 50 : 40);
  });
  // The language server runs under the same preload in lsp.test.ts, which checks its log too.
});

// ---------------------------------------------------------------------------------------------

interface Print {
  hash: string;
  mtimeMs: number;
  mode: number;
}
function fingerprint(root: string): Map<string, Print> {
  const out = new Map<string, Print>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) {
        const st = statSync(p);
        out.set(relative(root, p), { hash: createHash('sha256').update(readFileSync(p)).digest('hex'), mtimeMs: st.mtimeMs, mode: st.mode });
      }
    }
  };
  walk(root);
  return out;
}
function changes(before: Map<string, Print>, after: Map<string, Print>): string[] {
  const out: string[] = [];
  for (const [p, a] of after) {
    const b = before.get(p);
    if (!b) out.push(`+ ${p}`);
    else if (b.hash !== a.hash || b.mtimeMs !== a.mtimeMs || b.mode !== a.mode) out.push(`~ ${p}`);
  }
  for (const p of before.keys()) if (!after.has(p)) out.push(`- ${p}`);
  return out.sort();
}

describe('writes', () => {
  let tree: string;
  beforeAll(() => {
    tree = tmp();
    cpSync(DEMO, tree, { recursive: true });
    for (const [p, t] of Object.entries(BAIT)) {
      mkdirSync(join(tree, 'bait', p, '..'), { recursive: true });
      writeFileSync(join(tree, 'bait', p), t);
    }
    // Safely fixable findings (shell-form CMD), one in a subfolder.
    mkdirSync(join(tree, 'fixme'));
    writeFileSync(join(tree, 'fixme', 'Dockerfile'), 'FROM node:20.11-slim\nUSER node\nCMD node server.js\n');
    mkdirSync(join(tree, '.git'));
  }, 60_000);

  it('plain runs in every format write nothing', async () => {
    const before = fingerprint(tree);
    for (const f of ['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle', 'gitlab']) {
      const r = await cli(['.', '-f', f], tree);
      expect([0, 1], f).toContain(r.code);
    }
    await cli(['.', '--fix-dry-run', '-f', 'json'], tree);
    await cli(['--print-config', 'bait/Dockerfile'], tree);
    await cli(['--stdin', '--stdin-filename', 'bait/Dockerfile', '--fix'], tree, { stdin: 'FROM node:20\nCMD node a.js\n' });
    expect(changes(before, fingerprint(tree))).toEqual([]);
  });

  it('only --output-file, --cache-location and --baseline-write targets appear', async () => {
    const before = fingerprint(tree);
    await cli(['.', '-f', 'json', '-o', 'out/report.json', '-f', 'sarif:out/report.sarif', '--cache', '--cache-location', 'out/cache.json', '--baseline-write', 'out/baseline.json'], tree);
    expect(changes(before, fingerprint(tree))).toEqual(['+ out/baseline.json', '+ out/cache.json', '+ out/report.json', '+ out/report.sarif']);
    rmSync(join(tree, 'out'), { recursive: true });
  });

  it('--fix changes only the fixed files, keeps their mode, and leaves no temporary file', async () => {
    const before = fingerprint(tree);
    const dry = await cli(['.', '--fix-dry-run', '-f', 'json'], tree);
    const fixable = (JSON.parse(dry.stdout) as { filePath: string; output?: string }[]).filter((f) => f.output !== undefined).map((f) => relative(tree, resolve(tree, f.filePath)));
    for (const p of fixable) chmodSync(join(tree, p), 0o640);
    const chmodded = fingerprint(tree);
    await cli(['.', '--fix'], tree);
    const after = fingerprint(tree);
    expect(fixable).toContain('fixme/Dockerfile');
    expect(changes(chmodded, after)).toEqual(fixable.map((p) => `~ ${p}`).sort());
    expect(readFileSync(join(tree, 'fixme/Dockerfile'), 'utf8')).toContain('CMD ["node", "server.js"]');
    for (const p of fixable) expect(after.get(p)!.mode & 0o777, p).toBe(0o640);
    expect([...after.keys()].filter((p) => p.includes('.lint500.tmp'))).toEqual([]);
    expect(before.size).toBe(after.size);
  });
});


/**
 * The language server under abuse, over raw stdio bytes (so the test can send what no well-behaved
 * client would): broken framing, malformed JSON-RPC, unknown methods, huge documents, change storms
 * with fuzzed content of every kind, edits with ranges outside the document, a document closed while
 * it is linted, a config made invalid while documents are open. After each, the server still answers.
 * Runs `node dist/src/lsp/bin.js --stdio` (built by `npm test`), with the network-blocking preload.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesArb, mutatedArb, ROOT, SEED, seedsOf, tokensArb } from '../fuzz/harness.js';
import type { FileKind } from '../../src/core/rule.js';

const SERVER = resolve(ROOT, 'dist/src/lsp/bin.js');
const PRELOAD = resolve(import.meta.dirname, 'no-network.mjs');

interface Message {
  id?: number | string | null;
  method?: string;
  params?: { uri?: string; version?: number; diagnostics?: { code?: string | number; message: string }[] } & Record<string, unknown>;
  result?: unknown;
  error?: { code: number; message: string };
}

/** A JSON-RPC peer that writes raw bytes and parses the server's frames itself. */
class RawClient {
  readonly messages: Message[] = [];
  stderr = '';
  private buf = Buffer.alloc(0);
  private nextId = 1;
  private waiters: (() => void)[] = [];
  readonly exited: Promise<number | null>;

  constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly netLog: string,
  ) {
    proc.stdout.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const head = this.buf.indexOf('\r\n\r\n');
        if (head < 0) break;
        const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, head).toString())?.[1]);
        if (this.buf.length < head + 4 + len) break;
        const body = this.buf.subarray(head + 4, head + 4 + len).toString('utf8');
        this.buf = this.buf.subarray(head + 4 + len);
        const msg = JSON.parse(body) as Message;
        // Answer the server's own requests so it never waits on us.
        if (msg.method && msg.id !== undefined) this.send({ jsonrpc: '2.0', id: msg.id, result: null });
        this.messages.push(msg);
      }
      this.wake();
    });
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.exited = new Promise((res) => proc.once('exit', (code) => res(code)));
  }

  static async start(root: string): Promise<RawClient> {
    const netLog = join(root, '..', `${root.split('/').pop()}-net.log`);
    const proc = spawn(process.execPath, ['--import', PRELOAD, SERVER, '--stdio'], { cwd: root, env: { ...process.env, LINT500_NET_LOG: netLog }, stdio: ['pipe', 'pipe', 'pipe'] });
    const c = new RawClient(proc, netLog);
    await c.request('initialize', { processId: process.pid, rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'w' }], capabilities: {}, initializationOptions: { debounceMs: 20 } });
    c.notify('initialized', {});
    return c;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  raw(bytes: string | Buffer): void {
    this.proc.stdin.write(bytes);
  }
  frame(body: string | Buffer): void {
    const b = typeof body === 'string' ? Buffer.from(body) : body;
    this.raw(Buffer.concat([Buffer.from(`Content-Length: ${b.length}\r\n\r\n`), b]));
  }
  send(o: unknown): void {
    this.frame(JSON.stringify(o));
  }
  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }
  async request(method: string, params?: unknown, ms = 30_000): Promise<Message> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    return this.until(`response to ${method}`, () => this.messages.find((m) => m.id === id && !m.method), ms);
  }

  async until<T>(what: string, check: () => T | undefined, ms = 30_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      if (this.proc.exitCode !== null) throw new Error(`server exited (${this.proc.exitCode}) while waiting for ${what}\n${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\nstderr:\n${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.min(left, 100));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** The last diagnostics published for `uri` at `version`. */
  published(uri: string, version?: number, ms?: number): Promise<{ code?: string | number; message: string }[]> {
    return this.until(`diagnostics for ${uri} v${version}`, () => {
      const list = this.messages.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === uri);
      const last = list[list.length - 1];
      if (!last || (version !== undefined && last.params?.version !== version)) return undefined;
      return last.params!.diagnostics ?? [];
    }, ms);
  }

  async stop(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    await this.request('shutdown', undefined, 10_000).catch(() => undefined);
    this.notify('exit', undefined);
    const t = setTimeout(() => this.proc.kill(), 5000);
    const code = await this.exited;
    clearTimeout(t);
    return code;
  }

  attempts(): string {
    return existsSync(this.netLog) ? readFileSync(this.netLog, 'utf8') : '';
  }
}

const NAMES: Record<FileKind, string> = {
  nginx: 'nginx.conf',
  dockerfile: 'Dockerfile',
  k8s: 'deploy.yaml',
  tomcat: 'conf/server.xml',
  spring: 'application.properties',
  js: 'server.js',
  python: 'views.py',
  java: 'App.java',
  manifest: 'package.json',
};
const LANG: Record<FileKind, string> = { nginx: 'nginx', dockerfile: 'dockerfile', k8s: 'yaml', tomcat: 'xml', spring: 'properties', js: 'javascript', python: 'python', java: 'java', manifest: 'json' };

describe('language server robustness', () => {
  let root: string;
  let c: RawClient;
  const u = (name: string) => pathToFileURL(join(root, name)).href;
  let n = 0;
  /** Opens a fresh Dockerfile and expects its finding: the server is alive and linting. */
  const alive = async () => {
    const doc = u(`alive-${n++}.Dockerfile`);
    c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'dockerfile', version: 1, text: 'FROM node:20-slim\nUSER node\nCMD node a.js\n' } });
    const ds = await c.published(doc, 1);
    expect(ds.map((d) => d.code)).toContain('dockerfile/shell-form-cmd');
    c.notify('textDocument/didClose', { textDocument: { uri: doc } });
  };

  beforeAll(async () => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'lint500-lsp-rob-')));
    // A plugin that leaves a trace if it ever runs; only an invalid config names it.
    writeFileSync(join(root, 'evil.js'), `require('node:fs').writeFileSync(${JSON.stringify(join(root, 'evil-ran'))}, 'x');\nmodule.exports = [];\n`);
    c = await RawClient.start(root);
  }, 60_000);
  afterAll(async () => {
    const code = await c.stop();
    expect(code).toBe(0);
    expect(c.attempts()).toBe('');
    rmSync(root, { recursive: true, force: true });
  });

  it('survives malformed bodies: binary, invalid UTF-8, lone surrogates and NUL in text, odd ids, wrong versions', async () => {
    c.frame(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80, 0xc3]));
    c.frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"' + u('s.Dockerfile') + '","languageId":"dockerfile","version":1,"text":"FROM \\ud800 node\\u0000\\n"}}}');
    c.frame('{"jsonrpc":"2.0","id":{"nested":true},"method":"textDocument/hover"}');
    c.frame('{"jsonrpc":"2.0","id":"str-id","method":"textDocument/hover","params":null}');
    c.frame('{"jsonrpc":"1.0","id":5}');
    c.frame('{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":123456}}');
    c.frame('{"jsonrpc":"2.0","id":"second-initialize","method":"initialize","params":{}}');
    await alive();
    expect(c.proc.exitCode).toBeNull();
  });

  it('a frame without a usable Content-Length cannot be resynchronised, but the server neither crashes nor spins, and exits when stdin closes', async () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'lint500-lsp-frame-')));
    const raw = await RawClient.start(dir);
    raw.raw('Content-Type: text/plain\r\n\r\n');
    raw.raw('Content-Length: abc\r\n\r\n{}');
    await new Promise((r) => setTimeout(r, 500));
    expect(raw.proc.exitCode).toBeNull();
    const cpu = process.cpuUsage();
    raw.proc.stdin.end();
    const t0 = Date.now();
    await raw.exited;
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(cpu).toBeDefined();
    expect(raw.attempts()).toBe('');
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers unknown requests with MethodNotFound and requests past the end of a document with empty results', async () => {
    const r = await c.request('lint500/doesNotExist', { a: 1 });
    expect(r.error?.code).toBe(-32601);
    const doc = u('short.Dockerfile');
    c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'dockerfile', version: 1, text: 'FROM node\n' } });
    await c.published(doc, 1);
    const far = { line: 10_000, character: 10_000 };
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: doc }, position: far }],
      ['textDocument/hover', { textDocument: { uri: doc }, position: { line: -1, character: -5 } }],
      ['textDocument/codeAction', { textDocument: { uri: doc }, range: { start: far, end: { line: -3, character: 0 } }, context: { diagnostics: [] } }],
    ] as const) {
      const resp = await c.request(method, params);
      expect(resp.error === undefined || resp.error.code !== -32603, `${method} ${JSON.stringify(resp.error)}`).toBe(true);
    }
    await alive();
  });

  it('incremental edits with ranges outside the document do not crash the server', async () => {
    const doc = u('edit.Dockerfile');
    c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'dockerfile', version: 1, text: 'FROM node:20\nCMD node a.js\n' } });
    const edits = [
      { range: { start: { line: 99, character: 0 }, end: { line: 120, character: 3 } }, text: 'RUN x\n' },
      { range: { start: { line: 1, character: 50 }, end: { line: 0, character: 0 } }, text: '' },
      { range: { start: { line: -1, character: -1 }, end: { line: 0, character: 2 } }, text: '\u0000' },
      { text: 'FROM node:20\r\nCMD node b.js\r' },
    ];
    edits.forEach((e, i) => c.notify('textDocument/didChange', { textDocument: { uri: doc, version: i + 2 }, contentChanges: [e] }));
    const ds = await c.published(doc, edits.length + 1);
    expect(ds.map((d) => d.code)).toContain('dockerfile/shell-form-cmd');
    await alive();
  });

  it('a change storm of fuzzed content in every kind ends with the last version published', { timeout: 120_000 }, async () => {
    const kinds = Object.keys(NAMES) as FileKind[];
    for (const kind of kinds) {
      const seeds = seedsOf(kind, 16 * 1024);
      const texts = fc.sample(fc.oneof(bytesArb, tokensArb(kind), ...(seeds.length ? [mutatedArb(seeds).map((m) => m.text)] : [])), { numRuns: 40, seed: SEED });
      const doc = u(`storm/${NAMES[kind]}`);
      c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: LANG[kind], version: 1, text: texts[0] } });
      texts.forEach((text, i) => c.notify('textDocument/didChange', { textDocument: { uri: doc, version: i + 2 }, contentChanges: [{ text }] }));
      const ds = await c.published(doc, texts.length + 1, 60_000);
      expect(ds.filter((d) => d.code === 'internal-error').map((d) => d.message), kind).toEqual([]);
      c.notify('textDocument/didClose', { textDocument: { uri: doc } });
    }
    await alive();
  });

  it('a huge document is answered with file-too-large, and a document closed mid-lint is cleared', { timeout: 60_000 }, async () => {
    const big = u('big.yaml');
    c.notify('textDocument/didOpen', { textDocument: { uri: big, languageId: 'yaml', version: 1, text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n' + `  k: "${'x'.repeat(6 * 1024 * 1024)}"\n` } });
    expect((await c.published(big, 1)).map((d) => d.code)).toEqual(['file-too-large']);
    // A large but allowed document, closed right after opening: the last word for it is "nothing".
    const mid = u('mid.Dockerfile');
    c.notify('textDocument/didOpen', { textDocument: { uri: mid, languageId: 'dockerfile', version: 1, text: 'FROM node:20\n' + 'RUN echo hi\n'.repeat(100_000) + 'CMD node a.js\n' } });
    c.notify('textDocument/didClose', { textDocument: { uri: mid } });
    await alive();
    const last = c.messages.filter((m) => m.method === 'textDocument/publishDiagnostics' && m.params?.uri === mid).at(-1);
    expect(last?.params?.diagnostics ?? []).toEqual([]);
  });

  it('a config made invalid (broken YAML, alias bomb, unknown rule, bad plugin) while documents are open is reported on the config, the server keeps answering and recovers', { timeout: 60_000 }, async () => {
    const doc = u('cfg.Dockerfile');
    c.notify('textDocument/didOpen', { textDocument: { uri: doc, languageId: 'dockerfile', version: 1, text: 'FROM node:20-slim\nUSER node\nCMD node a.js\n' } });
    await c.published(doc, 1);
    const cfg = join(root, '.lint500.yaml');
    const cu = pathToFileURL(cfg).href;
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    const broken = ['rules: [unclosed\n', `settings:\n  x:\n${bomb.replace(/^/gm, '    ')}`, 'rules:\n  nope/not-a-rule: error\n', 'plugins: ["./evil.js"]\nrules: 7\n'];
    for (const text of broken) {
      writeFileSync(cfg, text);
      const before = c.messages.length;
      c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 2 }] });
      const errs = await c.until(`config error for ${JSON.stringify(text)}`, () => {
        const m = c.messages.slice(before).filter((x) => x.method === 'textDocument/publishDiagnostics' && x.params?.uri === cu).at(-1);
        return m?.params?.diagnostics?.length ? m.params.diagnostics : undefined;
      });
      expect(errs.map((d) => d.code), text).toEqual(errs.map(() => 'config-error'));
      const ping = await c.request('lint500/ping');
      expect(ping.error?.code, JSON.stringify(ping.error)).toBe(-32601);
    }
    // The plugin named by the invalid config was never loaded.
    expect(existsSync(join(root, 'evil-ran'))).toBe(false);
    rmSync(cfg);
    c.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 3 }] });
    await alive();
  });
});

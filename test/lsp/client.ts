/**
 * A language-server client for tests: spawns the built server (`dist/src/lsp/bin.js`, or the CLI's
 * `lsp --stdio`) and talks JSON-RPC over its stdio with `vscode-languageserver-protocol`, recording
 * every notification so tests can wait for the diagnostics they expect.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverBin = join(repoRoot, 'dist/src/lsp/bin.js');
export const cliBin = join(repoRoot, 'dist/src/cli/bin.js');

/** Builds once when the compiled server is missing (CI builds before testing). */
export function ensureBuilt(): void {
  if (existsSync(serverBin) && existsSync(cliBin)) return;
  const r = spawnSync('npm', ['run', 'build'], { cwd: repoRoot, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}

export function tempDir(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpdir(), `lint500-${prefix}-`)));
}

export const uri = (abs: string) => pathToFileURL(abs).href;

export interface StartOptions {
  root: string;
  capabilities?: ClientCapabilities;
  initializationOptions?: Record<string, unknown>;
  /** Start through `lint500 lsp --stdio` instead of the `lint500-lsp` bin. */
  viaCli?: boolean;
}

export class TestClient {
  readonly published = new Map<string, PublishDiagnosticsParams[]>();
  readonly logs: string[] = [];
  stderr = '';
  private waiters: (() => void)[] = [];

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: ProtocolConnection,
  ) {}

  static async start(opts: StartOptions): Promise<TestClient> {
    const args = opts.viaCli ? [cliBin, 'lsp', '--stdio'] : [serverBin];
    const proc = spawn(process.execPath, args, { cwd: opts.root, stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const client = new TestClient(proc, conn);
    proc.stderr.on('data', (d: Buffer) => (client.stderr += d.toString()));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const list = client.published.get(p.uri) ?? [];
      list.push(p);
      client.published.set(p.uri, list);
      client.wake();
    });
    conn.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
      client.wake();
    });
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      client.wake();
      return null;
    });
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: uri(opts.root),
      workspaceFolders: [{ uri: uri(opts.root), name: 'test' }],
      capabilities: opts.capabilities ?? {},
      initializationOptions: { debounceMs: 50, ...opts.initializationOptions },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  refreshes = 0;

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves when `check` returns a value, re-checking on every notification; rejects after `ms`. */
  async until<T>(what: string, check: () => T | undefined, ms = 15_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}\nlogs:\n${this.logs.join('\n')}\nstderr:\n${this.stderr}`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          res();
        });
      });
    }
  }

  /** The latest diagnostics published for a document, once the server has published for `version`. */
  diagnosticsFor(u: string, version?: number, ms?: number): Promise<Diagnostic[]> {
    return this.until(`diagnostics for ${u}${version === undefined ? '' : ` v${version}`}`, () => {
      const list = this.published.get(u);
      const last = list?.[list.length - 1];
      if (!last) return undefined;
      if (version !== undefined && last.version !== version) return undefined;
      return last.diagnostics;
    }, ms);
  }

  /** Waits for a publication matching `pred` (any version). */
  waitPublished(u: string, pred: (d: Diagnostic[]) => boolean, ms?: number): Promise<Diagnostic[]> {
    return this.until(`matching diagnostics for ${u}`, () => {
      const list = this.published.get(u);
      const last = list?.[list.length - 1];
      return last && pred(last.diagnostics) ? last.diagnostics : undefined;
    }, ms);
  }

  open(u: string, languageId: string, text: string, version = 1): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: u, languageId, version, text } });
  }

  change(u: string, version: number, text: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri: u, version }, contentChanges: [{ text }] });
  }

  close(u: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
  }

  /** Shuts down politely and returns the exit code. */
  async stop(): Promise<number | null> {
    if (this.proc.exitCode !== null) return this.proc.exitCode;
    const exited = new Promise<number | null>((res) => this.proc.once('exit', (code) => res(code)));
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      this.proc.kill();
    }
    const timer = setTimeout(() => this.proc.kill(), 5000);
    const code = await exited;
    clearTimeout(timer);
    this.conn.dispose();
    return code;
  }
}

// Editor latency: time from a `textDocument/didChange` notification to the `publishDiagnostics`
// for that change, over stdio, for any language server. The edit rewrites a trailing comment line
// (or, with `middle`, a comment line inserted at the line start nearest the middle of the file) with
// a new number each time (no two texts alike, so no content cache answers), so each change is a
// real re-lint of the whole file.
import { Buffer } from 'node:buffer';
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stats } from './lib.mjs';

class Client {
  constructor(cmd, args, cwd) {
    this.proc = spawn(cmd, args, { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    this.buf = Buffer.alloc(0);
    this.id = 0;
    this.pending = new Map();
    this.listeners = [];
    this.proc.stdout.on('data', (d) => this.onData(d));
  }
  onData(d) {
    this.buf = Buffer.concat([this.buf, d]);
    for (;;) {
      const sep = this.buf.indexOf('\r\n\r\n');
      if (sep < 0) return;
      const len = Number(/Content-Length: (\d+)/i.exec(this.buf.subarray(0, sep).toString())[1]);
      if (this.buf.length < sep + 4 + len) return;
      const msg = JSON.parse(this.buf.subarray(sep + 4, sep + 4 + len).toString());
      this.buf = this.buf.subarray(sep + 4 + len);
      this.onMessage(msg);
    }
  }
  onMessage(msg) {
    if (msg.id !== undefined && msg.method === undefined) {
      this.pending.get(msg.id)?.(msg);
      this.pending.delete(msg.id);
    } else if (msg.method && msg.id !== undefined) {
      // Requests from the server (configuration, registrations): answer with nothing.
      this.send({ jsonrpc: '2.0', id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null });
    } else if (msg.method) for (const l of [...this.listeners]) l(msg);
  }
  send(msg) {
    const body = Buffer.from(JSON.stringify(msg));
    this.proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.proc.stdin.write(body);
  }
  request(method, params) {
    const id = ++this.id;
    return new Promise((res) => {
      this.pending.set(id, res);
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }
  notify(method, params) {
    this.send({ jsonrpc: '2.0', method, params });
  }
  waitFor(pred, timeoutMs = 20000) {
    return new Promise((res, rej) => {
      const t = setTimeout(() => {
        this.listeners = this.listeners.filter((x) => x !== l);
        rej(new Error('timeout waiting for the server'));
      }, timeoutMs);
      const l = (msg) => {
        if (!pred(msg)) return;
        clearTimeout(t);
        this.listeners = this.listeners.filter((x) => x !== l);
        res(msg);
      };
      this.listeners.push(l);
    });
  }
  async close() {
    await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
    this.notify('exit', null);
    setTimeout(() => this.proc.kill(), 500).unref();
  }
}

/**
 * Opens `text` as `name` in a fresh workspace folder under `dir` and times `changes` edits.
 * `comment` is the comment prefix of the file's language; the edit flips a trailing comment line.
 */
export async function lspLatency({ cmd, args, dir, name, text, languageId, comment, changes = 40, initializationOptions, middle = false }) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  const client = new Client(cmd, args, dir);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(dir).href,
    workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'bench' }],
    capabilities: { textDocument: { publishDiagnostics: { relatedInformation: true }, synchronization: { dynamicRegistration: false } }, workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions,
  });
  client.notify('initialized', {});
  const published = (msg) => msg.method === 'textDocument/publishDiagnostics' && msg.params.uri === uri;
  const first = client.waitFor(published);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await first;
  const mid = text.indexOf('\n', Math.floor(text.length / 2)) + 1;
  const times = [];
  let count = 0;
  for (let v = 2; v < changes + 2; v++) {
    const next = middle ? `${text.slice(0, mid)}${comment} edit ${v}\n${text.slice(mid)}` : `${text}\n${comment} edit ${v}\n`;
    const got = client.waitFor(published);
    const start = performance.now();
    client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [{ text: next }] });
    const msg = await got;
    times.push(performance.now() - start);
    count = msg.params.diagnostics.length;
  }
  await client.close();
  return { ...stats(times), diagnostics: count };
}

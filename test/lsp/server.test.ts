/**
 * The language server over real stdio JSON-RPC: a client built on vscode-languageserver-protocol
 * spawns the compiled server and drives it the way editors do.
 */
import { rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CodeAction, Diagnostic, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, tempDir, TestClient, uri } from './client.js';

const DOCKERFILE = [
  'FROM node:20-slim',
  'RUN echo "Grüße 🚀" && apt-get update && apt-get install -y curl',
  'COPY --from=bûilder /app /app',
  'CMD node server.js',
  '',
].join('\n');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
          resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
`;

const brief = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} sev${d.severity}`).sort();

function apply(text: string, edits: TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('file:///x', 'x', 1, text), edits);
}

let dir: string;
let client: TestClient | undefined;

beforeAll(() => ensureBuilt());
afterEach(async () => {
  await client?.stop();
  client = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('push diagnostics', () => {
  it('publishes exact UTF-16 ranges, severity, code, doc link and source for the unsaved buffer', async () => {
    dir = tempDir('lsp-push');
    // The disk copy is clean; only the buffer has the findings.
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20-slim\nUSER node\nCMD ["node", "server.js"]\n');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', DOCKERFILE);
    const ds = await client.diagnosticsFor(u, 1);
    // "apt-get" follows `ü`, `ß` (one UTF-16 unit each) and 🚀 (two units): it starts at character 23.
    expect(brief(ds)).toEqual([
      'dockerfile/copy-from-unknown-stage 2:12-2:19 sev1',
      'dockerfile/package-cache-kept 1:23-1:37 sev2',
      'dockerfile/shell-form-cmd 3:0-3:18 sev2',
    ].sort());
    const copy = ds.find((d) => d.code === 'dockerfile/copy-from-unknown-stage')!;
    expect(copy.source).toBe('lint500');
    expect(copy.codeDescription?.href).toBe('https://github.com/lint500/lint500/blob/main/rules/dockerfile/copy-from-unknown-stage.md');
    expect(copy.message).toContain('bûilder');
    expect(DOCKERFILE.split('\n')[1]!.slice(23, 37)).toBe('apt-get update');
  });

  it('re-lints after a debounced change storm and publishes the final version only', async () => {
    dir = tempDir('lsp-storm');
    client = await TestClient.start({ root: dir, initializationOptions: { debounceMs: 150 } });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', 'FROM node:20-slim\nUSER node\nCMD ["node", "a.js"]\n');
    expect(await client.diagnosticsFor(u, 1)).toEqual([]);
    const before = client.published.get(u)!.length;
    for (let v = 2; v <= 40; v++) await client.change(u, v, `FROM node:20-slim\nUSER node\nCMD node a${v}.js\n`);
    const ds = await client.diagnosticsFor(u, 40);
    expect(brief(ds)).toEqual(['dockerfile/shell-form-cmd 2:0-2:15 sev2']);
    expect(ds[0]!.message).toContain('node a40.js');
    // 39 changes within the debounce window: one pass, not 39.
    expect(client.published.get(u)!.length - before).toBeLessThanOrEqual(2);
  });

  it('marks an unused disable comment as unnecessary', async () => {
    dir = tempDir('lsp-tags');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', 'FROM node:20-slim\n# lint500-disable-next-line dockerfile/shell-form-cmd\nUSER node\nCMD ["node", "a.js"]\n');
    const ds = await client.diagnosticsFor(u, 1);
    expect(brief(ds)).toEqual(['unused-disable-directive 1:0-1:53 sev2']);
    expect(ds[0]!.tags).toEqual([1]);
    expect(ds[0]!.codeDescription?.href).toBe('https://github.com/lint500/lint500/blob/main/docs/diagnostics.md#unused-disable-directive');
  });
});

describe('cross-file rules', () => {
  it('combines open buffers with workspace files on disk and follows file events', async () => {
    dir = tempDir('lsp-cross');
    writeFileSync(join(dir, 'deploy.yaml'), DEPLOYMENT);
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    client = await TestClient.start({ root: dir });
    const du = uri(join(dir, 'deploy.yaml'));
    await client.open(du, 'yaml', DEPLOYMENT);
    const ds = await client.diagnosticsFor(du, 1);
    // service.yaml is not open: it is read from disk, and it selects the pod, so readiness is an error.
    expect(brief(ds)).toEqual(['k8s/liveness-probe-missing 13:10-13:19 sev2', 'k8s/readiness-probe-missing 13:10-13:19 sev1']);
    const ready = ds.find((d) => d.code === 'k8s/readiness-probe-missing')!;
    expect(ready.relatedInformation).toEqual([
      { location: { uri: uri(join(dir, 'service.yaml')), range: { start: { line: 5, character: 2 }, end: { line: 5, character: 10 } } }, message: 'Service "web" selects this pod here.' },
    ]);

    // An unsaved edit of the Service in the editor wins over the disk copy.
    const su = uri(join(dir, 'service.yaml'));
    await client.open(su, 'yaml', SERVICE.replace('app: web', 'app: api'));
    // No Service selects the pod now, and its container declares no port: readiness is not required.
    const onlyLiveness = (d: Diagnostic[]) => brief(d).join() === 'k8s/liveness-probe-missing 13:10-13:19 sev2';
    await client.waitPublished(du, onlyLiveness);

    // Closing the buffer falls back to the disk copy.
    await client.close(su);
    await client.waitPublished(du, (d) => brief(d).includes('k8s/readiness-probe-missing 13:10-13:19 sev1'));

    // The Service is deleted on disk: the watcher event refreshes the cached workspace.
    unlinkSync(join(dir, 'service.yaml'));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: su, type: 3 }] });
    await client.waitPublished(du, onlyLiveness);

    // And created again.
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: su, type: 1 }] });
    await client.waitPublished(du, (d) => brief(d).includes('k8s/readiness-probe-missing 13:10-13:19 sev1'));
  });
});

describe('code actions', () => {
  it('offers the fix, disable-for-line and disable-for-file, and each one removes the finding', async () => {
    dir = tempDir('lsp-actions');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', DOCKERFILE);
    const ds = await client.diagnosticsFor(u, 1);
    const cmd = ds.find((d) => d.code === 'dockerfile/shell-form-cmd')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: cmd.range, context: { diagnostics: [cmd] } })) as CodeAction[];
    expect(actions.map((a) => [a.title, a.kind, a.isPreferred ?? false])).toEqual([
      ['Fix: Start the app in exec form so that it receives SIGTERM.', 'quickfix', true],
      ['Disable dockerfile/shell-form-cmd for this line', 'quickfix', false],
      ['Disable dockerfile/shell-form-cmd for this file', 'quickfix', false],
    ]);
    const edited = actions.map((a) => apply(DOCKERFILE, a.edit!.changes![u]!));
    expect(edited[0]!.split('\n')[3]).toBe('CMD ["node", "server.js"]');
    expect(edited[1]!.split('\n').slice(3, 5)).toEqual(['# lint500-disable-next-line dockerfile/shell-form-cmd', 'CMD node server.js']);
    expect(edited[2]!.split('\n')[0]).toBe('# lint500-disable-file dockerfile/shell-form-cmd');
    let v = 1;
    for (const text of edited) {
      await client.change(u, ++v, text);
      const after = await client.diagnosticsFor(u, v);
      expect(after.map((d) => d.code)).not.toContain('dockerfile/shell-form-cmd');
      expect(after.map((d) => d.code)).not.toContain('unused-disable-directive');
      expect(after.map((d) => d.code)).toContain('dockerfile/copy-from-unknown-stage');
    }
  });

  it('converts fix offsets after non-ASCII text and keeps Dockerfile parser directives first', async () => {
    dir = tempDir('lsp-actions2');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    const text = '# syntax=docker/dockerfile:1\nFROM python:3.12-slim\nUSER app\nRUN echo "ünïcødé 🚀" && pip install flask\nCMD ["python", "app.py"]\n';
    await client.open(u, 'dockerfile', text);
    const ds = await client.diagnosticsFor(u, 1);
    const cache = ds.find((d) => d.code === 'dockerfile/package-cache-kept')!;
    expect(cache).toBeDefined();
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: cache.range, context: { diagnostics: [cache] } })) as CodeAction[];
    const fix = actions.find((a) => a.title.startsWith('Fix:'))!;
    expect(apply(text, fix.edit!.changes![u]!).split('\n')[3]).toBe('RUN echo "ünïcødé 🚀" && pip install --no-cache-dir flask');
    const file = actions.find((a) => a.title.endsWith('for this file'))!;
    expect(apply(text, file.edit!.changes![u]!).split('\n').slice(0, 2)).toEqual(['# syntax=docker/dockerfile:1', '# lint500-disable-file dockerfile/package-cache-kept']);
    // The fix-all source action applies every safe fix at once.
    const all = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: cache.range, context: { diagnostics: [], only: ['source.fixAll'] } })) as CodeAction[];
    expect(all.map((a) => a.kind)).toEqual(['source.fixAll.lint500']);
    expect(apply(text, all[0]!.edit!.changes![u]!)).toContain('pip install --no-cache-dir flask');
  });

  it('puts a YAML disable comment at the line\'s indentation and extends an existing one', async () => {
    dir = tempDir('lsp-actions3');
    writeFileSync(join(dir, 'service.yaml'), SERVICE);
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'deploy.yaml'));
    await client.open(u, 'yaml', DEPLOYMENT);
    const ds = await client.diagnosticsFor(u, 1);
    const live = ds.find((d) => d.code === 'k8s/liveness-probe-missing')!;
    const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: live.range, context: { diagnostics: [live] } })) as CodeAction[];
    const line = actions.find((a) => a.title === 'Disable k8s/liveness-probe-missing for this line')!;
    const once = apply(DEPLOYMENT, line.edit!.changes![u]!);
    expect(once.split('\n').slice(12, 15)).toEqual(['      containers:', '        # lint500-disable-next-line k8s/liveness-probe-missing', '        - name: web']);
    await client.change(u, 2, once);
    const after = await client.diagnosticsFor(u, 2);
    expect(brief(after)).toEqual(['k8s/readiness-probe-missing 14:10-14:19 sev1']);
    const ready = after[0]!;
    const more = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: u }, range: ready.range, context: { diagnostics: [ready] } })) as CodeAction[];
    const twice = apply(once, more.find((a) => a.title === 'Disable k8s/readiness-probe-missing for this line')!.edit!.changes![u]!);
    expect(twice.split('\n')[13]).toBe('        # lint500-disable-next-line k8s/liveness-probe-missing, k8s/readiness-probe-missing');
    await client.change(u, 3, twice);
    expect(await client.diagnosticsFor(u, 3)).toEqual([]);
  });
});

describe('hover', () => {
  it('explains a finding with its causes and remediation, and documents nginx directives', async () => {
    dir = tempDir('lsp-hover');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', DOCKERFILE);
    await client.diagnosticsFor(u, 1);
    const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 3, character: 5 } })) as Hover;
    const md = (h.contents as { value: string }).value;
    expect(md).toContain('**lint500 · dockerfile/shell-form-cmd** (warning)');
    expect(md).toContain('502 · Rollouts drop in-flight requests');
    expect(md).toContain('**Fix:** Write CMD/ENTRYPOINT as a JSON array');
    expect(h.range).toEqual({ start: { line: 3, character: 0 }, end: { line: 3, character: 18 } });
    expect(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 30 } })).toBeNull();

    const nu = uri(join(dir, 'nginx.conf'));
    // The "# proxy_read_timeout" in the comment and the quoted word are not directives.
    const conf = 'http {\n  # proxy_read_timeout in a comment\n  server {\n    location / { proxy_pass http://app; proxy_read_timeout 5s; add_header X "proxy_read_timeout"; }\n  }\n}\n';
    await client.open(nu, 'nginx', conf);
    await client.diagnosticsFor(nu, 1);
    const col = conf.split('\n')[3]!.indexOf('proxy_read_timeout');
    const nh = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: nu }, position: { line: 3, character: col + 3 } })) as Hover;
    expect((nh.contents as { value: string }).value).toContain('Defines a timeout for reading a response from the proxied server.');
    expect(nh.range).toEqual({ start: { line: 3, character: col }, end: { line: 3, character: col + 'proxy_read_timeout'.length } });
    expect(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: nu }, position: { line: 1, character: 6 } })).toBeNull();
    const quoted = conf.split('\n')[3]!.lastIndexOf('proxy_read_timeout');
    expect(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: nu }, position: { line: 3, character: quoted + 2 } })).toBeNull();
  });
});

describe('configuration', () => {
  it('reloads .lint500.yaml on change, reports a broken config on the config file and keeps running', async () => {
    dir = tempDir('lsp-config');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    const cfg = join(dir, '.lint500.yaml');
    const cu = uri(cfg);
    await client.open(u, 'dockerfile', DOCKERFILE);
    expect((await client.diagnosticsFor(u, 1)).map((d) => d.code)).toContain('dockerfile/shell-form-cmd');

    writeFileSync(cfg, 'rules:\n  dockerfile/shell-form-cmd: off\n  dockerfile/package-cache-kept: info\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 1 }] });
    let ds = await client.waitPublished(u, (d) => !d.some((x) => x.code === 'dockerfile/shell-form-cmd'));
    expect(ds.find((d) => d.code === 'dockerfile/package-cache-kept')!.severity).toBe(3);

    // Broken YAML: an error on the config file at the right line; the document's findings are withdrawn.
    writeFileSync(cfg, 'rules:\n  dockerfile/package-cache-kept: info\n  bad: [unclosed\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 2 }] });
    const cds = await client.waitPublished(cu, (d) => d.length > 0);
    expect(cds[0]!.source).toBe('lint500');
    expect(cds[0]!.code).toBe('config-error');
    expect(cds[0]!.severity).toBe(1);
    expect(cds[0]!.range.start.line).toBeGreaterThanOrEqual(2);
    await client.waitPublished(u, (d) => d.length === 0);

    // An unknown rule id is a config error too, at its line.
    writeFileSync(cfg, 'extends: recommended\nrules:\n  dockerfile/no-such-rule: error\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 2 }] });
    const unknown = await client.waitPublished(cu, (d) => d.some((x) => JSON.stringify(x.message).includes('no-such-rule')));
    expect(unknown[0]!.range.start).toEqual({ line: 2, character: 2 });

    // Still alive: hover answers, and a good config brings the findings back and clears the error.
    expect(await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: u }, position: { line: 0, character: 0 } })).toBeDefined();
    writeFileSync(cfg, 'rules:\n  dockerfile/package-cache-kept: off\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: cu, type: 2 }] });
    await client.waitPublished(cu, (d) => d.length === 0);
    ds = await client.waitPublished(u, (d) => d.length > 0);
    expect(ds.map((d) => d.code)).toContain('dockerfile/shell-form-cmd');
    expect(ds.map((d) => d.code)).not.toContain('dockerfile/package-cache-kept');
  });

  it('reloads the config when it is saved in the editor (clients that do not watch files)', async () => {
    dir = tempDir('lsp-config-save');
    client = await TestClient.start({ root: dir });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', DOCKERFILE);
    await client.diagnosticsFor(u, 1);
    const cfg = join(dir, '.lint500.yml');
    writeFileSync(cfg, 'rules:\n  dockerfile/copy-from-unknown-stage: off\n');
    await client.open(uri(cfg), 'yaml', 'rules:\n  dockerfile/copy-from-unknown-stage: off\n');
    await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: uri(cfg) } });
    await client.waitPublished(u, (d) => d.length > 0 && !d.some((x) => x.code === 'dockerfile/copy-from-unknown-stage'));
  });
});

describe('pull diagnostics', () => {
  it('answers textDocument/diagnostic for clients that support it, with the current buffer', async () => {
    dir = tempDir('lsp-pull');
    client = await TestClient.start({ root: dir, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }, workspace: { diagnostics: { refreshSupport: true } } } });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', DOCKERFILE);
    const r1 = (await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { kind: string; items: Diagnostic[] };
    expect(r1.kind).toBe('full');
    expect(brief(r1.items)).toContain('dockerfile/package-cache-kept 1:23-1:37 sev2');
    await client.change(u, 2, 'FROM node:20-slim\nUSER node\nCMD ["node", "a.js"]\n');
    const r2 = (await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { kind: string; items: Diagnostic[] };
    expect(r2.items).toEqual([]);
    // A config change asks the client to pull again.
    writeFileSync(join(dir, '.lint500.json'), '{"rules": {"dockerfile/user-root": "error"}}');
    // An image that ships an app (COPY . .) and runs it as root.
    await client.change(u, 3, 'FROM node:20-slim\nCOPY . .\nUSER root\nCMD ["node", "a.js"]\n');
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(join(dir, '.lint500.json')), type: 1 }] });
    await client.until('a diagnostic refresh request', () => (client!.refreshes > 0 ? true : undefined));
    const r3 = (await client.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: u } })) as { kind: string; items: Diagnostic[] };
    expect(brief(r3.items)).toEqual(['dockerfile/user-root 2:5-2:9 sev1']);
    // Pull clients get no pushed diagnostics for documents.
    expect(client.published.get(u)).toBeUndefined();
  });

  it('advertises pull diagnostics only to clients that support them', async () => {
    dir = tempDir('lsp-caps');
    client = await TestClient.start({ root: dir, viaCli: true });
    const u = uri(join(dir, 'Dockerfile'));
    await client.open(u, 'dockerfile', 'FROM node:20-slim\nUSER node\nCMD node a.js\n');
    expect(brief(await client.diagnosticsFor(u, 1))).toEqual(['dockerfile/shell-form-cmd 2:0-2:13 sev2']);
  });
});

describe('robustness', () => {
  let shared: TestClient;
  let sdir: string;
  beforeAll(async () => {
    sdir = tempDir('lsp-robust');
    shared = await TestClient.start({ root: sdir });
  });
  afterAll(async () => {
    await shared.stop();
    rmSync(sdir, { recursive: true, force: true });
  });
  const alive = async () => {
    const u = uri(join(sdir, `alive-${Math.random().toString(36).slice(2)}.Dockerfile`));
    await shared.open(u, 'dockerfile', 'FROM node:20-slim\nUSER node\nCMD node a.js\n');
    expect(brief(await shared.diagnosticsFor(u, 1))).toEqual(['dockerfile/shell-form-cmd 2:0-2:13 sev2']);
    await shared.close(u);
  };

  it('survives malformed JSON-RPC', async () => {
    const frame = (body: string) => shared.proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    frame('{"jsonrpc": "2.0", "id": 99, "method": "textDocument/hov'); // cut short: not JSON
    frame('not json at all ✗');
    frame('{"hello": "world"}'); // JSON, but not a JSON-RPC message
    frame('[1, 2, 3]');
    // Well-formed messages with nonsense parameters.
    frame('{"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": 42}}');
    frame('{"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": "file:///nowhere", "version": 2}, "contentChanges": [{"text": "x"}]}}');
    frame('{"jsonrpc": "2.0", "method": "workspace/didChangeWatchedFiles", "params": {"changes": [{"uri": "not a uri", "type": 7}]}}');
    // Requests whose parameters miss what they need get an answer, not a crash.
    await shared.conn.sendRequest('textDocument/codeAction', {}).catch(() => undefined);
    await shared.conn.sendRequest('textDocument/hover', { textDocument: { uri: 17 }, position: 'x' }).catch(() => undefined);
    await shared.conn.sendRequest('textDocument/diagnostic', { textDocument: null }).catch(() => undefined);
    await alive();
    expect(shared.proc.exitCode).toBeNull();
  });

  it('answers unknown requests with MethodNotFound and ignores unknown notifications', async () => {
    await shared.conn.sendNotification('lint500/noSuchNotification', { x: 1 });
    await expect(shared.conn.sendRequest('lint500/noSuchMethod', {})).rejects.toMatchObject({ code: -32601 });
    // Requests about documents that were never opened get empty answers.
    expect(await shared.conn.sendRequest('textDocument/hover', { textDocument: { uri: uri(join(sdir, 'nope')) }, position: { line: 0, character: 0 } })).toBeNull();
    expect(await shared.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: uri(join(sdir, 'nope')) }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } })).toEqual([]);
    await alive();
  });

  it('reports a huge document as too large instead of linting it', async () => {
    const u = uri(join(sdir, 'huge.Dockerfile'));
    const text = 'FROM node:20-slim\n' + `RUN echo ${'x'.repeat(100)}\n`.repeat(60_000);
    await shared.open(u, 'dockerfile', text);
    const ds = await shared.diagnosticsFor(u, 1, 30_000);
    expect(brief(ds)).toEqual(['file-too-large 0:0-0:0 sev2']);
    await shared.close(u);
    await alive();
  });

  it('does not publish stale results for a document closed while it is being linted', async () => {
    const u = uri(join(sdir, 'closing.Dockerfile'));
    await shared.open(u, 'dockerfile', 'FROM node:20-slim\nCMD node a.js\n');
    await shared.close(u);
    await alive();
    const list = shared.published.get(u) ?? [];
    // Whatever was published before the close, the last word is "no diagnostics".
    expect(list[list.length - 1]?.diagnostics ?? []).toEqual([]);
  });

  it('shuts down cleanly with exit code 0', async () => {
    const d = tempDir('lsp-exit');
    const c = await TestClient.start({ root: d });
    expect(await c.stop()).toBe(0);
    rmSync(d, { recursive: true, force: true });
  });
});

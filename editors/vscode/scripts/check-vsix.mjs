#!/usr/bin/env node
// Checks a packaged .vsix (CI runs it after `npm run package`): the file list (the bundled client and
// server, the rule docs, the grammars, the licence; no node_modules, no sources, no source maps),
// then the bundled server itself, started from the unpacked .vsix with nothing else on disk: it must
// answer `initialize` and publish lint500's diagnostics for a Dockerfile and a Django settings module
// (Python: the tree-sitter grammars) over stdio.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const vsix = resolve(process.argv[2] ?? 'lint500-vscode.vsix');
const fail = (msg) => {
  console.error(`check-vsix: ${msg}`);
  process.exit(1);
};

// 1. The file list (python3's zipfile: a .vsix is a zip).
const listed = spawnSync('python3', ['-c', 'import sys, zipfile; print("\\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))', vsix], { encoding: 'utf8' });
if (listed.status !== 0) fail(`cannot read ${vsix}: ${listed.stderr}`);
const files = listed.stdout.split('\n').filter(Boolean);
const required = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/LICENSE.txt',
  'extension/out/extension.js',
  'extension/server/package.json',
  'extension/server/dist/src/lsp/bin.js',
  'extension/server/dist/src/lsp/web-tree-sitter.wasm',
  'extension/server/vendor/grammars/tree-sitter-python.wasm',
  'extension/server/vendor/grammars/tree-sitter-java.wasm',
  'extension/server/rules/dockerfile/shell-form-cmd.md',
];
const missing = required.filter((f) => !files.includes(f));
if (missing.length) fail(`missing from the package: ${missing.join(', ')}`);
const unwanted = files.filter((f) => /(^|\/)node_modules\/|^extension\/src\/|^extension\/scripts\/|\.map$|\.ts$|\.vsix$/.test(f));
if (unwanted.length) fail(`must not be in the package: ${unwanted.slice(0, 10).join(', ')}${unwanted.length > 10 ? ' …' : ''}`);
console.log(`check-vsix: ${files.length} files, the client and the server inside, no node_modules`);

// 2. The bundled server, from the unpacked package only.
const dir = mkdtempSync(join(tmpdir(), 'lint500-vsix-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const unpacked = spawnSync('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])', vsix, dir], { encoding: 'utf8' });
if (unpacked.status !== 0) fail(`cannot unpack: ${unpacked.stderr}`);
const project = join(dir, 'project');
spawnSync('mkdir', ['-p', join(project, 'shop')]);
writeFileSync(join(project, 'Dockerfile'), 'FROM node:20.11-slim\nUSER node\nCMD node server.js\n');
writeFileSync(join(project, 'shop/settings.py'), 'import os\n\nSECRET_KEY = os.environ["SECRET_KEY"]\nDEBUG = True\nINSTALLED_APPS = ["django.contrib.admin"]\n');
const want = {
  [pathToFileURL(join(project, 'Dockerfile')).href]: { language: 'dockerfile', code: 'dockerfile/shell-form-cmd' },
  [pathToFileURL(join(project, 'shop/settings.py')).href]: { language: 'python', code: 'python/django-debug-enabled' },
};

const server = spawn(process.execPath, [join(dir, 'extension/server/dist/src/lsp/bin.js'), '--stdio'], { cwd: tmpdir(), stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
server.stderr.on('data', (c) => (stderr += c));
const send = (msg) => {
  const body = JSON.stringify({ jsonrpc: '2.0', ...msg });
  server.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
};
const seen = new Map();
let buf = Buffer.alloc(0);
const timer = setTimeout(() => {
  server.kill('SIGKILL');
  fail(`no diagnostics within 60 s; got ${JSON.stringify([...seen])}; server stderr: ${stderr}`);
}, 60_000);
server.stdout.on('data', (chunk) => {
  buf = Buffer.concat([buf, chunk]);
  for (;;) {
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const len = Number(/Content-Length: (\d+)/i.exec(buf.subarray(0, end).toString())?.[1]);
    if (buf.length < end + 4 + len) return;
    const msg = JSON.parse(buf.subarray(end + 4, end + 4 + len).toString());
    buf = buf.subarray(end + 4 + len);
    if (msg.id === 1 && msg.result) {
      send({ method: 'initialized', params: {} });
      for (const [uri, w] of Object.entries(want)) send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: w.language, version: 1, text: spawnSync('cat', [new URL(uri).pathname], { encoding: 'utf8' }).stdout } } });
    } else if (msg.id !== undefined && msg.method) {
      // A request from the server (configuration, capability registration): answer empty.
      send({ id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null });
    } else if (msg.method === 'textDocument/publishDiagnostics' && want[msg.params.uri]) {
      seen.set(msg.params.uri, msg.params.diagnostics.map((d) => d.code));
      if (Object.entries(want).every(([uri, w]) => seen.get(uri)?.includes(w.code))) {
        clearTimeout(timer);
        server.kill();
        console.log(`check-vsix: the bundled server published ${Object.values(want).map((w) => w.code).join(' and ')}`);
        process.exit(0);
      }
    }
  }
});
send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: pathToFileURL(project).href, workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }], capabilities: {} } });

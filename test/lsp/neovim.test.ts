/**
 * End to end with a real editor: headless Neovim (Debian's 0.7, `vim.lsp.start_client` +
 * `vim.lsp.buf_attach_client`) attaches lint500 to a Dockerfile and a Kubernetes YAML file and writes
 * what `vim.diagnostic.get` holds. Neovim converts LSP UTF-16 positions to byte columns itself, so
 * the non-ASCII line checks the server's position encoding through a real client.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runs, toolGate } from '../system-tools.js';
import { ensureBuilt, repoRoot, serverBin, tempDir, uri } from './client.js';

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
  annotations: {team: "Zoë 🚀"}
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

interface NvimDiagnostic {
  code: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
  severity: number;
  source: string;
  message: string;
  href: string | null;
  related: { uri: string; line: number; character: number; message: string }[];
}

let dir: string;
beforeAll(() => ensureBuilt());
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runNvim(root: string, out: string, files: string[]): Promise<{ code: number | null; stderr: string }> {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const proc = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', join(repoRoot, 'test/lsp/neovim/test-init.lua')], {
    cwd: root,
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_CACHE_HOME: join(home, 'cache'),
      XDG_DATA_HOME: join(home, 'data'),
      XDG_STATE_HOME: join(home, 'state'),
      LINT500_NODE: process.execPath,
      LINT500_SERVER: serverBin,
      LINT500_ROOT: root,
      LINT500_OUT: out,
      LINT500_FILES: files.join(','),
      LINT500_DEADLINE_MS: '25000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((res) => {
    // Neovim quits itself (by the deadline at the latest); this only guards against a hang.
    const guard = setTimeout(() => proc.kill('SIGKILL'), 40_000);
    proc.on('exit', (code) => {
      clearTimeout(guard);
      res({ code, stderr });
    });
  });
}

const gate = toolGate('Neovim', runs('nvim', '--version'), 'neovim');
describe.skipIf(gate.skip)(gate.title, () => {
  it('receives lint500 diagnostics for a Dockerfile and a Kubernetes manifest', { timeout: 60_000 }, async () => {
    dir = tempDir('nvim');
    const root = join(dir, 'project');
    mkdirSync(root);
    writeFileSync(join(root, 'Dockerfile'), DOCKERFILE);
    writeFileSync(join(root, 'deploy.yaml'), DEPLOYMENT);
    // Not opened in the editor: read from disk for the cross-file readiness check.
    writeFileSync(join(root, 'service.yaml'), SERVICE);
    const out = join(dir, 'diagnostics.json');
    const { code, stderr } = await runNvim(root, out, ['Dockerfile', 'deploy.yaml']);
    expect(existsSync(out), `nvim wrote nothing (exit ${code}): ${stderr}`).toBe(true);
    const got = JSON.parse(readFileSync(out, 'utf8')) as { complete: boolean; diagnostics: Record<string, NvimDiagnostic[]> };
    expect(got.complete, JSON.stringify(got)).toBe(true);
    expect(code).toBe(0);

    const brief = (ds: NvimDiagnostic[]) => ds.map((d) => `${d.code} ${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} sev${d.severity}`).sort();
    // Neovim columns are bytes: "apt-get" starts at UTF-16 unit 23, which is byte 27 after ü, ß (2 bytes each) and 🚀 (4).
    const aptByte = Buffer.byteLength('RUN echo "Grüße 🚀" && ');
    expect(aptByte).toBe(27);
    const fromByte = Buffer.byteLength('COPY --from=');
    const stageBytes = Buffer.byteLength('bûilder');
    expect(brief(got.diagnostics['Dockerfile']!)).toEqual(
      [
        `dockerfile/copy-from-unknown-stage 2:${fromByte}-2:${fromByte + stageBytes} sev1`,
        `dockerfile/package-cache-kept 1:${aptByte}-1:${aptByte + 'apt-get update'.length} sev2`,
        'dockerfile/shell-form-cmd 3:0-3:18 sev2',
      ].sort(),
    );
    expect(brief(got.diagnostics['deploy.yaml']!)).toEqual(['k8s/liveness-probe-missing 14:10-14:19 sev2', 'k8s/readiness-probe-missing 14:10-14:19 sev1']);
    for (const d of [...got.diagnostics['Dockerfile']!, ...got.diagnostics['deploy.yaml']!]) {
      expect(d.source).toBe('lint500');
      expect(d.href).toBe(`https://github.com/lint500/lint500/blob/main/rules/${d.code}.md`);
    }
    const ready = got.diagnostics['deploy.yaml']!.find((d) => d.code === 'k8s/readiness-probe-missing')!;
    expect(ready.related).toEqual([{ uri: uri(join(root, 'service.yaml')), line: 5, character: 2, message: 'Service "web" selects this pod here.' }]);
    // What the editor showed, kept outside the test's folder for inspection.
    writeFileSync(join(tmpdir(), 'lint500-nvim-diagnostics.json'), JSON.stringify(got.diagnostics, null, 2) + '\n');
  });
});

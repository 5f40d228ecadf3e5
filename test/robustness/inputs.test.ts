/**
 * Hostile and unusual inputs through the real CLI (in-process `main()`): binary files, invalid UTF-8,
 * a BOM, CRLF and lone CR line endings (positions per parser), tabs, 1 MB lines, empty files, files
 * that vanish or become unreadable during the run, folders named like files, symlink loops, FIFOs
 * and devices, and a 50 MB file.
 */
import { chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../dist/src/cli/bin.js');
import { SAMPLES } from '../fuzz/harness.js';
import { cli, lintJson, project, type JsonMessage } from './helpers.js';

const DOCKERFILE = 'FROM node:20\nWORKDIR /app\nRUN apt-get update && apt-get install -y curl\nCOPY . .\nCMD node server.js\n';
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx:latest
`;

/** One file per kind, each with findings away from line 1 column 1. */
const FILES: Record<string, string> = {
  ...Object.fromEntries(SAMPLES.map((s) => [s.path, s.text])),
  Dockerfile: DOCKERFILE,
  'k8s/deploy.yaml': DEPLOYMENT,
};

const pos = (ms: JsonMessage[] | undefined) => (ms ?? []).map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endLine}:${m.endColumn}`).sort();

const homeless: string[] = [];
afterAll(() => {
  for (const d of homeless) rmSync(d, { recursive: true, force: true });
});
function tmp(files: Record<string, string | Buffer> = {}): string {
  const dir = project({});
  homeless.push(dir);
  for (const [p, t] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), t);
  }
  return dir;
}

describe('line endings and positions', () => {
  it('CRLF and lone CR give the same line/column as LF, for every parser', async () => {
    const lf = await lintJson(tmp(FILES));
    const crlf = await lintJson(tmp(Object.fromEntries(Object.entries(FILES).map(([p, t]) => [p, t.replace(/\n/g, '\r\n')]))));
    const cr = await lintJson(tmp(Object.fromEntries(Object.entries(FILES).map(([p, t]) => [p, t.replace(/\n/g, '\r')]))));
    const diffs: string[] = [];
    for (const path of Object.keys(FILES)) {
      if (path === 'package.json') continue;
      const want = pos(lf.files.get(path));
      expect(want.length, `${path} has findings to compare`).toBeGreaterThan(0);
      for (const [eol, got] of [['CRLF', crlf], ['CR', cr]] as const) {
        // nginx, like nginx itself, ends a line only at LF: a lone CR is whitespace (tested below).
        if (path === 'nginx.conf' && eol === 'CR') continue;
        const have = pos(got.files.get(path));
        if (JSON.stringify(have) !== JSON.stringify(want)) diffs.push(`${path} with ${eol}: ${have.join(' ')} instead of ${want.join(' ')}`);
      }
    }
    expect(diffs).toEqual([]);
    // Spot checks against positions counted by hand.
    expect(pos(lf.files.get('Dockerfile'))).toContain('dockerfile/shell-form-cmd@5:1-5:19');
    expect(pos(lf.files.get('conf/server.xml'))).toContain('tomcat/max-threads-undersized@5:60-5:62');
  });

  it('characters outside the BMP (two UTF-16 units) before a finding do not shift later lines', async () => {
    const comment = (path: string) => (/\.(js|ts|java)$/.test(path) ? '// 😀 naïve ☃ 😀' : path.endsWith('.xml') ? '<!-- 😀 naïve ☃ 😀 -->' : '# 😀 naïve ☃ 😀');
    // package.json is JSON: no comments.
    const withEmoji = Object.fromEntries(Object.entries(FILES).filter(([p]) => p !== 'package.json').map(([p, t]) => [p, t.replace('\n', `\n${comment(p)}\n`)]));
    const lf = await lintJson(tmp(FILES));
    const emo = await lintJson(tmp(withEmoji));
    const diffs: string[] = [];
    for (const path of Object.keys(withEmoji)) {
      const want = (lf.files.get(path) ?? []).map((m) => ({ ...m, line: m.line >= 2 ? m.line + 1 : m.line, endLine: m.endLine >= 2 ? m.endLine + 1 : m.endLine }));
      const have = pos(emo.files.get(path));
      if (JSON.stringify(have) !== JSON.stringify(pos(want))) diffs.push(`${path}: ${have.join(' ')} instead of ${pos(want).join(' ')}`);
    }
    expect(diffs).toEqual([]);
  });

  it('a parse error after CRLF or CR lines is reported on its own line', async () => {
    const broken: Record<string, string> = {
      'nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n',
      'k8s/bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [1, 2\n',
      'conf/server.xml': '<Server port="8005">\n  <Service name="C">\n    <Connector port="8080">\n  </Service>\n</Server>\n',
    };
    const at = async (eol: string) => {
      const r = await lintJson(tmp(Object.fromEntries(Object.entries(broken).map(([p, t]) => [p, t.replace(/\n/g, eol)]))));
      return Object.fromEntries(Object.keys(broken).map((p) => [p, (r.files.get(p) ?? []).filter((m) => m.ruleId === 'parse-error').map((m) => `${m.line}:${m.column}`)]));
    };
    const lf = await at('\n');
    for (const p of Object.keys(broken)) expect(lf[p]!.length, p).toBeGreaterThan(0);
    expect(lf['nginx.conf']).toEqual(['5:3']);
    expect(await at('\r\n')).toEqual(lf);
    expect(await at('\r')).toEqual(lf);
  });

  it('nginx reads a lone CR as whitespace, as nginx does: a # comment runs to the next LF', async () => {
    const r = await lintJson(tmp({ 'nginx.conf': 'events {}\rhttp {\r  # note\r  server { listen 80; }\r}\n' }));
    expect(pos(r.files.get('nginx.conf'))).toEqual(['parse-error@6:1-6:1']);
  });

  it('a tab counts as one column', async () => {
    const r = await lintJson(tmp({ Dockerfile: DOCKERFILE.replace('CMD node', '\t\tCMD node') }));
    expect(pos(r.files.get('Dockerfile'))).toContain('dockerfile/shell-form-cmd@5:3-5:21');
  });
});

describe('encodings', () => {
  it('a UTF-8 BOM is not part of the text: positions on line 1 are unchanged', async () => {
    const text = 'FROM node:20\nCMD node server.js\n';
    const plain = await lintJson(tmp({ Dockerfile: text }));
    const bom = await lintJson(tmp({ Dockerfile: '\uFEFF' + text }));
    expect(pos(bom.files.get('Dockerfile'))).toEqual(pos(plain.files.get('Dockerfile')));
    expect(pos(plain.files.get('Dockerfile'))).toContain('dockerfile/shell-form-cmd@2:1-2:19');
  });

  it('invalid UTF-8 is decoded with replacement characters, linted, and positions stay on their lines', async () => {
    const bytes = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9, 0xff, 0xc3]), Buffer.from('\nFROM node:20\nCMD node server.js\n')]);
    const r = await lintJson(tmp({ Dockerfile: bytes }));
    expect(r.code).toBe(0);
    expect(pos(r.files.get('Dockerfile'))).toContain('dockerfile/shell-form-cmd@3:1-3:19');
  });

  it('a file with NUL bytes in a folder walk is skipped silently; named on the command line, with a note', async () => {
    const bin = Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0x00, 0x01, 0x02, 0xff]);
    const dir = tmp({ Dockerfile: bin, 'nginx.conf': 'events {}\nhttp { server { listen 80; } }\n' });
    const walk = await lintJson(dir);
    expect(walk.code).toBe(0);
    expect(walk.files.get('Dockerfile')).toBeUndefined();
    const named = await lintJson(dir, ['Dockerfile']);
    expect(named.code).toBe(0);
    expect(named.files.get('Dockerfile')!.map((m) => [m.ruleId, m.message])).toEqual([['file-skipped', 'File contains NUL bytes (binary content); it was not linted.']]);
  });

  it('an empty file and a whitespace-only file of every kind lint cleanly', async () => {
    const files = Object.fromEntries(Object.keys(FILES).filter((p) => p !== 'package.json').flatMap((p) => [[p, ''], [p.replace(/([^/]+)$/, 'ws-$1'), ' \n\t\r\n']]));
    const r = await lintJson(tmp(files));
    expect(r.stderr).toBe('');
    for (const [p, ms] of r.files) {
      // An XML document needs a root element: Tomcat refuses an empty server.xml, so that one is a parse error.
      const want = p.endsWith('server.xml') ? ['parse-error@1:1-1:1'] : [];
      expect(pos(ms).filter((m) => m.startsWith('internal-error') || m.startsWith('parse-error')), p).toEqual(want);
    }
  });
});

describe('size', () => {
  it('a 1 MB line in each kind is linted within the time bound', { timeout: 60_000 }, async () => {
    const long = 'x'.repeat(1024 * 1024);
    const files: Record<string, string> = {
      Dockerfile: `FROM node:20\nRUN echo ${long}\nCMD node a.js\n`,
      'nginx.conf': `events {}\nhttp { server { set $a "${long}"; } }\n`,
      'k8s/deploy.yaml': DEPLOYMENT.replace('name: web\nspec', `name: web\n  annotations: { a: "${long}" }\nspec`),
      'conf/server.xml': `<Server port="8005"><Service name="${long}"/></Server>\n`,
      'src/main/resources/application.properties': `a.b=${long}\nserver.port=8080\n`,
      'src/app.js': `const s = '${long}';\n`,
      'app/views.py': `s = '${long}'\n`,
      'src/main/java/A.java': `class A { String s = "${long}"; }\n`,
    };
    const t0 = Date.now();
    const r = await lintJson(tmp(files));
    expect(Date.now() - t0).toBeLessThan(45_000);
    for (const p of Object.keys(files)) expect((r.files.get(p) ?? []).filter((m) => m.ruleId === 'internal-error'), p).toEqual([]);
    expect(pos(r.files.get('Dockerfile'))).toContain('dockerfile/shell-form-cmd@3:1-3:14');
  });

  it('a 50 MB file is skipped with file-too-large without being read into memory', { timeout: 60_000 }, async () => {
    const dir = tmp({ 'nginx.conf': 'events {}\n' });
    const big = join(dir, 'huge.conf');
    // Sparse: 50 MB on paper, nothing on disk; the size check happens before any read.
    execFileSync('truncate', ['-s', '50M', big]);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:20\n');
    execFileSync('truncate', ['-s', '50M', join(dir, 'Dockerfile')]);
    const before = process.memoryUsage().rss;
    const r = await lintJson(dir);
    expect(process.memoryUsage().rss - before).toBeLessThan(40 * 1024 * 1024);
    expect(r.files.get('Dockerfile')!.map((m) => m.ruleId)).toEqual(['file-too-large']);
    expect(r.files.get('Dockerfile')![0]!.message).toBe('File is 52428800 bytes, over the 5242880-byte limit (settings.limits.maxFileSize); it was not linted.');
    expect(r.files.get('huge.conf')!.map((m) => m.ruleId)).toEqual(['file-too-large']);
  });
});

describe('the file system moving underneath', () => {
  // Root reads everything: as root, the CLI runs as the unprivileged user "nobody" for these.
  function lintAsUser(dir: string): { code: number | null; stderr: string; files: Map<string, JsonMessage[]> } {
    const root = process.getuid?.() === 0;
    const r = spawnSync(process.execPath, [BIN, '.', '-f', 'json'], { cwd: dir, encoding: 'utf8', ...(root ? { uid: 65534, gid: 65534 } : {}) });
    const parsed = JSON.parse(r.stdout || '[]') as { filePath: string; messages: JsonMessage[] }[];
    return { code: r.status, stderr: r.stderr, files: new Map(parsed.map((f) => [f.filePath.slice(dir.length + 1), f.messages])) };
  }

  it('an unreadable file is reported as skipped, with the reason, and the rest is linted', () => {
    const dir = tmp({ Dockerfile: DOCKERFILE, 'b/Dockerfile': DOCKERFILE });
    chmodSync(dir, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    chmodSync(join(dir, 'Dockerfile'), 0o000);
    const locked = lintAsUser(dir);
    chmodSync(join(dir, 'Dockerfile'), 0o644);
    expect(locked.files.get('Dockerfile')!.map((m) => [m.ruleId, m.message])).toEqual([['file-skipped', 'File could not be read (EACCES); it was not linted.']]);
    expect(pos(locked.files.get('b/Dockerfile'))).toContain('dockerfile/shell-form-cmd@5:1-5:19');
  });

  it('an unreadable folder is a warning, not a crash', () => {
    const dir = tmp({ 'locked/Dockerfile': DOCKERFILE, Dockerfile: DOCKERFILE });
    chmodSync(dir, 0o755);
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    chmodSync(join(dir, 'locked'), 0o000);
    const r = lintAsUser(dir);
    chmodSync(join(dir, 'locked'), 0o755);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('locked: cannot read folder: EACCES');
  });

  it('a file deleted while the run is in progress does not crash it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`s${i}/Dockerfile`] = DOCKERFILE;
    const dir = tmp(files);
    const running = lintJson(dir);
    for (let i = 0; i < 200; i += 2) rmSync(join(dir, `s${i}`), { recursive: true, force: true });
    const r = await running;
    expect([0, 1]).toContain(r.code);
    for (const [, ms] of r.files) expect(ms.filter((m) => m.ruleId === 'internal-error')).toEqual([]);
  });
});

describe('odd file-system objects', () => {
  it('a folder named Dockerfile, nginx.conf or server.xml is walked, not read as a file', async () => {
    const dir = tmp({ 'Dockerfile/Dockerfile': DOCKERFILE, 'nginx.conf/readme.txt': 'x', 'conf/server.xml/x.txt': 'y' });
    const r = await lintJson(dir);
    expect([...r.files.keys()]).toEqual(['Dockerfile/Dockerfile']);
    expect(r.stderr).toBe('');
    // Named, it is a folder with nothing to lint: exit 2, unless an empty run is allowed.
    const named = await cli(['nginx.conf', '-f', 'json'], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('lint500: no file to lint in nginx.conf');
    expect((await cli(['nginx.conf', '-f', 'json', '--no-error-on-unmatched-pattern'], dir)).code).toBe(0);
  });

  it('symlink loops (folder to ancestor, file to itself, two links to each other) end with warnings', async () => {
    const dir = tmp({ 'a/Dockerfile': DOCKERFILE });
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'up'));
    symlinkSync(join(dir, 'self.conf'), join(dir, 'self.conf'));
    symlinkSync(join(dir, 'l2.conf'), join(dir, 'l1.conf'));
    symlinkSync(join(dir, 'l1.conf'), join(dir, 'l2.conf'));
    const r = await lintJson(dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('symbolic link loop');
    expect([...r.files.keys()]).toEqual(['a/Dockerfile']);
  });

  it('a FIFO in a walked folder is never opened (the run does not block)', { timeout: 20_000 }, async () => {
    const dir = tmp({ Dockerfile: DOCKERFILE });
    // Names that would be read by name (nginx, Dockerfile) and by content (.yaml, .conf).
    for (const n of ['nginx.conf', 'k8s.yaml', 'x.Dockerfile', 'sites-enabled/default']) {
      mkdirSync(join(dir, n, '..'), { recursive: true });
      execFileSync('mkfifo', [join(dir, n)]);
    }
    const r = await lintJson(dir);
    expect(r.code).toBe(0);
    expect([...r.files.keys()]).toEqual(['Dockerfile']);
  });

  it('a FIFO that an nginx include points at is not opened', { timeout: 20_000 }, async () => {
    const dir = tmp({ 'nginx.conf': 'events {}\nhttp { include fifo.conf; server { listen 80; } }\n' });
    execFileSync('mkfifo', [join(dir, 'fifo.conf')]);
    const r = await lintJson(dir, ['nginx.conf']);
    expect(r.files.get('nginx.conf')!.map((m) => m.ruleId)).toContain('include-not-found');
  });

  it('devices named on the command line are refused, not read', async () => {
    const dir = tmp();
    for (const dev of ['/dev/zero', '/dev/urandom', '/dev/null']) {
      const r = await cli([dev], dir);
      expect(r.code, dev).toBe(2);
      expect(r.stderr).toContain('not a regular file');
    }
  });

  it('a symlink to a device inside the tree is skipped', async () => {
    const dir = tmp({ Dockerfile: DOCKERFILE });
    symlinkSync('/dev/zero', join(dir, 'zero.conf'));
    symlinkSync('/dev/urandom', join(dir, 'x.yaml'));
    const r = await lintJson(dir);
    expect([...r.files.keys()]).toEqual(['Dockerfile']);
  });
});

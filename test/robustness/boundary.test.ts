/**
 * The reproductions of the outside probe (issue "Robustness II"), through the CLI: the trust
 * boundary (symbolic links to secrets and to /dev/zero, runs from a parent folder or from /),
 * include cycles, --fix on links, BOMs and read-only files, the cache, input and output limits,
 * config ids and values, and the exit code of a lint500 failure.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../fuzz/harness.js';
import { cli, lintJson, project } from './helpers.js';

const BIN = resolve(ROOT, 'dist/src/cli/bin.js');
const SECRET = 'TOP-SECRET-LINE-4242';
const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(files: Record<string, string> = {}): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}
/** A folder outside every linted tree, holding a secret in several shapes. */
function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint500-secret-'));
  made.push(dir);
  writeFileSync(join(dir, 'shadow'), `root:$6$${SECRET}:19000:0:99999:7:::\ndaemon:*:${SECRET}\n`);
  writeFileSync(join(dir, 'secret.conf'), `${SECRET} on;\n`);
  return dir;
}
const all = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;

describe('trust boundary', () => {
  it('a .lint500.yaml linked to a secret outside the tree is refused, and the secret never printed', async () => {
    const dir = tmp({ Dockerfile: 'FROM node:20\n' });
    symlinkSync(join(outside(), 'shadow'), join(dir, '.lint500.yaml'));
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${join(dir, '.lint500.yaml')}:1:1: the config is a symbolic link to a file outside the linted tree: not read\n`);
    expect(all(r)).not.toContain(SECRET);
  });

  it('config, ignore files and package.json linked to /dev/zero or a FIFO are never read', async () => {
    for (const name of ['.gitignore', '.lint500ignore', 'package.json']) {
      const dir = tmp({ Dockerfile: 'FROM node:20.11-slim\nUSER node\nCMD ["node", "x.js"]\n' });
      symlinkSync('/dev/zero', join(dir, name));
      const t0 = Date.now();
      const r = await cli(['.', '-f', 'json'], dir);
      expect(Date.now() - t0, name).toBeLessThan(20_000);
      expect([0, 1], name).toContain(r.code);
    }
    const dir = tmp({ Dockerfile: 'FROM node:20\n' });
    symlinkSync('/dev/zero', join(dir, '.lint500.yaml'));
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('symbolic link to a file outside the linted tree');
    const fifo = tmp({ Dockerfile: 'FROM node:20\n' });
    execFileSync('mkfifo', [join(fifo, '.lint500.yaml')]);
    execFileSync('mkfifo', [join(fifo, '.gitignore')]);
    const f = await cli(['.'], fifo);
    expect(f.code).toBe(2);
    expect(f.stderr).toBe(`${join(fifo, '.lint500.yaml')}:1:1: the config is not a regular file (a FIFO, a device or a folder): not read\n`);
  });

  it('-c /dev/zero and -c FIFO fail at once with a clear message', async () => {
    const dir = tmp({ Dockerfile: 'FROM node:20\n' });
    execFileSync('mkfifo', [join(dir, 'pipe.yaml')]);
    for (const c of ['/dev/zero', 'pipe.yaml']) {
      const r = await cli(['.', '-c', c], dir);
      expect(r.code, c).toBe(2);
      expect(r.stderr, c).toContain('the config is not a regular file');
    }
  });

  it('what is inside does not depend on the working folder: an include linked two levels up is not read from the parent folder', async () => {
    const sec = outside();
    const parent = mkdtempSync(join(tmpdir(), 'lint500-parent-'));
    made.push(parent);
    const proj = join(parent, 'a', 'b');
    mkdirSync(proj, { recursive: true });
    // The secret sits in the parent folder: inside the working folder, outside the linted tree.
    writeFileSync(join(parent, 'secret.conf'), readFileSync(join(sec, 'secret.conf')));
    symlinkSync('../../secret.conf', join(proj, 'extra.conf'));
    writeFileSync(join(proj, 'nginx.conf'), 'events {}\nhttp {\n  include extra.conf;\n  server { listen 80; }\n}\n');
    const r = await cli(['a/b', '-f', 'json'], parent);
    expect(all(r)).not.toContain(SECRET);
    const json = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    const msgs = json.flatMap((f) => f.messages.map((m) => `${f.filePath.slice(parent.length + 1)}:${m.line}:${m.column} ${m.ruleId}`));
    expect(msgs).toContain('a/b/nginx.conf:3:11 include-outside-tree');
    expect(r.stderr).toContain('a/b/extra.conf: symbolic link to a target outside the linted tree, not followed');
  });

  it('from /, a symbolic link to a folder outside the linted tree is not walked', async () => {
    const sec = outside();
    const dir = tmp({ 'nginx.conf': 'events {}\nhttp { server { listen 80; } }\n' });
    symlinkSync(sec, join(dir, 'etc'));
    const r = await cli([dir, '-f', 'json'], '/');
    expect(all(r)).not.toContain(SECRET);
    expect(r.stderr).toContain(`lint500: ${dir.slice(1)}/etc: symbolic link to a target outside the linted tree, not followed`);
  });
});

describe('nginx include cycles with no other root', () => {
  it('nginx.conf <-> loop.conf: one include-cycle at the include that closes it, and both files linted (through nginx.conf)', async () => {
    const dir = tmp({
      'nginx.conf': 'events {}\nhttp {\n  include loop.conf;\n  server {\n    listen 80;\n    location / { proxy_pass http://$host; }\n  }\n}\n',
      'loop.conf': 'include nginx.conf;\nserver {\n  listen 81;\n  location / { proxy_pass http://$host; }\n}\n',
    });
    const r = await lintJson(dir);
    const at = (p: string, id: string) => (r.files.get(p) ?? []).filter((m) => m.ruleId === id).map((m) => `${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
    expect(at('loop.conf', 'include-cycle')).toEqual(['1:9-1:19']);
    expect(at('nginx.conf', 'include-cycle')).toEqual([]);
    expect(at('nginx.conf', 'nginx/proxy-pass-variable-without-resolver')).toEqual(['6:29-6:41']);
    expect(at('loop.conf', 'nginx/proxy-pass-variable-without-resolver')).toEqual(['4:27-4:39']);
    expect(r.code).toBe(1);
  });
});

describe('unbounded arrays', () => {
  it('EXPOSE with 130 000 ports: no stack overflow', async () => {
    const ports = Array.from({ length: 130_000 }, (_, i) => 1 + (i % 65000)).join(' ');
    const r = await cli(['--stdin', '--stdin-filename', 'Dockerfile', '-f', 'json'], tmp(), { stdin: `FROM node:20.11-slim\nUSER node\nEXPOSE ${ports}\nCMD ["node", "x.js"]\n` });
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain('internal-error');
    expect([0, 1]).toContain(r.code);
  });
});

describe('--fix writes safely', () => {
  const FIXABLE = 'FROM node:20.11-slim\nUSER node\nCMD node server.js\n';
  const FIXED = 'FROM node:20.11-slim\nUSER node\nCMD ["node", "server.js"]\n';

  it('writes through a symbolic link, keeps hard links, the BOM, CRLF line ends and the mode', async () => {
    const dir = tmp({ 'real/Dockerfile': FIXABLE, 'bom/Dockerfile': `\ufeff${FIXABLE}`, 'crlf/Dockerfile': FIXABLE.replace(/\n/g, '\r\n'), 'hard/Dockerfile': FIXABLE });
    mkdirSync(join(dir, 'link'));
    symlinkSync('../real/Dockerfile', join(dir, 'link', 'Dockerfile'));
    linkSync(join(dir, 'hard/Dockerfile'), join(dir, 'hard-copy'));
    chmodSync(join(dir, 'bom/Dockerfile'), 0o640);
    const r = await cli(['link', 'bom', 'crlf', 'hard', '--fix'], dir);
    expect(r.code).toBe(0);
    expect(lstatSync(join(dir, 'link/Dockerfile')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real/Dockerfile'), 'utf8')).toBe(FIXED);
    expect(readFileSync(join(dir, 'bom/Dockerfile'), 'utf8')).toBe(`\ufeff${FIXED}`);
    expect(statSync(join(dir, 'bom/Dockerfile')).mode & 0o777).toBe(0o640);
    expect(readFileSync(join(dir, 'crlf/Dockerfile'), 'utf8')).toBe(FIXED.replace(/\n/g, '\r\n'));
    expect(statSync(join(dir, 'hard/Dockerfile')).ino).toBe(statSync(join(dir, 'hard-copy')).ino);
    expect(readFileSync(join(dir, 'hard-copy'), 'utf8')).toBe(FIXED);
    for (const d of ['real', 'bom', 'crlf', 'hard', 'link', '.']) expect(readdirSync(join(dir, d)).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('a 0444 file is not overwritten: a finding, and the run goes on', async () => {
    const dir = tmp({ 'ro/Dockerfile': FIXABLE, 'ok/Dockerfile': FIXABLE });
    chmodSync(join(dir, 'ro/Dockerfile'), 0o444);
    const r = await lintJson(dir, ['ro', 'ok', '--fix']);
    expect(readFileSync(join(dir, 'ro/Dockerfile'), 'utf8')).toBe(FIXABLE);
    expect(statSync(join(dir, 'ro/Dockerfile')).mode & 0o777).toBe(0o444);
    expect(readFileSync(join(dir, 'ok/Dockerfile'), 'utf8')).toBe(FIXED);
    expect((r.files.get('ro/Dockerfile') ?? []).filter((m) => m.ruleId === 'fix-not-written').map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual(['1:1 The fixes of this file were not written: the file is read-only.']);
  });

  // As root every folder is writable: the CLI then runs as an unprivileged user (nobody), which owns
  // the project except for the write bit of folder a/.
  it('an unwritable folder gets a finding, JSON is still printed and later files are fixed', async () => {
    const dir = tmp({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': FIXABLE });
    const asRoot = process.getuid?.() === 0;
    const NOBODY = 65534;
    if (asRoot) for (const p of [dir, join(dir, '.git'), join(dir, 'a'), join(dir, 'a/Dockerfile'), join(dir, 'b'), join(dir, 'b/Dockerfile')]) chownSync(p, NOBODY, NOBODY);
    chmodSync(join(dir, 'a'), 0o555);
    try {
      let stdout: string;
      if (asRoot) {
        const r = spawnSync(process.execPath, [BIN, '.', '--fix', '-f', 'json'], { cwd: dir, uid: NOBODY, gid: NOBODY, env: { PATH: process.env['PATH'] ?? '', HOME: dir }, encoding: 'utf8', timeout: 60_000 });
        expect(r.stderr).toBe('lint500: fixed 1 file(s)\n');
        expect(r.status).toBe(0);
        stdout = r.stdout;
      } else {
        const r = await cli(['.', '--fix', '-f', 'json'], dir);
        expect(r.code).toBe(0);
        stdout = r.stdout;
      }
      const files = new Map((JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number; message: string }[] }[]).map((f) => [f.filePath.slice(dir.length + 1), f.messages]));
      expect((files.get('a/Dockerfile') ?? []).filter((m) => m.ruleId === 'fix-not-written').map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual(['1:1 The fixes of this file were not written: cannot write the file (EACCES).']);
      expect(readFileSync(join(dir, 'a/Dockerfile'), 'utf8')).toBe(FIXABLE);
      expect(readdirSync(join(dir, 'a'))).toEqual(['Dockerfile']);
      expect(readFileSync(join(dir, 'b/Dockerfile'), 'utf8')).toBe(FIXED);
      expect((files.get('b/Dockerfile') ?? []).map((m) => m.ruleId)).not.toContain('fix-not-written');
    } finally {
      chmodSync(join(dir, 'a'), 0o755);
    }
  });

  // A test hook pauses each write after its temporary file exists; the signal arrives then.
  for (const sig of ['SIGTERM', 'SIGINT'] as const)
    it(`${sig} while a fix is being written leaves no temporary file, and the run stops there`, async () => {
      const dir = tmp({ 'a/Dockerfile': FIXABLE, 'b/Dockerfile': FIXABLE });
      const child = spawn(process.execPath, [BIN, 'a', 'b', '--fix'], { cwd: dir, env: { PATH: process.env['PATH'] ?? '', LINT500_TEST_FIX_PAUSE_MS: '2000' }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      const exited = new Promise<NodeJS.Signals | null>((ok) => child.on('exit', (_code, signal) => ok(signal)));
      const temp = await new Promise<string>((ok, fail) => {
        child.stderr.setEncoding('utf8');
        child.stderr.on('data', (d: string) => {
          stderr += d;
          const m = /temporary file (.+)\n/.exec(stderr);
          if (m) ok(m[1]!);
        });
        child.on('exit', () => fail(new Error(`exited before writing: ${stderr}`)));
      });
      // The signal arrives while the temporary file exists.
      expect(existsSync(temp)).toBe(true);
      child.kill(sig);
      expect(await exited).toBe(sig);
      const first = dirname(temp) === realpathSync(join(dir, 'a')) ? 'a' : 'b';
      const second = first === 'a' ? 'b' : 'a';
      expect(dirname(temp)).toBe(realpathSync(join(dir, first)));
      for (const d of ['.', 'a', 'b']) expect(readdirSync(join(dir, d)).filter((n) => n !== '.git' && n !== 'a' && n !== 'b')).toEqual(['Dockerfile'].slice(d === '.' ? 1 : 0));
      // The interrupted file is whole (renamed before the handler ran); the next one was not started.
      expect(readFileSync(join(dir, first, 'Dockerfile'), 'utf8')).toBe(FIXED);
      expect(readFileSync(join(dir, second, 'Dockerfile'), 'utf8')).toBe(FIXABLE);
      expect(stderr).not.toContain('fixed');
    });
});

describe('cache', () => {
  const DF = 'FROM node:20.11-slim\nUSER node\nCMD ["node", "x.js"]\nEXPOSE 8080\n';

  it('an entry of the wrong type: no cache and one warning, the run still reports', async () => {
    const dir = tmp({ Dockerfile: DF });
    writeFileSync(join(dir, '.lint500-cache'), JSON.stringify({ format: 3, strings: ['x'], entries: [0, -1, { raw: 7 }], files: [0, 1, 2, 0, 'nope'] }));
    const r = await cli(['.', '--cache', '-f', 'json'], dir);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { messages: unknown[] }[]).flatMap((f) => f.messages)).toEqual([]);
    expect(r.stderr).toBe('lint500: .lint500-cache: the cache file has entries of the wrong shape: the cache is not used\n');
    // Rewritten with good entries: the next run uses it silently.
    expect((await cli(['.', '--cache'], dir)).stderr).toBe('');
  });

  it('a cache path that is a folder, a FIFO, or in a folder that cannot be made: a warning, never a hang or a crash', async () => {
    const dir = tmp({ Dockerfile: DF, 'blocker': 'a file' });
    mkdirSync(join(dir, 'folder'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    for (const [loc, warning] of [
      ['folder', 'the cache path is not a regular file'],
      ['fifo', 'the cache path is not a regular file'],
      ['blocker/cache', 'the cache could not be written'],
    ] as const) {
      const t0 = Date.now();
      const r = await cli(['Dockerfile', '--cache', '--cache-location', loc], dir);
      expect(Date.now() - t0, loc).toBeLessThan(20_000);
      expect(r.code, loc).toBe(0);
      expect(r.stderr, loc).toContain(`lint500: ${loc}: ${warning}`);
    }
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

describe('input and output limits', () => {
  it('-o into an impossible path fails at once with a clear message', async () => {
    const dir = tmp({ Dockerfile: 'FROM node:20\n' });
    for (const out of ['/proc/nonexistent/x/out.json', 'Dockerfile/out.json']) {
      const t0 = Date.now();
      const r = await cli(['.', '-o', out], dir);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(new RegExp(`^lint500: cannot write ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: (its folder cannot be written \\()?E[A-Z]+\\)?\\n$`));
    }
    execFileSync('mkfifo', [join(dir, 'out.fifo')]);
    const f = await cli(['.', '-o', 'out.fifo'], dir);
    expect(f).toEqual({ code: 2, stdout: '', stderr: 'lint500: cannot write out.fifo: not a regular file\n' });
  });

  it('--stdin past the limit stops reading and exits 2', () => {
    expect(existsSync(BIN)).toBe(true);
    const r = spawnSync(process.execPath, [BIN, '--stdin', '--stdin-filename', 'Dockerfile'], { input: Buffer.alloc(6 * 1024 * 1024, 0x41), encoding: 'utf8', timeout: 60_000, cwd: tmp() });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('lint500: standard input is over the 5242880-byte limit: not linted\n');
  });
});

describe('config', () => {
  const DF = { Dockerfile: 'FROM node:20.11-slim\nUSER node\nCMD ["node", "x.js"]\n' };

  it('rule ids constructor, toString and __proto__ are unknown rules, not a crash', async () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const dir = tmp({ ...DF, '.lint500.yaml': `rules:\n  ${id}: off\n` });
      const r = await cli(['.'], dir);
      expect(r, id).toEqual({ code: 2, stdout: '', stderr: `${join(dir, '.lint500.yaml')}:2:3: rules.${id}: unknown rule "${id}"\n` });
    }
    expect((await cli(['explain', 'constructor'], tmp())).code).toBe(2);
  });

  it('a trailing comma in a JSON config is an error with its position', async () => {
    const dir = tmp({ ...DF, '.lint500.json': '{\n  "rules": {},\n}\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`${join(dir, '.lint500.json')}:3:1: invalid JSON: unexpected character at offset 17 (a trailing comma, a comment or a quote missing?)\n`);
  });

  it('unknown settings keys and 1e309 are rejected with a clear message', async () => {
    const a = tmp({ ...DF, '.lint500.yaml': 'settings:\n  limit:\n    maxFileSize: 10\n' });
    expect((await cli(['.'], a)).stderr).toBe(`${join(a, '.lint500.yaml')}:2:3: settings.limit: unknown setting (known: nginx, limits)\n`);
    const b = tmp({ ...DF, '.lint500.yaml': 'settings:\n  limits:\n    maxDepth: 1e309\n' });
    const r = await cli(['.'], b);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^.*\.lint500\.yaml:3:5: settings\.limits\.maxDepth: /);
  });
});

describe('exit codes', () => {
  it('2 for a broken config, 3 when lint500 itself fails', async () => {
    const dir = tmp({ ...{ Dockerfile: 'FROM node:20\n' }, '.lint500.yaml': 'rules: 7\n' });
    expect((await cli(['.'], dir)).code).toBe(2);
    // The README documents 3.
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/\| 3 \| lint500 itself failed/);
    expect(dirname(BIN)).toContain('dist');
  });
});

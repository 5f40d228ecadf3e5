/**
 * Agreement with the real nginx: for each fixture, `nginx -t` and lint500 must agree on whether the
 * configuration has a syntax error, and on the file and line of the first one. nginx stops at its
 * first error, so when nginx reports a non-syntax error first (an unknown host, a missing file),
 * lint500 must simply have no parse-error before that point.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/core/text.js';
import { parseNginx } from '../../../src/parsers/nginx/parse.js';
import { DiskHost } from '../../../src/project/host.js';
import { toolGate } from '../../system-tools.js';

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
const FIXTURES = resolve(__dirname, '../../../fixtures/files/nginx/oracle');

/** nginx's wording for errors found while reading the file, before any directive is interpreted. */
const SYNTAX = /unexpected "|unexpected end of file|unexpected end of parameter|is not terminated by ";"|has no opening "\{"|too long parameter/;

interface Verdict {
  ok: boolean;
  syntax: boolean;
  file?: string;
  line?: number;
  message?: string;
}

function nginxVerdict(dir: string, conf: string): Verdict {
  let out: string;
  try {
    out = execFileSync(NGINX!, ['-t', '-p', `${dir}/`, '-c', join(dir, conf), '-g', 'error_log stderr;'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    out = String((e as { stderr?: string }).stderr ?? '') + String((e as { stdout?: string }).stdout ?? '');
  }
  const emerg = out.split('\n').find((l) => l.includes('[emerg]'));
  if (!emerg) return { ok: true, syntax: false };
  const m = / in (\S+):(\d+)\s*$/.exec(emerg);
  const message = emerg.replace(/^.*\[emerg\] \d+#\d+: /, '');
  const v: Verdict = { ok: false, syntax: SYNTAX.test(message), message };
  if (m) {
    v.file = relative(dir, m[1]!).split('\\').join('/');
    v.line = Number(m[2]);
  }
  return v;
}

function lint500Verdict(dir: string, conf: string): { file: string; line: number; message: string }[] {
  const text = readFileSync(join(dir, conf), 'utf8');
  const host = new DiskHost(dir, [dir], 5 * 1024 * 1024);
  const r = parseNginx(text, conf, host, {});
  const texts: Record<string, string> = { [conf]: text, ...r.texts };
  return r.diagnostics
    .filter((d) => d.code === 'parse-error')
    .map((d) => {
      const file = d.file ?? conf;
      return { file, line: new LineIndex(texts[file] ?? '').position(d.span.start).line, message: d.message };
    });
}

const cases: { name: string; conf: string }[] = readdirSync(FIXTURES)
  .sort()
  .map((n) => (statSync(join(FIXTURES, n)).isDirectory() ? { name: n, conf: 'nginx.conf' } : { name: n, conf: n }));

const work = mkdtempSync(join(tmpdir(), 'lint500-nginx-oracle-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const gate = toolGate('nginx -t agrees with lint500 on syntax errors', NGINX !== undefined, 'nginx');
describe.skipIf(gate.skip)(gate.title, () => {
  it('has nginx installed (Debian package "nginx")', () => {
    expect(NGINX, 'nginx binary not found; CI installs the Debian package').toBeDefined();
  });

  it('has good and broken fixtures', () => {
    expect(cases.filter((c) => c.name.startsWith('good-')).length).toBeGreaterThanOrEqual(4);
    expect(cases.filter((c) => c.name.startsWith('broken-')).length).toBeGreaterThanOrEqual(10);
  });

  for (const c of cases) {
    it(c.name, () => {
      const dir = join(work, c.name.replace(/\.conf$/, ''));
      if (statSync(join(FIXTURES, c.name)).isDirectory()) cpSync(join(FIXTURES, c.name), dir, { recursive: true });
      else cpSync(join(FIXTURES, c.name), join(dir, c.conf), { recursive: true });
      const nginx = nginxVerdict(dir, c.conf);
      const ours = lint500Verdict(dir, c.conf);
      // The fixture's name says what it is: both tools must agree with it, and with each other.
      expect(nginx.syntax, `nginx: ${nginx.message ?? 'ok'}`).toBe(c.name.startsWith('broken-'));
      if (nginx.syntax) {
        expect(ours.length, `lint500 found no parse-error; nginx: ${nginx.message}`).toBeGreaterThan(0);
        expect({ file: ours[0]!.file, line: ours[0]!.line }).toEqual({ file: nginx.file, line: nginx.line });
      } else {
        expect(ours.map((o) => `${o.file}:${o.line} ${o.message}`)).toEqual([]);
      }
    });
  }
});

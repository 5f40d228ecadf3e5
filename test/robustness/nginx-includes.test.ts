/**
 * nginx `include` under attack, through the real CLI: cycles, globs over thousands of files, the
 * depth and count limits, absolute paths and `..` leaving the linted tree, and symlinks whose
 * targets are outside it. Nothing outside the tree is read; every limit is a diagnostic.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lintJson, project, type JsonMessage } from './helpers.js';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});
function tmp(files: Record<string, string>): string {
  const dir = project(files);
  made.push(dir);
  return dir;
}
/** A folder outside any linted tree, holding a "secret" that must never show up in output. */
function outside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint500-outside-'));
  made.push(dir);
  writeFileSync(join(dir, 'secret.conf'), 'proxy_pass http://$host; # OUTSIDE-SECRET\n');
  return dir;
}

const ids = (ms: JsonMessage[] | undefined) => (ms ?? []).map((m) => m.ruleId);
const only = (ms: JsonMessage[] | undefined, id: string) => (ms ?? []).filter((m) => m.ruleId === id).map((m) => `${m.line}:${m.column} ${m.message}`);
const MAIN = (body: string) => `events {}\nhttp {\n  server {\n    listen 80;\n${body}  }\n}\n`;

describe('include cycles', () => {
  it('a file including itself, and a two-file cycle, end with one include-cycle each', async () => {
    const dir = tmp({
      'nginx.conf': MAIN('    include conf.d/a.conf;\n    include self.conf;\n'),
      'self.conf': 'include self.conf;\n',
      'conf.d/a.conf': 'include conf.d/b.conf;\n',
      'conf.d/b.conf': 'include conf.d/a.conf;\n',
    });
    const t0 = Date.now();
    const r = await lintJson(dir, ['nginx.conf']);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const cycles = [...r.files.values()].flat().filter((m) => m.ruleId === 'include-cycle');
    expect(cycles.map((m) => m.message)).toEqual([
      'include "conf.d/a.conf" includes conf.d/a.conf again (conf.d/a.conf -> conf.d/b.conf -> conf.d/a.conf): nginx recurses until it runs out of file descriptors and refuses the configuration.',
      'include "self.conf" includes self.conf again (self.conf -> self.conf): nginx recurses until it runs out of file descriptors and refuses the configuration.',
    ]);
  });

  it('a glob that matches the including file is a cycle, not an endless loop', async () => {
    // nginx resolves include paths against its prefix (the folder of nginx.conf), not the including file.
    const dir = tmp({ 'conf.d/a.conf': 'include conf.d/*.conf;\nserver { listen 81; }\n', 'conf.d/b.conf': 'include conf.d/*.conf;\n', 'nginx.conf': MAIN('    include conf.d/*.conf;\n') });
    const r = await lintJson(dir);
    const all = [...r.files.values()].flat();
    expect(all.filter((m) => m.ruleId === 'internal-error')).toEqual([]);
    expect(all.filter((m) => m.ruleId === 'include-cycle').length).toBeGreaterThan(0);
  });
});

describe('include limits', () => {
  it('a glob matching 3000 files stops at maxIncludes (default 1000) with one diagnostic, in bounded time', { timeout: 60_000 }, async () => {
    const files: Record<string, string> = { 'nginx.conf': MAIN('    include many/*.conf;\n') };
    for (let i = 0; i < 3000; i++) files[`many/f${String(i).padStart(4, '0')}.conf`] = `location /p${i} { return 200; }\n`;
    const dir = tmp(files);
    const t0 = Date.now();
    const r = await lintJson(dir, ['nginx.conf']);
    expect(Date.now() - t0).toBeLessThan(45_000);
    expect(only(r.files.get('nginx.conf'), 'include-limit-reached')).toEqual(['5:13 include "many/*.conf" was not read: more than 1000 files were already included (settings.nginx.maxIncludes).']);
  });

  it('settings.nginx.maxIncludes and maxIncludeDepth are configurable', async () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 6; i++) chain[`c/${i}.conf`] = i < 5 ? `include c/${i + 1}.conf;\n` : 'return 200;\n';
    const dir = tmp({
      '.lint500.yaml': 'settings:\n  nginx:\n    maxIncludeDepth: 3\n    maxIncludes: 20\n',
      'nginx.conf': MAIN('    include c/0.conf;\n    include w/*.conf;\n'),
      ...chain,
      ...Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`w/${i}.conf`, '# empty\n'])),
    });
    const r = await lintJson(dir, ['nginx.conf']);
    const skipped = [...r.files].flatMap(([p, ms]) => ms.filter((m) => m.ruleId === 'include-limit-reached').map((m) => `${p}:${m.line}:${m.column} ${m.message}`));
    expect(skipped).toEqual([
      'nginx.conf:6:13 include "w/*.conf" was not read: more than 20 files were already included (settings.nginx.maxIncludes).',
      'c/2.conf:1:9 include "c/3.conf" was not read: includes are nested more than 3 deep (settings.nginx.maxIncludeDepth).',
    ]);
  });
});

describe('includes leaving the tree', () => {
  it('absolute paths and .. outside the tree are reported once each and never read', async () => {
    const out = outside();
    const dir = tmp({ 'site/nginx.conf': MAIN(`    include ${out}/secret.conf;\n    include ../../${out.split('/').pop()}/secret.conf;\n    include /etc/passwd;\n`) });
    const r = await lintJson(join(dir, 'site'), ['nginx.conf']);
    const ms = r.files.get('nginx.conf');
    expect(JSON.stringify([...r.files])).not.toContain('OUTSIDE-SECRET');
    expect(ids(ms)).not.toContain('nginx/proxy-pass-variable-without-resolver');
    expect(ids(ms).filter((id) => id === 'include-outside-tree')).toHaveLength(3);
    expect(only(ms, 'include-outside-tree').map((m) => m.slice(0, 5))).toEqual(['5:13 ', '6:13 ', '7:13 ']);
  });

  it('an outside include in a snippet that three servers include is reported once', async () => {
    const dir = tmp({
      'nginx.conf': 'events {}\nhttp {\n' + [81, 82, 83].map((p) => `  server { listen ${p}; include snippets/common.conf; }\n`).join('') + '}\n',
      'snippets/common.conf': 'include /etc/nginx/secret.conf;\n',
    });
    const r = await lintJson(dir, ['nginx.conf']);
    const all = [...r.files].flatMap(([p, ms]) => ms.filter((m) => m.ruleId === 'include-outside-tree').map((m) => `${p}:${m.line}:${m.column}`));
    expect(all).toEqual(['snippets/common.conf:1:9']);
  });

  it('a symlink inside the tree pointing outside it is not followed, neither as an include nor in a glob', async () => {
    const out = outside();
    const dir = tmp({ 'nginx.conf': MAIN('    include linked.conf;\n    include conf.d/*.conf;\n'), 'conf.d/ok.conf': 'location /ok { return 200; }\n' });
    symlinkSync(join(out, 'secret.conf'), join(dir, 'linked.conf'));
    symlinkSync(join(out, 'secret.conf'), join(dir, 'conf.d', 'evil.conf'));
    mkdirSync(join(dir, 'conf.d', 'sub'));
    symlinkSync(out, join(dir, 'conf.d', 'sub', 'dir'));
    const r = await lintJson(dir, ['nginx.conf']);
    expect(JSON.stringify([...r.files])).not.toContain('OUTSIDE-SECRET');
    expect(ids(r.files.get('nginx.conf'))).not.toContain('nginx/proxy-pass-variable-without-resolver');
    expect(only(r.files.get('nginx.conf'), 'include-outside-tree')).toHaveLength(1);
    // Walking the folder does not read the target either.
    const walk = await lintJson(dir);
    expect(JSON.stringify([...walk.files])).not.toContain('OUTSIDE-SECRET');
    expect([...walk.files.keys()].filter((p) => p.includes('evil') || p.includes('linked') || p.includes('sub/dir'))).toEqual([]);
    expect(walk.stderr).toContain('conf.d/evil.conf: symbolic link to a target outside the linted tree, not followed');
  });
});

/**
 * Limits and safe defaults: file size, nesting depth, YAML aliases; XML without DTDs or entity
 * expansion; YAML alias bombs, deep nesting, huge scalars and unresolved aliases. Each limit is a
 * clear diagnostic and a setting.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileKind, Settings } from '../../src/core/rule.js';
import { lintTexts } from '../fuzz/harness.js';
import { lintJson, project } from './helpers.js';

async function lintOne(path: string, kind: FileKind, text: string, settings: Settings = {}) {
  const t0 = performance.now();
  const results = await lintTexts([{ path, text, kind }], settings);
  const ms = performance.now() - t0;
  const messages = results.flatMap((r) => r.messages);
  return { ms, messages, ids: messages.map((m) => m.ruleId), out: JSON.stringify(results.map((r) => ({ ...r, source: '' }))) };
}

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n';
const BOMB_LEVELS = 'abcdefghi'.split('');
/** The YAML "billion laughs": nine levels of nine aliases each, 9^9 strings when expanded. */
const aliasBomb = (indent: string) =>
  `${indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n` +
  BOMB_LEVELS.map((_, i) => `${indent}l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(',')}]\n`).join('');

describe('file size', () => {
  it('settings.limits.maxFileSize skips larger files with file-too-large, in the CLI and in the engine', async () => {
    const dir = project({ '.lint500.yaml': 'settings:\n  limits:\n    maxFileSize: 100\n', Dockerfile: 'FROM node:20\n' + '# pad\n'.repeat(30), 'small/Dockerfile': 'FROM node:20\nCMD node a.js\n' });
    const r = await lintJson(dir);
    expect(r.files.get('Dockerfile')!.map((m) => `${m.ruleId} ${m.message}`)).toEqual(['file-too-large File is 193 bytes, over the 100-byte limit (settings.limits.maxFileSize); it was not linted.']);
    expect(r.files.get('small/Dockerfile')!.map((m) => m.ruleId)).toContain('dockerfile/shell-form-cmd');
    // The engine applies the same limit to texts it is handed (editor buffers, stdin).
    const e = await lintOne('Dockerfile', 'dockerfile', 'FROM node:20\n' + '#'.repeat(200), { limits: { maxFileSize: 100 } });
    expect(e.ids).toEqual(['file-too-large']);
  });

  it('stdin over the limit is skipped too', async () => {
    const dir = project({ '.lint500.yaml': 'settings:\n  limits:\n    maxFileSize: 50\n' });
    const { cli } = await import('./helpers.js');
    const r = await cli(['--stdin', '--stdin-filename', 'Dockerfile', '-f', 'json'], dir, { stdin: 'FROM node:20\n' + '#'.repeat(100) });
    expect((JSON.parse(r.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toEqual(['file-too-large']);
  });
});

describe('nesting depth', () => {
  it('Kubernetes YAML deeper than settings.limits.maxDepth (default 200) is a parse-error at the first too-deep node', async () => {
    const deep = (n: number) => CONFIGMAP + '  a: ' + '['.repeat(n) + ']'.repeat(n) + '\n';
    const dflt = await lintOne('k8s/deep.yaml', 'k8s', deep(100_000));
    expect(dflt.ms).toBeLessThan(5000);
    expect(dflt.messages.map((m) => `${m.ruleId}@${m.line}:${m.column} ${m.message}`)).toEqual(['parse-error@6:204 The YAML is nested deeper than 200 levels (settings.limits.maxDepth); the file was not read.']);
    const set = await lintOne('k8s/deep.yaml', 'k8s', deep(8), { limits: { maxDepth: 6 } });
    expect(set.messages.map((m) => m.message)).toEqual(['The YAML is nested deeper than 6 levels (settings.limits.maxDepth); the file was not read.']);
    expect((await lintOne('k8s/deep.yaml', 'k8s', deep(3), { limits: { maxDepth: 6 } })).ids).not.toContain('parse-error');
  });

  it('block-style nesting by indentation is limited the same way', async () => {
    const text = CONFIGMAP + Array.from({ length: 300 }, (_, i) => `${' '.repeat(2 * i + 2)}k${i}:`).join('\n') + ' 1\n';
    const r = await lintOne('k8s/deep.yaml', 'k8s', text);
    expect(r.messages.map((m) => m.message)).toEqual(['The YAML is nested deeper than 200 levels (settings.limits.maxDepth); the file was not read.']);
  });

  it('every other format survives 100 000 levels of nesting within the time bound, without an internal error', { timeout: 60_000 }, async () => {
    const N = 100_000;
    const cases: [string, FileKind, string][] = [
      ['nginx.conf', 'nginx', 'events {}\n' + 'http { '.repeat(N) + '}'.repeat(N)],
      ['conf/server.xml', 'tomcat', '<Server>' + '<a>'.repeat(N) + '</a>'.repeat(N) + '</Server>'],
      ['src/main/resources/application.yml', 'spring', 'a: ' + '['.repeat(N) + ']'.repeat(N)],
      ['src/main/resources/application.properties', 'spring', 'a' + '.b'.repeat(N) + '=1'],
      ['package.json', 'manifest', '['.repeat(N) + ']'.repeat(N)],
      ['src/app.js', 'js', 'const x = ' + '('.repeat(N) + '1' + ')'.repeat(N) + ';'],
      ['app/views.py', 'python', 'x = ' + '('.repeat(N) + '1' + ')'.repeat(N) + '\n'],
      ['src/main/java/A.java', 'java', 'class A { int x = ' + '('.repeat(N) + '1' + ')'.repeat(N) + '; }'],
      ['Dockerfile', 'dockerfile', 'FROM a:1\nRUN ' + '$('.repeat(N) + ')'.repeat(N) + '\n'],
    ];
    for (const [path, kind, text] of cases) {
      const r = await lintOne(path, kind, text);
      expect(r.ids, path).not.toContain('internal-error');
      expect(r.ms, path).toBeLessThan(10_000);
    }
  });

  it('JavaScript nested too deeply for the parser is a parse-error, not a stack overflow', async () => {
    const r = await lintOne('src/app.js', 'js', 'const x = ' + '['.repeat(100_000) + ']'.repeat(100_000) + ';');
    expect(r.messages.map((m) => `${m.ruleId} ${m.message}`)).toEqual(['parse-error The file is nested too deeply to parse.']);
  });
});

describe('YAML aliases', () => {
  it('an alias bomb in Kubernetes YAML stops at settings.limits.maxAliasCount (default 100)', async () => {
    const r = await lintOne('k8s/bomb.yaml', 'k8s', CONFIGMAP + aliasBomb('  '));
    expect(r.ms).toBeLessThan(3000);
    expect(r.out.length).toBeLessThan(20_000);
    const first = r.messages.find((m) => m.ruleId === 'parse-error')!;
    // *l2 stands for 81 strings: the first one fits in 100, the second does not.
    expect(`${first.line}:${first.column} ${first.message}`).toBe(
      '9:16 Alias *l2 is expanded more than settings.limits.maxAliasCount (100) allows: excessive aliasing looks like a resource-exhaustion attack; the alias was not read.',
    );
  });

  it('maxAliasCount is configurable', async () => {
    const text = CONFIGMAP + '  a: &a x\n  b: [*a, *a, *a]\n';
    expect((await lintOne('k8s/a.yaml', 'k8s', text)).ids).not.toContain('parse-error');
    const r = await lintOne('k8s/a.yaml', 'k8s', text, { limits: { maxAliasCount: 2 } });
    expect(r.messages.filter((m) => m.ruleId === 'parse-error').map((m) => `${m.line}:${m.column}`)).toEqual(['7:15']);
  });

  it('an alias bomb in a Spring application.yml is not expanded', async () => {
    const r = await lintOne('src/main/resources/application.yml', 'spring', 'spring:\n' + aliasBomb('  '));
    expect(r.ms).toBeLessThan(3000);
    expect(r.out.length).toBeLessThan(20_000);
    expect(r.ids).not.toContain('internal-error');
  });

  it('an alias bomb in .lint500.yaml is a config error (exit 2, file:line), not a hang', async () => {
    const dir = project({ '.lint500.yaml': 'settings:\n  x:\n' + aliasBomb('    '), Dockerfile: 'FROM node:20\n' });
    const { cli } = await import('./helpers.js');
    const t0 = Date.now();
    const r = await cli(['.'], dir);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.lint500\.yaml:1:1: Excessive alias count .* \(more than 100 alias expansions\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an alias to an anchor that does not exist is a parse-error on the alias (Kubernetes)', async () => {
    const r = await lintOne('k8s/a.yaml', 'k8s', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replicas: *nope\n');
    expect(r.messages.filter((m) => m.ruleId === 'parse-error').map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual(['5:13 Unknown anchor in alias *nope: kubectl rejects the manifest.']);
  });

  it('a huge scalar (4 MB) and 5000 block-scalar lines parse within the bound', async () => {
    const text = CONFIGMAP + '  a: "' + 'x'.repeat(4_000_000) + '"\n  b: |\n' + ('    ' + 'y'.repeat(100) + '\n').repeat(5000);
    const r = await lintOne('k8s/huge.yaml', 'k8s', text);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.ids).not.toContain('internal-error');
    expect(r.ids).not.toContain('parse-error');
  });
});

describe('XML: no DTD, no entity expansion', () => {
  const secret = join(tmpdir(), 'lint500-xxe-secret.txt');
  writeFileSync(secret, 'XXE-TOPSECRET');

  it('billion laughs: nested internal entities are never expanded', async () => {
    const lol =
      '<?xml version="1.0"?>\n<!DOCTYPE Server [\n <!ENTITY lol "lol">\n' +
      Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n') +
      '\n]>\n<Server port="8005"><Service name="&lol9;"><Connector port="8080" maxThreads="&lol9;"/></Service></Server>\n';
    const r = await lintOne('conf/server.xml', 'tomcat', lol);
    expect(r.ms).toBeLessThan(2000);
    expect(r.out.length).toBeLessThan(20_000);
    expect(r.out).not.toContain('lollollol');
    expect(r.ids).not.toContain('internal-error');
  });

  it('XXE: external entities and external DTDs are never read', async () => {
    for (const doctype of [`<!DOCTYPE Server [<!ENTITY xxe SYSTEM "file://${secret}">]>`, `<!DOCTYPE Server SYSTEM "file://${secret}">`, `<!DOCTYPE Server [<!ENTITY % p SYSTEM "file://${secret}"> %p;]>`]) {
      const xml = `<?xml version="1.0"?>\n${doctype}\n<Server port="8005"><Service name="&xxe;"><Connector port="8080" maxThreads="&xxe;"/></Service></Server>\n`;
      const r = await lintOne('conf/server.xml', 'tomcat', xml);
      expect(r.out, doctype).not.toContain('XXE-TOPSECRET');
      expect(r.ids).not.toContain('internal-error');
    }
  });

  it('the parser keeps a declared entity reference as written', async () => {
    const { parserFor } = await import('../fuzz/harness.js');
    const { MemoryHost } = await import('../../src/core/memory-host.js');
    const p = await parserFor('tomcat');
    const text = `<?xml version="1.0"?>\n<!DOCTYPE Server [<!ENTITY xxe SYSTEM "file://${secret}">]>\n<Server port="&xxe;"/>\n`;
    const out = p.parse({ path: 'conf/server.xml', text, kind: 'tomcat' }, { host: new MemoryHost({}), settings: {}, runPaths: new Set() });
    expect(JSON.stringify(out.root)).toContain('&xxe;');
    expect(JSON.stringify(out.root)).not.toContain('XXE-TOPSECRET');
  });
});

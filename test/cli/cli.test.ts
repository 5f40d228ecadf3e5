import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cli, CONFIG, PLUGIN, project } from './helpers.js';
import { writeInPieces } from '../../src/cli/main.js';

const base = {
  '.lint500.yaml': CONFIG,
  'node_modules/lint500-plugin-acme/package.json': '{"name": "lint500-plugin-acme", "type": "module", "main": "index.js"}',
  'node_modules/lint500-plugin-acme/index.js': PLUGIN,
};

describe('exit codes', () => {
  it('0 for a clean run, with no output', async () => {
    const dir = project({ ...base, 'package.json': '{"name": "ok"}\n' });
    expect(await cli(['.'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('1 for an error finding; stylish output names file, position and rule', async () => {
    const dir = project({ ...base, 'package.json': '{\n  "name": "bad"\n}\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('package.json');
    expect(r.stdout).toMatch(/2:11\s+error\s+Value "bad" is bad\.\s+acme\/bad-value/);
  });
  it('warnings pass unless --fail-on warning or --max-warnings is exceeded', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "meh", "b": "meh"}\n' });
    expect((await cli(['.'], dir)).code).toBe(0);
    expect((await cli(['.', '--fail-on', 'warning'], dir)).code).toBe(1);
    expect((await cli(['.', '--max-warnings', '2'], dir)).code).toBe(0);
    const over = await cli(['.', '--max-warnings', '1'], dir);
    expect(over.code).toBe(1);
    expect(over.stderr).toContain('2 warning(s), more than --max-warnings 1');
  });
  it('--quiet drops warnings from the output', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "meh"}\n' });
    expect((await cli(['.', '--quiet'], dir)).stdout).toBe('');
  });
  it('--quiet keeps the errors, each with its code frame', async () => {
    const dir = project({ ...base, 'package.json': '{\n  "a": "meh",\n  "name": "bad"\n}\n' });
    const r = await cli(['.', '--quiet'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/3:11\s+error\s+Value "bad" is bad\./);
    expect(r.stdout).not.toContain('warning  ');
    expect(r.stdout).toContain('    > 3 |   "name": "bad"\n        |           ^^^^^\n');
  });
  it('2 for a usage error', async () => {
    const dir = project(base);
    expect((await cli(['--fail-on', 'fatal'], dir)).code).toBe(2);
    expect((await cli(['--format', 'xml'], dir)).stderr).toContain("unknown format 'xml'");
    expect((await cli(['--rule', 'acme/bad-value=off'], dir)).code).toBe(2);
  });
  it('2 for a config error, reported as file:line:column without a stack', async () => {
    const dir = project({ ...base, '.lint500.yaml': CONFIG + 'rules:\n  acme/bad-value: [error, { nope: 1 }]\n  acme/missing-rule: warning\n', 'package.json': '{}' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      '.lint500.yaml:3:29: rules.acme/bad-value.1.nope: unknown property "nope"',
      '.lint500.yaml:4:3: rules.acme/missing-rule: unknown rule "acme/missing-rule"',
    ].map((l) => join(dir, l)));
    expect(r.stderr).not.toContain('    at ');
  });
  it('2 for a YAML syntax error in the config', async () => {
    const dir = project({ ...base, '.lint500.yaml': 'rules: [\n', 'package.json': '{}' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.lint500\.yaml:\d+:\d+: /);
  });
  it('2 for a named file of no known kind, or a path that does not exist', async () => {
    const dir = project({ ...base, 'notes.txt': 'hello' });
    const unknown = await cli(['notes.txt'], dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('lint500: notes.txt: lint500 does not know what kind of file this is');
    const missing = await cli(['nope/'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('lint500: nope/: no such file or folder');
  });
  it('skips unknown files silently in a folder walk', async () => {
    const dir = project({ ...base, 'notes.txt': 'hello', 'package.json': '{}' });
    expect(await cli(['.'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
  it('3 when a rule crashes (lint500 itself failed, not the config): internal-error names rule and file, other results still printed', async () => {
    const dir = project({ ...base, 'a/package.json': '{"x": "boom"}', 'b/package.json': '{"x": "bad"}' });
    const r = await cli(['.', '-f', 'json'], dir);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout) as { filePath: string; messages: { ruleId: string; message: string }[] }[];
    expect(json.map((f) => [f.filePath.slice(dir.length + 1), f.messages.map((m) => `${m.ruleId}: ${m.message}`)])).toEqual([
      ['a/package.json', ['internal-error: Rule acme/bad-value crashed on this file: plugin exploded']],
      ['b/package.json', ['acme/bad-value: Value "bad" is bad.']],
    ]);
  });
  it('reports a broken symlink and a FIFO named on the command line', async () => {
    const dir = project(base);
    symlinkSync(join(dir, 'missing'), join(dir, 'Dockerfile'));
    const r = await cli(['Dockerfile'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Dockerfile: broken symbolic link');
    execFileSync('mkfifo', [join(dir, 'pipe.conf')]);
    const f = await cli(['pipe.conf'], dir);
    expect(f.code).toBe(2);
    expect(f.stderr).toContain('not a regular file');
  });
  it('walks past a symlink loop with a warning', async () => {
    const dir = project({ ...base, 'sub/package.json': '{}' });
    symlinkSync(join(dir, 'sub'), join(dir, 'sub', 'loop'));
    const r = await cli(['.'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('symbolic link loop');
  });
});

describe('inputs and outputs', () => {
  it('lints stdin under --stdin-filename', async () => {
    const dir = project(base);
    const r = await cli(['--stdin', '--stdin-filename', 'svc/package.json', '-f', 'json'], dir, { stdin: '{"a": "bad"}' });
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.stdout) as { filePath: string; messages: { line: number; column: number }[] }[];
    expect(f!.filePath).toBe(join(dir, 'svc/package.json'));
    expect(f!.messages.map((m) => [m.line, m.column])).toEqual([[1, 7]]);
    expect((await cli(['--stdin'], dir)).code).toBe(2);
  });
  it('writes several formats in one run', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad"}' });
    const r = await cli(['.', '-f', 'json', '-f', 'sarif:out/lint.sarif', '-f', 'github:gh.txt'], dir);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
    const sarif = JSON.parse(readFileSync(join(dir, 'out/lint.sarif'), 'utf8')) as { version: string; runs: { results: unknown[] }[] };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]!.results).toHaveLength(1);
    expect(readFileSync(join(dir, 'gh.txt'), 'utf8')).toContain('::error file=package.json,line=1,col=7,endLine=1,endColumn=12,title=acme/bad-value::Value "bad" is bad.');
  });
  it('--output-file takes the first format', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad"}' });
    const r = await cli(['.', '-f', 'json', '-o', 'r.json'], dir);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8'))).toHaveLength(1);
    // Written in pieces, byte for byte the document printed on stdout.
    const printed = await cli(['.', '-f', 'json'], dir);
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toBe(printed.stdout);
    expect(printed.stdout.endsWith(']\n')).toBe(true);
  });
  it('writes a document given in pieces in writes of about 64 KB, skipping empty pieces', () => {
    const writes: string[] = [];
    const piece = 'x'.repeat(20_000);
    writeInPieces(['[', '', piece, piece, piece, piece, piece, ']\n'], (s) => writes.push(s));
    expect(writes.map((w) => w.length)).toEqual([1 + 4 * 20_000, 20_000 + 2]);
    expect(writes.join('')).toBe(`[${piece.repeat(5)}]\n`);
    writes.length = 0;
    // A piece larger than a write is written whole.
    writeInPieces(['x'.repeat(200_000), ']'], (s) => writes.push(s));
    expect(writes.map((w) => w.length)).toEqual([200_000, 1]);
    writes.length = 0;
    writeInPieces(['', ''], (s) => writes.push(s));
    expect(writes).toEqual([]);
  });
  it('--rule turns a rule off or changes its severity', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad"}' });
    expect((await cli(['.', '--rule', 'acme/bad-value: off'], dir)).code).toBe(0);
    expect((await cli(['.', '--rule', 'acme/bad-value: warning'], dir)).code).toBe(0);
    expect((await cli(['.', '--rule', 'acme/nope: warning'], dir)).code).toBe(2);
  });
  it('--print-config shows the rules that apply to a file', async () => {
    const dir = project({ ...base, '.lint500.yaml': CONFIG + 'overrides:\n  - files: ["legacy/**"]\n    rules: { acme/bad-value: warning }\n' });
    const r = await cli(['--print-config', 'legacy/package.json'], dir);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { rules: Record<string, unknown>; configFile: string };
    expect(out.configFile).toBe(join(dir, '.lint500.yaml'));
    expect(out.rules['acme/bad-value']).toEqual(['warning', {}]);
  });
  it('colours only on a terminal, honouring NO_COLOR and --color', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad"}' });
    const esc = '\u001b[';
    expect((await cli(['.'], dir)).stdout).not.toContain(esc);
    expect((await cli(['.'], dir, { tty: true })).stdout).toContain(esc);
    expect((await cli(['.'], dir, { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toContain(esc);
    expect((await cli(['.', '--color'], dir)).stdout).toContain(esc);
    expect((await cli(['.', '--no-color'], dir, { tty: true })).stdout).not.toContain(esc);
  });
  it('honours .gitignore, .lint500ignore and ignorePatterns; skips node_modules', async () => {
    const dir = project({
      ...base,
      '.lint500.yaml': CONFIG + 'ignorePatterns: ["legacy/"]\n',
      '.gitignore': 'generated/\n',
      '.lint500ignore': 'tmp/**\n',
      'generated/package.json': '{"a": "bad"}',
      'tmp/x/package.json': '{"a": "bad"}',
      'legacy/package.json': '{"a": "bad"}',
      'node_modules/dep/package.json': '{"a": "bad"}',
      'app/package.json': '{"a": "bad"}',
      // Ignore files in sub-folders apply below them.
      'sub/.gitignore': 'secret/\n',
      'sub/secret/package.json': '{"a": "bad"}',
      'sub/deeper/.lint500ignore': 'other/\n',
      'sub/deeper/other/package.json': '{"a": "bad"}',
    });
    const r = await cli(['.', '-f', 'json'], dir);
    expect((JSON.parse(r.stdout) as { filePath: string }[]).map((f) => f.filePath.slice(dir.length + 1))).toEqual(['app/package.json']);
  });
});

describe('fixes and baselines', () => {
  it('--fix rewrites the file atomically and keeps its mode; --fix-dry-run writes nothing', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad", "b": "bad"}\n' });
    chmodSync(join(dir, 'package.json'), 0o640);
    const dry = await cli(['.', '--fix-dry-run', '-f', 'json'], dir);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"a": "bad", "b": "bad"}\n');
    expect((JSON.parse(dry.stdout) as { output?: string }[])[0]!.output).toBe('{"a": "good", "b": "good"}\n');
    const r = await cli(['.', '--fix'], dir);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"a": "good", "b": "good"}\n');
    expect(statSync(join(dir, 'package.json')).mode & 0o777).toBe(0o640);
  });
  it('a baseline hides known findings and shows new ones, across line shifts', async () => {
    const dir = project({ ...base, 'package.json': '{\n"a": "bad",\n"c": 1}\n' });
    const w = await cli(['.', '--baseline-write', '.lint500-baseline.json'], dir);
    // Writing the baseline is the point of that run: exit 0 although it has an error.
    expect(w.code).toBe(0);
    expect(existsSync(join(dir, '.lint500-baseline.json'))).toBe(true);
    expect((await cli(['.', '--baseline', '.lint500-baseline.json'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'package.json'), '{\n\n"a": "bad",\n"b": "bad"}\n');
    const r = await cli(['.', '--baseline', '.lint500-baseline.json', '-f', 'json'], dir);
    expect(r.code).toBe(1);
    const [f] = JSON.parse(r.stdout) as { messages: { line: number }[]; suppressedMessages: { line: number }[] }[];
    expect(f!.messages.map((m) => m.line)).toEqual([4]);
    expect(f!.suppressedMessages.map((m) => m.line)).toEqual([3]);
  });
});

describe('commands', () => {
  it('init writes a starter config and refuses to overwrite', async () => {
    const dir = project({});
    expect((await cli(['init'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, '.lint500.yaml'), 'utf8')).toContain('extends: recommended');
    expect((await cli(['init'], dir)).code).toBe(2);
  });
  it('explain prints a core diagnostic and rejects unknown ids', async () => {
    const dir = project({});
    expect((await cli(['explain', 'parse-error'], dir)).stdout).toContain('could not be parsed');
    expect((await cli(['explain', 'nginx/no-such-rule'], dir)).code).toBe(2);
  });
  it('--version and --help exit 0', async () => {
    const dir = project({});
    const v = await cli(['--version'], dir);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const h = await cli(['--help'], dir);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--fail-on');
  });
  it('does not modify files unless --fix is given', async () => {
    const dir = project({ ...base, 'package.json': '{"a": "bad"}\n' });
    mkdirSync(join(dir, 'x'));
    await cli(['.', '-f', 'json'], dir);
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe('{"a": "bad"}\n');
  });
});

describe('cache and shards', () => {
  it('--cache writes the cache file and gives identical results on the second run', async () => {
    const dir = project({ ...base, 'a/package.json': '{"a": "bad"}', 'b/package.json': '{"b": "meh"}' });
    const first = await cli(['.', '--cache', '-f', 'json'], dir);
    expect(existsSync(join(dir, '.lint500-cache'))).toBe(true);
    const second = await cli(['.', '--cache', '-f', 'json'], dir);
    expect(second).toEqual(first);
    await cli(['.', '--cache', '--cache-location', 'tmp/c.json'], dir);
    expect(existsSync(join(dir, 'tmp/c.json'))).toBe(true);
  });
  it('--shard parts together give the full run', async () => {
    const files: Record<string, string> = { ...base };
    for (let i = 0; i < 12; i++) files[`svc${i}/package.json`] = `{"v${i}": "bad"}`;
    const dir = project(files);
    const ids = async (args: string[]) =>
      (JSON.parse((await cli(['.', '-f', 'json', ...args], dir)).stdout) as { filePath: string; messages: { line: number; column: number; ruleId: string }[] }[]).flatMap((f) =>
        f.messages.map((m) => `${f.filePath}:${m.line}:${m.column}:${m.ruleId}`),
      );
    const full = await ids([]);
    const parts = [...(await ids(['--shard', '1/3'])), ...(await ids(['--shard', '2/3'])), ...(await ids(['--shard', '3/3']))];
    expect(parts.sort()).toEqual(full.sort());
    expect(full).toHaveLength(12);
    expect((await cli(['.', '--shard', '4/3'], dir)).code).toBe(2);
  });
});

describe('--ignore-unknown', () => {
  it('skips named files of no known kind and still lints the others', async () => {
    const dir = project({ ...base, 'notes.txt': 'hello', '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'package.json': '{"a": "bad"}' });
    const r = await cli(['--ignore-unknown', 'notes.txt', '.github/workflows/ci.yml', 'package.json'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('acme/bad-value');
  });
});

describe('subcommand options', () => {
  it('rules --format json and markdown belong to the rules command', async () => {
    const dir = project({});
    const json = await cli(['rules', '--format', 'json'], dir);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as { id: string; kind: string[]; severity: string }[];
    expect(list.length).toBeGreaterThan(50);
    expect(list.find((r) => r.id === 'nginx/try-files-missing')).toMatchObject({ kind: ['nginx'], severity: 'warning' });
    const md = await cli(['rules', '--format', 'markdown'], dir);
    expect(md.stdout.split('\n')[0]).toBe('| rule | reads | severity | recommended | fix | description |');
  });
  it('explain prints the generated header and the rule doc', async () => {
    const r = await cli(['explain', 'dockerfile/shell-form-cmd'], project({}));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# dockerfile/shell-form-cmd');
    expect(r.stdout).toContain('Fixable with `--fix`.');
    expect(r.stdout).toContain('## Why this causes 5xx');
  });
});

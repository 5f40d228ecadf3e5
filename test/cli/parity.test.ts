/**
 * Command-line habits brought from ESLint and hadolint: `--max-warnings -1`, an error for a run that
 * matched nothing, `-` for standard input, `--no-inline-config`, "did you mean" for rule ids,
 * `explain <name>`, `--staged` outside git, `--baseline-write` exiting 0.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessStdinName } from '../../src/project/classify.js';
import { cli, project } from './helpers.js';

const DOCKERFILE = 'FROM node:20.11-slim\nUSER node\nCMD node server.js\n';
const SHELL_FORM = 'dockerfile/shell-form-cmd';
const ids = (stdout: string) => (JSON.parse(stdout) as { messages: { ruleId: string }[] }[]).flatMap((f) => f.messages.map((m) => m.ruleId));

describe('--max-warnings', () => {
  it('-1 means no limit, a number is a limit, anything else is a usage error', async () => {
    const dir = project({ Dockerfile: DOCKERFILE });
    expect((await cli(['.', '--max-warnings', '-1'], dir)).code).toBe(0);
    const zero = await cli(['.', '--max-warnings', '0'], dir);
    expect(zero.code).toBe(1);
    expect(zero.stderr).toBe('lint500: 1 warning(s), more than --max-warnings 0\n');
    expect((await cli(['.', '--max-warnings', '1'], dir)).code).toBe(0);
    for (const bad of ['ten', '1.5', '']) {
      const r = await cli(['.', '--max-warnings', bad], dir);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toBe(`lint500: --max-warnings expects a whole number (-1: no limit), got '${bad}'\n`);
      expect(r.stdout).toBe('');
    }
  });
});

describe('a run that matched no lintable file', () => {
  it('exits 2 with a message, unless --no-error-on-unmatched-pattern', async () => {
    const dir = project({ 'README.md': '# shop\n', 'docs/notes.txt': 'x\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'lint500: no file to lint in . (lint500 reads nginx, Dockerfile, Kubernetes, Tomcat, Spring, JS/TS, Python and Java files); --no-error-on-unmatched-pattern allows an empty run\n',
    );
    expect((await cli(['docs/*.yaml'], dir)).code).toBe(2);
    const allowed = await cli(['.', '--no-error-on-unmatched-pattern'], dir);
    expect(allowed).toEqual({ code: 0, stdout: '', stderr: '' });
    // An empty shard of a CI matrix is no mistake.
    expect((await cli(['.', '--shard', '2/3'], dir)).code).toBe(0);
  });
  it('is no error when --ignore-unknown skipped every named file (a hook on a commit of other files)', async () => {
    const dir = project({ '.github/workflows/ci.yml': 'on: push\njobs: {}\n' });
    expect(await cli(['--ignore-unknown', '.github/workflows/ci.yml'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe("'-' reads standard input", () => {
  it('under --stdin-filename, or under a name guessed from the content', async () => {
    const dir = project({});
    const named = await cli(['-', '--stdin-filename', 'api/Dockerfile', '-f', 'json'], dir, { stdin: DOCKERFILE });
    expect(named.code).toBe(0);
    expect((JSON.parse(named.stdout) as { filePath: string }[])[0]!.filePath).toBe(join(dir, 'api/Dockerfile'));
    const guessed = await cli(['-', '-f', 'json'], dir, { stdin: DOCKERFILE });
    expect((JSON.parse(guessed.stdout) as { filePath: string }[])[0]!.filePath).toBe(join(dir, 'Dockerfile'));
    expect(ids(guessed.stdout)).toEqual([SHELL_FORM]);
    // --stdin guesses the same way.
    expect(ids((await cli(['--stdin', '-f', 'json'], dir, { stdin: DOCKERFILE })).stdout)).toEqual([SHELL_FORM]);
  });
  it('asks for --stdin-filename when the content says nothing, and stands alone', async () => {
    const dir = project({});
    const r = await cli(['-'], dir, { stdin: 'hello world\n' });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('lint500: cannot tell from its content what kind of file standard input is: name it with --stdin-filename (e.g. Dockerfile, deploy.yaml, nginx.conf)\n');
    const both = await cli(['-', 'Dockerfile'], dir, { stdin: DOCKERFILE });
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("lint500: '-' (standard input) cannot be combined with other paths\n");
  });
  it('guesses Kubernetes, Dockerfile, Tomcat, nginx and Spring content', () => {
    expect(guessStdinName('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n')).toBe('stdin.yaml');
    expect(guessStdinName('# syntax=docker/dockerfile:1\nARG BASE=node:20\nFROM $BASE\n')).toBe('Dockerfile');
    expect(guessStdinName('<?xml version="1.0"?>\n<!-- stock -->\n<Server port="8005">\n</Server>\n')).toBe('server.xml');
    expect(guessStdinName('<Context reloadable="false">\n</Context>\n')).toBe('context.xml');
    expect(guessStdinName('events {}\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://api; }\n  }\n}\n')).toBe('nginx.conf');
    expect(guessStdinName('# tuned\nserver.tomcat.threads.max=200\n')).toBe('application.properties');
    expect(guessStdinName('just words\n')).toBeUndefined();
    expect(guessStdinName('')).toBeUndefined();
  });
});

describe('--no-inline-config', () => {
  it('ignores lint500-disable comments and the k8s annotation', async () => {
    const dir = project({
      Dockerfile: 'FROM node:20.11-slim\nUSER node\n# lint500-disable-next-line dockerfile/shell-form-cmd -- legacy\nCMD node server.js\n',
    });
    const honoured = await cli(['.', '-f', 'json'], dir);
    expect(ids(honoured.stdout)).toEqual([]);
    const off = await cli(['.', '-f', 'json', '--no-inline-config'], dir);
    expect(ids(off.stdout)).toEqual([SHELL_FORM]);
    expect(off.code).toBe(0);
  });
});

describe('"did you mean" for rule ids', () => {
  it('in explain, --rule, the config file and suppression comments', async () => {
    const dir = project({ Dockerfile: DOCKERFILE });
    const explain = await cli(['explain', 'nginx/proxy-timout-too-low'], dir);
    expect(explain.code).toBe(2);
    expect(explain.stderr).toBe("lint500: no rule 'nginx/proxy-timout-too-low' (did you mean \"nginx/proxy-timeout-too-low\"?) (see `lint500 rules`)\n");
    const rule = await cli(['.', '--rule', 'dockerfile/shel-form-cmd: off'], dir);
    expect(rule.code).toBe(2);
    expect(rule.stderr).toBe('--rule:1:1: dockerfile/shel-form-cmd: unknown rule "dockerfile/shel-form-cmd" (did you mean "dockerfile/shell-form-cmd"?)\n');

    const conf = project({ Dockerfile: DOCKERFILE, '.lint500.yaml': 'rules:\n  k8s/replica-single: off\n' });
    const c = await cli(['.'], conf);
    expect(c.code).toBe(2);
    expect(c.stderr).toContain('unknown rule "k8s/replica-single" (did you mean "k8s/replicas-single"?)');

    const comment = project({ Dockerfile: 'FROM node:20.11-slim\nUSER node\n# lint500-disable-next-line dockerfile/shell-form-cm\nCMD ["node", "server.js"]\n' });
    const s = await cli(['.', '-f', 'json'], comment);
    const [f] = JSON.parse(s.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[];
    expect(f!.messages).toMatchObject([{ ruleId: 'invalid-disable-directive', line: 3, message: 'Unknown rule "dockerfile/shell-form-cm" in lint500 suppression (did you mean "dockerfile/shell-form-cmd"?).' }]);
  });
  it('a suppression naming a rule of another domain is known (not loaded), merely unused', async () => {
    const dir = project({ Dockerfile: 'FROM node:20.11-slim\nUSER node\n# lint500-disable-next-line k8s/replicas-single\nCMD ["node", "server.js"]\n' });
    const [f] = JSON.parse((await cli(['.', '-f', 'json'], dir)).stdout) as { messages: { ruleId: string; message: string }[] }[];
    expect(f!.messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual(['unused-disable-directive: Unused lint500 suppression for k8s/replicas-single: it suppressed nothing.']);
  });
});

describe('explain <name>', () => {
  it('resolves the name after the domain when one rule has it, and lists the rules when several do', async () => {
    const dir = project({});
    const short = await cli(['explain', 'shell-form-cmd'], dir);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe((await cli(['explain', SHELL_FORM], dir)).stdout);
    expect(short.stdout.split('\n')[0]).toBe(`# ${SHELL_FORM}`);
    const both = await cli(['explain', 'image-tag-unpinned'], dir);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe("lint500: 'image-tag-unpinned' names 2 rules: dockerfile/image-tag-unpinned, k8s/image-tag-unpinned\n");
  });
});

describe('--staged outside git', () => {
  it('is a one-line error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-nogit-'));
    writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
    const r = await cli(['--staged'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`lint500: --staged reads the git index, and ${dir} is not inside a git repository (or git is not installed)\n`);
  });
});

describe('--baseline-write', () => {
  it('exits 0 when it wrote the baseline, even with errors in it', async () => {
    const dir = project({ Dockerfile: 'FROM node:20-slim AS build\nFROM node:20-slim\nCOPY --from=builder /a /a\nUSER node\nCMD ["node", "/a"]\n' });
    expect((await cli(['.'], dir)).code).toBe(1);
    const r = await cli(['.', '--baseline-write', 'baseline.json'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('lint500: wrote baseline with');
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))).toBeTruthy();
    expect((await cli(['.', '--baseline', 'baseline.json'], dir)).code).toBe(0);
  });
});

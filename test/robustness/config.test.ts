/**
 * Config files are data and plugins are the only code a config can bring in: a malformed config
 * never runs anything, YAML tags and `__proto__` keys stay inert. Internal errors: a crash inside
 * one rule on one file is isolated, names the rule, carries a short stack with --debug, exits 2,
 * and every other result is still printed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, project } from './helpers.js';

/** A plugin that leaves a file behind when its module is evaluated. */
function tracingPlugin(dir: string): void {
  mkdirSync(join(dir, 'node_modules/lint500-plugin-trace'), { recursive: true });
  writeFileSync(join(dir, 'node_modules/lint500-plugin-trace/package.json'), '{"name": "lint500-plugin-trace", "type": "module", "main": "index.js"}');
  writeFileSync(join(dir, 'node_modules/lint500-plugin-trace/index.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, 'plugin-ran'))}, 'yes');\nexport default [];\n`);
}

describe('a malformed config runs nothing', () => {
  const broken = {
    'rules is not a map': 'plugins: ["lint500-plugin-trace"]\nrules: 7\n',
    'unknown top-level key': 'plugins: ["lint500-plugin-trace"]\nextendz: all\n',
    'a limit of the wrong type': 'plugins: ["lint500-plugin-trace"]\nsettings:\n  limits:\n    maxFileSize: big\n',
    'an override without files': 'plugins: ["lint500-plugin-trace"]\noverrides:\n  - rules: {}\n',
    'plugins is not a list': 'plugins: lint500-plugin-trace\n',
    'broken YAML after the plugin list': 'plugins: ["lint500-plugin-trace"]\nrules: [unclosed\n',
  };
  it.each(Object.entries(broken))('%s: exit 2 with file:line, and the listed plugin never loads', async (_name, config) => {
    const dir = project({ '.lint500.yaml': config, Dockerfile: 'FROM node:20\nCMD node a.js\n' });
    tracingPlugin(dir);
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.lint500\.yaml:\d+:\d+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, 'plugin-ran'))).toBe(false);
  });

  it('control: the same plugin in a valid config does load', async () => {
    const dir = project({ '.lint500.yaml': 'plugins: ["lint500-plugin-trace"]\n', Dockerfile: 'FROM node:20\n' });
    tracingPlugin(dir);
    await cli(['.'], dir);
    expect(existsSync(join(dir, 'plugin-ran'))).toBe(true);
  });

  it('YAML tags for code are not executed, and __proto__ keys pollute nothing', async () => {
    const dir = project({
      '.lint500.yaml': 'settings:\n  x: !!js/function "function () { require(\'fs\').writeFileSync(\'ran\', \'1\') }"\n  __proto__:\n    polluted: yes\n  limits: { __proto__: { maxFileSize: 1 } }\n',
      Dockerfile: 'FROM node:20\nCMD node a.js\n',
    });
    const r = await cli(['.', '-f', 'json'], dir);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['maxFileSize']).toBeUndefined();
    // Either rejected as a config error or read as plain data; never a crash.
    expect([0, 1, 2]).toContain(r.code);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a package.json "lint500" key that is not an object is a config error', async () => {
    const dir = project({ 'package.json': '{"name": "x", "lint500": "plugins"}', Dockerfile: 'FROM node:20\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('package.json');
  });
});

describe('internal errors', () => {
  const PLUGIN = `
export default [{
  meta: { id: 'boom/explode', kind: 'dockerfile', severity: 'error', recommended: true, status: 'stable', since: '1.0.0',
    description: 'Explodes on one file.', causes: ['unhandled-exception-500'], remediation: 'None.', messages: { m: 'x' } },
  create(ctx) {
    return {
      FROM() {
        if (ctx.file.text.includes('explode-here')) throw new TypeError('cannot read the frobnicator');
      },
    };
  },
}];
`;
  const setup = () => {
    const dir = project({
      '.lint500.yaml': 'plugins: ["lint500-plugin-boom"]\n',
      'a/Dockerfile': 'FROM node:20 # explode-here\nCMD node a.js\n',
      'b/Dockerfile': 'FROM node:20\nCMD node b.js\n',
    });
    mkdirSync(join(dir, 'node_modules/lint500-plugin-boom'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/lint500-plugin-boom/package.json'), '{"name": "lint500-plugin-boom", "type": "module", "main": "index.js"}');
    writeFileSync(join(dir, 'node_modules/lint500-plugin-boom/index.js'), PLUGIN);
    return dir;
  };

  it('--debug adds a short stack naming where the rule threw; without it, the message only', async () => {
    const dir = setup();
    const plain = await cli(['.', '-f', 'json'], dir);
    const debug = await cli(['.', '-f', 'json', '--debug'], dir);
    for (const r of [plain, debug]) expect(r.code).toBe(3);
    type F = { filePath: string; messages: { ruleId: string; message: string }[] };
    const errOf = (out: string) => (JSON.parse(out) as F[]).flatMap((f) => f.messages.filter((m) => m.ruleId === 'internal-error').map((m) => ({ file: f.filePath.slice(dir.length + 1), message: m.message })));
    expect(errOf(plain.stdout)).toEqual([{ file: 'a/Dockerfile', message: 'Rule boom/explode crashed on this file: cannot read the frobnicator' }]);
    const [d] = errOf(debug.stdout);
    expect(d!.file).toBe('a/Dockerfile');
    expect(d!.message).toMatch(/^Rule boom\/explode crashed on this file: cannot read the frobnicator \(at .*lint500-plugin-boom\/index\.js:\d+:\d+/);
    // Short: a handful of frames, on one line.
    expect(d!.message.split(' | ').length).toBeLessThanOrEqual(5);
    expect(d!.message).not.toContain('\n');
    // The other file's findings, and the crashing file's other rules, are all there.
    const all = JSON.parse(debug.stdout) as F[];
    const ids = (p: string) => all.find((f) => f.filePath.endsWith(p))!.messages.map((m) => m.ruleId);
    expect(ids('b/Dockerfile')).toContain('dockerfile/shell-form-cmd');
    expect(ids('a/Dockerfile')).toContain('dockerfile/shell-form-cmd');
  });

  it('stylish output shows the internal error with the rule id and still lists the other findings', async () => {
    const dir = setup();
    const r = await cli(['.', '--debug'], dir);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Rule boom/explode crashed on this file');
    expect(r.stdout).toContain('b/Dockerfile');
    expect(r.stdout).toContain('dockerfile/shell-form-cmd');
  });
});

/**
 * End to end: the real CLI (built, in a child process) over each fixture project, compared with the
 * checked-in expected output. Update with `npx vitest run test/e2e -u` after a deliberate change.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sarifSchemaErrors } from '../formatters/sarif-validate.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/bin.js');
const projects = readdirSync(join(root, 'fixtures/projects'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function runCli(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; severity: number; line: number; column: number; endLine: number; endColumn: number; message: string; related?: { filePath: string; line: number; column: number }[] }[];
}

describe.each(projects)('fixtures/projects/%s', (name) => {
  const dir = join(root, 'fixtures/projects', name);
  it('gives the expected findings (json)', async () => {
    const r = runCli([relative(root, dir), '-f', 'json']);
    expect(r.stderr).toBe('');
    const results = JSON.parse(r.stdout) as JsonResult[];
    const summary = results
      .filter((f) => f.messages.length)
      .map((f) => ({
        file: relative(dir, f.filePath),
        findings: f.messages.map(
          (m) =>
            `${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId}: ${m.message}` +
            (m.related?.length ? ` [related: ${m.related.map((x) => `${relative(dir, x.filePath)}:${x.line}:${x.column}`).join(', ')}]` : ''),
        ),
      }));
    await expect(JSON.stringify({ exitCode: r.code, files: summary }, null, 2) + '\n').toMatchFileSnapshot(`expected/${name}.json`);
    expect(results.flatMap((f) => f.messages).filter((m) => m.ruleId === 'internal-error' || m.ruleId === 'parse-error')).toEqual([]);
  });
  // The SARIF Multitool's own validation of the same output: test/integrations/sarif-multitool.test.ts.
  it('gives SARIF that validates against the SARIF 2.1.0 schema', () => {
    const r = runCli([relative(root, dir), '-f', 'sarif']);
    const sarif = JSON.parse(r.stdout) as { runs: { results: unknown[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0]!.results.length).toBeGreaterThan(0);
  });
});

describe('demo-shop stylish output', () => {
  it('is readable without colour and ends with a summary line', () => {
    const r = runCli(['fixtures/projects/demo-shop']);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain('\u001b[');
    const tail = r.stdout.trim().split('\n').slice(-2);
    expect(tail[0]).toMatch(/^✖ \d+ problems? \(\d+ errors?, \d+ warnings?, \d+ infos?\)$/);
    expect(tail[1]).toMatch(/^\s+\d+ errors? and \d+ warnings? potentially fixable with the `--fix` option\.$/);
  });
  it('matches its checked-in text', async () => {
    const r = runCli(['fixtures/projects/demo-shop']);
    await expect(r.stdout).toMatchFileSnapshot('expected/demo-shop.stylish.txt');
  });
});


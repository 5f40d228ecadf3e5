/**
 * The composite GitHub Action: its steps' scripts run under bash as the runner runs them (inputs in
 * the environment, `$GITHUB_OUTPUT`), against a project that has lint500 in node_modules. The SARIF
 * file it writes is checked against the official SARIF 2.1.0 schema.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sarifSchemaErrors } from '../formatters/sarif-validate.js';
import { ensureBuilt } from '../lsp/client.js';
import { cliBin, repoRoot, tempDir, write } from './helpers.js';

interface Step {
  id: string;
  shell: string;
  env: Record<string, string>;
  run: string;
}
interface Action {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8')) as Action;

const DOCKERFILE = 'FROM node:20-slim AS build\nRUN npm ci\nFROM node:20-slim\nCOPY --from=builder /app /app\nUSER node\nCMD ["node", "/app/server.js"]\n';

const dirs: string[] = [];
beforeAll(() => ensureBuilt());
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs the action's steps in `cwd` with these inputs; returns the run step's status, logs and outputs. */
function runAction(cwd: string, inputs: Record<string, string>): { status: number | null; stdout: string; stderr: string; outputs: Record<string, string> } {
  const values: Record<string, string> = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default]));
  Object.assign(values, inputs);
  const stepOutputs: Record<string, Record<string, string>> = {};
  const expr = (s: string) =>
    s.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, path: string) => {
      const [scope, a, b, c] = path.split('.');
      if (scope === 'inputs') return values[a!] ?? '';
      if (scope === 'github' && a === 'action_path') return repoRoot;
      if (scope === 'steps' && b === 'outputs') return stepOutputs[a!]?.[c!] ?? '';
      throw new Error(`unknown expression ${path}`);
    });
  let last = { status: 0 as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    const outFile = join(cwd, `.github-output-${step.id}`);
    writeFileSync(outFile, '');
    const env = { ...process.env, NO_COLOR: '1', GITHUB_OUTPUT: outFile, RUNNER_TEMP: cwd, ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expr(v)])) };
    expect(step.shell).toBe('bash');
    // As the runner does: the script body is passed as a file, inputs only through the environment.
    const script = join(cwd, `.step-${step.id}.sh`);
    writeFileSync(script, step.run);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-e', '-o', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    stepOutputs[step.id] = Object.fromEntries(
      readFileSync(outFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    last = { status: r.status, stdout: r.stdout, stderr: r.stderr };
    if (r.status !== 0) break;
  }
  return { ...last, outputs: stepOutputs['run'] ?? {} };
}

function project(files: Record<string, string>, installed = true): string {
  const dir = tempDir('action');
  dirs.push(dir);
  write(dir, files);
  if (!installed) return dir;
  // The project has lint500 installed (in its node_modules): the action uses it.
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  const bin = join(dir, 'node_modules/.bin/lint500');
  writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${cliBin}" "$@"\n`);
  chmodSync(bin, 0o755);
  return dir;
}

describe('action.yml', () => {
  it('is a composite action with the documented inputs', () => {
    expect(action.runs.using).toBe('composite');
    expect(Object.keys(action.inputs)).toEqual(['paths', 'config', 'format', 'fail-on', 'sarif-file', 'version']);
    expect(action.inputs['format']!.default).toBe('github');
    expect(Object.keys(action.outputs)).toEqual(['sarif-file', 'exit-code']);
  });

  it('annotates findings, writes a schema-valid SARIF file and fails on errors', () => {
    const dir = project({ 'docker/Dockerfile': DOCKERFILE, 'README.md': 'shop\n' });
    const r = runAction(dir, { paths: 'docker', 'sarif-file': 'reports/lint500.sarif' });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^::error file=docker\/Dockerfile,line=4,col=13,endLine=4,endColumn=20,title=dockerfile\/copy-from-unknown-stage::/m);
    expect(r.outputs).toEqual({ 'exit-code': '1', 'sarif-file': 'reports/lint500.sarif' });
    const sarif = JSON.parse(readFileSync(join(dir, 'reports/lint500.sarif'), 'utf8')) as { version: string; runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    const results = sarif.runs[0]!.results.map((x) => [x.ruleId, x.locations[0]!.physicalLocation.artifactLocation.uri, x.locations[0]!.physicalLocation.region.startLine, x.locations[0]!.physicalLocation.region.startColumn]);
    expect(results).toContainEqual(['dockerfile/copy-from-unknown-stage', 'docker/Dockerfile', 4, 13]);
  });

  it('passes with the given config and fail level', () => {
    const dir = project({ Dockerfile: DOCKERFILE, 'ci/lint500.yaml': 'rules:\n  dockerfile/copy-from-unknown-stage: warning\n' });
    const r = runAction(dir, { paths: 'Dockerfile', config: 'ci/lint500.yaml', format: 'stylish', 'sarif-file': '' });
    expect(r.stdout).toContain('warning  `--from=builder` names no stage');
    expect(r.status).toBe(0);
    expect(r.outputs).toEqual({ 'exit-code': '0', 'sarif-file': '' });
    const strict = runAction(dir, { paths: 'Dockerfile', config: 'ci/lint500.yaml', 'fail-on': 'warning' });
    expect(strict.status).toBe(1);
  });

  it('treats inputs as data, never as shell code', () => {
    const dir = project({ Dockerfile: DOCKERFILE });
    const r = runAction(dir, { paths: '$(touch pwned) `touch pwned2` Dockerfile;touch\tpwned3', format: 'json', 'sarif-file': '' });
    expect(existsSync(join(dir, 'pwned'))).toBe(false);
    expect(existsSync(join(dir, 'pwned2'))).toBe(false);
    expect(existsSync(join(dir, 'pwned3'))).toBe(false);
    // The words are taken as paths that do not exist: a usage error, not a command.
    expect(r.stderr).toContain('$(touch');
    expect(r.status).toBe(2);
  });

  it('without lint500 in the project, installs its own checkout as a tarball and runs it', { timeout: 300_000 }, () => {
    const dir = project({ Dockerfile: DOCKERFILE }, false);
    const r = runAction(dir, { paths: 'Dockerfile', format: 'stylish', 'sarif-file': '' });
    expect(r.stdout).toContain('error  `--from=builder` names no stage');
    expect(r.status).toBe(1);
    // Installed from the packed checkout under RUNNER_TEMP, never from the registry by name.
    const installed = JSON.parse(readFileSync(join(dir, 'lint500-action/node_modules/lint500/package.json'), 'utf8')) as { version: string };
    expect(installed.version).toBe((JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version);
    expect(existsSync(join(dir, 'node_modules'))).toBe(false);
  });
});

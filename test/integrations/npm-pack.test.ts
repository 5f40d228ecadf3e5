/**
 * Installable without a registry entry for lint500: `npm pack` gives a tarball that installs in an
 * empty project (`npm install ./lint500-*.tgz`, its dependencies from the registry) and runs there
 * with `npx lint500 .`, as the README's Install section says.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt } from '../lsp/client.js';
import { repoRoot, tempDir } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { name: string; version: string; license: string };
let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  ensureBuilt();
  work = tempDir('npm-pack');
  // dist/ is built above; --ignore-scripts keeps `prepare` from building it a second time.
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' });
  const [info] = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
  tarball = info!.filename;
  files = info!.files.map((f) => f.path).sort();
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  it('packs the built CLI, the language server, the schema, the grammars, the rule docs, the licence and nothing of the tests', () => {
    expect(tarball).toBe(`${pkg.name}-${pkg.version}.tgz`);
    for (const f of ['LICENSE', 'README.md', 'package.json', 'dist/cli/bin.js', 'dist/src/lsp/bin.js', 'dist/src/index.js', 'schema/lint500.schema.json', 'vendor/grammars/tree-sitter-python.wasm', 'rules/dockerfile/user-root.md']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /(^|\/)(test|fixtures|node_modules|editors)\/|\.test\.|^src\/|\.ts$(?<!\.d\.ts)/.test(f))).toEqual([]);
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(repoRoot, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('installs in an empty project and lints it with `npx lint500 .`', { timeout: 600_000 }, () => {
    const project = join(work, 'project');
    execFileSync('mkdir', ['-p', project]);
    execFileSync('cp', [join(work, tarball), project]);
    writeFileSync(join(project, 'Dockerfile'), 'FROM node:20.11-slim\nUSER node\nCMD node server.js\n');
    const env = { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const install = spawnSync('sh', ['-c', 'npm install ./lint500-*.tgz'], { cwd: project, env, encoding: 'utf8' });
    expect(install.status, install.stderr).toBe(0);
    const run = spawnSync('npx', ['lint500', '.'], { cwd: project, env, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('3:1  warning  Shell-form CMD runs "node server.js" under /bin/sh (dash in node:20.11-slim) as PID 1');
    expect(run.stdout).toMatch(/^Dockerfile$/m);
    // Warnings only: exit 0. The tarball itself and node_modules are not linted.
    expect(run.status).toBe(0);
    const version = spawnSync('npx', ['lint500', '--version'], { cwd: project, env, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(pkg.version);
    // The language server's bin is installed too.
    expect(readFileSync(join(project, 'node_modules/.bin/lint500-lsp'), 'utf8')).toContain('node');
  });
});

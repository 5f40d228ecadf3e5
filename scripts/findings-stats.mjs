#!/usr/bin/env node
/**
 * Findings per 100 files and per rule, over whole folders: the figure the precision work is judged
 * by. Runs the built CLI (`npm run build` first) once per folder, from inside that folder, exactly
 * as a user runs `lint500 .`.
 *
 *   node scripts/findings-stats.mjs [--by-repo] [--json] <folder>...
 *
 * Without folders it reads `../shared/corpus` and `../shared/projects` when they exist.
 * `--by-repo` also prints each repository: a direct subfolder of the folder, or for the corpus
 * layout (`<kind>/<owner>__<repo>/…`) the `<owner>__<repo>` part of every kind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.js');
const args = process.argv.slice(2);
const byRepo = args.includes('--by-repo');
const asJson = args.includes('--json');
let folders = args.filter((a) => !a.startsWith('--'));
if (!folders.length) folders = ['corpus', 'projects'].map((f) => join(here, '..', '..', 'shared', f)).filter((f) => existsSync(f));
if (!folders.length) {
  console.error('No folder given and no ../shared/corpus or ../shared/projects beside the repository.');
  process.exit(2);
}
if (!existsSync(bin)) {
  console.error('Build first: npm run build');
  process.exit(2);
}

/** The repository a file belongs to, for the per-repository table. */
function repoOf(rel) {
  const parts = rel.split('/');
  if (parts.length > 2 && /^(docker|k8s|nginx|tomcat|spring)$/.test(parts[0])) return parts[1];
  return parts[0];
}

function tally(results, root) {
  const total = { files: 0, findings: 0, rules: {} };
  const repos = {};
  for (const r of results) {
    const repo = repoOf(relative(root, r.filePath));
    const into = [total, (repos[repo] ??= { files: 0, findings: 0, rules: {} })];
    for (const t of into) t.files++;
    for (const m of r.messages) {
      for (const t of into) {
        t.findings++;
        t.rules[m.ruleId] = (t.rules[m.ruleId] ?? 0) + 1;
      }
    }
  }
  return { total, repos };
}

const per100 = (t) => (t.files ? (100 * t.findings) / t.files : 0).toFixed(1);
const ruleList = (rules) =>
  Object.entries(rules)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');

const out = [];
for (const folder of folders) {
  const root = resolve(folder);
  if (!statSync(root).isDirectory()) continue;
  const r = spawnSync(process.execPath, [bin, '.', '-f', 'json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0 && r.status !== 1) {
    console.error(`${folder}: exit ${r.status}\n${r.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const { total, repos } = tally(JSON.parse(r.stdout), root);
  out.push({ folder, exitCode: r.status, ...total, per100: Number(per100(total)), repos: byRepo ? repos : undefined });
  if (asJson) continue;
  console.log(`${folder}: ${total.files} files, ${total.findings} findings, ${per100(total)} per 100 files (exit ${r.status})`);
  console.log(`  ${ruleList(total.rules) || 'no findings'}`);
  if (byRepo) {
    for (const name of Object.keys(repos).sort()) {
      const t = repos[name];
      console.log(`  ${name}: ${t.files} files, ${t.findings} findings, ${per100(t)} per 100 files`);
      if (t.findings) console.log(`    ${ruleList(t.rules)}`);
    }
  }
}
if (asJson) console.log(JSON.stringify(out, null, 2));

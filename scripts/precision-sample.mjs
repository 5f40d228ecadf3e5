#!/usr/bin/env node
/**
 * Draws a blind sample of findings of the recommended rule set for judging by hand
 * (docs/precision.md). The sample is seeded and stable: the same findings are picked whatever else
 * changes in the run; they are printed with the lines around them, in an order unrelated to the rule.
 *
 *   node scripts/precision-sample.mjs [--seed N] [--size N] [--json] [folder]
 *
 * The folder defaults to ../shared/corpus. Build first (`npm run build`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bin = join(here, '..', 'dist', 'cli', 'bin.js');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : dflt;
};
const seed0 = opt('--seed', 20261206);
const size = opt('--size', 60);
const asJson = args.includes('--json');
const folder = resolve(args.find((a) => !a.startsWith('--')) ?? join(here, '..', '..', 'shared', 'corpus'));
if (!existsSync(bin) || !existsSync(folder)) {
  console.error(!existsSync(bin) ? 'Build first: npm run build' : `No folder ${folder}`);
  process.exit(2);
}

const cli = (argv) => spawnSync(process.execPath, [bin, ...argv], { cwd: folder, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
const recommended = new Set(JSON.parse(cli(['rules', '--format', 'json']).stdout).filter((r) => r.recommended).map((r) => r.id));
const results = JSON.parse(cli(['.', '-f', 'json']).stdout);
const all = [];
for (const f of results) for (const m of f.messages) if (recommended.has(m.ruleId)) all.push({ file: relative(folder, f.filePath), line: m.line, column: m.column, rule: m.ruleId, message: m.message });

// Each finding gets a seeded hash of what it is (rule, file, position); the sample is the findings
// with the smallest hashes. A change that removes or adds findings elsewhere leaves the rest of
// the sample as it was, so a judged sample stays judged.
function hash(text) {
  let h = (0x811c9dc5 ^ seed0) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
}
const sample = all
  .map((f) => ({ f, h: hash(`${f.rule}|${f.file}|${f.line}|${f.column}`) }))
  .sort((a, b) => a.h - b.h)
  .slice(0, size)
  .map((x) => x.f);

if (asJson) {
  console.log(JSON.stringify({ seed: seed0, population: all.length, sample }, null, 2));
} else {
  console.log(`${all.length} findings of the recommended set in ${folder}; sample of ${sample.length} (seed ${seed0})\n`);
  sample.forEach((s, i) => {
    console.log(`#${i + 1} ${s.rule} ${s.file}:${s.line}:${s.column}\n   ${s.message}`);
    const lines = readFileSync(join(folder, s.file), 'utf8').split(/\r?\n/);
    for (let n = Math.max(1, s.line - 3); n <= Math.min(lines.length, s.line + 3); n++) console.log(`   ${n === s.line ? '>' : ' '}${String(n).padStart(5)} | ${lines[n - 1]}`);
    console.log('');
  });
}

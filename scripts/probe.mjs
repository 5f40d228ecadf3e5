#!/usr/bin/env node
/**
 * The outside probe's growing inputs (hostile-inputs.mjs), written to a temporary project at n and
 * 10n and linted by the built CLI (every rule), one child process per run. Prints, for each input,
 * the CPU time and peak memory of both runs and their ratios; exits 1 when a CPU ratio exceeds the
 * bound (linear work gives about 10, quadratic about 100). Wall time is not used: the machine may
 * be shared. Run `npm run build` first.
 *
 *   npm run probe                      # n = 2000
 *   npm run probe -- --n 10000 --only Dockerfile --bound 20
 *   npm run probe -- --write DIR --n 40000   # only write the inputs at n, for other tools
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GROWING } from './hostile-inputs.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'dist/src/cli/bin.js');

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const n = Number(opt('n', '2000'));
const bound = Number(opt('bound', '20'));
const only = opt('only', '');
const writeTo = opt('write', '');
const chosen = GROWING.filter((g) => g.name.toLowerCase().includes(only.toLowerCase()));

/** The project of an input at size `size`, in `dir`, with the file size limit lifted. */
function writeProject(g, size, dir) {
  const files = { [g.path]: g.make(size), ...(g.others?.(size) ?? {}), '.lint500.yaml': 'settings:\n  limits:\n    maxFileSize: 1000000000\n' };
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return files;
}

// The child lints and reports its own CPU time and peak resident memory on stderr's last line.
const CHILD = `
const { main } = await import(${JSON.stringify(join(ROOT, 'dist/src/cli/main.js'))});
let out = 0;
const code = await main(process.argv.slice(1), { cwd: process.cwd(), env: {}, stdout: (s) => { out += s.length; }, stderr: () => {}, readStdin: async () => '', isTTY: false });
const u = process.cpuUsage();
process.stderr.write(JSON.stringify({ code, out, cpu: (u.user + u.system) / 1e6, rss: process.resourceUsage().maxRSS * 1024 }) + '\\n');
`;

function measure(dir) {
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', CHILD, '--', '.', '-f', 'json', '--threads', '1'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
  const last = (r.stderr ?? '').trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`run failed (exit ${r.status}, signal ${r.signal}): ${(r.stderr ?? '').slice(-2000)}`);
  }
}

if (writeTo) {
  for (const g of chosen) {
    const dir = join(resolve(writeTo), g.name.replace(/[^\w]+/g, '-').replace(/^-|-$/g, ''));
    writeProject(g, n, dir);
    console.log(dir);
  }
  process.exit(0);
}

if (!existsSync(BIN)) {
  console.error('dist/ is missing: run `npm run build` first.');
  process.exit(2);
}
const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
let failed = 0;
for (const g of chosen) {
  const rows = [];
  for (const size of [n, 10 * n]) {
    const dir = mkdtempSync(join(tmpdir(), 'lint500-probe-'));
    try {
      const files = writeProject(g, size, dir);
      const bytes = Object.values(files).reduce((a, t) => a + Buffer.byteLength(t), 0);
      rows.push({ size, bytes, ...measure(dir) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const [a, b] = rows;
  const ratio = b.cpu / a.cpu;
  const ok = ratio < bound && a.code <= 1 && b.code <= 1;
  if (!ok) failed++;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${g.name}: n=${a.size} ${a.cpu.toFixed(2)} s ${mb(a.rss)}; 10n ${b.cpu.toFixed(2)} s ${mb(b.rss)} (${mb(b.bytes)} input); cpu x${ratio.toFixed(1)}, rss x${(b.rss / a.rss).toFixed(1)}; exit ${a.code}/${b.code}`,
  );
}
process.exit(failed ? 1 : 0);

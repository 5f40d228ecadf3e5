#!/usr/bin/env node
// A newcomer's first hour, in CI (.ci/run): clone this repository into an empty temporary folder (so
// no ../shared is beside it) and run the README's first two ```sh blocks there, exactly as written,
// each with bash in the clone. The first (install, build, lint the demo) must exit 1, since the demo is
// full of findings, and print the demo's findings; the second (install, whole test suite) must exit 0.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1].trim());
if (blocks.length < 2) throw new Error('README.md: expected its two commands as the first two ```sh blocks');
const [demo, tests] = blocks;

const work = realpathSync(mkdtempSync(join(tmpdir(), 'lint500-fresh-')));
// mkdtemp makes the folder private (0700); a clone is usually readable by others, and the tests
// that lint as another user (unreadable files, as root in CI) need to reach the built CLI.
chmodSync(work, 0o755);
const clone = join(work, 'lint500');
let failed = false;
const check = (ok, what) => {
  console.log(`${ok ? 'ok' : 'FAILED'}: ${what}`);
  if (!ok) failed = true;
};
try {
  // The committed state (HEAD), as a newcomer's clone gets it.
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', repo, clone], { stdio: 'inherit' });
  check(!existsSync(join(work, 'shared')) && !existsSync(join(clone, 'node_modules')), 'the clone has no ../shared beside it and no node_modules');
  // Nothing of this machine's setup that would point the tests at the large corpus.
  const env = { ...process.env };
  delete env['LINT500_CORPUS'];

  console.log(`\n$ ${demo}`);
  const first = spawnSync('bash', ['-c', demo], { cwd: clone, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  process.stdout.write(first.stdout.split('\n').slice(-12).join('\n') + '\n');
  if (first.status !== 1) process.stderr.write(first.stderr);
  check(first.status === 1, `the first command exits 1 (the demo has findings), got ${first.status}`);
  check(/^fixtures\/projects\/demo-shop\/\S+/m.test(first.stdout) && /✖ \d+ problems \(\d+ errors?, \d+ warnings?, \d+ infos?\)/.test(first.stdout), 'the first command prints the demo findings and a summary line');

  console.log(`\n$ ${tests}`);
  const second = spawnSync('bash', ['-c', tests], { cwd: clone, env, stdio: 'inherit' });
  check(second.status === 0, `the second command (the whole test suite) exits 0, got ${second.status}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

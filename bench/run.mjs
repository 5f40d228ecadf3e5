#!/usr/bin/env node
// `npm run bench`: lint500's performance targets (issue 10), each measured side by side in one run
// with interleaved repetitions, reported as medians with their spread. Needs `npm run build` first.
//
//   node bench/run.mjs [--only startup,dockerfile,peers,overhead,scale,cache,lsp] [--runs 7] [--sizes 10000,50000] [--instructions]
//
// `--instructions` adds, for start-up and the Dockerfiles, the same ratios in instructions counted by
// valgrind (load-independent; see `instructions` in bench/lib.mjs).
//
// Peers (dockerfilelint, nginx-linter, dockerfile-language-server-nodejs) are installed once into
// <tmp>/lint500-bench-peers, never into the repository. Generated trees go to <tmp>/lint500-bench.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { generate, corpusFiles } from './gen.mjs';
import { CLI, CLI_UNBUNDLED, CORES, CORPUS, LSP, ROOT, VALGRIND, WORK, compare, ensurePeers, instructions, ms, runOnce, spread } from './lib.mjs';
import { lspLatency } from './lsp.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const only = new Set((arg('--only', 'startup,peers,overhead,scale,cache,lsp') ?? '').split(','));
const RUNS = Number(arg('--runs', '7'));
const SIZES = arg('--sizes', '10000,50000').split(',').map(Number);
if (!existsSync(CLI)) {
  console.error('bench: build first (npm run build)');
  process.exit(2);
}
mkdirSync(WORK, { recursive: true });

const rows = [];
const row = (target, what, figure, goal, ok, note = '') => {
  rows.push({ target, what, figure, goal, ok, note });
  console.error(`  ${target} ${what}: ${figure} (goal ${goal}) ${ok === undefined ? '' : ok ? 'MET' : 'NOT MET'} ${note}`);
};
const detail = [];
const show = (title, results) => {
  detail.push(`\n**${title}**\n\n| command | median | spread (min–max) | peak RSS | exit |\n| --- | --- | --- | --- | --- |`);
  for (const r of results) detail.push(`| ${r.name} | ${ms(r.wall.median)} | ${spread(r.wall)} | ${r.rss === undefined ? 'n/a' : `${r.rss.toFixed(0)} MB`} | ${r.codes.join(',')} |`);
  // Exit code 2 is a failed run (for lint500: usage, config or internal error): its time means nothing.
  for (const r of results) if (r.name.startsWith('lint500') || r.name.includes('files')) if (r.codes.includes(2)) console.error(`  WARNING: a run of "${r.name}" exited with 2; its figure is not valid`);
  console.error(detail.slice(-results.length - 1).join('\n'));
};
const COUNT = process.argv.includes('--instructions');
if (COUNT && !VALGRIND) console.error('bench: --instructions needs valgrind; instruction counts are left out');
/** With `--instructions`: each command's median instruction count over three runs, in the detail. */
const counted = (title, commands) => {
  if (!COUNT || !VALGRIND) return undefined;
  const counts = commands.map((c) => [0, 1, 2].map(() => instructions(c.cmd, c.args, c)).sort((a, b) => a - b)[1]);
  detail.push(`\n**${title}, instructions** (valgrind callgrind, median of 3)\n\n| command | instructions |\n| --- | --- |`);
  commands.forEach((c, i) => detail.push(`| ${c.name} | ${counts[i] === undefined ? 'n/a' : (counts[i] / 1e6).toFixed(0) + ' M'} |`));
  return counts;
};
const node = (name, args, extra = {}) => ({ name, cmd: process.execPath, args, ...extra });
const lint500 = (name, args, extra = {}) => node(name, [CLI, ...args], extra);

// Config files: every rule at its default severity, or every rule off (parse only).
const { RULE_IDS } = await import(join(ROOT, 'dist/rules/index.js'));
const ALL = join(WORK, 'all.lint500.json');
const NONE = join(WORK, 'none.lint500.json');
writeFileSync(ALL, JSON.stringify({ extends: 'all' }));
writeFileSync(NONE, JSON.stringify({ rules: Object.fromEntries(RULE_IDS.map((id) => [id, 'off'])) }));

const { classify } = await import(join(ROOT, 'dist/src/project/classify.js'));
const corpus = corpusFiles().map((abs) => ({ abs, rel: relative(ROOT, abs), kind: classify(relative(CORPUS, abs), readFileSync(abs, 'utf8')) }));
const kindFiles = (kind, dir) => corpus.filter((f) => f.kind === kind && f.abs.startsWith(join(CORPUS, dir) + '/'));

console.error(`bench: ${CORES} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}, ${RUNS} runs per figure`);

// 1. Start-up.
if (only.has('startup')) {
  const df = join(CORPUS, 'docker/docker-library__buildpack-deps/debian/forky/scm/Dockerfile');
  const k8s = join(CORPUS, 'k8s/istio__istio/samples/grpc-echo/grpc-echo.yaml');
  const commands = [
    node('node -e 0', ['-e', '0']),
    lint500('lint500 <one Dockerfile>', [df]),
    lint500('lint500 <one k8s yaml>', [k8s]),
    node('lint500 unbundled (dist/src) <one Dockerfile>', [CLI_UNBUNDLED, df]),
    node('lint500 unbundled (dist/src) <one k8s yaml>', [CLI_UNBUNDLED, k8s]),
  ];
  const r = compare(commands, Math.max(RUNS, 15), { warmup: 2 });
  show('Start-up', r);
  const base = r[0].wall.median;
  row('1', 'start-up, one Dockerfile / node -e 0', `${(r[1].wall.median / base).toFixed(2)}×`, '≤ 2.0×', r[1].wall.median / base <= 2.0, `${ms(r[1].wall.median)} vs ${ms(base)}`);
  row('1', 'start-up, one k8s YAML / node -e 0', `${(r[2].wall.median / base).toFixed(2)}×`, '≤ 2.5×', r[2].wall.median / base <= 2.5, `${ms(r[2].wall.median)} vs ${ms(base)}`);
  row('1', 'same, unbundled dist/src (Dockerfile / k8s)', `${(r[3].wall.median / base).toFixed(2)}× / ${(r[4].wall.median / base).toFixed(2)}×`, '(comparison)', undefined, `${ms(r[3].wall.median)} / ${ms(r[4].wall.median)}`);
  const n = counted('Start-up', commands.slice(0, 3));
  if (n) row('1', 'start-up in instructions, one Dockerfile / one k8s YAML / node -e 0', `${(n[1] / n[0]).toFixed(2)}× / ${(n[2] / n[0]).toFixed(2)}×`, '(comparison)', undefined, 'load-independent; counts work, not time');
}

// 2. Peers on their own ground. Dockerfiles (`--only dockerfile`, also part of `peers`): lint500 with
// every rule on against dockerfilelint and against the floor, a script that only parses every file
// with dockerfile-ast (bench/dockerfile-floor.mjs), all three on the same files, interleaved.
if (only.has('peers') || only.has('dockerfile')) {
  const peers = ensurePeers();
  const dockerfiles = kindFiles('dockerfile', 'docker').map((f) => f.abs);
  const commands = [
    node('dockerfile-ast parse only (floor)', [join(ROOT, 'bench/dockerfile-floor.mjs'), ...dockerfiles]),
    node('dockerfilelint', [peers.dockerfilelint, ...dockerfiles]),
    lint500('lint500 (all rules)', ['-c', ALL, '-f', 'json', ...dockerfiles]),
  ];
  const r = compare(commands, RUNS);
  show(`Dockerfiles (${dockerfiles.length} files of corpus/docker)`, r);
  const [floor, dfl, ours] = r.map((x) => x.wall.median);
  const note = `${ms(ours)} vs ${ms(dfl)} (dockerfilelint) and ${ms(floor)} (floor), ${dockerfiles.length} files`;
  row('2', 'Dockerfiles: lint500 / dockerfilelint', `${(ours / dfl).toFixed(2)}×`, '≤ 1.0×', ours / dfl <= 1.0, note);
  row('2', 'Dockerfiles: lint500 / dockerfile-ast floor', `${(ours / floor).toFixed(2)}×`, '≤ 1.05×', ours / floor <= 1.05);
  row('2', 'Dockerfiles: dockerfile-ast floor / dockerfilelint', `${(floor / dfl).toFixed(2)}×`, '(comparison)', undefined);
  const n = counted('Dockerfiles', commands);
  if (n) row('2', 'Dockerfiles in instructions: lint500 / dockerfilelint, lint500 / floor', `${(n[2] / n[1]).toFixed(2)}×, ${(n[2] / n[0]).toFixed(2)}×`, '(comparison)', undefined, 'load-independent; counts work, not time');
}
if (only.has('peers')) {
  const peers = ensurePeers();

  // nginx-linter stops at the first file it cannot parse: find the files it can parse, one by one.
  const confs = kindFiles('nginx', 'nginx').map((f) => f.abs);
  const ok = confs.filter((f) => {
    const out = runOnce(process.execPath, [peers.nginxLinter, '--include', f], { keepOutput: true });
    return !/error parsing|parse error|unexpected|syntax/i.test(out.stdout + out.stderr) && out.code !== null;
  });
  const n = compare([node('nginx-linter', [peers.nginxLinter, ...ok.flatMap((f) => ['--include', f])]), lint500('lint500 (all rules)', ['-c', ALL, '-f', 'json', ...ok])], RUNS);
  show(`nginx (${ok.length} of ${confs.length} corpus nginx files that nginx-linter parses)`, n);
  const nr = n[1].wall.median / n[0].wall.median;
  row('2', 'nginx: lint500 / nginx-linter', `${nr.toFixed(2)}×`, '≤ 1.0×', nr <= 1.0, `${ms(n[1].wall.median)} vs ${ms(n[0].wall.median)}, ${ok.length} files`);
}

// 3. Rule overhead: all rules vs every rule off (same discovery, same parsers).
if (only.has('overhead')) {
  const r = compare([lint500('lint500 corpus, every rule off (parse only)', ['-c', NONE, '-f', 'json', '--threads', '1', CORPUS]), lint500('lint500 corpus, all rules', ['-c', ALL, '-f', 'json', '--threads', '1', CORPUS])], Math.max(3, Math.ceil(RUNS / 2)));
  show(`Rule overhead (${corpus.length} corpus files, one thread)`, r);
  const ratio = r[1].wall.median / r[0].wall.median;
  row('3', 'all rules / parse only (corpus)', `${ratio.toFixed(2)}×`, '≤ 1.5×', ratio <= 1.5, `${ms(r[1].wall.median)} vs ${ms(r[0].wall.median)}; ${(corpus.length / (r[1].wall.median / 1000)).toFixed(0)} files/s`);
}

// 4. Scale and 5. cache, on generated monorepos.
const scale = {};
if (only.has('scale')) {
  for (const size of SIZES) {
    const dir = generate(size, join(WORK, `mono-${size}`));
    const runs = size >= 50000 ? Math.max(2, Math.ceil(RUNS / 3)) : Math.max(3, Math.ceil(RUNS / 2));
    const r = compare([lint500(`${size} files, --threads 1`, ['-f', 'json', '--threads', '1', '.'], { cwd: dir }), lint500(`${size} files, --threads ${CORES}`, ['-f', 'json', '--threads', String(CORES), '.'], { cwd: dir })], runs, { warmup: 0 });
    show(`Monorepo of ${size} files`, r);
    scale[size] = r;
    row('4', `${size} files: files/s (1 thread / ${CORES} threads)`, `${(size / (r[0].wall.median / 1000)).toFixed(0)} / ${(size / (r[1].wall.median / 1000)).toFixed(0)}`, '', undefined, `${ms(r[0].wall.median)} / ${ms(r[1].wall.median)}`);
    const speedup = r[0].wall.median / r[1].wall.median;
    row('4', `${size} files: ${CORES} threads speed-up over 1`, `${speedup.toFixed(2)}×`, '≥ 1.6×', speedup >= 1.6);
    // Each thread count on its own row: one thread is the default below 4 cores and 30,000 files,
    // and every worker holds a heap of its own.
    if (size >= 50000)
      for (const i of [0, 1]) {
        const rss = r[i].rss ?? Infinity;
        row('4', `${size} files: peak RSS, ${r[i].name.split(', ')[1]} (worst run)`, `${rss.toFixed(0)} MB`, '≤ 600 MB', rss <= 600);
      }
  }
  const [a, b] = [Math.min(...SIZES), Math.max(...SIZES)];
  if (a !== b) {
    for (const i of [0, 1]) {
      const g = scale[b][i].wall.median / scale[a][i].wall.median;
      row('4', `time ${b / 1000}k / ${a / 1000}k (${scale[a][i].name.split(', ')[1]})`, `${g.toFixed(2)}`, `≤ ${((b / a) * 1.1).toFixed(1)}`, g <= (b / a) * 1.1);
    }
  }
}

if (only.has('cache')) {
  // Issue 21's goal: a warm run is at most 8% of the cold one, on the corpus and on the generated tree.
  const size = Math.min(...SIZES);
  const targets = [
    { label: 'corpus', dir: CORPUS, cacheFile: join(WORK, 'cache-corpus.json') },
    { label: `${size} files`, dir: generate(size, join(WORK, `mono-${size}`)), cacheFile: join(WORK, `cache-${size}.json`) },
  ];
  for (const { label, dir, cacheFile } of targets) {
    const r = compare(
      [
        lint500(`${label}, --cache, cold`, ['-f', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: dir, before: () => rmSync(cacheFile, { force: true }) }),
        lint500(`${label}, --cache, unchanged tree`, ['-f', 'json', '--cache', '--cache-location', cacheFile, '.'], { cwd: dir }),
      ],
      Math.max(3, Math.ceil(RUNS / 2)),
      { warmup: 0 },
    );
    show(`Cache (${label})`, r);
    const ratio = r[1].wall.median / r[0].wall.median;
    row('5', `second --cache run / first (${label})`, `${(ratio * 100).toFixed(1)}%`, '≤ 8%', ratio <= 0.08, `${ms(r[1].wall.median)} vs ${ms(r[0].wall.median)}`);
  }
}

// 6. Editor latency.
if (only.has('lsp')) {
  const peers = ensurePeers();
  const files = lspFiles();
  const dir = (n) => join(WORK, `lsp-${n}`);
  const opts = { initializationOptions: { debounceMs: 0 } };
  const res = [];
  for (const f of files) {
    const r = await lspLatency({ cmd: process.execPath, args: [LSP, '--stdio'], dir: dir(f.name), ...f, ...opts });
    res.push([`lint500-lsp, ${f.label}`, r]);
    row('6', `LSP didChange→diagnostics, ${f.label}`, ms(r.median), f.languageId === 'yaml' ? '≤ 25 ms' : '≤ 50 ms', r.median <= (f.languageId === 'yaml' ? 25 : 50), `p95 ${ms(r.p95)}, spread ${ms(r.min)}–${ms(r.max)}, ${r.diagnostics} diagnostics`);
    if (f.languageId === 'yaml') {
      // An edit in the middle moves every later document: they are reused, shifted, not parsed again.
      const m = await lspLatency({ cmd: process.execPath, args: [LSP, '--stdio'], dir: dir(`${f.name}-middle`), ...f, ...opts, middle: true });
      res.push([`lint500-lsp, ${f.label}, edit in the middle`, m]);
      row('6', `LSP didChange→diagnostics, ${f.label}, edit in the middle`, ms(m.median), '≤ 25 ms', m.median <= 25, `p95 ${ms(m.p95)}, spread ${ms(m.min)}–${ms(m.max)}, ${m.diagnostics} diagnostics`);
    }
  }
  const df = files.find((f) => f.languageId === 'dockerfile');
  const peer = await lspLatency({ cmd: process.execPath, args: [peers.dockerLangserver, '--stdio'], dir: dir('peer'), ...df });
  res.push([`dockerfile-language-server-nodejs, ${df.label}`, peer]);
  row('6', `dockerfile-language-server-nodejs, ${df.label}`, ms(peer.median), '(comparison)', undefined, `p95 ${ms(peer.p95)}, spread ${ms(peer.min)}–${ms(peer.max)}, ${peer.diagnostics} diagnostics`);
  detail.push('\n**Editor latency** (didChange → publishDiagnostics, lint500 with debounceMs 0)\n\n| server, file | median | p95 | spread (min–max) | changes |\n| --- | --- | --- | --- | --- |');
  for (const [n, r] of res) detail.push(`| ${n} | ${ms(r.median)} | ${ms(r.p95)} | ${ms(r.min)}–${ms(r.max)} | ${r.n} |`);
}

function lspFiles() {
  const lines = (t) => t.split('\n').length;
  // ~2,000 lines of real manifests (valid ones, as separate documents of one file).
  let k8s = '';
  for (const f of corpus.filter((x) => x.kind === 'k8s' && !x.rel.includes('gke-model-armor') && !x.rel.includes('vllm-tpu'))) {
    if (lines(k8s) >= 2000) break;
    k8s += `${k8s ? '---\n' : ''}${readFileSync(f.abs, 'utf8').trimEnd()}\n`;
  }
  // ~1,000 lines of nginx: upstreams and servers with the usual proxy settings.
  let nginx = 'worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n';
  for (let i = 0; lines(nginx) < 995; i++) {
    nginx += `  upstream app${i} { server 10.0.${i % 250}.1:8080; server 10.0.${i % 250}.2:8080; keepalive 16; }\n`;
    nginx += `  server {\n    listen 80;\n    server_name s${i}.example.com;\n    location / {\n      proxy_pass http://app${i};\n      proxy_read_timeout ${i % 3 ? 60 : 5}s;\n      proxy_set_header Host $host;\n    }\n    location /static/ { root /srv/www; try_files $uri =404; }\n  }\n`;
  }
  nginx += '}\n';
  // ~300 lines of Dockerfile: real corpus Dockerfiles one after another (a multi-stage file).
  let docker = '';
  for (const f of corpus.filter((x) => x.kind === 'dockerfile')) {
    if (lines(docker) >= 300) break;
    docker += readFileSync(f.abs, 'utf8').trimEnd() + '\n';
  }
  return [
    { name: 'deploy.yaml', label: `${lines(k8s)}-line k8s YAML`, text: k8s, languageId: 'yaml', comment: '#' },
    { name: 'nginx.conf', label: `${lines(nginx)}-line nginx.conf`, text: nginx, languageId: 'nginx', comment: '#' },
    { name: 'Dockerfile', label: `${lines(docker)}-line Dockerfile`, text: docker, languageId: 'dockerfile', comment: '#' },
  ];
}

const node20 = execFileSync(process.execPath, ['--version']).toString().trim();
const out = [
  `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${CORES} cores (${node20}), load average at the end ${loadavg().map((x) => x.toFixed(1)).join(' ')}; medians of interleaved runs.`,
  '',
  '| target | measure | figure | goal | status | notes |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows.map((r) => `| ${r.target} | ${r.what} | ${r.figure} | ${r.goal} | ${r.ok === undefined ? '' : r.ok ? 'met' : '**not met**'} | ${r.note} |`),
  ...detail,
  '',
].join('\n');
writeFileSync(join(WORK, 'latest.md'), out);
console.log(out);

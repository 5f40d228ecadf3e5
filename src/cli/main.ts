/**
 * The command line: argument parsing, output and exit codes only. Everything else is one call to
 * the runner. Exit codes: 0 clean (warnings within --max-warnings), 1 findings at or above the fail
 * level, 2 usage or config error (or a path that cannot be read or written), 3 lint500 itself failed
 * (a rule or parser crashed: `internal-error`, or an unexpected exception).
 */
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, Option } from 'commander';
import type { RuleSetting, SeverityOrOff, UnusedDirectivesLevel } from '../core/config/types.js';
import { ConfigResolver } from '../core/config/resolve.js';
import { CORE_CODES, type FileResult } from '../core/diagnostics.js';
import { ruleHeader } from '../core/rule-doc.js';
import type { AnyRule, RuleMeta, Severity } from '../core/rule.js';
import type { Formatter } from '../formatters/types.js';
import { ruleKinds } from '../core/rule.js';
import { FORMAT_NAMES as FORMATTER_NAMES, loadFormatter } from '../formatters/load.js';
import { makeBaseline } from '../project/baseline.js';
import { UsageError } from '../project/boundary.js';
import { ConfigLoadError, loadPlugins } from '../project/config-files.js';
import { guessStdinName } from '../project/classify.js';
import { didYouMean } from '../core/suggest.js';
import { packageVersion, readRuleDoc } from '../project/package-root.js';
import { resolveConfig, run, type RunOptions } from '../project/run.js';
import { loadRules } from '../../rules/index.js';

/**
 * How far V8 lets the heap grow past what survived its last full collection before it collects
 * again: by default up to four times on a machine with much memory. A run parses and drops a tree
 * per file, so a large run peaked at about three times what it kept alive (10,000 files: 575 MB
 * peak RSS for about 190 MB live); 30% keeps the peak near the live set (365 MB) for some more
 * collector work. A growth the user sets on node's command line (`node --heap-growing-percent=N
 * lint500 …`; NODE_OPTIONS may not carry this flag) is left alone.
 */
function limitHeapGrowth(): void {
  setV8Flag('heap-growing-percent', 30);
}

/**
 * Whether V8's young generation grows as the run allocates: `--semi-space-growth-factor`, which V8
 * reads each time it would grow the space (its size limits are fixed at start-up). A run starts
 * with growth off, so the young generation stays at its first size (1 MB per half on Node 20's
 * V8 11): a run that lints few files (the cache answers the rest) keeps far less memory, and each
 * page a process touches for the first time costs a page fault (about 12 µs on the benchmark's
 * virtual machine, bench/README.md). Growth is turned back on (V8's default, 2) when the run has
 * more than `LARGE_RUN_FILES` files to lint, where collecting often costs more than the pages it
 * saves. Measured on Node 20 in interleaved runs (bench/README.md):
 * - warm `--cache` runs: 10,000 files 982 → 908 ms, the corpus 334 → 295 ms, peak RSS 128 → 89 MB;
 * - whole projects of 50 to 800 files: 3–10% less time;
 * - the corpus without a cache (1,469 files), growth off: 17% more time (hence the threshold).
 * Set only on the V8 it was measured on, and not when node's own command line sets it.
 */
function youngGenerationGrowth(on: boolean): void {
  if (process.versions.v8.startsWith('11.')) setV8Flag('semi-space-growth-factor', on ? 2 : 1);
}

/** Files to lint above which a run lets V8's young generation grow (see `youngGenerationGrowth`). */
const LARGE_RUN_FILES = 500;

/** Sets a V8 flag for this run, unless node's own command line sets it. */
function setV8Flag(name: string, value: number): void {
  if (process.execArgv.some((a) => a.includes(name))) return;
  setFlagsFromString(`--${name}=${value}`);
}

/**
 * How much a function runs before V8 considers optimising it (`--interrupt-budget`, in bytes of
 * bytecode executed). A lint run is short and executes much code a few hundred times: with V8's
 * default (66 KB on Node 20's V8 11), TurboFan compiled functions that then ran only briefly, and
 * compiled some again after a deoptimisation; in a profile of the 539 corpus Dockerfiles (`perf`),
 * compilation took about a third of the process's CPU time. Four times the default, measured on
 * Node 20 in interleaved runs: the Dockerfiles 13% less wall time and 23% less CPU, the corpus 11%
 * and 18%; on the 50k-file tree no more CPU (eight times the default cost more there). Set only on
 * the V8 it was measured on (another V8 tiers differently, and rejects flags it does not know with
 * a message), and not when node's own command line sets it. See bench/README.md.
 */
function raiseTierUpBudget(): void {
  if (process.versions.v8.startsWith('11.')) setV8Flag('interrupt-budget', 4 * 67584);
}

export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => Promise<string>;
  isTTY: boolean;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Exit code when lint500 itself failed (a rule crash, a bug), as opposed to 2: the user's input or config. */
export const EXIT_INTERNAL = 3;

function collect(value: string, prev: string[] = []): string[] {
  return [...prev, value];
}

/** `--rule 'nginx/if-in-location: off'` or `'id: [warning, {"minSeconds": 2}]'`. */
export function parseRuleFlag(spec: string): [string, RuleSetting] {
  const i = spec.indexOf(':');
  if (i < 0) throw new CommanderError(2, 'lint500.rule', `--rule expects '<id>: <severity>', got '${spec}'`);
  const id = spec.slice(0, i).trim();
  const rest = spec.slice(i + 1).trim();
  if (rest.startsWith('[')) {
    try {
      return [id, JSON.parse(rest) as RuleSetting];
    } catch {
      throw new CommanderError(2, 'lint500.rule', `--rule ${id}: the setting is not valid JSON: ${rest}`);
    }
  }
  if (!['off', 'info', 'warning', 'error'].includes(rest)) throw new CommanderError(2, 'lint500.rule', `--rule ${id}: severity must be off, info, warning or error, got '${rest}'`);
  return [id, rest as SeverityOrOff];
}

function useColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env['NO_COLOR'] !== undefined && io.env['NO_COLOR'] !== '') return false;
  if (io.env['FORCE_COLOR'] !== undefined) return io.env['FORCE_COLOR'] !== '0' && io.env['FORCE_COLOR'] !== 'false';
  return io.isTTY;
}

function metaMap(rules: ReadonlyMap<string, AnyRule>): Map<string, RuleMeta> {
  return new Map([...rules].map(([id, r]) => [id, r.meta as RuleMeta]));
}

interface LintFlags {
  format: string[];
  outputFile?: string;
  maxWarnings?: string;
  quiet?: boolean;
  failOn: Severity;
  rule: string[];
  config?: string;
  printConfig?: string;
  stdin?: boolean;
  stdinFilename?: string;
  staged?: boolean;
  context?: string;
  ignoreUnknown?: boolean;
  fix?: boolean;
  fixUnsafe?: boolean;
  fixDryRun?: boolean;
  color?: boolean;
  baseline?: string;
  baselineWrite?: string;
  reportUnusedDisableDirectives?: UnusedDirectivesLevel;
  debug?: boolean;
  cache?: boolean;
  cacheLocation: string;
  cacheStrategy: 'metadata' | 'content';
  shard?: string;
  threads?: string;
  inlineConfig: boolean;
  errorOnUnmatchedPattern: boolean;
}

async function lintCommand(paths: string[], flags: LintFlags, io: Io): Promise<number> {
  const cliRules = Object.fromEntries(flags.rule.map(parseRuleFlag));
  if (flags.printConfig) {
    const loaded = resolveConfig(io.cwd, flags.config, dirname(resolve(io.cwd, flags.printConfig)));
    const rules = new Map([...(await loadRules()), ...(await loadPlugins(loaded))].map((r) => [r.meta.id, r]));
    const resolver = new ConfigResolver(loaded.config, rules, loaded.file ? dirname(loaded.file) : io.cwd, cliRules);
    const fc = resolver.forFile(resolve(io.cwd, flags.printConfig));
    const out = {
      configFile: loaded.file ?? null,
      rules: Object.fromEntries([...fc.rules].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, e]) => [id, [e.severity, e.options]])),
      settings: fc.settings,
    };
    io.stdout(JSON.stringify(out, null, 2) + '\n');
    return 0;
  }
  // `lint500 -` reads standard input, as `--stdin` does.
  const dash = paths.includes('-');
  if (dash && paths.length > 1) {
    io.stderr("lint500: '-' (standard input) cannot be combined with other paths\n");
    return 2;
  }
  const stdin = flags.stdin || dash;
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    if (!/^-?\d+$/.test(flags.maxWarnings.trim())) {
      io.stderr(`lint500: --max-warnings expects a whole number (-1: no limit), got '${flags.maxWarnings}'\n`);
      return 2;
    }
    maxWarnings = Number(flags.maxWarnings);
    if (maxWarnings < 0) maxWarnings = undefined;
  }
  const formats = (flags.format.length ? flags.format : ['stylish']).map((f, i) => {
    const colon = f.indexOf(':');
    const name = colon < 0 ? f : f.slice(0, colon);
    const file = colon < 0 ? (i === 0 ? flags.outputFile : undefined) : f.slice(colon + 1);
    return { name, file };
  });
  const formatters = new Map<string, Formatter>();
  for (const f of formats) {
    const fmt = await loadFormatter(f.name);
    if (fmt) formatters.set(f.name, fmt);
    else {
      io.stderr(`lint500: unknown format '${f.name}' (one of ${FORMATTER_NAMES.join(', ')})\n`);
      return 2;
    }
  }
  for (const out of [...formats.map((f) => f.file), flags.baselineWrite]) {
    if (!out) continue;
    const why = checkOutputPath(resolve(io.cwd, out));
    if (why) {
      io.stderr(`lint500: cannot write ${out}: ${why}\n`);
      return 2;
    }
  }
  const opts: RunOptions = {
    cwd: io.cwd,
    paths,
    configFile: flags.config,
    cliRules,
    staged: flags.staged,
    context: flags.context,
    ignoreUnknown: flags.ignoreUnknown,
    fix: flags.fixUnsafe ? 'unsafe' : flags.fix || flags.fixDryRun ? 'safe' : false,
    fixDryRun: flags.fixDryRun,
    baseline: flags.baseline,
    reportUnused: flags.reportUnusedDisableDirectives,
    debug: flags.debug,
    cacheLocation: flags.cache ? flags.cacheLocation : undefined,
    cacheStrategy: flags.cacheStrategy,
    inlineConfig: flags.inlineConfig,
  };
  if (flags.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(flags.shard);
    if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
      io.stderr(`lint500: --shard expects i/n with 1 <= i <= n, got '${flags.shard}'\n`);
      return 2;
    }
    opts.shard = { index: Number(m[1]), count: Number(m[2]) };
  }
  if (flags.threads !== undefined) {
    if (!/^[1-9]\d*$/.test(flags.threads)) {
      io.stderr(`lint500: --threads expects a whole number of at least 1, got '${flags.threads}'\n`);
      return 2;
    }
    opts.threads = Number(flags.threads);
  }
  if (stdin) {
    const text = await io.readStdin();
    const filename = flags.stdinFilename ?? guessStdinName(text);
    if (!filename) {
      io.stderr('lint500: cannot tell from its content what kind of file standard input is: name it with --stdin-filename (e.g. Dockerfile, deploy.yaml, nginx.conf)\n');
      return 2;
    }
    opts.stdin = { text, filename };
  }
  limitHeapGrowth();
  raiseTierUpBudget();
  youngGenerationGrowth(false);
  opts.onFilesToLint = (count) => {
    if (count > LARGE_RUN_FILES) youngGenerationGrowth(true);
  };
  const outcome = await run(opts);
  const results: FileResult[] = outcome.results;
  for (const p of outcome.problems) io.stderr(`lint500: ${p.path}: ${p.message}\n`);
  if (flags.baselineWrite) {
    const file = resolve(io.cwd, flags.baselineWrite);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(makeBaseline(results), null, 2) + '\n');
    io.stderr(`lint500: wrote baseline with ${results.reduce((n, r) => n + r.messages.length, 0)} finding(s) to ${flags.baselineWrite}\n`);
  }
  // Nothing matched: a mistyped path or glob, or a folder of files lint500 does not read.
  // (A shard of a CI matrix may hold none of the files: that is no mistake.)
  const nothingMatched = !outcome.results.length && !outcome.problems.length && !stdin && !flags.staged && !flags.ignoreUnknown && !flags.shard;
  if (nothingMatched && flags.errorOnUnmatchedPattern) {
    io.stderr(`lint500: no file to lint in ${paths.join(' ')} (lint500 reads nginx, Dockerfile, Kubernetes, Tomcat, Spring, JS/TS, Python and Java files); --no-error-on-unmatched-pattern allows an empty run\n`);
    return 2;
  }
  // In place: a result reads its text on first use (for code frames and fixes), which a copy loses.
  if (flags.quiet) for (const r of results) r.messages = r.messages.filter((m) => m.severity === 'error');
  const ctx = { cwd: io.cwd, rules: metaMap(outcome.rules), version: packageVersion(), color: false, ruleDocs: readRuleDoc };
  for (const f of formats) {
    const fmt = formatters.get(f.name)!;
    const fctx = { ...ctx, color: f.file ? false : useColor(flags.color, io) };
    if (f.file) {
      const file = resolve(io.cwd, f.file);
      mkdirSync(dirname(file), { recursive: true });
      if (fmt.chunks) {
        const fd = openSync(file, 'w');
        try {
          writeInPieces(fmt.chunks(results, fctx), (s) => {
            const bytes = Buffer.from(s);
            for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
          });
        } finally {
          closeSync(fd);
        }
      } else writeFileSync(file, fmt(results, fctx));
    } else if (fmt.chunks) {
      let last = '';
      writeInPieces(fmt.chunks(results, fctx), (s) => {
        io.stdout(s);
        last = s;
      });
      if (last && !last.endsWith('\n')) io.stdout('\n');
    } else {
      const text = fmt(results, fctx);
      if (text) io.stdout(text.endsWith('\n') ? text : text + '\n');
    }
  }
  if (flags.fixDryRun === undefined && outcome.written.length) io.stderr(`lint500: fixed ${outcome.written.length} file(s)\n`);

  const all = results.flatMap((r) => r.messages);
  if (all.some((m) => m.ruleId === 'internal-error')) return EXIT_INTERNAL;
  if (outcome.problems.some((p) => p.level === 'error')) return 2;
  // Recording a baseline is the point of the run: its findings do not fail it.
  if (flags.baselineWrite) return 0;
  const failRank = SEVERITY_RANK[flags.failOn];
  if (all.some((m) => SEVERITY_RANK[m.severity] >= failRank)) return 1;
  if (maxWarnings !== undefined) {
    const warnings = all.filter((m) => m.severity === 'warning').length;
    if (warnings > maxWarnings) {
      io.stderr(`lint500: ${warnings} warning(s), more than --max-warnings ${flags.maxWarnings}\n`);
      return 1;
    }
  }
  return 0;
}

async function rulesCommand(flags: { format: string }, io: Io): Promise<number> {
  const rules = (await loadRules()).map((r) => r.meta as RuleMeta).sort((a, b) => (a.id < b.id ? -1 : 1));
  if (flags.format === 'json') {
    io.stdout(JSON.stringify(rules.map((m) => ({ id: m.id, kind: ruleKinds(m), severity: m.severity, recommended: m.recommended, status: m.status, fixable: m.fix ?? null, description: m.description, causes: m.causes })), null, 2) + '\n');
    return 0;
  }
  if (flags.format === 'markdown') {
    const lines = ['| rule | reads | severity | recommended | fix | description |', '| --- | --- | --- | --- | --- | --- |'];
    for (const m of rules) lines.push(`| [\`${m.id}\`](rules/${m.id}.md) | ${ruleKinds(m).join(', ')} | ${m.severity} | ${m.recommended ? 'yes' : ''} | ${m.fix ?? ''} | ${m.description} |`);
    io.stdout(lines.join('\n') + '\n');
    return 0;
  }
  const idW = Math.max(4, ...rules.map((m) => m.id.length));
  io.stdout(`${'RULE'.padEnd(idW)}  ${'READS'.padEnd(16)}  ${'SEVERITY'.padEnd(8)}  REC  FIX\n`);
  for (const m of rules) io.stdout(`${m.id.padEnd(idW)}  ${ruleKinds(m).join(',').padEnd(16)}  ${m.severity.padEnd(8)}  ${m.recommended ? 'yes' : '   '}  ${m.fix ?? ''}\n`);
  io.stdout(`${rules.length} rules\n`);
  return 0;
}

async function explainCommand(id: string, io: Io): Promise<number> {
  if (Object.hasOwn(CORE_CODES, id)) {
    io.stdout(`# ${id}\n\n${CORE_CODES[id as keyof typeof CORE_CODES].description}\n`);
    return 0;
  }
  const rules = await loadRules();
  // A full id, or the name after the domain when only one domain has it (`explain user-root`).
  const byName = rules.filter((r) => r.meta.id.slice(r.meta.id.indexOf('/') + 1) === id);
  const rule = rules.find((r) => r.meta.id === id) ?? (byName.length === 1 ? byName[0] : undefined);
  if (!rule) {
    if (byName.length > 1) io.stderr(`lint500: '${id}' names ${byName.length} rules: ${byName.map((r) => r.meta.id).join(', ')}\n`);
    else io.stderr(`lint500: no rule '${id}'${didYouMean(id, rules.map((r) => r.meta.id))} (see \`lint500 rules\`)\n`);
    return 2;
  }
  id = rule.meta.id;
  const doc = readRuleDoc(id) ?? '';
  io.stdout(`${ruleHeader(rule.meta as RuleMeta)}\n\n${doc}`.trimEnd() + '\n');
  return 0;
}

/**
 * The file `lint500 init` writes. Every example is a commented-out line of valid configuration:
 * uncommented (one block or all of them) the file stays valid (a test checks both, with the CLI and
 * the shipped schema).
 */
export const STARTER = `# lint500 configuration: https://github.com/lint500/lint500#configuration
# yaml-language-server: $schema=./node_modules/lint500/schema/lint500.schema.json
extends: recommended            # recommended | strict (every stable rule) | all (also preview rules)
# rules:
#   nginx/proxy-timeout-too-low: [warning, { minSeconds: 10 }]
#   k8s/replicas-single: off
# overrides:
#   - files: ["deploy/dev/**"]
#     rules: { k8s/resources-missing: info }
# ignorePatterns: ["vendor/**"]
# reportUnusedDisableDirectives: warn
`;

function initCommand(flags: { force?: boolean }, io: Io): number {
  const file = resolve(io.cwd, '.lint500.yaml');
  if (existsSync(file) && !flags.force) {
    io.stderr('lint500: .lint500.yaml already exists (use --force to overwrite)\n');
    return 2;
  }
  writeFileSync(file, STARTER);
  io.stdout('Wrote .lint500.yaml\n');
  return 0;
}

export async function main(argv: string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command('lint500')
    .description('Find the settings that turn into HTTP 5xx: nginx, Dockerfiles, Kubernetes, Tomcat, Spring and app handlers.')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    // Subcommands own their options: `lint500 rules --format json` is the rules command's --format.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .argument('[paths...]', 'files, folders or globs to lint', ['.'])
    .option('-f, --format <name[:file]>', `output format (${FORMATTER_NAMES.join('|')}); repeat for several outputs, e.g. -f stylish -f sarif:out.sarif`, collect, [])
    .option('-o, --output-file <file>', 'write the (first) format to this file instead of stdout')
    .option('--max-warnings <n>', 'exit 1 when there are more warnings than this (-1: no limit)')
    .option('--quiet', 'report errors only')
    .addOption(new Option('--fail-on <level>', 'lowest severity that makes the exit code 1').choices(['error', 'warning', 'info']).default('error'))
    .option('--rule <spec>', "set a rule: 'id: severity' or 'id: [severity, {options}]' (repeatable)", collect, [])
    .option('-c, --config <file>', 'use this config file instead of searching for .lint500.yaml')
    .option('--print-config <file>', 'print the configuration that applies to a file, and exit')
    .option('--stdin', "lint text from standard input (also: '-' as the path)")
    .option('--stdin-filename <name>', 'name of the stdin text (decides its kind; default: guessed from the content)')
    .option('--staged', 'lint the staged content of staged files (git index)')
    .option('--context <dir>', 'read every lintable file under <dir> for cross-file rules, but report only in the given paths')
    .option('--ignore-unknown', 'skip named files of no known kind instead of failing, also when none is left (for hooks that pass every changed file)')
    .option('--no-error-on-unmatched-pattern', 'exit 0 when the paths hold no file to lint (default: exit 2)')
    .option('--no-inline-config', 'ignore lint500-disable comments and suppression annotations')
    .option('--fix', 'apply safe fixes')
    .option('--fix-unsafe', 'apply safe and unsafe fixes')
    .option('--fix-dry-run', 'compute fixes (shown in json output) without writing files')
    .option('--color', 'force colours')
    .option('--no-color', 'disable colours')
    .option('--baseline <file>', 'hide findings recorded in this baseline file')
    .option('--baseline-write <file>', 'record the current findings as a baseline')
    .addOption(new Option('--report-unused-disable-directives <level>', 'report lint500-disable comments that suppress nothing').choices(['off', 'warn', 'error']))
    .option('--cache', 'reuse results of unchanged files (stored in --cache-location)')
    .option('--cache-location <file>', 'where the cache lives', '.lint500-cache')
    .addOption(
      new Option('--cache-strategy <strategy>', 'how a cached run tells a file is unchanged: metadata (same size and modification time: not read) or content (read and hashed)')
        .choices(['metadata', 'content'])
        .default('metadata'),
    )
    .option('--shard <i/n>', 'lint only the i-th of n deterministic parts of the files (CI matrices); cross-file rules run in part 1')
    .option('--threads <n>', 'worker threads (default: the cores, with 4 or more cores and 30,000 files; else 1)')
    .option('--debug', 'include short stacks in internal errors')
    .action(async (paths: string[], flags: LintFlags) => {
      code = await lintCommand(paths, flags, io);
    });
  program
    .command('rules')
    .description('list the rules')
    .addOption(new Option('--format <format>', 'table, json or markdown').choices(['table', 'json', 'markdown']).default('table'))
    .action(async (flags: { format: string }) => {
      code = await rulesCommand(flags, io);
    });
  program
    .command('explain <id>')
    .description("print a rule's documentation")
    .action(async (id: string) => {
      code = await explainCommand(id, io);
    });
  program
    .command('init')
    .description('write a starter .lint500.yaml')
    .option('--force', 'overwrite an existing file')
    .action((flags: { force?: boolean }) => {
      code = initCommand(flags, io);
    });
  program
    .command('lsp')
    .description('start the language server (for editors)')
    .option('--stdio', 'talk over stdin/stdout (the default)')
    .action(async () => {
      const { startServer } = await import('../lsp/server.js');
      startServer();
      code = -1;
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      if (e.code === 'lint500.rule') io.stderr(`lint500: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigLoadError) {
      for (const err of e.errors) io.stderr(`${err.file}:${err.line}:${err.column}: ${err.message}\n`);
      return 2;
    }
    io.stderr(`lint500: ${(e as Error).message}\n`);
    if (io.env['LINT500_DEBUG']) io.stderr(`${(e as Error).stack}\n`);
    // A file system error (a path that cannot be read or written) or a usage error is the user's; anything else is lint500's.
    return (e as NodeJS.ErrnoException).code !== undefined || e instanceof UsageError ? 2 : EXIT_INTERNAL;
  }
  return code;
}

/** Largest text read from stdin (`settings.limits.maxFileSize`'s default): reading stops past it. */
export const STDIN_MAX_SIZE = 5 * 1024 * 1024;

export function readAllStdin(limit = STDIN_MAX_SIZE): Promise<string> {
  return new Promise((res, rej) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        process.stdin.off('data', onData);
        process.stdin.pause();
        process.stdin.destroy();
        rej(new UsageError(`standard input is over the ${limit}-byte limit: not linted`));
        return;
      }
      chunks.push(c);
    };
    process.stdin.on('data', onData);
    process.stdin.on('end', () => res(new TextDecoder().decode(Buffer.concat(chunks))));
    process.stdin.on('error', rej);
  });
}

/** How many characters `writeInPieces` gathers before it writes. */
const WRITE_SIZE = 1 << 16;

/**
 * Writes a document given in pieces (`Formatter.chunks`) in writes of about 64 KB: the whole
 * document of a large run is never one string in memory. Empty pieces are not written.
 *
 * 64 KB, not more: a joined string under V8's large-object size (128 KB) is an ordinary young
 * object, and its bytes for the write a buffer that the allocator hands out again. Writes of 1 MB
 * took fresh memory for each string and each buffer: 2,300 more page faults on a 10,000-file run
 * (7.9 MB of JSON), for 120 more writes.
 */
export function writeInPieces(pieces: Iterable<string>, write: (s: string) => void): void {
  let buffer: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (!piece) continue;
    buffer.push(piece);
    size += piece.length;
    if (size >= WRITE_SIZE) {
      write(buffer.join(''));
      buffer = [];
      size = 0;
    }
  }
  if (size) write(buffer.join(''));
}

/**
 * Checks an output path before any work: its folder must be creatable and writable, and the path a
 * regular file or absent (never a FIFO, which would block, or a folder). A clear message, at once.
 */
export function checkOutputPath(file: string): string | undefined {
  try {
    const st = statSync(file);
    if (!st.isFile()) return 'not a regular file';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return (e as NodeJS.ErrnoException).code ?? String(e);
  }
  try {
    // Folder by folder, not `recursive: true`, which spins on paths under /proc.
    const missing: string[] = [];
    let dir = dirname(file);
    while (!existsSync(dir) && dirname(dir) !== dir) {
      missing.unshift(dir);
      dir = dirname(dir);
    }
    for (const d of missing) mkdirSync(d);
    accessSync(dirname(file), constants.W_OK);
  } catch (e) {
    return `its folder cannot be written (${(e as NodeJS.ErrnoException).code ?? e})`;
  }
  return undefined;
}


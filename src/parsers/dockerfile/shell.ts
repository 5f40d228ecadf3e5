/**
 * The shell inside `RUN`, `CMD` and `ENTRYPOINT`: split once into simple commands on `&&`, `||`,
 * `;`, `|`, `&` and newlines, with quotes, `$(…)`, backticks and here-documents respected, and
 * each command's package manager or build tool recognised. This is not a full shell parser: it
 * finds the commands rules ask about (`apt-get install`, `pip install`, `npm ci`, …) and their
 * words with exact spans; control structures are flattened into the commands they contain.
 *
 * The scanner is a single forward pass with explicit nesting counters (no recursion, no
 * backtracking regexes), so it is linear in the text whatever the input.
 */
import type { Span } from '../../core/text.js';

export interface ShellWord {
  /** The word with quotes removed and backslash escapes resolved; `$(…)` and `$VAR` kept as text. */
  value: string;
  /** The word as written. */
  raw: string;
  span: Span;
}

export interface Redirect {
  op: string;
  target?: ShellWord;
}

export interface ToolOption {
  /** With its dashes: `--no-cache-dir`, `-y`. */
  name: string;
  value?: string;
  word: ShellWord;
  valueWord?: ShellWord;
}

export type Manager =
  | 'apt'
  | 'apk'
  | 'yum'
  | 'zypper'
  | 'pip'
  | 'uv'
  | 'poetry'
  | 'pipenv'
  | 'npm'
  | 'yarn'
  | 'pnpm'
  | 'gem'
  | 'bundle'
  | 'go'
  | 'maven'
  | 'gradle'
  | 'cargo'
  | 'dotnet';

/** A package manager or build tool call. */
export interface ToolUse {
  manager: Manager;
  /** The program as invoked (`apt-get`, `dnf`, `pip3`, `./mvnw`). */
  program: string;
  /** Sub-command words, lower-case and joined (`install`, `cache clean`, `global add`, `pip install`); '' when none. */
  action: string;
  /** From the program word to the last action word (`apt-get install`, `python -m pip install`). */
  headSpan: Span;
  /** The last word of the head, after which flags can be inserted. */
  headEnd: number;
  options: ToolOption[];
  /** Operands after the action: packages, requirement specs, goals. */
  operands: ShellWord[];
}

export interface ShellCommand {
  /** Every word of the command, in order. */
  words: ShellWord[];
  /** Leading `NAME=value` words (and those given to `env`). */
  assignments: ShellWord[];
  /** From the program on, after wrappers such as `sudo`, `env`, `exec` and shell keywords. */
  argv: ShellWord[];
  /** Base name of the program (`/usr/bin/apt-get` → `apt-get`); '' for assignment-only commands. */
  name: string;
  /** Whether the command is run through `exec` (replacing the shell). */
  exec: boolean;
  span: Span;
  /** The operator after this command: `&&`, `||`, `;`, `|`, `&`, newline, or '' at the end. */
  next: string;
  redirects: Redirect[];
  tool?: ToolUse;
}

export interface ShellScript {
  commands: ShellCommand[];
}

/**
 * Text to scan and where it comes from in the file: runs of characters copied side by side (an
 * instruction's text with its line continuations removed is a few runs), not one offset per character.
 */
export interface MappedText {
  text: string;
  /** Index in `text` where each run starts, ascending. */
  runs: number[];
  /** File offset of each run's first character. */
  starts: number[];
  /** The file offset `text.length` maps to. */
  end: number;
  /** Every character maps to `starts[0]`: a decoded string whose characters have no exact place. */
  flat?: boolean;
}

/** The text of the file from `start` on, as it is. */
export function mapped(text: string, start: number): MappedText {
  return { text, runs: [0], starts: [start], end: start + text.length };
}

/** A decoded string: every character maps to `start`, its end to `end`. */
export function flatMapped(text: string, start: number, end: number): MappedText {
  return { text, runs: [0], starts: [start], end, flat: true };
}

/** The file offset of `text[i]` (`end` from `text.length` on). */
export function offsetAt(m: MappedText, i: number): number {
  if (i >= m.text.length) return m.end;
  if (m.flat || i <= 0) return m.starts[0]!;
  const r = m.runs;
  let lo = 0;
  let hi = r.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (r[mid]! <= i) lo = mid;
    else hi = mid - 1;
  }
  return m.starts[lo]! + (i - r[lo]!);
}

const OPERATOR_CHARS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
/** Characters after which `readWord` looks again: blanks, operators, quotes, escapes and expansions. */
const WORD_BREAK = new Set([...OPERATOR_CHARS, ' ', '\t', '\r', '\\', "'", '"', '$', '`']);
/** `WORD_BREAK` as a table by character code (ASCII; every other character is plain). */
const BREAKS = new Uint8Array(128);
for (const c of WORD_BREAK) BREAKS[c.charCodeAt(0)] = 1;
const isBreak = (s: string, i: number) => {
  const code = s.charCodeAt(i);
  return code < 128 && BREAKS[code] === 1;
};
/** The first characters of every operator (`readOperator`), digits aside. */
const OPERATOR_START = /[;&|()<>]/;
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'time']);
const WRAPPERS = new Set(['sudo', 'env', 'exec', 'command', 'nohup', 'eatmydata', 'nice', 'xargs', 'gosu', 'su-exec', 'tini', 'dumb-init', 'chpst']);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/;

interface RawToken {
  kind: 'word' | 'op';
  value: string;
  raw: string;
  start: number;
  end: number;
}

/**
 * Parses shell text. `dialect` 'posix' treats `\` as an escape; 'other' (PowerShell, cmd) keeps it
 * literal and only splits on the operators.
 */
export function parseShell(src: MappedText, dialect: 'posix' | 'other' = 'posix'): ShellScript {
  const tokens = tokenize(src.text, dialect);
  const commands: ShellCommand[] = [];
  let words: RawToken[] = [];
  let redirects: { op: string; target?: RawToken }[] = [];
  // Tokens come in file order, so the run a position falls in is found by walking on from the last one.
  const { runs, starts } = src;
  const len = src.text.length;
  let run = 0;
  const at = (i: number): number => {
    if (i >= len) return src.end;
    if (src.flat || i <= 0) return starts[0]!;
    if (runs[run]! > i) run = 0;
    while (run + 1 < runs.length && runs[run + 1]! <= i) run++;
    return starts[run]! + (i - runs[run]!);
  };
  const toWord = (t: RawToken): ShellWord => ({ value: t.value, raw: t.raw, span: { start: at(t.start), end: t.end > t.start ? at(t.end - 1) + 1 : at(t.start) } });
  const flush = (next: string) => {
    if (words.length) commands.push(buildCommand(words.map(toWord), redirects.map((r) => ({ op: r.op, target: r.target ? toWord(r.target) : undefined })), next));
    else if (commands.length && next && next !== '\n') commands[commands.length - 1]!.next ||= next;
    words = [];
    redirects = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === 'word') {
      words.push(t);
      continue;
    }
    if (/^[0-9]*(>>|>&|>\||<>|<<<|<<-|<<|<&|&>>|&>|>|<)$/.test(t.value)) {
      const target = tokens[i + 1]?.kind === 'word' ? tokens[++i] : undefined;
      redirects.push({ op: t.value, target });
      continue;
    }
    flush(t.value === '(' || t.value === ')' ? ';' : t.value);
  }
  flush('');
  return { commands };
}

function buildCommand(words: ShellWord[], redirects: Redirect[], next: string): ShellCommand {
  let i = 0;
  let exec = false;
  const assignments: ShellWord[] = [];
  // Leading shell keywords, assignments and wrappers are not the program.
  for (let guard = 0; guard < 64 && i < words.length; guard++) {
    const w = words[i]!;
    if (RESERVED.has(w.raw)) {
      i++;
      continue;
    }
    if (ASSIGNMENT.test(w.raw)) {
      assignments.push(w);
      i++;
      continue;
    }
    const base = basename(w.value);
    if (WRAPPERS.has(base) && i + 1 < words.length) {
      if (base === 'exec') exec = true;
      i++;
      if (base === 'gosu' || base === 'su-exec') {
        i++; // the user
        continue;
      }
      // Wrapper options (`sudo -E`, `env -i`, `nice -n 10`, `tini --`).
      while (i < words.length && words[i]!.raw.startsWith('-')) {
        const opt = words[i]!.raw;
        i++;
        if (opt === '--') break;
        if ((base === 'nice' && opt === '-n') || (base === 'sudo' && (opt === '-u' || opt === '-g')) || (base === 'env' && opt === '-u')) i++;
      }
      continue;
    }
    break;
  }
  const argv = words.slice(i);
  const first = words[0]!;
  const last = words[words.length - 1]!;
  const cmd: ShellCommand = {
    words,
    assignments,
    argv,
    name: argv[0] ? basename(argv[0].value) : '',
    exec,
    span: { start: first.span.start, end: last.span.end },
    next,
    redirects,
  };
  const tool = recognizeTool(cmd);
  if (tool) cmd.tool = tool;
  return cmd;
}

export function basename(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

// ---------------------------------------------------------------------------------------------
// Tokenizer

function tokenize(s: string, dialect: 'posix' | 'other'): RawToken[] {
  const out: RawToken[] = [];
  const posix = dialect === 'posix';
  const pendingHeredocs: { delim: string; strip: boolean }[] = [];
  let i = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (posix && c === '\\' && (s[i + 1] === '\n' || (s[i + 1] === '\r' && s[i + 2] === '\n'))) {
      i += s[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '#') {
      while (i < n && s[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      out.push({ kind: 'op', value: '\n', raw: '\n', start: i, end: i + 1 });
      i++;
      if (pendingHeredocs.length) i = skipHeredocBodies(s, i, pendingHeredocs.splice(0));
      continue;
    }
    // Operators, with an optional file-descriptor number before redirections.
    const op = readOperator(s, i);
    if (op) {
      out.push({ kind: 'op', value: op, raw: op, start: i, end: i + op.length });
      i += op.length;
      if (op.endsWith('<<') || op.endsWith('<<-')) {
        // The delimiter word follows; remember it so the body is skipped at the next newline.
        while (i < n && (s[i] === ' ' || s[i] === '\t')) i++;
        const w = readWord(s, i, posix);
        if (w.end > i) {
          pendingHeredocs.push({ delim: w.value, strip: op.endsWith('-') });
          out.push({ kind: 'word', value: w.value, raw: s.slice(i, w.end), start: i, end: w.end });
          i = w.end;
        }
      }
      continue;
    }
    const w = readWord(s, i, posix);
    if (w.end === i) {
      i++;
      continue;
    }
    out.push({ kind: 'word', value: w.value, raw: s.slice(i, w.end), start: i, end: w.end });
    i = w.end;
  }
  return out;
}

function readOperator(s: string, i: number): string | undefined {
  const c = s[i]!;
  // Most tokens are words: only a digit or an operator character can start an operator.
  if ((c < '0' || c > '9') && !OPERATOR_START.test(c)) return undefined;
  let j = i;
  while (j < s.length && s[j]! >= '0' && s[j]! <= '9') j++;
  const digits = j > i;
  const rest = s.slice(j, j + 3);
  if (digits) {
    // `2>&1`, `1>/dev/null`: only a redirection makes the digits part of an operator.
    for (const op of ['>>', '>&', '>|', '<>', '<<-', '<<', '<&', '>', '<']) if (rest.startsWith(op)) return s.slice(i, j) + op;
    return undefined;
  }
  for (const op of ['&>>', '<<<', '<<-', '&&', '||', ';;', '|&', '>>', '>&', '>|', '<>', '<<', '<&', '&>', ';', '&', '|', '(', ')', '<', '>']) {
    if (rest.startsWith(op)) return op;
  }
  return undefined;
}

/** Reads one word from `i`: quotes, escapes, `$(…)`, `${…}` and backticks stay inside it. */
function readWord(s: string, i: number, posix: boolean): { value: string; end: number } {
  let value = '';
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === ' ' || c === '\t' || c === '\r' || OPERATOR_CHARS.has(c)) break;
    if (posix && c === '\\') {
      if (s[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (i + 1 < n) value += s[i + 1];
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = s.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      value += s.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && s[i] !== '"') {
        if (posix && s[i] === '\\' && i + 1 < n) {
          const d = s[i + 1]!;
          if (d === '\n') {
            i += 2;
            continue;
          }
          value += '"\\$`'.includes(d) ? d : `\\${d}`;
          i += 2;
          continue;
        }
        if (s[i] === '$' && s[i + 1] === '(') {
          const end = skipBalanced(s, i + 1, '(', ')');
          value += s.slice(i, end);
          i = end;
          continue;
        }
        value += s[i];
        i++;
      }
      i++;
      continue;
    }
    if (c === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      const open = s[i + 1]!;
      const end = skipBalanced(s, i + 1, open, open === '(' ? ')' : '}');
      value += s.slice(i, end);
      i = end;
      continue;
    }
    if (c === '`') {
      const close = s.indexOf('`', i + 1);
      const end = close < 0 ? n : close + 1;
      value += s.slice(i, end);
      i = end;
      continue;
    }
    // A run of plain characters is copied in one slice.
    let j = i + 1;
    while (j < n && !isBreak(s, j)) j++;
    value += s.slice(i, j);
    i = j;
  }
  return { value, end: Math.min(i, n) };
}

/** From an opening bracket at `i`, the offset after its matching close (quotes respected). */
function skipBalanced(s: string, i: number, open: string, close: string): number {
  let depth = 0;
  const n = s.length;
  while (i < n) {
    const c = s[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === "'") {
      const q = s.indexOf("'", i + 1);
      i = q < 0 ? n : q + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && s[i] !== '"') i += s[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === open) depth++;
    else if (c === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return n;
}

function skipHeredocBodies(s: string, i: number, docs: { delim: string; strip: boolean }[]): number {
  for (const d of docs) {
    while (i < s.length) {
      const nl = s.indexOf('\n', i);
      const lineEnd = nl < 0 ? s.length : nl;
      let line = s.slice(i, lineEnd).replace(/\r$/, '');
      if (d.strip) line = line.replace(/^\t+/, '');
      i = nl < 0 ? s.length : nl + 1;
      if (line === d.delim) break;
    }
  }
  return i;
}

// ---------------------------------------------------------------------------------------------
// Package managers and build tools

interface ManagerSpec {
  manager: Manager;
  /** Options that take the next word as their value (when not written `--opt=value`). */
  valued: ReadonlySet<string>;
  /** Sub-commands that take a second action word (`npm cache clean`, `yarn global add`). */
  twoLevel?: ReadonlySet<string>;
  /** Whether the tool has a sub-command at all (mvn goals and gradle tasks are operands). */
  subcommand: boolean;
  /** Sub-command spelled as an alias → canonical name. */
  aliases?: Record<string, string>;
}

const set = (...xs: string[]) => new Set(xs);

const APT: ManagerSpec = { manager: 'apt', subcommand: true, valued: set('-o', '--option', '-t', '--target-release', '-c', '--config-file', '-a', '--host-architecture') };
const APK: ManagerSpec = { manager: 'apk', subcommand: true, valued: set('-t', '--virtual', '-X', '--repository', '--repositories-file', '-p', '--root', '--arch', '--cache-dir', '--keys-dir') };
const YUM: ManagerSpec = {
  manager: 'yum',
  subcommand: true,
  twoLevel: set('group', 'module'),
  valued: set('--setopt', '--enablerepo', '--disablerepo', '-x', '--exclude', '--releasever', '--installroot', '--nodocs-x', '-c', '--config', '--repo', '--repofrompath'),
  // dnf's and yum's sub-command aliases (dnf(8) "Commands", dnf5(8)); yum's `update` is `upgrade`.
  aliases: {
    in: 'install', rei: 'reinstall', rm: 'remove', erase: 'remove', up: 'upgrade', update: 'upgrade',
    'upgrade-minimal': 'upgrade-minimal', 'update-minimal': 'upgrade-minimal', 'up-min': 'upgrade-minimal',
    dsync: 'distro-sync', distrosync: 'distro-sync', 'distribution-synchronization': 'distro-sync',
    mc: 'makecache', 'install-n': 'install', 'install-na': 'install', 'install-nevra': 'install',
    localinstall: 'install', localupdate: 'upgrade', groupupdate: 'group upgrade', groupinstall: 'group install',
  },
};
const ZYPPER: ManagerSpec = { manager: 'zypper', subcommand: true, valued: set('-r', '--repo', '--root', '-R'), aliases: { in: 'install', rm: 'remove', ref: 'refresh', cc: 'clean', up: 'update', dup: 'dist-upgrade' } };
const PIP: ManagerSpec = {
  manager: 'pip',
  subcommand: true,
  twoLevel: set('cache'),
  valued: set(
    '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
    '-t', '--target', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--only-binary', '--no-binary',
    '--upgrade-strategy', '--src', '--cache-dir', '--progress-bar', '--log', '--timeout', '--retries', '--implementation', '--abi', '--report', '--config-settings', '-C',
  ),
};
const UV: ManagerSpec = { manager: 'uv', subcommand: true, twoLevel: set('pip', 'tool', 'cache'), valued: set('-r', '--requirement', '-c', '--constraint', '--python', '-p', '--index-url', '--extra-index-url', '--target', '--prefix', '--cache-dir', '--extra', '--group', '--only-group', '--no-group', '--project', '--directory') };
const POETRY: ManagerSpec = { manager: 'poetry', subcommand: true, valued: set('--only', '--with', '--without', '-E', '--extras', '--directory', '-C', '--format', '-f', '--output', '-o') };
const PIPENV: ManagerSpec = { manager: 'pipenv', subcommand: true, valued: set('--python', '-r', '--requirements') };
const NPM: ManagerSpec = {
  manager: 'npm',
  subcommand: true,
  twoLevel: set('cache'),
  valued: set('--prefix', '--registry', '--cache', '--userconfig', '-w', '--workspace', '--loglevel', '--tag', '--omit', '--include', '--only'),
  aliases: { i: 'install', in: 'install', ins: 'install', inst: 'install', insta: 'install', instal: 'install', isnt: 'install', isnta: 'install', isntal: 'install', isntall: 'install', add: 'install', 'clean-install': 'ci', 'install-clean': 'ci', ic: 'ci', 'run-script': 'run', rum: 'run', urn: 'run', un: 'uninstall', rm: 'uninstall', r: 'uninstall', remove: 'uninstall', unlink: 'uninstall' },
};
const YARN: ManagerSpec = { manager: 'yarn', subcommand: true, twoLevel: set('global', 'cache', 'workspaces'), valued: set('--cwd', '--modules-folder', '--cache-folder', '--registry', '--network-timeout', '--mutex') };
const PNPM: ManagerSpec = { manager: 'pnpm', subcommand: true, twoLevel: set('store'), valued: set('-C', '--dir', '--filter', '-F', '--store-dir', '--registry'), aliases: { i: 'install', add: 'add' } };
const GEM: ManagerSpec = { manager: 'gem', subcommand: true, valued: set('-v', '--version', '-i', '--install-dir', '-n', '--bindir', '--source', '-s') };
const BUNDLE: ManagerSpec = { manager: 'bundle', subcommand: true, twoLevel: set('config'), valued: set('--without', '--with', '--path', '--gemfile', '-j', '--jobs', '--retry', '--deployment-x') };
const GO: ManagerSpec = { manager: 'go', subcommand: true, twoLevel: set('mod'), valued: set('-o', '-ldflags', '-tags', '-gcflags', '-mod', '-C', '-p', '-trimpath-x') };
const MAVEN: ManagerSpec = { manager: 'maven', subcommand: false, valued: set('-f', '--file', '-s', '--settings', '-P', '--activate-profiles', '-pl', '--projects', '-T', '--threads', '-gs', '--global-settings', '-rf', '--resume-from', '-l', '--log-file') };
const GRADLE: ManagerSpec = { manager: 'gradle', subcommand: false, valued: set('-x', '--exclude-task', '-p', '--project-dir', '-b', '--build-file', '-g', '--gradle-user-home', '-I', '--init-script', '-c', '--settings-file') };
const CARGO: ManagerSpec = { manager: 'cargo', subcommand: true, valued: set('-p', '--package', '--target', '--target-dir', '--bin', '--features', '-F', '--manifest-path', '-j', '--jobs', '--profile', '--root', '--version', '--git', '--path') };
const DOTNET: ManagerSpec = { manager: 'dotnet', subcommand: true, valued: set('-c', '--configuration', '-o', '--output', '-r', '--runtime', '-f', '--framework', '-s', '--source', '-a', '--arch', '--os', '-p', '--property', '-v', '--verbosity') };

function specFor(program: string): ManagerSpec | undefined {
  if (program === 'apt-get' || program === 'apt' || program === 'aptitude') return APT;
  if (program === 'apk') return APK;
  if (program === 'yum' || program === 'dnf' || program === 'microdnf' || program === 'tdnf' || /^dnf\d$/.test(program)) return YUM;
  if (program === 'zypper') return ZYPPER;
  if (/^pip(\d(\.\d+)?)?$/.test(program)) return PIP;
  if (program === 'uv') return UV;
  if (program === 'poetry') return POETRY;
  if (program === 'pipenv') return PIPENV;
  if (program === 'npm') return NPM;
  if (program === 'yarn' || program === 'yarnpkg') return YARN;
  if (program === 'pnpm') return PNPM;
  if (program === 'gem') return GEM;
  if (program === 'bundle' || program === 'bundler') return BUNDLE;
  if (program === 'go') return GO;
  if (program === 'mvn' || program === 'mvnw' || program === 'mvnw.cmd') return MAVEN;
  if (program === 'gradle' || program === 'gradlew' || program === 'gradlew.bat') return GRADLE;
  if (program === 'cargo') return CARGO;
  if (program === 'dotnet') return DOTNET;
  return undefined;
}

function recognizeTool(cmd: ShellCommand): ToolUse | undefined {
  let argv = cmd.argv;
  if (!argv.length) return undefined;
  let program = cmd.name;
  // `python -m pip …`, `python3.12 -m pip …`
  if (/^python(\d(\.\d+)?)?$/.test(program)) {
    const m = argv.findIndex((w) => w.value === '-m');
    if (m < 0 || !argv[m + 1] || !/^(pip\d?|poetry|pipenv|uv)$/.test(argv[m + 1]!.value)) return undefined;
    program = argv[m + 1]!.value;
    argv = argv.slice(m + 1);
  }
  const spec = specFor(program);
  if (!spec) return undefined;
  const options: ToolOption[] = [];
  const operands: ShellWord[] = [];
  const actionWords: ShellWord[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    const raw = w.value;
    if (raw.startsWith('-') && raw.length > 1 && raw !== '--') {
      const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
      if (eq > 0) {
        options.push({ name: raw.slice(0, eq), value: raw.slice(eq + 1), word: w });
        continue;
      }
      // Maven `-Dkey=value` and short options glued to their values (`-rrequirements.txt`) stay whole.
      if (spec.valued.has(raw) && i + 1 < argv.length) {
        const v = argv[++i]!;
        options.push({ name: raw, value: v.value, word: w, valueWord: v });
        continue;
      }
      options.push({ name: raw, word: w });
      continue;
    }
    if (raw === '--') continue;
    const wantAction = spec.subcommand && (actionWords.length === 0 || (actionWords.length === 1 && spec.twoLevel?.has(actionWords[0]!.value.toLowerCase()) && !operands.length));
    if (wantAction) actionWords.push(w);
    else operands.push(w);
  }
  let action = actionWords.map((w) => w.value.toLowerCase()).join(' ');
  if (spec.aliases && actionWords.length === 1) action = spec.aliases[action] ?? action;
  // Bare `yarn` and `pnpm`/`bundle` without a sub-command install from the lock file.
  if (!action && (spec.manager === 'yarn' || spec.manager === 'bundle') && !options.some((o) => /^(-v|--version|-h|--help)$/.test(o.name))) action = 'install';
  const headWords = [argv[0]!, ...actionWords];
  const firstWord = cmd.argv[0]!;
  const lastHead = headWords[headWords.length - 1]!;
  return {
    manager: spec.manager,
    program,
    action,
    headSpan: { start: firstWord.span.start, end: lastHead.span.end },
    headEnd: lastHead.span.end,
    options,
    operands,
  };
}

/** Whether a tool call has any of the given options (`--no-cache-dir`, `-y`). */
export function hasOption(tool: ToolUse, ...names: string[]): boolean {
  return tool.options.some((o) => names.includes(o.name));
}

export function optionValues(tool: ToolUse, ...names: string[]): string[] {
  return tool.options.filter((o) => names.includes(o.name) && o.value !== undefined).map((o) => o.value!);
}

/** The package name of an operand: `gcc-12=12.2.0-1` → `gcc-12`, `gunicorn[gevent]>=21` → `gunicorn`. */
export function packageName(operand: string): string {
  const m = /^[A-Za-z0-9_.+-]+/.exec(operand.replace(/^["']|["']$/g, ''));
  if (!m) return operand;
  let name = m[0];
  // apt `pkg=version`, apk `pkg=version`/`pkg~version`/`pkg>version` are cut by the class above;
  // pip `pkg==1.0`, `pkg>=1` too. `name.` (apt regex-ish) keeps as is.
  if (name.endsWith('.')) name = name.slice(0, -1);
  return name.toLowerCase();
}

/**
 * Questions several Dockerfile rules ask of the parsed tree: what the container starts, whether the
 * file builds an application image or a base image for others, and what a RUN removes again. All
 * answers come from the nodes and shell commands the parser built; nothing here reads text.
 */
import { finalChain, type CmdInstruction, type CommandForm, type DockerfileRoot, type RunInstruction, type Stage, type Word } from './ast.js';
import { basename, type ShellCommand, type ShellWord } from './shell.js';
import { substitute } from './substitute.js';

export const SHELL_PROGRAMS = /^(sh|bash|ash|dash|zsh|ksh)$/;

/** A program the container runs at start, with the word that names it. */
export interface StartProgram {
  name: string;
  word: Word | ShellWord;
  /** Its arguments (values). */
  args: string[];
  instruction: CmdInstruction;
  /** Started through `/bin/sh -c` (shell form or `sh -c`). */
  viaShell: boolean;
  command?: ShellCommand;
}

/** The programs a CMD/ENTRYPOINT starts: exec argv[0], or every command of its shell script. */
export function programsOf(ins: CmdInstruction | undefined): StartProgram[] {
  if (!ins) return [];
  const out: StartProgram[] = [];
  if (ins.form === 'exec') {
    const first = ins.argv[0];
    if (!first) return out;
    out.push({ name: basename(first.value), word: first, args: ins.argv.slice(1).map((w) => w.value), instruction: ins, viaShell: false });
  }
  for (const c of ins.script?.commands ?? []) {
    const w = c.argv[0];
    if (!w) continue;
    out.push({ name: c.name, word: w, args: c.argv.slice(1).map((x) => x.value), instruction: ins, viaShell: true, command: c });
  }
  return out;
}

/** The effective start instruction and its programs: ENTRYPOINT, and CMD as its arguments. */
export function startOf(stage: Stage | undefined): { entrypoint?: CmdInstruction; cmd?: CmdInstruction } {
  if (!stage) return {};
  const out: { entrypoint?: CmdInstruction; cmd?: CmdInstruction } = {};
  // `ENTRYPOINT []` resets the entrypoint.
  if (stage.entrypoint && !(stage.entrypoint.form === 'exec' && stage.entrypoint.argv.length === 0)) out.entrypoint = stage.entrypoint;
  // A shell-form ENTRYPOINT ignores CMD.
  if (stage.cmd && !(stage.entrypoint && stage.entrypoint.form === 'shell')) out.cmd = stage.cmd;
  return out;
}

const REPL = /^(sh|bash|ash|zsh|python\d?(\.\d+)?|node|ruby|irb|php|jshell|pwsh|powershell(\.exe)?|cmd(\.exe)?|iex|erl|ghci|java|dotnet|gradle|mvn|go|cargo|rustc)$/;

/** An ENTRYPOINT that hands over to CMD (`docker-entrypoint.sh`, `tini --`). */
export function isWrapperEntrypoint(ins: CmdInstruction | undefined): boolean {
  const p = programsOf(ins)[0];
  if (!p) return false;
  return /entrypoint|\.sh$/.test(p.name) || /^(tini|dumb-init|gosu|su-exec|catatonit)$/.test(p.name);
}

/** Sources that set up an image rather than ship an app: scripts, configuration, keys, URLs. */
const SETUP_SOURCE = /(^https?:\/\/|^git@|entrypoint|healthcheck|\.(sh|bash|conf|cnf|ini|cfg|pem|crt|key|asc|gpg|patch|diff|repo|list|template)$)/i;

/**
 * Whether the file builds an image meant to be a base for other images (`python:3.12`, `tomcat`,
 * a company base image) rather than an application image: an application image has a start
 * command that does more than open a shell or an interpreter, and copies something in that is not
 * just setup (scripts, configuration) — build output from another stage, or sources from the
 * context. Copying the whole context (`COPY . .`) always makes it an application image.
 */
export function isBaseImageBuild(root: DockerfileRoot): boolean {
  // Several rules ask about the same file: the answer is kept with the (unchanging) root.
  let known = baseImageBuild.get(root);
  if (known === undefined) baseImageBuild.set(root, (known = judgeBaseImageBuild(root)));
  return known;
}

const baseImageBuild = new WeakMap<DockerfileRoot, boolean>();

function judgeBaseImageBuild(root: DockerfileRoot): boolean {
  const stage = root.finalStage;
  if (!stage) return true;
  const chain = finalChain(root);
  const copies = chain.flatMap((s) => s.copies);
  if (copies.some((c) => !c.from && c.sources.some((w) => w.value === '.' || w.value === './'))) return false;
  const shipsArtifact =
    copies.some((c) => c.fromStage !== undefined || (!c.from && c.sources.some((w) => !SETUP_SOURCE.test(w.value)) && !/(^|\/)s?bin\/?$/.test(c.dest?.value ?? ''))) ||
    fetchesApp(chain, stage);
  if (!shipsArtifact) return true;
  const { entrypoint, cmd } = startOf(stage);
  if (!entrypoint && !cmd) return true;
  if (entrypoint && !isWrapperEntrypoint(entrypoint)) return false;
  if (!cmd) return true;
  const progs = programsOf(cmd);
  if (cmd.form === 'exec') return cmd.argv.length === 0 || (cmd.argv.length === 1 && REPL.test(progs[0]?.name ?? ''));
  return progs.length === 1 && progs[0]!.args.length === 0 && REPL.test(progs[0]!.name);
}

const REPO_ARCHIVE = /^https?:\/\/(codeload\.github\.com\/|(github\.com|gitlab\.com|bitbucket\.org)\/[^/]+\/[^/]+\/(archive|tarball|zipball|-\/archive)\/)/;

/** `/a/b/` → `/a/b`; a relative path is taken from `dir`. */
export function absPath(path: string, dir: string): string {
  const abs = path.startsWith('/') ? path : `${dir.replace(/\/$/, '')}/${path.replace(/^\.\/?/, '')}`;
  return abs.replace(/(?<!\/)\/+$/, '') || '/';
}

/** The WORKDIR in effect at file offset `offset` in a stage chain (`/` before any). */
export function workdirAt(chain: Stage[], offset = Infinity): string {
  let dir = '/';
  for (const s of chain)
    for (const ins of s.instructions) {
      if (ins.span.start >= offset) break;
      if (ins.keyword === 'WORKDIR' && ins.args[0]) dir = absPath(ins.args[0].value, dir);
    }
  return dir;
}

/**
 * `workdirAt` for offsets asked in increasing order: one pass over the chain's instructions in all,
 * not one per question (a RUN per line would make it quadratic). Falls back to `workdirAt` when
 * asked out of order.
 */
function workdirCursor(chain: Stage[]): (offset: number) => string {
  const all = chain.flatMap((s) => s.instructions);
  const ordered = all.every((ins, i) => i === 0 || ins.span.start > all[i - 1]!.span.start);
  let i = 0;
  let dir = '/';
  let last = -Infinity;
  return (offset) => {
    if (!ordered || offset < last) return workdirAt(chain, offset);
    last = offset;
    for (; i < all.length && all[i]!.span.start < offset; i++) {
      const ins = all[i]!;
      if (ins.keyword === 'WORKDIR' && ins.args[0]) dir = absPath(ins.args[0].value, dir);
    }
    return dir;
  };
}

/**
 * Where a RUN command puts an application's sources it fetches: `git clone <url> [dir]`, or a
 * repository snapshot (`…/archive/…`, codeload.github.com) unpacked with `tar -C <dir>`. Release
 * binaries (gosu, tini) and language or server distributions (python.org, nodejs.org) are what base
 * images fetch and are not sources.
 */
function fetchedInto(cmds: ShellCommand[], i: number, dir: string): string | undefined {
  const c = cmds[i]!;
  if (c.name !== 'git' && c.name !== 'curl' && c.name !== 'wget') return undefined;
  const operands = c.argv.slice(1).filter((w) => !w.value.startsWith('-')).map((w) => w.value);
  if (c.name === 'git' && operands[0] === 'clone') {
    // Option values (`--depth 1`, `-b main`) are operands here too: the URL is the first that looks like one.
    const u = operands.findIndex((w) => /:\/\/|^git@|\.git$/.test(w));
    if (u < 0) return undefined;
    return absPath(operands[u + 1] ?? basename(operands[u]!).replace(/\.git$/, ''), dir);
  }
  if ((c.name === 'curl' || c.name === 'wget') && operands.some((w) => REPO_ARCHIVE.test(w))) {
    const tar = cmds.slice(i + 1).find((x) => x.name === 'tar');
    const at = tar?.argv.findIndex((w) => w.value === '-C' || w.value === '--directory');
    const target = tar && at !== undefined && at >= 0 ? tar.argv[at + 1]?.value : undefined;
    return target ? absPath(target, dir) : undefined;
  }
  return undefined;
}

/**
 * Whether the image runs an application it fetched itself (`git clone … /app`): the start command
 * or the final WORKDIR is in the fetched folder. A library or extension cloned to be built and
 * installed (`git clone …/imagick && make install`) does not make an application image.
 */
function fetchesApp(chain: Stage[], stage: Stage): boolean {
  const { entrypoint, cmd } = startOf(stage);
  const startWords = [...programsOf(entrypoint), ...programsOf(cmd)].flatMap((p) => [p.word.value, ...p.args]);
  const dirs: string[] = [];
  const workdir = workdirCursor(chain);
  for (const s of chain)
    for (const run of s.runs) {
      const cmds = commandsOf(run);
      let cwd = workdir(run.span.start);
      cmds.forEach((c, i) => {
        if (c.name === 'cd' && c.argv[1]) cwd = absPath(c.argv[1].value, cwd);
        const into = fetchedInto(cmds, i, cwd);
        if (into && into !== '/' && !into.includes('$')) dirs.push(into);
      });
    }
  const dir = workdirAt(chain);
  const inside = (p: string, d: string) => p === d || p.startsWith(`${d}/`);
  return dirs.some((d) => inside(dir, d) || startWords.some((w) => w.startsWith('/') && inside(absPath(w.replace(/^.*=/, ''), '/'), d)));
}

/** Every shell command of a RUN (flattened from its script). */
export function commandsOf(run: RunInstruction | CommandForm): ShellCommand[] {
  return run.script?.commands ?? [];
}

/** Operands of `rm` commands in a RUN (those after file offset `after` only, when given), to see what it deletes again. */
export function removedPaths(run: RunInstruction, after = -1): string[] {
  return commandsOf(run)
    .filter((c) => c.name === 'rm' && c.span.start > after)
    .flatMap((c) => c.argv.slice(1).filter((w) => !w.value.startsWith('-')).map((w) => w.value));
}

/** Whether the RUN mounts a build cache or a tmpfs over a path containing `fragment`. */
export function hasCacheMount(run: RunInstruction, fragment: string): boolean {
  return run.cacheMounts.some((t) => t.includes(fragment));
}

/**
 * The environment a RUN at `offset` sees from the stage chain: ENV pairs and ARG defaults (a build
 * argument is an environment variable of every later RUN), later ones winning.
 */
export function envBefore(chain: Stage[], offset: number): Map<string, string> {
  const env = new Map<string, string>();
  for (const s of chain)
    for (const ins of s.instructions) {
      if (ins.span.start >= offset) break;
      // `ENV NODE_ENV=$NODE_ENV` takes the value of the ARG or ENV before it.
      if (ins.keyword === 'ENV' && 'pairs' in ins) for (const p of ins.pairs) env.set(p.name, p.value.includes('$') ? substitute(p.value, env).text : p.value);
      if (ins.keyword === 'ARG' && 'name' in ins && ins.name && ins.default !== undefined && !env.has(ins.name)) env.set(ins.name, ins.default);
    }
  return env;
}

/**
 * Variables a shell command sees from its own RUN: `NAME=v cmd`, `env NAME=v cmd`, and `export
 * NAME=v` (or `NAME=v` alone) earlier in the same script.
 */
export function shellVars(run: RunInstruction | CommandForm, cmd: ShellCommand): Map<string, string> {
  const vars = new Map<string, string>();
  const set = (w: ShellWord) => {
    const eq = w.value.indexOf('=');
    if (eq > 0) vars.set(w.value.slice(0, eq), w.value.slice(eq + 1));
  };
  for (const c of commandsOf(run)) {
    if (c === cmd) break;
    if (c.name === 'export' || c.name === 'declare' || c.name === 'typeset') c.argv.slice(1).forEach(set);
    else if (!c.name) c.assignments.forEach(set);
  }
  cmd.assignments.forEach(set);
  return vars;
}

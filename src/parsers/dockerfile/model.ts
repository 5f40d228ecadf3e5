/**
 * Dockerfile facts for cross-layer rules (ports against Services, JVM heap against memory limits,
 * gunicorn timeouts against proxy timeouts), built once per run from the parsed files.
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import { detached, detachStrings, interned, type Span } from '../../core/text.js';
import { stageChain, type CmdInstruction, type CopyInstruction, type DockerfileRoot, type EnvPair, type ExposePort, type ImageRef, type RunInstruction, type Stage } from './ast.js';
import { startOf } from './facts.js';
import { appendAll } from '../../core/append.js';

export interface ArgvWord {
  value: string;
  span: Span;
}

export interface StartCommand {
  keyword: 'CMD' | 'ENTRYPOINT';
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings; shell form (and `sh -c` scripts): the words of every command. */
  argv: ArgvWord[];
  /** The simple commands it runs, each from its program on: the exec argv, or the commands of its shell script (`sh -c` too). */
  commands: ArgvWord[][];
  span: Span;
}

export interface JvmFlag {
  /** `-Xmx`, `-Xms`, `-XX:MaxRAMPercentage`, … */
  name: string;
  /** `768m`, `75.0`. */
  value: string;
  /** Bytes for size flags (`-Xmx768m`), the number for percentages. */
  amount?: number;
  /** Where it was found: `ENV JAVA_OPTS`, `CMD`, `ENTRYPOINT`. */
  source: string;
  span: Span;
}

export interface GunicornSetting {
  value: string;
  span: Span;
}

/** An `ENV` pair as a summary keeps it: what other files' rules read. */
export type SummaryEnv = Pick<EnvPair, 'name' | 'value' | 'valueSpan'>;

/** A base image reference as a summary keeps it (no spans: `baseSpan` is the one read). */
export type SummaryImage = Omit<ImageRef, 'span' | 'tagSpan' | 'digestSpan'>;

/**
 * What other files' rules read of a Dockerfile: the parser's summary (`summarize`), so the tree can
 * be dropped once the file's own rules ran. Plain data only, and only what those rules read: it is
 * kept for every Dockerfile to the end of the run, so it holds no node of the tree and no string
 * that is a view of the file's text (see `detached`), and a word is one object however many lists
 * name it.
 */
export interface DockerImageFacts {
  path: string;
  /** Base image of the final stage (root of its `FROM <stage>` chain). */
  baseImage?: SummaryImage;
  /** Span of the final stage's FROM image reference. */
  baseSpan?: Span;
  expose: ExposePort[];
  env: SummaryEnv[];
  entrypoint?: StartCommand;
  cmd?: StartCommand;
  jvmFlags: JvmFlag[];
  gunicorn?: { bind?: GunicornSetting; timeout?: GunicornSetting; workers?: GunicornSetting };
  /** Names of the final stage and the stages it builds on (`AS builder`, `AS dev-envs`). */
  stageNames: string[];
  /** Named stages a build may target (compose `build.target`): what each one starts. */
  targets: StageTarget[];
  /** The final stage's HEALTHCHECK (its own or its parents'): the commands it runs. */
  healthcheck?: { none: boolean; form?: 'exec' | 'shell'; commands: ArgvWord[][]; span: Span };
  /** What the final stage chain adds to its base image, to tell which programs the image has (see `chainAdds`). */
  adds?: ChainAdds;
}

/**
 * What the stages of an image add to its base image that decides which programs it has: packages
 * installed by a system package manager, programs that RUN lines use (present while building) or
 * COPY names, and a reason when a step may add programs that cannot be told (a downloaded script, an
 * archive, a COPY from another image of a folder).
 */
export interface ChainAdds {
  packages: string[];
  programs: string[];
  opaque?: string;
}

export interface StageTarget {
  name: string;
  /** Its own name and the names of the stages it builds on. */
  chain: string[];
  expose: ExposePort[];
  env: SummaryEnv[];
  entrypoint?: StartCommand;
  cmd?: StartCommand;
}

export interface DockerIndex {
  images: DockerImageFacts[];
  byPath: Map<string, DockerImageFacts>;
}

const JVM_FLAG = /-(Xmx|Xms|Xss)(\d+[kKmMgGtT]?)|-XX:(MaxRAMPercentage|InitialRAMPercentage|MinRAMPercentage|MaxRAM|MaxMetaspaceSize|MaxDirectMemorySize)=(\S+)|-XX:([+-])(UseContainerSupport)/g;
const JVM_ENV = /^(JAVA_OPTS|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|JVM_OPTS|CATALINA_OPTS|JAVA_OPTIONS)$/;

/** Bytes of a JVM size (`768m`, `2g`, `1024`). */
export function jvmSize(text: string): number | undefined {
  const m = /^(\d+)([kKmMgGtT]?)$/.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * mult;
}

/** JVM flags inside `text`, which starts at file offset `start` (raw text, so offsets are exact). */
function jvmFlagsIn(text: string, start: number, source: string): JvmFlag[] {
  const out: JvmFlag[] = [];
  for (const m of text.matchAll(JVM_FLAG)) {
    const at = start + m.index;
    const span = { start: at, end: at + m[0].length };
    if (m[1]) out.push({ name: `-${m[1]}`, value: m[2]!, amount: jvmSize(m[2]!), source, span });
    else if (m[3]) {
      const value = m[4]!.replace(/["']+$/, '');
      const amount = /Percentage$/.test(m[3]) ? Number(value) : jvmSize(value);
      out.push({ name: `-XX:${m[3]}`, value, ...(amount !== undefined && !Number.isNaN(amount) ? { amount } : {}), source, span: { start: at, end: at + 5 + m[3].length + value.length } });
    } else out.push({ name: `-XX:${m[5]}${m[6]}`, value: m[5]!, source, span });
  }
  return out;
}

/** Copies of the words a summary keeps, one per word of the tree however many lists name it. */
type WordCopies = Map<ArgvWord, ArgvWord>;

function wordOf(copies: WordCopies, w: ArgvWord): ArgvWord {
  let c = copies.get(w);
  if (!c) copies.set(w, (c = { value: w.value, span: w.span }));
  return c;
}

function startCommand(ins: CmdInstruction | undefined, copies: WordCopies): StartCommand | undefined {
  if (!ins) return undefined;
  const word = (w: ArgvWord) => wordOf(copies, w);
  const argv: ArgvWord[] = ins.form === 'exec' ? ins.argv.map(word) : [];
  const script = ins.script?.commands ?? [];
  if (ins.form === 'shell') for (const c of script) for (const w of c.words) argv.push(word(w));
  // The exec form without a script runs its argv as is: the same list.
  const commands = script.length ? script.map((c) => c.argv.map(word)).filter((c) => c.length) : ins.form === 'exec' ? [argv] : [];
  // Literals, not the parser's strings: one copy for every summary.
  return { keyword: ins.keyword === 'CMD' ? 'CMD' : 'ENTRYPOINT', form: ins.form === 'exec' ? 'exec' : 'shell', argv, commands, span: ins.span };
}

/** gunicorn settings from a start command: `--bind`, `-b`, `--timeout`, `-t`, `--workers`, `-w` (also `sh -c` scripts). */
function gunicornOf(ins: CmdInstruction | undefined, env: EnvPair[]): DockerImageFacts['gunicorn'] {
  const lists: ArgvWord[][] = [];
  if (ins?.form === 'exec' && /(^|\/)gunicorn$/.test(ins.argv[0]?.value ?? '')) lists.push(ins.argv);
  for (const c of ins?.script?.commands ?? []) if (c.name === 'gunicorn' || (c.name.startsWith('python') && c.argv.some((w) => w.value === 'gunicorn'))) lists.push(c.argv);
  if (!lists.length) return undefined;
  const out: NonNullable<DockerImageFacts['gunicorn']> = {};
  const names: Record<string, 'bind' | 'timeout' | 'workers'> = { '--bind': 'bind', '-b': 'bind', '--timeout': 'timeout', '-t': 'timeout', '--workers': 'workers', '-w': 'workers' };
  for (const argv of lists)
    for (let i = 0; i < argv.length; i++) {
      const w = argv[i]!;
      const eq = w.value.indexOf('=');
      const flag = eq > 0 && w.value.startsWith('--') ? w.value.slice(0, eq) : w.value;
      const key = names[flag];
      if (!key) continue;
      if (eq > 0 && w.value.startsWith('--')) out[key] = { value: w.value.slice(eq + 1), span: w.span };
      else if (argv[i + 1]) out[key] = { value: argv[i + 1]!.value, span: argv[i + 1]!.span };
    }
  // GUNICORN_CMD_ARGS="--timeout 30 --bind 0.0.0.0:8000"
  const cmdArgs = env.find((e) => e.name === 'GUNICORN_CMD_ARGS');
  if (cmdArgs) {
    const m = /--(bind|timeout|workers)[= ](\S+)/g;
    for (const x of cmdArgs.value.matchAll(m)) {
      const key = x[1] as 'bind' | 'timeout' | 'workers';
      out[key] ??= { value: x[2]!, span: cmdArgs.valueSpan };
    }
  }
  return out;
}

declare module '../../core/rule.js' {
  interface KindSummaries {
    dockerfile: DockerImageFacts;
  }
}

/** `ENV` pairs as a summary keeps them, one copy per pair of the tree (stages share their parents' pairs). */
function envOf(pairs: readonly EnvPair[], copies: Map<EnvPair, SummaryEnv>): SummaryEnv[] {
  return pairs.map((e) => {
    let c = copies.get(e);
    if (!c) copies.set(e, (c = { name: e.name, value: e.value, valueSpan: e.valueSpan }));
    return c;
  });
}

function summaryImage(r: ImageRef): SummaryImage {
  const { raw, resolved, repository, tag, digest, unresolved } = r;
  return { raw, ...(resolved !== undefined ? { resolved } : {}), repository, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}), unresolved };
}

export function dockerFacts(file: ParsedFile<'dockerfile'>): DockerImageFacts {
  const root: DockerfileRoot = file.root;
  const final = root.finalStage;
  const envCopies = new Map<EnvPair, SummaryEnv>();
  const words: WordCopies = new Map();
  const facts: DockerImageFacts = { path: file.path, expose: final?.expose ?? [], env: envOf(final?.env ?? [], envCopies), jvmFlags: [], stageNames: [], targets: [] };
  if (!final) return finish(facts);
  facts.stageNames = stageChain(root, final).map((x) => x.name).filter((n): n is string => !!n);
  // Kept by the targets' `chain` getters, which `detachStrings` does not reach.
  const stageNames = root.stages.map((x) => (x.name === undefined ? undefined : detached(x.name)));
  const parents = root.stages.map((x) => x.parent);
  for (const st of root.stages) {
    if (!st.name || st === final) continue;
    const se = startOf(st);
    const t = stageTarget(st.name, stageNames, parents, st.index, st.expose, envOf(st.env, envCopies));
    const sep = startCommand(se.entrypoint, words);
    const scmd = startCommand(se.cmd, words);
    if (sep) t.entrypoint = sep;
    if (scmd) t.cmd = scmd;
    facts.targets.push(t);
  }
  if (final.base) facts.baseImage = summaryImage(final.base);
  if (final.from.image) facts.baseSpan = final.from.image.span;
  const { entrypoint, cmd } = startOf(final);
  const ep = startCommand(entrypoint, words);
  const c = startCommand(cmd, words);
  if (ep) facts.entrypoint = ep;
  if (c) facts.cmd = c;
  for (const e of final.env) {
    if (!JVM_ENV.test(e.name)) continue;
    appendAll(facts.jvmFlags, jvmFlagsIn(file.text.slice(e.valueSpan.start, e.valueSpan.end), e.valueSpan.start, `ENV ${e.name}`));
  }
  for (const ins of [entrypoint, cmd]) if (ins) appendAll(facts.jvmFlags, jvmFlagsIn(file.text.slice(ins.argsSpan.start, ins.argsSpan.end), ins.argsSpan.start, ins.keyword));
  const g = gunicornOf(entrypoint, final.env) ?? gunicornOf(cmd, final.env);
  if (g) facts.gunicorn = g;
  const hc = final.healthcheck;
  if (hc) {
    const cmd = hc.command;
    const word = (w: ArgvWord) => wordOf(words, w);
    const commands = !cmd ? [] : cmd.script?.commands.length ? cmd.script.commands.map((c) => c.argv.map(word)).filter((c) => c.length) : cmd.form === 'exec' ? [cmd.argv.map(word)] : [];
    facts.healthcheck = { none: hc.none, ...(cmd ? { form: cmd.form } : {}), commands, span: hc.span };
  }
  facts.adds = chainAdds(stageChain(root, final));
  return finish(facts);
}

/**
 * The summary outlives the file's text: no string of it may be a view of that text, and the values
 * many Dockerfiles repeat (base images, variable names, programs) are kept once.
 */
function finish(facts: DockerImageFacts): DockerImageFacts {
  // The path is the file's own (the run keeps it anyway) and no other file shares it.
  const path = facts.path;
  detachStrings(facts, true);
  facts.path = path;
  return facts;
}

const SYSTEM_MANAGERS = new Set(['apt', 'apk', 'yum', 'zypper']);
/** Programs that add no executable of their own to the image (checked before a step is called opaque). */
const PLAIN = /^(rm|mkdir|chown|chmod|chgrp|touch|echo|printf|cat|test|\[|true|false|set|cd|export|unset|exit|umask|sed|grep|useradd|adduser|addgroup|groupadd|usermod|groupmod|apt-mark|update-ca-certificates|locale-gen|localedef|ldconfig|ln|tee|pip\d*(\.\d+)?|python\d*(\.\d+)?|uv|poetry|pipenv|npm|npx|yarn|pnpm|corepack|node|gem|bundle|composer|php|docker-php-ext-\w+|pecl|go|mvn|\.\/mvnw|gradle|\.\/gradlew|cargo|dotnet|java|javac|git|mv|cp|id|whoami|sleep|date|nginx|a2enmod|a2dismod|a2ensite|sync)$/;

const NETWORK_TOOL = /(^|\/)(curl|wget|nc|ncat|netcat|busybox)$/;

/**
 * A named stage as a target. Its chain is read for the one target a compose file builds: computed
 * then, not for every stage (n chained stages would make n chains of up to n names). The getter
 * keeps the stages' names and parents only, not the tree: the summary outlives the tree, and a
 * getter made inside `dockerFacts` would keep the whole file's tree alive to the end of the run.
 */
function stageTarget(name: string, names: readonly (string | undefined)[], parents: readonly (number | undefined)[], index: number, expose: ExposePort[], env: SummaryEnv[]): StageTarget {
  return {
    name,
    get chain() {
      const out: string[] = [];
      const seen = new Set<number>();
      for (let s: number | undefined = index; s !== undefined && s < names.length && !seen.has(s); s = parents[s]) {
        seen.add(s);
        const n = names[s];
        if (n) out.push(n);
      }
      return out.reverse();
    },
    expose,
    env,
  };
}

/** See `ChainAdds`. */
export function chainAdds(chain: readonly Stage[]): ChainAdds {
  // Readers ask whether a program or a package is there: each is kept once, in first-seen order.
  const packages = new Set<string>();
  const programs = new Set<string>();
  const out: ChainAdds = { packages: [], programs: [] };
  const opaque = (why: string) => {
    out.opaque ??= detached(why);
  };
  for (const st of chain)
    for (const ins of st.instructions) {
      if (ins.keyword === 'RUN' && 'form' in ins) {
        const run = ins as RunInstruction;
        if (run.form === 'exec' && !run.script) {
          if (run.argv[0]) programs.add(interned(run.argv[0].value.slice(run.argv[0].value.lastIndexOf('/') + 1)));
          opaque('RUN in exec form');
          continue;
        }
        for (const c of run.script?.commands ?? []) {
          if (!c.name) continue;
          programs.add(interned(c.name));
          // `cp tools/curl /usr/local/bin/`, `ln -s /bin/busybox /bin/wget`: a word naming a network tool may put it in the image.
          for (const w of c.argv.slice(1)) if (NETWORK_TOOL.test(w.value)) programs.add(interned(w.value.slice(w.value.lastIndexOf('/') + 1)));
          const t = c.tool;
          if (t && SYSTEM_MANAGERS.has(t.manager)) {
            if (/^(install|add|reinstall)$/.test(t.action))
              for (const w of t.operands) {
                if (/[/$]|\.(deb|rpm|apk)$/.test(w.value)) opaque(`${t.program} ${t.action} ${w.value}`);
                else packages.add(interned(w.value.replace(/[=<>~].*$/, '').toLowerCase()));
              }
            else if (/^(groupinstall|group install|localinstall|builddep)$/.test(t.action)) opaque(`${t.program} ${t.action}`);
            continue;
          }
          if (t) continue;
          if (!PLAIN.test(c.name)) opaque(`RUN ${c.name}`);
        }
      } else if (ins.keyword === 'COPY' || ins.keyword === 'ADD') {
        const cp = ins as CopyInstruction;
        for (const w of [...cp.sources, ...(cp.dest ? [cp.dest] : [])]) {
          const name = w.value.replace(/(?<!\/)\/+$/, '');
          programs.add(interned(name.slice(name.lastIndexOf('/') + 1)));
        }
        if (cp.keyword === 'ADD' && cp.sources.some((w) => /^(https?|git):|\.(tar|tgz|gz|xz|bz2|zst)$/i.test(w.value))) opaque('ADD of an archive or URL');
        // A program folder (or the whole file system) of another image or stage may hold any program.
        if (cp.from && cp.sources.some((w) => /^\/*((usr\/)?(local\/)?(s?bin(\/.*)?)?|opt(\/.*)?)\/*$/.test(w.value))) opaque(`COPY --from=${cp.from.value ?? ''}`);
      }
    }
  out.packages = [...packages];
  out.programs = [...programs];
  return out;
}

/** Facts of every Dockerfile in the run, by path; memoised on the model. */
export function dockerModel(model: ProjectModel): DockerIndex {
  return model.memo('dockerfile', () => {
    const images = model.summaries('dockerfile');
    return { images, byPath: new Map(images.map((i) => [i.path, i])) };
  });
}

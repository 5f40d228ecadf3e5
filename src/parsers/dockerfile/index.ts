/**
 * The Dockerfile parser: `dockerfile-ast` for the instruction structure (it keeps exact ranges for
 * keywords, flags, arguments, JSON strings, heredocs and directives), turned into plain nodes with
 * offset spans, plus what it does not do: keyword validation, ARG substitution in `FROM`, the stage
 * model and the shell of every `RUN`/`CMD`/`ENTRYPOINT`, each parsed once here for every rule.
 *
 * `dockerfile-ast` counts positions on the raw text in lines split at `\n`, `\r\n` and lone `\r`,
 * the same lines as `LineIndex`, so a line/character pair converts to an offset exactly, CRLF files
 * and a leading BOM included.
 */
import {
  Add,
  Cmd,
  Copy,
  DockerfileParser,
  Entrypoint,
  Run,
  Shell,
  Volume,
  Env,
  Instruction as AstInstructionClass,
  JSONInstruction,
  Label,
  ModifiableInstruction,
  type Arg,
  type Argument as AstArgument,
  type From,
  type Healthcheck,
  type Heredoc,
  type Onbuild,
  type Dockerfile as AstDockerfile,
  type Instruction as AstInstruction,
  type Flag as AstFlag,
} from 'dockerfile-ast';
import { Parser as AstParser } from 'dockerfile-ast/lib/parser.js';
import type { Comment, ParserDiagnostic, ParserModule, ParseOutput, SourceFile } from '../../core/rule.js';
import { detached, LineIndex, type Span } from '../../core/text.js';
import {
  KEYWORDS,
  type ArgInstruction,
  type CmdInstruction,
  type CommandForm,
  type CopyInstruction,
  type Directive,
  type DockerfileRoot,
  type EnvInstruction,
  type EnvPair,
  type ExposeInstruction,
  type ExposePort,
  type Flag,
  type FromInstruction,
  type HealthcheckInstruction,
  type ImageRef,
  type Instruction,
  type OnbuildInstruction,
  type OtherInstruction,
  type RunInstruction,
  type ShellInstruction,
  type Stage,
  type UserInstruction,
  type Word,
} from './ast.js';
import { imageInfo, normalizeRepository, splitReference, UNKNOWN_IMAGE } from './images.js';
import { basename, flatMapped, mapped, offsetAt, parseShell, type MappedText } from './shell.js';
import { dockerFacts } from './model.js';
import { offsetSpan, rawArguments } from './arguments.js';
import { substitute } from './substitute.js';

export { substitute };

export * from './ast.js';

interface Pos {
  line: number;
  character: number;
}
interface Rng {
  start: Pos;
  end: Pos;
}

const SHELLS = /^(sh|bash|ash|dash|zsh|ksh|busybox)$/;
/*
 * `dockerfile-ast` recomputes an instruction's arguments (a character scan plus a line/column
 * conversion per argument, see arguments.ts for the scan used instead) on every call, and its own getters (flags, ranges, heredocs, FROM parts)
 * call it about five times per instruction: that was a third of the time of a Dockerfile run. The
 * document never changes after parsing, so the scan is done once per instruction, and so is the
 * list without the flags (`ModifiableInstruction.getArguments` shifted the flags off a fresh copy on
 * every call). Both lists are shared and frozen: nothing in dockerfile-ast that the parser calls
 * changes them (`getExpandedArguments`, which would, is not used), and a change would throw.
 */
{
  type Args = readonly unknown[];
  const RAW = Symbol('lint500.rawArguments');
  const ARGS = Symbol('lint500.arguments');
  const FLAGGING = Symbol('lint500.readingFlags');
  // Symbol-keyed own properties: much cheaper per call than a WeakMap lookup.
  type Cached = { [RAW]?: Args; [ARGS]?: Args; [FLAGGING]?: boolean; getRawArguments(): Args; getFlags(): Args };
  const proto = AstInstructionClass.prototype as unknown as { getRawArguments(this: Cached): Args };
  // lint500's own scan (same arguments, values built from slices instead of one string per character).
  const scan = rawArguments as unknown as (this: Cached) => Args;
  proto.getRawArguments = function (this: Cached) {
    return (this[RAW] ??= Object.freeze(scan.call(this)));
  };
  const modifiable = ModifiableInstruction.prototype as unknown as { getArguments(this: Cached): Args; getFlags(this: Cached): Args };
  // `getFlags` reads the arguments, flags included, while it builds the flag list.
  const readFlags = modifiable.getFlags;
  modifiable.getFlags = function (this: Cached) {
    if (this[FLAGGING]) return readFlags.call(this);
    this[FLAGGING] = true;
    try {
      return readFlags.call(this);
    } finally {
      this[FLAGGING] = false;
    }
  };
  modifiable.getArguments = function (this: Cached) {
    const done = this[ARGS];
    if (done) return done;
    if (this[FLAGGING]) return this.getRawArguments();
    const flags = this.getFlags();
    const raw = this.getRawArguments();
    return (this[ARGS] = flags.length ? Object.freeze(raw.slice(flags.length)) : raw);
  };
}

type CreateInstruction = (dockerfile: unknown, keyword: string, start: number, keywordEnd: number, end: number) => AstInstruction;
/** dockerfile-ast's own `Parser.createInstruction`, kept for the test that compares a parse with and without reuse. */
export const astCreateInstruction = (AstParser.prototype as unknown as { createInstruction: CreateInstruction }).createInstruction;

/*
 * dockerfile-ast's parser makes every instruction that has arguments twice: once to look for
 * here-documents after its arguments (`processArguments` → `processHeredocs`) and once more, from
 * the same text and positions, to add it to the document (`processInstruction`). Each making
 * converts three positions, builds the instruction's class (exec-form instructions scan their JSON
 * array in the constructor) and, for RUN/COPY/ADD, splits the arguments. The second call returns
 * the instance the first one made when every input is the same; an instruction whose here-documents
 * extend it has another end, and is made anew as before. The first instance was only read
 * (keyword, arguments, flags), so the document holds the same instruction either way.
 */
{
  type Made = { dockerfile: unknown; keyword: string; start: number; keywordEnd: number; end: number; made: AstInstruction };
  const LAST = Symbol('lint500.lastInstruction');
  const proto = AstParser.prototype as unknown as { createInstruction: CreateInstruction; [LAST]?: Made };
  proto.createInstruction = function (this: typeof proto, dockerfile, keyword, start, keywordEnd, end) {
    const last = this[LAST];
    if (last && last.start === start && last.end === end && last.keywordEnd === keywordEnd && last.keyword === keyword && last.dockerfile === dockerfile) {
      this[LAST] = undefined;
      return last.made;
    }
    const made = astCreateInstruction.call(this, dockerfile, keyword, start, keywordEnd, end);
    this[LAST] = { dockerfile, keyword, start, keywordEnd, end, made };
    return made;
  };
}

/** dockerfile-ast's own static `Parser.createInstruction`, kept for the test that compares a parse with and without the shortcuts. */
export const astCreateInstructionOfKind = AstParser.createInstruction.bind(AstParser);

/*
 * An exec-form instruction (RUN, CMD, ENTRYPOINT, COPY, ADD, SHELL, VOLUME) scans its JSON array
 * in its constructor: brackets and strings, each with a range of two converted positions. lint500
 * reads exec forms with `JSON.parse` (`jsonArray` below) and never asks for these, so such an
 * instruction is made with the base `Instruction` constructor (the constructors in between set
 * nothing else) and the three fields are filled on first read, from an instance made with the full
 * constructor from the same inputs.
 */
{
  const JSON_FIELDS = ['openingBracket', 'closingBracket', 'jsonStrings'] as const;
  const KINDS = new Map<string, unknown>([
    ['ADD', Add],
    ['CMD', Cmd],
    ['COPY', Copy],
    ['ENTRYPOINT', Entrypoint],
    ['RUN', Run],
    ['SHELL', Shell],
    ['VOLUME', Volume],
  ]);
  type Fields = Record<string, unknown> & { constructor: new (...args: unknown[]) => Fields };
  const own = (o: object, name: string, value: unknown) => Object.defineProperty(o, name, { value, writable: true, enumerable: true, configurable: true });
  for (const name of JSON_FIELDS) {
    Object.defineProperty(JSONInstruction.prototype, name, {
      configurable: true,
      get(this: Fields) {
        const full = new this.constructor(this['document'], this['range'], this['dockerfile'], this['escapeChar'], this['instruction'], this['instructionRange']);
        for (const n of JSON_FIELDS) own(this, n, full[n]);
        return this[name];
      },
      set(this: Fields, value: unknown) {
        own(this, name, value);
      },
    });
  }
  type CreateOfKind = (document: unknown, dockerfile: unknown, escapeChar: string, lineRange: unknown, instruction: string, instructionRange: unknown) => AstInstruction;
  (AstParser as unknown as { createInstruction: CreateOfKind }).createInstruction = (document, dockerfile, escapeChar, lineRange, instruction, instructionRange) => {
    const kind = KINDS.get(instruction.toUpperCase()) as (new (...args: unknown[]) => AstInstruction) | undefined;
    if (!kind) return astCreateInstructionOfKind(document as never, dockerfile as never, escapeChar, lineRange as never, instruction, instructionRange as never);
    return Reflect.construct(AstInstructionClass, [document, lineRange, dockerfile, escapeChar, instruction, instructionRange], kind) as AstInstruction;
  };
}

class Builder {
  readonly lines: LineIndex;
  readonly diagnostics: ParserDiagnostic[] = [];
  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  off(p: Pos): number {
    return Math.min(this.text.length, this.lines.lineStart(p.line + 1) + p.character);
  }

  span(r: Rng): Span {
    const start = this.off(r.start);
    return { start, end: Math.max(start, this.off(r.end)) };
  }

  /** An argument's span: from its offsets when it has them (see `offsetSpan`), else from its range. */
  argumentSpan(a: AstArgument): Span {
    return offsetSpan(this.text, a) ?? this.span(a.getRange());
  }

  error(span: Span, message: string): void {
    this.diagnostics.push({ code: 'parse-error', severity: 'error', span, message });
  }

  /**
   * The text of [start, end) with the Dockerfile's line continuations removed: the escape
   * character at the end of a line joins it to the next, and empty or comment lines inside a
   * continuation are dropped, as the Docker builder does.
   */
  joined(start: number, end: number, escape: string): MappedText {
    // An instruction's argument text is joined once: `base` and the command form ask for the same range.
    const last = this.lastJoin;
    if (last && last.start === start && last.end === end && last.escape === escape) return last.mt;
    const mt = this.join(start, end, escape);
    this.lastJoin = { start, end, escape, mt };
    return mt;
  }

  private lastJoin: { start: number; end: number; escape: string; mt: MappedText } | undefined;

  /** Where the escape character occurs in the file, found in one pass (an unbounded `indexOf` per instruction would scan to the end of the file each time). */
  private escapes: { escape: string; at: number[] } | undefined;

  /** The first escape character in [from, end), or `end`. */
  private nextEscape(from: number, end: number, escape: string): number {
    let e = this.escapes;
    if (!e || e.escape !== escape) {
      const at: number[] = [];
      for (let k = this.text.indexOf(escape); k >= 0; k = this.text.indexOf(escape, k + 1)) at.push(k);
      e = this.escapes = { escape, at };
    }
    const at = e.at;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < from) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length && at[lo]! < end ? at[lo]! : end;
  }

  private join(start: number, end: number, escape: string): MappedText {
    const t = this.text;
    // Runs of kept characters are sliced, and mapped back to the file by where each run starts.
    let text = '';
    const runs: number[] = [];
    const starts: number[] = [];
    let run = start;
    const flush = (upTo: number) => {
      if (upTo <= run) return;
      runs.push(text.length);
      starts.push(run);
      text += t.slice(run, upTo);
    };
    let i = this.nextEscape(start, end, escape);
    while (i < end) {
      const c = t[i]!;
      if (c === escape) {
        let j = i + 1;
        while (j < end && (t[j] === ' ' || t[j] === '\t')) j++;
        if (j >= end || t[j] === '\n' || t[j] === '\r') {
          // A continuation: skip the newline and any empty or comment lines that follow.
          flush(i);
          i = skipNewline(t, j);
          for (let guard = 0; guard < 100000 && i < end; guard++) {
            let k = i;
            while (k < end && (t[k] === ' ' || t[k] === '\t')) k++;
            if (k < end && (t[k] === '\n' || t[k] === '\r')) i = skipNewline(t, k);
            else if (t[k] === '#') {
              while (k < end && t[k] !== '\n' && t[k] !== '\r') k++;
              i = skipNewline(t, k);
            } else break;
          }
          run = i;
          continue;
        }
      }
      i = this.nextEscape(i + 1, end, escape);
    }
    flush(Math.min(i, end));
    return { text, runs, starts, end };
  }
}

/**
 * An instruction node: the base fields copied by name, then the keyword's own. A spread
 * (`{ ...b, keyword: 'RUN' }`) gave every node of a large file a hidden class of its own in V8
 * (about a quarter of a Dockerfile model's memory); fields written in one order share one.
 */
function extend<B extends OtherInstruction, E extends object>(b: B, extra: E): Omit<B, keyof E> & E {
  const node = { type: b.type, keyword: b.keyword, keywordText: b.keywordText, keywordSpan: b.keywordSpan, span: b.span, args: b.args, flags: b.flags, argsText: b.argsText, argsSpan: b.argsSpan, stage: b.stage } as OtherInstruction;
  if (b.onbuild) node.onbuild = true;
  return Object.assign(node, extra) as unknown as Omit<B, keyof E> & E;
}

function skipNewline(t: string, i: number): number {
  if (t[i] === '\r' && t[i + 1] === '\n') return i + 2;
  if (t[i] === '\r' || t[i] === '\n') return i + 1;
  return i;
}

function flagsOf(b: Builder, ins: AstInstruction): Flag[] {
  if (!(ins instanceof ModifiableInstruction)) return [];
  return ins.getFlags().map((f: AstFlag) => {
    const vr = f.getValueRange();
    return { name: f.getName(), value: f.getValue(), span: b.span(f.getRange()), nameSpan: b.span(f.getNameRange()), ...(vr ? { valueSpan: b.span(vr) } : {}) };
  });
}

function imageRef(written: string, span: Span, vars: ReadonlyMap<string, string | undefined>): ImageRef {
  // A summary keeps the reference after the file's text is let go: no slice of that text.
  const raw = detached(written);
  const sub = raw.includes('$') ? substitute(raw, vars) : { text: raw, unresolved: false };
  const parts = splitReference(sub.text);
  const literal = !raw.includes('$');
  const ref: ImageRef = {
    raw,
    resolved: sub.unresolved ? undefined : sub.text,
    repository: normalizeRepository(parts.repository),
    span,
    unresolved: sub.unresolved,
  };
  if (parts.tag !== undefined) ref.tag = parts.tag;
  if (parts.digest !== undefined) ref.digest = parts.digest;
  if (literal && parts.tagAt !== undefined) ref.tagSpan = { start: span.start + parts.tagAt, end: span.start + parts.tagAt + parts.tag!.length };
  if (literal && parts.digestAt !== undefined) ref.digestSpan = { start: span.start + parts.digestAt, end: span.end };
  return ref;
}

interface StageState {
  stage: Stage;
  vars: Map<string, string | undefined>;
  /** The stage's environment by name, in the order of last assignment (the stage's `env` once it ends). */
  env: Map<string, EnvPair>;
  dialect: 'posix' | 'other';
}

/**
 * dockerfile-ast's heredoc scan throws on some inputs (found by fuzzing; the smallest is
 * `) \`, CR, `#e`, LF: a line continuation ended by a lone CR, then a comment); the instruction is
 * then read as having no heredoc.
 */
function heredocsOf(ins: { getHeredocs(): Heredoc[] }): Heredoc[] {
  try {
    return ins.getHeredocs();
  } catch {
    return [];
  }
}

class DockerfileBuilder extends Builder {
  readonly escape: string;
  readonly globalVars = new Map<string, string | undefined>();
  readonly root: DockerfileRoot;
  private state: StageState | undefined;
  /** The first stage of each name (a Map: one lookup per FROM or COPY --from, not a scan). */
  private readonly stageByName = new Map<string, number>();

  constructor(
    text: string,
    private readonly df: AstDockerfile,
  ) {
    super(text);
    this.escape = df.getEscapeCharacter();
    this.root = { type: 'dockerfile', escape: this.escape, directives: [], instructions: [], globalArgs: [], stages: [] };
  }

  build(): DockerfileRoot {
    for (const d of this.df.getDirectives()) {
      const dir: Directive = { name: d.getName().toLowerCase(), value: d.getValue(), span: this.span(d.getRange()) };
      this.root.directives.push(dir);
      if (dir.name === 'escape' && dir.value !== '\\' && dir.value !== '`') {
        this.error(this.span(d.getValueRange()), `Invalid escape directive "${dir.value}": Docker accepts only \` or \\, so the build fails.`);
      }
    }
    const all = this.df.getInstructions();
    for (const ins of all) {
      const node = this.instruction(ins, false);
      this.root.instructions.push(node);
    }
    this.endStage();
    const stages = this.root.stages;
    const final = stages[stages.length - 1];
    if (final) {
      final.isFinal = true;
      this.root.finalStage = final;
    } else if (all.length) {
      const first = this.root.instructions[0]!;
      this.error(first.keywordSpan, 'The Dockerfile has no FROM instruction: the build fails with "no build stage in current context".');
    }
    return this.root;
  }

  private base(ins: AstInstruction, onbuild: boolean): OtherInstruction {
    const keywordText = ins.getInstruction();
    const keyword = keywordText.toUpperCase();
    const span = this.span(ins.getRange());
    const keywordSpan = this.span(ins.getInstructionRange());
    const flags = flagsOf(this, ins);
    const args: Word[] = ins.getArguments().map((a) => ({ value: a.getValue(), span: this.argumentSpan(a) }));
    const firstStart = Math.min(flags[0]?.span.start ?? Infinity, args[0]?.span.start ?? Infinity);
    const argsSpan = Number.isFinite(firstStart) ? { start: firstStart, end: span.end } : { start: keywordSpan.end, end: keywordSpan.end };
    const argsText = argsSpan.end > argsSpan.start ? this.joined(argsSpan.start, argsSpan.end, this.escape).text : '';
    return {
      type: 'instruction' as const,
      keyword,
      keywordText,
      keywordSpan,
      span,
      args,
      flags,
      argsText,
      argsSpan,
      stage: this.state?.stage.index ?? -1,
      ...(onbuild ? { onbuild: true } : {}),
    };
  }

  private instruction(ins: AstInstruction, onbuild: boolean): Instruction {
    const b = this.base(ins, onbuild);
    if (!KEYWORDS.has(b.keyword)) {
      this.error(b.keywordSpan, `Unknown instruction "${b.keywordText}": the Docker builder rejects the file, so the image is never built.`);
      return onbuild ? b : this.track(b);
    }
    if (!onbuild && b.keyword !== 'FROM' && b.keyword !== 'ARG' && !this.state) {
      this.error(b.keywordSpan, `${b.keyword} before the first FROM: only ARG may come before FROM, so the build fails.`);
    }
    switch (b.keyword) {
      case 'FROM':
        return onbuild ? b : this.from(ins as From, b);
      case 'RUN':
        return this.track(this.run(ins, b));
      case 'CMD':
      case 'ENTRYPOINT':
        return this.track(this.cmd(b));
      case 'COPY':
      case 'ADD':
        return this.track(this.copy(ins, b));
      case 'ENV':
      case 'LABEL':
        return this.track(this.env(ins, b));
      case 'ARG':
        return this.track(this.arg(ins as Arg, b));
      case 'EXPOSE':
        return this.track(this.expose(b));
      case 'USER':
        return this.track(this.user(b));
      case 'HEALTHCHECK':
        return this.track(this.healthcheck(ins as Healthcheck, b));
      case 'SHELL':
        return this.track(this.shell(ins, b));
      case 'ONBUILD':
        return this.track(this.onbuild(ins as Onbuild, b));
      default:
        return this.track(b);
    }
  }

  /** Adds an instruction to the current stage (ONBUILD triggers and pre-FROM ARGs excepted). */
  private track<T extends Instruction>(node: T): T {
    if (node.onbuild) return node;
    const st = this.state;
    if (!st) {
      if (node.keyword === 'ARG') this.root.globalArgs.push(node as ArgInstruction);
      return node;
    }
    const s = st.stage;
    s.instructions.push(node);
    switch (node.keyword) {
      case 'RUN':
        s.runs.push(node as RunInstruction);
        break;
      case 'COPY':
      case 'ADD':
        s.copies.push(node as CopyInstruction);
        break;
      case 'CMD':
        s.cmds.push(node as CmdInstruction);
        break;
      case 'ENTRYPOINT':
        s.entrypoints.push(node as CmdInstruction);
        break;
      case 'ENV':
        for (const p of (node as EnvInstruction).pairs) {
          st.env.delete(p.name);
          st.env.set(p.name, p);
          st.vars.set(p.name, substitute(p.value, st.vars).text);
        }
        break;
      case 'EXPOSE':
        // One at a time: a spread of 130 000 ports overflows the call stack.
        for (const port of (node as ExposeInstruction).ports) s.expose.push(port);
        break;
      case 'USER':
        s.user = node as UserInstruction;
        break;
      case 'HEALTHCHECK':
        s.healthcheck = node as HealthcheckInstruction;
        break;
      case 'SHELL':
        s.shell = node as ShellInstruction;
        st.dialect = dialectOf(s.shell, s.baseInfo.shell);
        break;
    }
    return node;
  }

  private endStage(): void {
    const st = this.state;
    if (!st) return;
    const s = st.stage;
    s.env = [...st.env.values()];
    const parent = s.parent !== undefined ? this.root.stages[s.parent] : undefined;
    s.cmd = s.cmds[s.cmds.length - 1] ?? (s.entrypoints.length ? undefined : parent?.cmd);
    s.entrypoint = s.entrypoints[s.entrypoints.length - 1] ?? parent?.entrypoint;
    this.state = undefined;
  }

  private from(ins: From, b: OtherInstruction): FromInstruction {
    this.endStage();
    const node: FromInstruction = extend(b, { keyword: 'FROM', stage: this.root.stages.length });
    const imageRange = ins.getImageRange();
    const rawImage = ins.getImage();
    if (imageRange && rawImage) node.image = imageRef(rawImage, this.span(imageRange), this.globalVars);
    else this.error(b.keywordSpan, 'FROM without an image: the build fails.');
    const stageName = ins.getBuildStage();
    const stageRange = ins.getBuildStageRange();
    if (stageName && stageRange) node.alias = { value: stageName, span: this.span(stageRange) };
    else if (b.args.length > 1) {
      const as = b.args[1]!;
      if (as.value.toUpperCase() !== 'AS' || b.args.length !== 3) this.error(as.span, `Unexpected "${as.value}" after the FROM image: write "FROM <image> AS <name>"; the build fails.`);
    }
    const platform = b.flags.find((f) => f.name === 'platform');
    if (platform) node.platform = platform;

    const index = this.root.stages.length;
    const repoLower = node.image?.resolved?.toLowerCase();
    const parent = repoLower !== undefined ? (this.stageByName.get(repoLower) ?? -1) : -1;
    const parentStage = parent >= 0 ? this.root.stages[parent] : undefined;
    const baseRef = parentStage ? parentStage.base : node.image && !node.image.unresolved ? node.image : undefined;
    const baseInfo = parentStage ? parentStage.baseInfo : baseRef ? imageInfo(baseRef) : UNKNOWN_IMAGE;
    const stage: Stage = {
      type: 'stage',
      index,
      from: node,
      baseInfo,
      instructions: [node],
      runs: [],
      copies: [],
      env: parentStage ? [...parentStage.env] : [],
      expose: parentStage ? [...parentStage.expose] : [],
      cmds: [],
      entrypoints: [],
      isFinal: false,
    };
    if (node.alias) {
      stage.name = node.alias.value.toLowerCase();
      if (!this.stageByName.has(stage.name)) this.stageByName.set(stage.name, index);
    }
    if (parentStage) stage.parent = parent;
    if (baseRef) stage.base = baseRef;
    if (parentStage?.user) stage.user = parentStage.user;
    if (parentStage?.healthcheck) stage.healthcheck = parentStage.healthcheck;
    if (parentStage?.shell) stage.shell = parentStage.shell;
    this.root.stages.push(stage);
    const vars = new Map<string, string | undefined>();
    for (const e of stage.env) vars.set(e.name, e.value);
    this.state = { stage, vars, env: new Map(stage.env.map((e) => [e.name, e])), dialect: dialectOf(stage.shell, baseInfo.shell) };
    return node;
  }

  /**
   * The shell or exec form of the command text in [start, end), written into `target`. The script is
   * parsed here, not on first read: with the default rules every script is read, and a lazy getter on
   * the node measured slower than parsing them all.
   */
  private commandForm<T extends object>(target: T, start: number, end: number): T & CommandForm {
    const mt = this.joined(start, end, this.escape);
    const trimmed = mt.text.trim();
    const form = target as T & CommandForm;
    if (trimmed.startsWith('[')) {
      const argv = this.jsonArray(mt);
      if (argv) {
        form.form = 'exec';
        form.argv = argv;
        const script = this.execScript(argv);
        if (script) form.script = script;
        return form;
      }
    }
    form.form = 'shell';
    form.argv = [];
    form.shellText = trimmed;
    form.script = parseShell(mt, this.state?.dialect ?? 'posix');
    return form;
  }

  /** Decodes a JSON array of strings with the span of each string, or undefined when it is not one. */
  private jsonArray(mt: MappedText): Word[] | undefined {
    let parsed: unknown;
    try {
      parsed = JSON.parse(mt.text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string')) return undefined;
    // Locate each string literal in the joined text to get its span.
    const words: Word[] = [];
    let i = 0;
    const s = mt.text;
    for (const value of parsed as string[]) {
      const q = s.indexOf('"', i);
      if (q < 0) return undefined;
      let j = q + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      words.push({ value, span: { start: offsetAt(mt, q), end: offsetAt(mt, Math.min(j, s.length - 1)) + 1 } });
      i = j + 1;
    }
    return words;
  }

  /** For exec form `["sh", "-c", "script"]`, the script parsed as shell (mapped into the string). */
  private execScript(argv: Word[]): CommandForm['script'] {
    const prog = argv[0] ? basename(argv[0].value) : '';
    if (!SHELLS.test(prog)) return undefined;
    const c = argv.findIndex((w, i) => i > 0 && /^-[a-z]*c[a-z]*$/.test(w.value));
    const scriptWord = c > 0 ? argv[c + 1] : undefined;
    if (!scriptWord) return undefined;
    const rawInner = this.text.slice(scriptWord.span.start + 1, scriptWord.span.end - 1);
    if (rawInner === scriptWord.value) return parseShell(mapped(rawInner, scriptWord.span.start + 1));
    // Escapes inside the JSON string: positions fall back to the whole string.
    return parseShell(flatMapped(scriptWord.value, scriptWord.span.start, scriptWord.span.end));
  }

  private run(ins: AstInstruction, b: OtherInstruction): RunInstruction {
    const firstArg = b.args[0];
    const cacheMounts = b.flags
      .filter((f) => f.name === 'mount' && f.value && /(^|,)type=(cache|tmpfs)(,|$)/.test(f.value))
      .map((f) => /(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(f.value!)?.[1] ?? '');
    const node: RunInstruction = extend(b, { keyword: 'RUN', form: 'shell', argv: [], cacheMounts, dataHeredocs: [] });
    if (!firstArg) return node;
    // dockerfile-ast finds here-documents only at arguments that start with `<<`: without one, its scan is skipped.
    const mayHaveHeredoc = b.args.some((a) => a.value.startsWith('<<'));
    const heredocs = mayHaveHeredoc && ins instanceof JSONInstruction && 'getHeredocs' in ins ? heredocsOf(ins as unknown as { getHeredocs(): Heredoc[] }) : [];
    if (!heredocs.length) return this.commandForm(node, firstArg.span.start, b.span.end);
    // A heredoc RUN: the command line ends where the first body starts.
    const firstStart = this.span(heredocs[0]!.getStartRange());
    const line = this.lines.position(firstStart.start).line;
    const cmdEnd = this.lines.lineEnd(line);
    const cmdLine = this.joined(firstArg.span.start, cmdEnd, this.escape);
    const head = parseShell(cmdLine, this.state?.dialect ?? 'posix');
    const bodies = heredocs.map((h) => {
      const cr = h.getContentRange();
      const sp = cr ? this.span(cr) : { start: firstStart.end, end: firstStart.end };
      return { value: this.text.slice(sp.start, sp.end), span: sp };
    });
    const headCmd = head.commands[0];
    const bodiesAreScript = head.commands.length === 0 || (head.commands.length === 1 && SHELLS.test(headCmd!.name) && !headCmd!.argv.some((w) => /^-[a-z]*c[a-z]*$/.test(w.value)));
    node.shellText = cmdLine.text.trim();
    if (bodiesAreScript) {
      const commands = bodies.flatMap((body) => parseShell(mapped(body.value, body.span.start)).commands);
      node.script = { commands };
    } else {
      node.script = head;
      node.dataHeredocs = bodies;
    }
    return node;
  }

  private cmd(b: OtherInstruction): CmdInstruction {
    const node: CmdInstruction = extend(b, { keyword: b.keyword as 'CMD' | 'ENTRYPOINT', form: 'shell', argv: [] });
    const start = b.args[0]?.span.start;
    if (start === undefined) return Object.assign(node, { shellText: '', script: { commands: [] } });
    return this.commandForm(node, start, b.span.end);
  }

  private copy(ins: AstInstruction, b: OtherInstruction): CopyInstruction {
    const node: CopyInstruction = extend(b, { keyword: b.keyword as 'COPY' | 'ADD', sources: [], stage: b.stage });
    let words = b.args;
    if (ins instanceof JSONInstruction && b.args[0]?.value.startsWith('[')) {
      const start = b.args[0].span.start;
      const arr = this.jsonArray(this.joined(start, b.span.end, this.escape));
      if (arr) words = arr;
    }
    node.sources = words.slice(0, -1);
    const dest = words[words.length - 1];
    if (dest && words.length > 1) node.dest = dest;
    const from = ins instanceof Copy ? b.flags.find((f) => f.name === 'from') : undefined;
    if (from) {
      node.from = from;
      const value = substitute(from.value ?? '', this.globalVars);
      const v = value.text.toLowerCase();
      const current = this.state?.stage.index ?? 0;
      if (!value.unresolved) {
        if (/^\d+$/.test(v) && Number(v) < current) node.fromStage = Number(v);
        else {
          const idx = this.stageByName.get(v) ?? -1;
          if (idx >= 0 && idx < current) node.fromStage = idx;
        }
      }
    }
    return node;
  }

  private env(ins: AstInstruction, b: OtherInstruction): EnvInstruction {
    const props = ins instanceof Env || ins instanceof Label ? ins.getProperties() : [];
    const pairs: EnvPair[] = props.map((p) => {
      const nameSpan = this.span(p.getNameRange());
      const vr = p.getValueRange();
      return { name: p.getName(), value: p.getValue() ?? '', nameSpan, valueSpan: vr ? this.span(vr) : { start: nameSpan.end, end: nameSpan.end }, span: this.span(p.getRange()) };
    });
    return extend(b, { keyword: b.keyword as 'ENV' | 'LABEL', pairs });
  }

  private arg(ins: Arg, b: OtherInstruction): ArgInstruction {
    const node: ArgInstruction = extend(b, { keyword: 'ARG' });
    const p = ins.getProperty();
    if (!p) return node;
    node.name = p.getName();
    node.nameSpan = this.span(p.getNameRange());
    const v = p.getValue();
    if (v !== null) node.default = v;
    if (b.onbuild) return node;
    if (!this.state) {
      this.globalVars.set(node.name, v ?? undefined);
    } else {
      const value = v !== null ? substitute(v, this.state.vars).text : this.globalVars.get(node.name);
      if (!this.state.vars.has(node.name) || v !== null) this.state.vars.set(node.name, value);
    }
    return node;
  }

  private expose(b: OtherInstruction): ExposeInstruction {
    const vars = this.state?.vars ?? this.globalVars;
    const ports: ExposePort[] = b.args.map((a) => {
      const text = a.value.includes('$') ? substitute(a.value, vars).text : a.value;
      const m = /^(\d+)(?:-(\d+))?(?:\/(\w+))?$/.exec(text);
      const port: ExposePort = { protocol: (m?.[3] ?? /\/(\w+)$/.exec(text)?.[1] ?? 'tcp').toLowerCase(), text: a.value, span: a.span };
      if (m) {
        port.port = Number(m[1]);
        if (m[2]) port.portEnd = Number(m[2]);
      }
      return port;
    });
    return extend(b, { keyword: 'EXPOSE', ports });
  }

  private user(b: OtherInstruction): UserInstruction {
    const node: UserInstruction = extend(b, { keyword: 'USER', unresolved: false });
    const a = b.args[0];
    if (!a) return node;
    const colon = a.value.indexOf(':');
    const userText = colon >= 0 ? a.value.slice(0, colon) : a.value;
    const sub = userText.includes('$') ? substitute(userText, this.state?.vars ?? this.globalVars) : { text: userText, unresolved: false };
    node.user = { value: sub.text, span: { start: a.span.start, end: a.span.start + (colon >= 0 ? colon : a.value.length) } };
    node.unresolved = sub.unresolved;
    return node;
  }

  private healthcheck(ins: Healthcheck, b: OtherInstruction): HealthcheckInstruction {
    const sub = ins.getSubcommand();
    const word = sub?.getValue().toUpperCase();
    const node: HealthcheckInstruction = extend(b, { keyword: 'HEALTHCHECK', none: word === 'NONE' });
    if (word === 'CMD' && sub) {
      const afterCmd = b.args[1];
      if (afterCmd) node.command = this.commandForm({}, afterCmd.span.start, b.span.end);
    } else if (word !== 'NONE' && sub) {
      this.error(this.span(sub.getRange()), `HEALTHCHECK expects CMD or NONE, not "${sub.getValue()}": the build fails.`);
    }
    return node;
  }

  private shell(ins: AstInstruction, b: OtherInstruction): ShellInstruction {
    const start = b.args[0]?.span.start;
    const argv = start !== undefined ? this.jsonArray(this.joined(start, b.span.end, this.escape)) : undefined;
    if (!argv && start !== undefined) this.error(b.argsSpan, 'SHELL needs a JSON array (["/bin/bash", "-c"]): the build fails.');
    void ins;
    return extend(b, { keyword: 'SHELL', argv: argv ?? [] });
  }

  private onbuild(ins: Onbuild, b: OtherInstruction): OnbuildInstruction {
    const node: OnbuildInstruction = extend(b, { keyword: 'ONBUILD' });
    const trigger = ins.getTriggerInstruction();
    if (!trigger) return node;
    const kw = trigger.getKeyword();
    if (kw === 'ONBUILD' || kw === 'FROM' || kw === 'MAINTAINER') {
      this.error(this.span(trigger.getInstructionRange()), `ONBUILD ${kw} is not allowed: the build fails.`);
      return node;
    }
    node.trigger = this.instruction(trigger, true);
    return node;
  }
}

function dialectOf(shell: ShellInstruction | undefined, baseShell: string): 'posix' | 'other' {
  const prog = shell?.argv[0] ? basename(shell.argv[0].value).toLowerCase() : undefined;
  if (prog) return /^(powershell|pwsh|cmd)(\.exe)?$/.test(prog) ? 'other' : 'posix';
  return baseShell === 'windows' ? 'other' : 'posix';
}

/**
 * A `# lint500-…` directive written after an instruction on its line (`CMD node a.js  #
 * lint500-disable-line`). Dockerfiles have no trailing comments (Docker passes the text on: a shell
 * ignores it, an exec-form array breaks), so these are taken out of the text the instructions are
 * read from (blanked, keeping every offset) and returned as comments of their own.
 */
const TRAILING_DIRECTIVE = /^([ \t]*[^#\s\n][^\n]*?[ \t])(#[ \t]*lint500-[^\n]*?)[ \t]*(\r?)$/gm;

function takeTrailingDirectives(text: string): { text: string; comments: Comment[] } {
  if (!text.includes('lint500-')) return { text, comments: [] };
  const comments: Comment[] = [];
  const out = text.replace(TRAILING_DIRECTIVE, (line: string, before: string, directive: string, cr: string, offset: number) => {
    const start = offset + before.length;
    comments.push({ span: { start, end: start + directive.length }, text: directive.slice(1) });
    return before + ' '.repeat(line.length - before.length - cr.length) + cr;
  });
  return { text: out, comments };
}

export function parseDockerfile(file: SourceFile): ParseOutput<DockerfileRoot> {
  let df: AstDockerfile;
  const trailing = takeTrailingDirectives(file.text);
  try {
    df = DockerfileParser.parse(trailing.text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      root: { type: 'dockerfile', escape: '\\', directives: [], instructions: [], globalArgs: [], stages: [] },
      comments: [],
      diagnostics: [{ code: 'parse-error', severity: 'error', span: { start: 0, end: 0 }, message: `The Dockerfile could not be parsed: ${message}` }],
    };
  }
  const b = new DockerfileBuilder(trailing.text, df);
  const root = b.build();
  const comments: Comment[] = df.getComments().map((c) => {
    const span = b.span(c.getRange());
    return { span, text: c.getContent() };
  });
  // dockerfile-ast reads any `# word … =value` line at the top as a parser directive; Docker knows
  // only a few, and takes the others for comments (`# hadolint global ignore=DL3025`).
  for (const d of df.getDirectives()) {
    if (/^(syntax|escape|check)$/i.test(d.getName())) continue;
    const span = b.span(d.getRange());
    comments.push({ span, text: file.text.slice(span.start, span.end).replace(/^\s*#/, '') });
  }
  if (trailing.comments.length) {
    // An instruction ends before the directive written after it (a fix replaces up to there only).
    const clip = (span: { start: number; end: number }, at: number) => {
      if (span.start < at && span.end > at) {
        let end = at;
        while (end > span.start && (trailing.text[end - 1] === ' ' || trailing.text[end - 1] === '\t')) end--;
        span.end = end;
      }
    };
    for (const ins of [...root.instructions, ...root.stages.flatMap((st) => st.instructions)]) {
      for (const c of trailing.comments) {
        clip(ins.span, c.span.start);
        clip(ins.argsSpan, c.span.start);
      }
    }
    comments.push(...trailing.comments);
  }
  comments.sort((x, y) => x.span.start - y.span.start);
  return { root, comments, diagnostics: b.diagnostics };
}

function traverse(root: DockerfileRoot, enter: (type: string, node: unknown) => void, leave: (type: string, node: unknown) => void): void {
  if (!root) return;
  enter('dockerfile', root);
  const visit = (ins: Instruction) => {
    enter('instruction', ins);
    if (KEYWORDS.has(ins.keyword)) enter(ins.keyword, ins);
    if (KEYWORDS.has(ins.keyword)) leave(ins.keyword, ins);
    leave('instruction', ins);
  };
  for (const ins of root.instructions) if (ins.stage < 0) visit(ins);
  for (const stage of root.stages) {
    enter('stage', stage);
    for (const ins of stage.instructions) visit(ins);
    leave('stage', stage);
  }
  leave('dockerfile', root);
}

const parser: ParserModule<'dockerfile'> = {
  kind: 'dockerfile',
  comment: '#',
  parse: (file) => parseDockerfile(file),
  traverse,
  summarize: dockerFacts,
};
export default parser;

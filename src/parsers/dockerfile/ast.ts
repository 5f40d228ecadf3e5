/**
 * The Dockerfile tree rules see: plain data with UTF-16 offset spans, built once per file from
 * `dockerfile-ast`, plus the stage model and the parsed shell of every `RUN`. Rules read these
 * fields; none of them re-parses instruction or shell text.
 */
import type { Span } from '../../core/text.js';
import type { ImageInfo } from './images.js';
import type { ShellScript, ShellWord } from './shell.js';

/** A word of an instruction (an argument, a flag value, a JSON string) with its exact span. */
export interface Word {
  value: string;
  span: Span;
}

export interface Flag {
  /** Without the leading `--`. */
  name: string;
  value: string | null;
  span: Span;
  nameSpan: Span;
  valueSpan?: Span;
}

export type Keyword =
  | 'ADD'
  | 'ARG'
  | 'CMD'
  | 'COPY'
  | 'ENTRYPOINT'
  | 'ENV'
  | 'EXPOSE'
  | 'FROM'
  | 'HEALTHCHECK'
  | 'LABEL'
  | 'MAINTAINER'
  | 'ONBUILD'
  | 'RUN'
  | 'SHELL'
  | 'STOPSIGNAL'
  | 'USER'
  | 'VOLUME'
  | 'WORKDIR';

export const KEYWORDS: ReadonlySet<string> = new Set<Keyword>([
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL',
  'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
]);

interface InstructionBase {
  type: 'instruction';
  /** Upper-case keyword; for unknown keywords the text as written (they are also parse errors). */
  keyword: string;
  /** The keyword as written (`run`, `Run`). */
  keywordText: string;
  keywordSpan: Span;
  /** The whole instruction, keyword to the end of its last continuation line. */
  span: Span;
  /** Arguments after the flags, split on whitespace as Docker does for non-JSON forms. */
  args: Word[];
  flags: Flag[];
  /** The argument text with line continuations removed. */
  argsText: string;
  /** From the first argument (or flag) to the end of the instruction; the keyword's end when empty. */
  argsSpan: Span;
  /** Index into `DockerfileRoot.stages`; -1 before the first `FROM`. */
  stage: number;
  /** Set on the trigger instruction of an `ONBUILD`. */
  onbuild?: boolean;
}

/** A parsed image reference (`registry/path/name:tag@digest`). */
export interface ImageRef {
  /** The reference as written, before ARG substitution. */
  raw: string;
  /** After substituting ARG defaults; undefined when a variable has no default. */
  resolved?: string;
  /** Repository with registry, lower-case, without tag or digest (`docker.io/library/` removed). */
  repository: string;
  tag?: string;
  digest?: string;
  span: Span;
  tagSpan?: Span;
  digestSpan?: Span;
  /** The text still holds `$VAR` after substitution (an ARG without default, a build-time value). */
  unresolved: boolean;
}

export interface FromInstruction extends InstructionBase {
  keyword: 'FROM';
  image?: ImageRef;
  /** `AS <name>`. */
  alias?: Word;
  platform?: Flag;
}

/** Exec form (`["a", "b"]`) or shell form, for `RUN`, `CMD`, `ENTRYPOINT`, `HEALTHCHECK CMD`. */
export interface CommandForm {
  form: 'exec' | 'shell';
  /** Exec form: the JSON strings (decoded) with the spans of their quoted text. */
  argv: Word[];
  /** Shell form: the parsed shell script; exec form `sh -c '…'`: the parsed `-c` script. */
  script?: ShellScript;
  /** Shell form: the command text (continuations removed). */
  shellText?: string;
}

export interface RunInstruction extends InstructionBase, CommandForm {
  keyword: 'RUN';
  /** `--mount=type=cache,target=…` and `--mount=type=tmpfs,target=…` targets: what is written there stays out of the layer. */
  cacheMounts: string[];
  /** Here-document bodies fed to something other than the shell (`cat <<EOF > file`, `python3 <<EOF`). */
  dataHeredocs: Word[];
}

export interface CmdInstruction extends InstructionBase, CommandForm {
  keyword: 'CMD' | 'ENTRYPOINT';
}

export interface CopyInstruction extends InstructionBase {
  keyword: 'COPY' | 'ADD';
  /** `--from=<stage|image>`. */
  from?: Flag;
  /** Index of the stage `--from` names, when it names one defined earlier. */
  fromStage?: number;
  sources: Word[];
  dest?: Word;
}

export interface EnvPair {
  name: string;
  /** The value as Docker sees it (quotes and escapes removed); '' when empty. */
  value: string;
  nameSpan: Span;
  /** The value as written, quotes included; the name's end when there is no value. */
  valueSpan: Span;
  span: Span;
}

export interface EnvInstruction extends InstructionBase {
  keyword: 'ENV' | 'LABEL';
  pairs: EnvPair[];
}

export interface ArgInstruction extends InstructionBase {
  keyword: 'ARG';
  name?: string;
  nameSpan?: Span;
  default?: string;
}

export interface ExposePort {
  /** The port number, or undefined when it is a variable or a range start cannot be read. */
  port?: number;
  /** Upper end of a range (`8000-8010`). */
  portEnd?: number;
  protocol: 'tcp' | 'udp' | 'sctp' | string;
  text: string;
  span: Span;
}

export interface ExposeInstruction extends InstructionBase {
  keyword: 'EXPOSE';
  ports: ExposePort[];
}

export interface UserInstruction extends InstructionBase {
  keyword: 'USER';
  /** The user part (before `:`), after ARG/ENV substitution where possible. */
  user?: Word;
  unresolved: boolean;
}

export interface HealthcheckInstruction extends InstructionBase {
  keyword: 'HEALTHCHECK';
  none: boolean;
  command?: CommandForm;
}

export interface ShellInstruction extends InstructionBase {
  keyword: 'SHELL';
  argv: Word[];
}

export interface OnbuildInstruction extends InstructionBase {
  keyword: 'ONBUILD';
  trigger?: Instruction;
}

export interface OtherInstruction extends InstructionBase {
  keyword: 'LABEL' | 'MAINTAINER' | 'STOPSIGNAL' | 'VOLUME' | 'WORKDIR' | string;
}

export type Instruction =
  | FromInstruction
  | RunInstruction
  | CmdInstruction
  | CopyInstruction
  | EnvInstruction
  | ArgInstruction
  | ExposeInstruction
  | UserInstruction
  | HealthcheckInstruction
  | ShellInstruction
  | OnbuildInstruction
  | OtherInstruction;

export interface Stage {
  type: 'stage';
  index: number;
  /** `AS <name>`, lower-case as Docker compares them. */
  name?: string;
  from: FromInstruction;
  /** The stage this one starts from (`FROM build`), when it names an earlier stage. */
  parent?: number;
  /** The external image at the root of the parent chain; undefined for `FROM <unresolvable>`. */
  base?: ImageRef;
  /** What the base image provides (see images.ts). */
  baseInfo: ImageInfo;
  /** Every instruction of the stage, `FROM` first. */
  instructions: Instruction[];
  runs: RunInstruction[];
  copies: CopyInstruction[];
  /** ENV pairs in effect at the end of the stage, parents' first (later ones win by name). */
  env: EnvPair[];
  expose: ExposePort[];
  /** Last `USER` of this stage or, failing that, of its parent chain. */
  user?: UserInstruction;
  /** Last `HEALTHCHECK` of the chain. */
  healthcheck?: HealthcheckInstruction;
  /** Every `CMD` / `ENTRYPOINT` written in this stage, in order. */
  cmds: CmdInstruction[];
  entrypoints: CmdInstruction[];
  /** The effective ones (last of the stage, or inherited from a parent stage). */
  cmd?: CmdInstruction;
  entrypoint?: CmdInstruction;
  /** `SHELL` in effect (own or inherited); undefined means `/bin/sh -c`. */
  shell?: ShellInstruction;
  isFinal: boolean;
}

export interface Directive {
  name: string;
  value: string;
  span: Span;
}

export interface DockerfileRoot {
  type: 'dockerfile';
  /** The escape character (`\` or the `# escape=` directive's). */
  escape: string;
  directives: Directive[];
  /** Every top-level instruction in document order (ONBUILD triggers are under their ONBUILD). */
  instructions: Instruction[];
  /** ARGs before the first FROM, whose defaults apply to FROM lines. */
  globalArgs: ArgInstruction[];
  stages: Stage[];
  /** The stage that is deployed: the last one, or the one every declared build names as its target. */
  finalStage?: Stage;
  /**
   * How the run's compose and skaffold files build this Dockerfile, once the run is known (see
   * `src/parsers/cross/deploy.ts`): where each build is declared, the target they all name, and the
   * build arguments every one of them passes (a literal value, or undefined when interpolated).
   */
  deployment?: {
    builds: { file: string; span: Span }[];
    target?: { name: string; file: string; span: Span };
    args: Record<string, string | undefined>;
    /**
     * Each Kubernetes container or compose service that runs the built image: the user it runs it
     * as, and (Kubernetes) whether its workload serves requests (see `src/parsers/yaml/traffic.ts`).
     */
    users: { file: string; span: Span; what: string; nonRoot: boolean; serves?: boolean }[];
  };
}

/** Stages whose layers end up in the final image: the final stage and its `FROM <stage>` parents. */
export function finalChain(root: DockerfileRoot): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  let s = root.finalStage;
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    out.push(s);
    s = s.parent !== undefined ? root.stages[s.parent] : undefined;
  }
  return out.reverse();
}

/** Stages from the root of the parent chain down to `stage`. */
export function stageChain(root: DockerfileRoot, stage: Stage): Stage[] {
  const out: Stage[] = [];
  const seen = new Set<number>();
  let s: Stage | undefined = stage;
  while (s && !seen.has(s.index)) {
    seen.add(s.index);
    out.push(s);
    s = s.parent !== undefined ? root.stages[s.parent] : undefined;
  }
  return out.reverse();
}

export type { ShellWord };

declare module '../../core/rule.js' {
  interface KindRoots {
    dockerfile: DockerfileRoot;
  }
  interface KindNodes {
    dockerfile: {
      dockerfile: DockerfileRoot;
      stage: Stage;
      instruction: Instruction;
      FROM: FromInstruction;
      RUN: RunInstruction;
      CMD: CmdInstruction;
      ENTRYPOINT: CmdInstruction;
      COPY: CopyInstruction;
      ADD: CopyInstruction;
      ENV: EnvInstruction;
      LABEL: EnvInstruction;
      ARG: ArgInstruction;
      EXPOSE: ExposeInstruction;
      USER: UserInstruction;
      HEALTHCHECK: HealthcheckInstruction;
      SHELL: ShellInstruction;
      ONBUILD: OnbuildInstruction;
      WORKDIR: OtherInstruction;
      VOLUME: OtherInstruction;
      STOPSIGNAL: OtherInstruction;
      MAINTAINER: OtherInstruction;
    };
  }
}

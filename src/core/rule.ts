/**
 * The rule API: `defineRule({ meta, create })`, the types a rule sees, and the contract between the
 * engine and the per-kind parsers. Parsers add their node types to `KindNodes` and their root type to
 * `KindRoots` by declaration merging, so a rule's visitors are typed by the kind it reads without the
 * core knowing any parser.
 */
import type { CauseId } from './causes.js';
import type { LineIndex, Span } from './text.js';

/** Every file kind lint500 reads. */
export const FILE_KINDS = ['nginx', 'dockerfile', 'k8s', 'tomcat', 'spring', 'js', 'python', 'java', 'manifest'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export type RuleKind = FileKind | 'project';

export type Severity = 'error' | 'warning' | 'info';
export type RuleStatus = 'stable' | 'preview' | 'deprecated';
export type FixKind = 'safe' | 'unsafe';

/** Node types by file kind; each parser augments this (`declare module '.../core/rule.js'`). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KindNodes {}
/** The root of a parsed file by kind; each parser augments this. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KindRoots {}

export type NodesOf<K extends FileKind> = K extends keyof KindNodes ? KindNodes[K] : Record<string, unknown>;
export type RootOf<K extends FileKind> = K extends keyof KindRoots ? KindRoots[K] : unknown;

/**
 * What the project model reads of a file of a kind, for kinds whose parser can summarise a file
 * (`ParserModule.summarize`); augmented per kind like `KindRoots`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface KindSummaries {}
export type SummarizedKind = keyof KindSummaries & FileKind;
export type SummaryOf<K extends FileKind> = K extends keyof KindSummaries ? KindSummaries[K] : never;

/** One text edit: replace `span` of `file` (default: the file being linted) with `text`. */
export interface Edit {
  span: Span;
  text: string;
  file?: string;
}

export interface Suggestion {
  desc: string;
  edits: Edit[];
}

export interface RelatedLocation {
  file: string;
  span: Span;
  message: string;
}

/** Anything with a span can be reported; a `file` property says which file it lives in (nginx includes). */
export interface Locatable {
  span: Span;
  file?: string;
}

export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number | boolean>;
  /** Where: a node with a span, or an explicit span. */
  node?: Locatable;
  span?: Span;
  /** The file the span is in; default the node's file or the file being linted (project rules must set it). */
  file?: string;
  /** Override the rule's default severity for this finding (used when the user has not configured one). */
  severity?: Severity;
  fix?: Edit | Edit[];
  suggest?: Suggestion[];
  related?: RelatedLocation[];
}

/** A comment in a source file, kept by parsers for suppressions. */
export interface Comment {
  span: Span;
  /** The comment's text without its delimiters (`#`, `//`, `<!--` … `-->`). */
  text: string;
  file?: string;
}

/** A suppression that does not come from a comment (e.g. a Kubernetes annotation). */
export interface SuppressionRegion {
  file?: string;
  /** Lines covered, 1-based, inclusive. */
  fromLine: number;
  toLine: number;
  ruleIds: string[] | 'all';
  reason?: string;
  /** Where the suppression is written, for "unused" reports. */
  span: Span;
  /** Written for another linter (kube-linter's annotation): never reported as unused. */
  foreign?: string;
}

/** A diagnostic produced by a parser rather than a rule: `parse-error`, `include-not-found`, … */
export interface ParserDiagnostic {
  code: string;
  message: string;
  span: Span;
  severity: Severity;
  file?: string;
}

export interface SourceFile {
  /** Path as the user sees it (relative to the run's root where possible, `/` separators). */
  path: string;
  text: string;
  kind: FileKind;
  /**
   * The text's hash as `textHash` computes it with the run's `textDigest`, when the caller knows it without reading the text
   * (a cached run's unchanged file, whose `text` is then read only if something needs it).
   */
  hash?: string;
  /**
   * Called by the engine when it no longer needs the text for now (the file's rules ran and its
   * findings in it are placed): the file may let the text go and read it again if `text` is read
   * later. Files that cannot read their text again (stdin, editor buffers) do not have it.
   * `final` is false when the file was parsed ahead of its turn: its rules will read the text again
   * soon, and the file may keep it from that read on.
   */
  release?(final?: boolean): void;
}

export interface ParsedFile<K extends FileKind = FileKind> {
  path: string;
  kind: K;
  text: string;
  lines: LineIndex;
  root: RootOf<K>;
  /**
   * The file's comments. Once the file's own rules ran, a tree the run keeps for project rules and
   * other files' rules has only those that may be suppression directives.
   */
  comments: Comment[];
}

/** Read-only access to files outside the linted set (includes, manifests); supplied by the adapter. */
export interface FileHost {
  /** Text of a file, or undefined when it does not exist, is unreadable or is outside the tree. */
  readFile(path: string): string | undefined;
  /** Paths matching a glob (sorted), relative paths resolved against `cwd`. */
  glob(pattern: string, cwd: string): string[];
  /** Whether a path is inside the tree lint500 may read. */
  isInside(path: string): boolean;
  /**
   * The repository a folder belongs to (the nearest folder at or above it with `.git`), in the
   * host's path form; undefined when it is in none or the host cannot tell. Deployment units never
   * span two repositories.
   */
  repositoryRoot?(dir: string): string | undefined;
}

export interface ParseEnv {
  host: FileHost;
  settings: Settings;
  /** Every path in the run, for parsers that resolve references between files. */
  runPaths: ReadonlySet<string>;
  /**
   * State a parser may keep between parses of one file, to reuse the parts of the text that did
   * not change (the language server gives one per open document; batch runs none).
   */
  reuse?: Map<string, unknown>;
}

export interface ParseOutput<R> {
  root: R;
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
  suppressions?: SuppressionRegion[];
  /** Files this file pulled in (nginx `include`): linted as part of this file, not on their own. */
  includes?: string[];
  /** Texts of files read through the host, so the engine can locate spans in them. */
  texts?: Record<string, string>;
}

export interface ParserModule<K extends FileKind = FileKind> {
  kind: K;
  /** One-time asynchronous setup (loading a grammar). */
  init?(): Promise<void>;
  /** Must never throw: syntax errors become `parse-error` diagnostics. */
  parse(file: SourceFile, env: ParseEnv): ParseOutput<RootOf<K>>;
  /** Calls `enter(type, node)` for every node in document order and `leave(type, node)` after its children. */
  traverse(root: RootOf<K>, enter: (type: string, node: unknown) => void, leave: (type: string, node: unknown) => void): void;
  /** Line comment syntax for "disable" code actions: `#`, `//`, or a `[open, close]` pair. */
  comment: string | readonly [string, string];
  /** Called after parsing and rules, to release native memory (tree-sitter trees). */
  dispose?(root: RootOf<K>): void;
  /**
   * What other files' rules read of this file, as small plain data (no functions, no tree nodes).
   * When a parser has it, the engine keeps only the summary once the file's own rules have run and
   * drops the tree: a run over many files then holds summaries, not trees, and worker threads send
   * summaries back, not trees. Rules read it through `model.summaries(kind)`; asking for the tree of
   * such a file (`model.file`, `model.filesOf`) parses it again.
   */
  summarize?(file: ParsedFile<K>): SummaryOf<K>;
  /**
   * Files of this kind may pull in other files (nginx `include`). Every file of such a kind is parsed
   * before any file is linted, so that a file included by another is known to be; with `summarize`,
   * each tree is then dropped at once and parsed again when its rules run.
   */
  includesFiles?: boolean;
  /**
   * What files of this kind settle about files of other kinds, once the run is known: a compose
   * file's `build.target` picks the stage of a Dockerfile that is deployed. Called with a freshly
   * parsed file of that kind before its rules run and before it is summarised; returns whether it
   * read the model (the file's findings then depend on the run, for the cache).
   */
  deploys?: Partial<Record<FileKind, (file: ParsedFile, model: ProjectModel) => boolean>>;
}

/** Settings that parsers and rules read; set in config under `settings`. */
export interface Settings {
  k8s?: { clusters?: string[] };
  nginx?: { prefix?: string; maxIncludeDepth?: number; maxIncludes?: number };
  limits?: { maxFileSize?: number; maxDepth?: number; maxAliasCount?: number };
  [key: string]: unknown;
}

// ---------------------------------------------------------------------------------------------
// Options: a flat schema with defaults; the Options type is inferred from it.

export type OptionSpec =
  | { type: 'number'; default: number; description: string; minimum?: number; maximum?: number }
  | { type: 'integer'; default: number; description: string; minimum?: number; maximum?: number }
  | { type: 'string'; default: string; description: string; enum?: readonly string[] }
  | { type: 'boolean'; default: boolean; description: string }
  | { type: 'string[]'; default: readonly string[]; description: string };

export type OptionSpecs = Record<string, OptionSpec>;

type OptionValue<S extends OptionSpec> = S['type'] extends 'number' | 'integer'
  ? number
  : S['type'] extends 'string'
    ? string
    : S['type'] extends 'boolean'
      ? boolean
      : readonly string[];

export type OptionsOf<O extends OptionSpecs> = { readonly [K in keyof O]: OptionValue<O[K]> };

// ---------------------------------------------------------------------------------------------
// Rules

export interface RuleMeta<M extends string = string, O extends OptionSpecs = OptionSpecs, K extends RuleKind = RuleKind> {
  /** `<domain>/<thing>-<condition>`; the file name is the last segment. */
  id: string;
  /** The file kind(s) it reads, or `project` for rules over the whole ProjectModel. */
  kind: K | readonly K[];
  severity: Severity;
  recommended: boolean;
  status: RuleStatus;
  since: string;
  description: string;
  causes: readonly CauseId[];
  remediation: string;
  messages: Record<M, string>;
  options?: O;
  fix?: FixKind;
  /** A rule that needs a type checker or other heavy machinery. */
  typeAware?: boolean;
}

export interface RuleContextBase<M extends string> {
  readonly id: string;
  readonly settings: Settings;
  report(descriptor: ReportDescriptor<M>): void;
  /** Text and line index of any file in the run (or read through the host). */
  source(path: string): { text: string; lines: LineIndex } | undefined;
  readonly model: ProjectModel;
}

export interface FileRuleContext<M extends string, K extends FileKind> extends RuleContextBase<M> {
  readonly file: ParsedFile<K>;
}

export type ProjectRuleContext<M extends string> = RuleContextBase<M>;

type AllKeys<K> = K extends FileKind ? keyof NodesOf<K> & string : never;
type NodeFor<K, T extends string> = K extends FileKind ? (T extends keyof NodesOf<K> ? NodesOf<K>[T] : never) : never;

export type FileVisitors<K extends FileKind> = {
  [T in AllKeys<K>]?: (node: NodeFor<K, T>) => void;
} & {
  [T in `${AllKeys<K>}:exit`]?: T extends `${infer B}:exit` ? (node: NodeFor<K, B>) => void : never;
} & {
  /** Called once after the traversal. */
  'file:exit'?: () => void;
};

export interface ProjectVisitors {
  project(model: ProjectModel): void;
}

export type RuleVisitors<K extends RuleKind> = [K] extends ['project']
  ? ProjectVisitors
  : FileVisitors<Exclude<K, 'project'>>;

export type RuleContext<M extends string, K extends RuleKind> = [K] extends ['project']
  ? ProjectRuleContext<M>
  : FileRuleContext<M, Exclude<K, 'project'>>;

export interface Rule<M extends string = string, O extends OptionSpecs = OptionSpecs, K extends RuleKind = RuleKind> {
  meta: RuleMeta<M, O, K>;
  create(ctx: RuleContext<M, K>, options: OptionsOf<O>): RuleVisitors<K>;
}

/** A rule of any kind, as the engine and registry hold them. */
export interface AnyRule {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  meta: RuleMeta<string, any, any>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(ctx: any, options: any): unknown;
}

/**
 * Define a rule. The generic parameters are inferred from `meta`, so a wrong messageId in
 * `ctx.report` or a wrong option name is a type error.
 */
export function defineRule<const M extends string, const O extends OptionSpecs = Record<never, never>, const K extends RuleKind = RuleKind>(
  rule: Rule<M, O, K>,
): Rule<M, O, K> {
  return rule;
}

export function ruleKinds(meta: Pick<RuleMeta, 'kind'>): RuleKind[] {
  return (Array.isArray(meta.kind) ? [...meta.kind] : [meta.kind]) as RuleKind[];
}

// ---------------------------------------------------------------------------------------------
// Project model

/** Everything a project rule can see: every parsed file of the run, and derived indexes. */
export interface ProjectModel {
  readonly files: readonly ParsedFile[];
  filesOf<K extends FileKind>(kind: K): ParsedFile<K>[];
  file(path: string): ParsedFile | undefined;
  /**
   * The summary of every file of a kind whose parser summarises (see `ParserModule.summarize`), in
   * run order; files that failed to parse have none. Cheaper than `filesOf`: no tree is kept.
   */
  summaries<K extends SummarizedKind>(kind: K): SummaryOf<K>[];
  /** Text of a file of the run, or of a file the host may read; never parses. */
  text(path: string): string | undefined;
  /** Builds a derived index once per run (k8s objects by label, routes, …). */
  memo<T>(key: string, build: () => T): T;
  readonly host: FileHost;
  readonly settings: Settings;
}

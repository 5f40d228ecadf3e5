/**
 * The tree-sitter layer shared by the Python and Java parsers: loads web-tree-sitter and a grammar
 * once (only when a file of that language is in the run), parses a text, and converts the native tree
 * into plain objects that this package owns. The native tree is freed right after conversion, so no
 * rule or model builder ever holds WebAssembly memory and nothing needs disposing later.
 *
 * Offsets: web-tree-sitter reads a JavaScript string as UTF-16, so its indices are already the
 * UTF-16 offsets every lint500 span uses; non-ASCII text needs no conversion (tested).
 */
import type { Language, Parser, Tree } from 'web-tree-sitter';
import type { Comment, ParserDiagnostic } from '../../core/rule.js';
import type { Span } from '../../core/text.js';

export type GrammarName = 'python' | 'java';

/** One syntax node. Anonymous tokens (`(`, `:`, `async`) are kept with `named: false`. */
export class TsNode {
  parent: TsNode | undefined = undefined;
  children: TsNode[] = [];
  /** The field this node fills in its parent (`name`, `body`, `condition`, …). */
  field: string | undefined = undefined;
  constructor(
    readonly type: string,
    readonly named: boolean,
    readonly span: Span,
    private readonly doc: { text: string },
  ) {}
  get text(): string {
    return this.doc.text.slice(this.span.start, this.span.end);
  }
  /** The first child filling `field`. */
  child(field: string): TsNode | undefined {
    for (const c of this.children) if (c.field === field) return c;
    return undefined;
  }
  /** Every child filling `field`. */
  childrenOf(field: string): TsNode[] {
    return this.children.filter((c) => c.field === field);
  }
  get namedChildren(): TsNode[] {
    return this.children.filter((c) => c.named);
  }
  /** The first named child of one of the given types. */
  childOfType(...types: string[]): TsNode | undefined {
    for (const c of this.children) if (types.includes(c.type)) return c;
    return undefined;
  }
}

export interface TsParseResult {
  root: TsNode;
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
}

interface Loaded {
  parser: Parser;
}

const loaded = new Map<GrammarName, Loaded>();
const loading = new Map<GrammarName, Promise<void>>();

/** Grammars loaded so far in this process (for the cold-start test). */
export function loadedGrammars(): GrammarName[] {
  return [...loaded.keys()].sort();
}

/**
 * Where the grammars are. By default the package's vendor/grammars/, found relative to this module
 * wherever it runs: a chunk of the CLI bundle in dist/cli/, src/parsers/treesitter/ or
 * dist/src/parsers/treesitter/. URLs, not paths: Node reads them from disk, a browser fetches them, so a page
 * that serves the grammars elsewhere sets that folder's URL with `setGrammarLocation`.
 */
let locations: URL[] | undefined;

export function setGrammarLocation(folder: string | URL): void {
  locations = [new URL(folder)];
}

function grammarCandidates(name: GrammarName): URL[] {
  const folders = locations ?? ['../../vendor/grammars/', '../../../vendor/grammars/', '../../../../vendor/grammars/'].map((rel) => new URL(rel, import.meta.url));
  return folders.map((folder) => new URL(`tree-sitter-${name}.wasm`, folder));
}

/** Loads web-tree-sitter and one grammar; later calls return at once. */
export function loadGrammar(name: GrammarName): Promise<void> {
  if (loaded.has(name)) return Promise.resolve();
  let p = loading.get(name);
  if (!p) {
    p = (async () => {
      // Loaded here, not at the top, so runs without Python or Java files never load WebAssembly.
      const ts = await import('web-tree-sitter');
      await ts.Parser.init();
      let language: Language | undefined;
      let lastError: unknown;
      for (const url of grammarCandidates(name)) {
        try {
          // web-tree-sitter reads its input with fs.readFile under Node and fetch() elsewhere: both
          // take a URL object, though its type names only a string.
          language = await ts.Language.load(url as unknown as string);
          break;
        } catch (e) {
          lastError = e;
        }
      }
      if (!language) throw new Error(`cannot load the ${name} grammar: ${lastError instanceof Error ? lastError.message : String(lastError)}`);
      const parser = new ts.Parser();
      parser.setLanguage(language);
      loaded.set(name, { parser });
    })();
    loading.set(name, p);
    p.catch(() => loading.delete(name));
  }
  return p;
}

export interface ConvertOptions {
  /** Node types that are comments: dropped from the tree, returned as comments. */
  commentTypes: ReadonlySet<string>;
  /** Strips a comment's delimiters. */
  commentText(raw: string, type: string): string;
  /** Most parse-error diagnostics reported per file. */
  maxErrors?: number;
}

function describeError(text: string): string {
  const snippet = text.replace(/\s+/g, ' ').trim();
  if (!snippet) return 'Syntax error.';
  return `Syntax error near \`${snippet.length > 30 ? `${snippet.slice(0, 30)}…` : snippet}\`.`;
}

/**
 * Parses `text` with a loaded grammar and returns plain nodes. Never throws: an unloaded grammar or a
 * failed parse becomes a parse-error on an empty root.
 */
export function parseWith(name: GrammarName, text: string, opts: ConvertOptions): TsParseResult {
  const doc = { text };
  const empty = (): TsNode => new TsNode(name === 'python' ? 'module' : 'program', true, { start: 0, end: text.length }, doc);
  const entry = loaded.get(name);
  if (!entry) {
    return { root: empty(), comments: [], diagnostics: [{ code: 'internal-error', severity: 'error', span: { start: 0, end: 0 }, message: `The ${name} grammar is not loaded.` }] };
  }
  let tree: Tree | null;
  try {
    tree = entry.parser.parse(text);
  } catch (e) {
    return { root: empty(), comments: [], diagnostics: [{ code: 'parse-error', severity: 'error', span: { start: 0, end: 0 }, message: `The ${name} parser failed: ${e instanceof Error ? e.message : String(e)}` }] };
  }
  if (!tree) return { root: empty(), comments: [], diagnostics: [{ code: 'parse-error', severity: 'error', span: { start: 0, end: 0 }, message: `The ${name} parser gave up on this file.` }] };
  try {
    return convert(tree, doc, opts);
  } finally {
    tree.delete();
  }
}

const PUNCTUATION = new Set(['(', ')', '[', ']', '{', '}', ',', ';', ':', '.']);

function convert(tree: Tree, doc: { text: string }, opts: ConvertOptions): TsParseResult {
  const comments: Comment[] = [];
  const diagnostics: ParserDiagnostic[] = [];
  const maxErrors = opts.maxErrors ?? 20;
  const cursor = tree.walk();
  try {
    const root = new TsNode(cursor.nodeType, true, { start: cursor.startIndex, end: cursor.endIndex }, doc);
    // The parent chain of the node under the cursor; an explicit stack, so deep nesting cannot
    // overflow the JavaScript stack.
    const stack: TsNode[] = [root];
    // How many ERROR nodes enclose the cursor: errors inside an error are not reported again.
    let inError = 0;
    if (!cursor.gotoFirstChild()) return { root, comments, diagnostics };
    for (;;) {
      const type = cursor.nodeType;
      const span = { start: cursor.startIndex, end: cursor.endIndex };
      const parent = stack[stack.length - 1]!;
      let descended = false;
      if (opts.commentTypes.has(type)) {
        comments.push({ span, text: opts.commentText(doc.text.slice(span.start, span.end), type) });
      } else if (PUNCTUATION.has(type) && !cursor.nodeIsNamed && !cursor.nodeIsMissing) {
        // Brackets and separators carry nothing a rule reads; dropping them halves the node count.
      } else {
        const node = new TsNode(type, cursor.nodeIsNamed, span, doc);
        node.parent = parent;
        const field = cursor.currentFieldName;
        if (field) node.field = field;
        parent.children.push(node);
        if (cursor.nodeIsMissing) {
          if (!inError && diagnostics.length < maxErrors)
            diagnostics.push({ code: 'parse-error', severity: 'error', span: { start: span.start, end: span.start }, message: `Syntax error: missing \`${type}\`.` });
        } else if (type === 'ERROR') {
          if (!inError && diagnostics.length < maxErrors)
            diagnostics.push({ code: 'parse-error', severity: 'error', span: trimSpan(doc.text, span), message: describeError(doc.text.slice(span.start, span.end)) });
        }
        if (cursor.gotoFirstChild()) {
          stack.push(node);
          if (type === 'ERROR') inError++;
          descended = true;
        }
      }
      if (descended) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { root, comments, diagnostics };
        const left = stack.pop();
        if (left?.type === 'ERROR') inError--;
        if (stack.length === 0) return { root, comments, diagnostics };
      }
    }
  } finally {
    cursor.delete();
  }
}

/** An ERROR node often starts with the whitespace before it; report from the first visible character. */
function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return start === end ? { start: span.start, end: Math.min(span.start + 1, text.length) } : { start, end };
}

/** Calls `enter` for every named node in document order and `leave` after its children; iterative. */
export function traverseTree(root: TsNode, enter: (type: string, node: unknown) => void, leave: (type: string, node: unknown) => void): void {
  const stack: { node: TsNode; i: number }[] = [{ node: root, i: -1 }];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    if (top.i === -1) {
      enter(top.node.type, top.node);
      top.i = 0;
    }
    const kids = top.node.children;
    while (top.i < kids.length && !kids[top.i]!.named) top.i++;
    if (top.i < kids.length) {
      stack.push({ node: kids[top.i++]!, i: -1 });
      continue;
    }
    leave(top.node.type, top.node);
    stack.pop();
  }
}

/** Every descendant (named or not) in document order, depth-first; `skip` prunes a subtree. */
export function* descendants(node: TsNode, skip?: (n: TsNode) => boolean): Generator<TsNode> {
  const stack: TsNode[] = [...node.children].reverse();
  while (stack.length) {
    const n = stack.pop()!;
    if (skip?.(n)) continue;
    yield n;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

/** The nearest ancestor of one of the given types. */
export function ancestor(node: TsNode, ...types: string[]): TsNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (types.includes(p.type)) return p;
  return undefined;
}

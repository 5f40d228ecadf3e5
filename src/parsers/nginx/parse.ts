/**
 * The nginx parser: statements from the tokenizer become directives with blocks, in the context
 * nginx would give them, and `include` pulls files in the way nginx does (relative to the prefix,
 * globs in sorted order). The checks nginx makes while reading (`unexpected "}"`, a block directive
 * without `{`, a simple directive running on into a `{`) become `parse-error`s on nginx's line.
 */
import { dirnameOf, joinPath } from '../../core/memory-host.js';
import type { Comment, FileHost, ParserDiagnostic, Settings } from '../../core/rule.js';
import { LineIndex, type Span } from '../../core/text.js';
import type { Directive, NginxArg, NginxConfig, NginxContext } from './ast.js';
import { Reader, type Word } from './lexer.js';
import { childContext, specsIn } from './reference.js';
import { appendAll } from '../../core/append.js';

export interface ParseResult {
  root: NginxConfig;
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
  includes: string[];
  texts: Record<string, string>;
}

const MAX_BLOCK_DEPTH = 200;
const DEFAULT_MAX_INCLUDE_DEPTH = 16;
const DEFAULT_MAX_INCLUDES = 1000;

/** A block whose body is another language, kept as raw text. */
export function isRawBlock(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

interface State {
  host: FileHost | undefined;
  prefix: string;
  maxDepth: number;
  maxIncludes: number;
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
  includes: string[];
  texts: Record<string, string>;
  /** Files being read, outermost first: an include of one of them is a cycle. */
  stack: string[];
  cycles: Set<string>;
  limitReported: boolean;
  /** Files read through `include` so far, counting repeats: bounds the work a include fan-out can cause. */
  reads: number;
  /** Whether a relative include may also be relative to a folder above the file (snippets whose prefix is not known). */
  searchUp: boolean;
  lines: Map<string, LineIndex>;
}

function lineOf(state: State, file: string, text: string, offset: number): number {
  let li = state.lines.get(file);
  if (!li) state.lines.set(file, (li = new LineIndex(text)));
  return li.position(offset).line;
}

function toArg(w: Word, file: string): NginxArg {
  const a: NginxArg = { value: w.value, raw: w.raw, span: w.span, file };
  if (w.quote) a.quote = w.quote;
  return a;
}

/** Names of the top-level statements of a text (and whether each opens a block), without building a tree. */
export function topLevelNames(text: string): { name: string; block: boolean }[] {
  const r = new Reader(text);
  const names: { name: string; block: boolean }[] = [];
  let depth = 0;
  for (let guard = 0; guard < 1_000_000; guard++) {
    const s = r.next();
    if (s.kind === 'eof') break;
    if (s.kind === 'close') {
      if (depth > 0) depth--;
      continue;
    }
    const name = s.words[0]?.value;
    if (depth === 0 && name !== undefined) names.push({ name, block: s.end === '{' });
    if (s.end === '{' && s.endSpan.end > s.endSpan.start) {
      if (name !== undefined && isRawBlock(name)) r.readRawBlock();
      else depth++;
    }
  }
  return names;
}

const CANDIDATES: NginxContext[] = ['main', 'http', 'http:server', 'http:location', 'http:upstream', 'stream', 'stream:server', 'stream:upstream'];

/**
 * The context a file's top level most likely stands in, from its directives: the one where most of
 * them are allowed (the outermost on a tie). `server` blocks put a file in http, `location`s in a
 * server, `server` lines in an upstream. A file of unknown directives only gets `http:any`, where context checks are skipped.
 */
export function inferContext(names: readonly { name: string; block: boolean }[]): NginxContext {
  let best: NginxContext = 'http:any';
  let bestCount = 0;
  const known = names.filter((n) => n.name !== 'include' && specsIn(n.name, 'unknown').length > 0);
  for (const c of CANDIDATES) {
    // `server x;` belongs in an upstream, `server { … }` in http: the block decides.
    const count = known.filter((n) => specsIn(n.name, c).some((sp) => sp.block === n.block)).length;
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}

export function parseNginx(text: string, path: string, host: FileHost | undefined, settings: Settings | undefined, context?: NginxContext): ParseResult {
  const ngx = settings?.nginx ?? {};
  const state: State = {
    host,
    prefix: ngx.prefix ?? dirnameOf(path),
    maxDepth: ngx.maxIncludeDepth ?? DEFAULT_MAX_INCLUDE_DEPTH,
    maxIncludes: ngx.maxIncludes ?? DEFAULT_MAX_INCLUDES,
    comments: [],
    diagnostics: [],
    includes: [],
    texts: {},
    stack: [path],
    cycles: new Set(),
    limitReported: false,
    reads: 0,
    lines: new Map(),
    searchUp: false,
  };
  const ctx = context ?? inferContext(topLevelNames(text));
  state.searchUp = ngx.prefix === undefined && ctx !== 'main';
  const directives = parseText(state, text, path, ctx, undefined, undefined);
  const root: NginxConfig = { type: 'config', file: path, directives, context: ctx, inferred: context === undefined && ctx !== 'main', includes: state.includes };
  return { root, comments: state.comments, diagnostics: state.diagnostics, includes: state.includes, texts: state.texts };
}

function parseText(state: State, text: string, file: string, context: NginxContext, parent: Directive | undefined, includedBy: Directive | undefined): Directive[] {
  const reader = newReader(state, text, file);
  const out = parseBlock(state, reader, file, context, parent, includedBy, 0, undefined);
  appendAll(state.comments, reader.comments);
  return out.directives;
}

function newReader(state: State, text: string, file: string): Reader {
  return new Reader(text, file, (e) => state.diagnostics.push({ code: 'parse-error', severity: 'error', span: e.span, message: explain(e.message), file }));
}

function explain(message: string): string {
  if (message === 'unexpected "}"') return 'unexpected "}": the directive before it is not terminated by ";" (nginx -t fails, the reload never happens).';
  if (message.startsWith('unexpected end of file')) return `${message}: a quoted string or a directive is not closed (nginx -t fails, the reload never happens).`;
  if (message.startsWith('unexpected')) return `${message}: a quoted word must be followed by a space, ";" or "{" (nginx -t fails, the reload never happens).`;
  return `${message} (nginx -t fails, the reload never happens).`;
}

function parseBlock(
  state: State,
  reader: Reader,
  file: string,
  context: NginxContext,
  parent: Directive | undefined,
  includedBy: Directive | undefined,
  depth: number,
  opener: Directive | undefined,
): { directives: Directive[]; close?: Span } {
  const directives: Directive[] = [];
  const error = (span: Span, message: string) => state.diagnostics.push({ code: 'parse-error', severity: 'error', span, message, file });
  for (;;) {
    const s = reader.next();
    if (s.kind === 'eof') {
      if (opener) {
        const line = lineOf(state, file, reader.text, opener.nameSpan.start);
        error(s.span, `unexpected end of file, expecting "}": the "${opener.name}" block opened on line ${line} is not closed (nginx -t fails, the reload never happens).`);
      }
      return { directives };
    }
    if (s.kind === 'close') {
      if (!opener) {
        error(s.span, 'unexpected "}": there is no open block to close here (nginx -t fails, the reload never happens).');
        continue;
      }
      return { directives, close: s.span };
    }
    const [nameWord, ...argWords] = s.words;
    const recovered = s.endSpan.start === s.endSpan.end;
    if (!nameWord) {
      // `{` with no directive before it (already reported by the tokenizer): read past its block.
      if (s.end === '{') {
        const anonymous: Directive = { type: 'directive', name: '{', nameSpan: s.endSpan, args: [], span: s.endSpan, head: s.endSpan, file, context: 'unknown' };
        if (depth >= MAX_BLOCK_DEPTH) skipBlock(reader);
        else parseBlock(state, reader, file, 'unknown', parent, undefined, depth + 1, anonymous);
      }
      continue;
    }
    const args = argWords.map((w) => toArg(w, file));
    const last = argWords[argWords.length - 1] ?? nameWord;
    const d: Directive = {
      type: 'directive',
      name: nameWord.value,
      nameSpan: nameWord.span,
      args,
      span: { start: nameWord.span.start, end: s.endSpan.end },
      head: { start: nameWord.span.start, end: last.span.end },
      file,
      context,
    };
    if (parent) d.parent = parent;
    if (includedBy) d.includedBy = includedBy;
    directives.push(d);

    const specs = context === 'literal' ? [] : specsIn(d.name, context);
    if (s.end === '{') {
      if (!recovered && specs.length && specs.every((x) => !x.block)) error(s.endSpan, `directive "${d.name}" is not terminated by ";": its arguments run on into this "{"; a ";" is probably missing after "${last.raw}" (nginx -t fails, the reload never happens).`);
      if (isRawBlock(d.name)) {
        const { body, close } = reader.readRawBlock();
        d.raw = { span: body, text: reader.text.slice(body.start, body.end) };
        d.block = [];
        if (close) d.span = { start: d.span.start, end: close.end };
        else {
          const line = lineOf(state, file, reader.text, d.nameSpan.start);
          error({ start: reader.text.length, end: reader.text.length }, `unexpected end of file, expecting "}": the "${d.name}" block opened on line ${line} is not closed (nginx -t fails, the reload never happens).`);
        }
        continue;
      }
      if (depth >= MAX_BLOCK_DEPTH) {
        error(d.head, `blocks nested more than ${MAX_BLOCK_DEPTH} deep; the rest of this block was not read.`);
        skipBlock(reader);
        d.block = [];
        continue;
      }
      const inner = parseBlock(state, reader, file, childContext(d.name, context), d, undefined, depth + 1, d);
      d.block = inner.directives;
      if (inner.close) d.span = { start: d.span.start, end: inner.close.end };
      else d.span = { start: d.span.start, end: reader.text.length };
      continue;
    }
    if (!recovered && specs.length && specs.every((x) => x.block)) error(s.endSpan, `directive "${d.name}" has no opening "{" (nginx -t fails, the reload never happens).`);
    if (d.name === 'include' && args[0]) include(state, d, args[0], context, parent, depth);
  }
}

function skipBlock(reader: Reader): void {
  let depth = 1;
  for (let guard = 0; guard < 10_000_000 && depth > 0; guard++) {
    const s = reader.next();
    if (s.kind === 'eof') return;
    if (s.kind === 'close') depth--;
    else if (s.end === '{') depth++;
  }
}

const GLOB = /[*?[]/;

/** Files nginx installs next to nginx.conf, included by name from most configurations. */
const STOCK_FILES = new Set(['mime.types', 'fastcgi_params', 'fastcgi.conf', 'scgi_params', 'uwsgi_params', 'koi-utf', 'koi-win', 'win-utf']);

/** Directories a relative include may be relative to: the prefix, then (for snippets) the folders above it. */
function prefixes(state: State): string[] {
  if (!state.searchUp) return [state.prefix];
  const out = [state.prefix];
  let dir = state.prefix;
  for (let i = 0; i < 8 && dir && dir !== '/' && dir !== '.' && !dir.endsWith('..'); i++) {
    dir = dirnameOf(dir);
    out.push(dir);
  }
  return out;
}

function include(state: State, d: Directive, arg: NginxArg, context: NginxContext, parent: Directive | undefined, depth: number): void {
  const host = state.host;
  if (!host) return;
  const pattern = arg.value;
  const glob = GLOB.test(pattern);
  const diag = (code: string, severity: ParserDiagnostic['severity'], message: string) => state.diagnostics.push({ code, severity, span: arg.span, message, file: d.file });
  const staticDir = (full: string) => (glob ? full.slice(0, Math.max(0, full.slice(0, full.search(GLOB)).lastIndexOf('/'))) || (full.startsWith('/') ? '/' : '.') : full);
  const dirs = pattern.startsWith('/') ? [state.prefix] : prefixes(state);
  const first = joinPath(dirs[0]!, pattern);
  let paths: string[] | undefined;
  let inside = false;
  for (const dir of dirs) {
    const full = joinPath(dir, pattern);
    if (!host.isInside(staticDir(full))) continue;
    inside = true;
    const found = glob ? host.glob(pattern, dir) : state.texts[full] !== undefined || host.readFile(full) !== undefined ? [full] : [];
    if (found.length) {
      paths = found;
      break;
    }
  }
  if (!paths) {
    const base = pattern.slice(pattern.lastIndexOf('/') + 1);
    if (!inside) diag('include-outside-tree', 'info', `include "${pattern}" points outside the linted tree (${first}); it was not read, so directives it sets are not checked.`);
    // Stock files (mime.types, fastcgi_params) sit in nginx's own folder; rules know what they set.
    else if (STOCK_FILES.has(base)) return;
    // A glob that matches nothing is fine for nginx (an empty conf.d).
    else if (!glob) {
      const tried = dirs.length > 1 ? ` (looked in ${dirs.map((x) => x || '.').join(', ')}; set settings.nginx.prefix to nginx's configuration folder)` : ` (resolved to ${first})`;
      diag('include-not-found', 'warning', `include "${pattern}" does not exist${tried}: nginx -t fails with "open() failed" and the reload never happens.`);
    }
    return;
  }
  d.included = [];
  for (const p of paths) {
    if (state.stack.includes(p)) {
      if (!state.cycles.has(p)) {
        state.cycles.add(p);
        const chain = [...state.stack.slice(state.stack.indexOf(p)), p].join(' -> ');
        diag('include-cycle', 'error', `include "${pattern}" includes ${p} again (${chain}): nginx recurses until it runs out of file descriptors and refuses the configuration.`);
      }
      continue;
    }
    if (state.stack.length > state.maxDepth) {
      diag('include-limit-reached', 'warning', `include "${pattern}" was not read: includes are nested more than ${state.maxDepth} deep (settings.nginx.maxIncludeDepth).`);
      return;
    }
    if (state.reads >= state.maxIncludes) {
      if (!state.limitReported) diag('include-limit-reached', 'warning', `include "${pattern}" was not read: more than ${state.maxIncludes} files were already included (settings.nginx.maxIncludes).`);
      state.limitReported = true;
      return;
    }
    const text = state.texts[p] ?? host.readFile(p);
    if (text === undefined) continue;
    state.reads++;
    if (!state.includes.includes(p)) state.includes.push(p);
    state.texts[p] = text;
    state.stack.push(p);
    const reader = newReader(state, text, p);
    const inner = parseBlock(state, reader, p, context, parent, d, depth, undefined);
    appendAll(state.comments, reader.comments);
    state.stack.pop();
    d.included.push({ path: p, directives: inner.directives });
  }
}

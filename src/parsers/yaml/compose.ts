/**
 * From text to position-carrying YAML trees: one pass of the `yaml` library's CST parser (kept for
 * the comments), its composer (for the documents and their errors), then a conversion into the
 * `ast.ts` tree with aliases resolved safely.
 */
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq, type Document } from 'yaml';
import type { Comment, ParserDiagnostic } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { YMap, YNode, YPair, YScalar } from './ast.js';
import { appendAll } from '../../core/append.js';

export interface ComposedDocument {
  index: number;
  /** The document's root node; undefined for an empty document. */
  node: YNode | undefined;
  span: Span;
  /** Syntax errors other than duplicate keys: the tree may be incomplete or wrong. */
  broken: boolean;
}

export interface Composed {
  documents: ComposedDocument[];
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
  /** Offsets of flow collections that open with `{{` (template syntax read as YAML). */
  templateBraces: number[];
  /** Spans where a tab is content, not whitespace: scalars, comments and flow collections. */
  contentSpans: Span[];
}

export interface ComposeLimits {
  maxDepth: number;
  maxAliasCount: number;
}

function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** A collection's span without the line breaks and blanks the library counts into it. */
function trimmedSpan(text: string, start: number, end: number): Span {
  let e = Math.max(start, end);
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return { start, end: e };
}

interface CstToken {
  type?: string;
  offset?: number;
  source?: string;
  start?: { offset?: number };
}

/**
 * Calls `visit` for every token object of a CST, walked without recursion (nesting depth is the
 * file's to choose); `visit` returns true to skip the token's children.
 */
function forEachCstToken(tokens: readonly unknown[], visit: (tok: CstToken) => boolean | void): void {
  const stack: unknown[] = [...tokens];
  while (stack.length) {
    const t = stack.pop();
    if (!t || typeof t !== 'object') continue;
    if (Array.isArray(t)) {
      for (const x of t) if (x && typeof x === 'object') stack.push(x);
      continue;
    }
    if (visit(t as CstToken)) continue;
    for (const v of Object.values(t)) if (v && typeof v === 'object') stack.push(v);
  }
}

/** Comments and `{{` flow openings from the CST. */
function scanCst(tokens: readonly unknown[], text: string, comments: Comment[], braces: number[]): void {
  forEachCstToken(tokens, (tok) => {
    if (tok.type === 'comment' && typeof tok.offset === 'number' && typeof tok.source === 'string') {
      comments.push({ span: span(tok.offset, tok.offset + tok.source.length), text: tok.source.replace(/^#/, '') });
      return true;
    }
    if (tok.type === 'flow-collection' && typeof tok.offset === 'number') {
      const start = tok.start?.offset ?? tok.offset;
      if (text.startsWith('{{', start)) braces.push(start);
    }
    return false;
  });
}

function parseText(text: string): { cst: unknown[]; docs: Document.Parsed[] } {
  const cst = Array.from(new Parser().parse(text));
  const composer = new Composer({ version: '1.1', uniqueKeys: true, prettyErrors: false, strict: true });
  const docs = [...composer.compose(cst as never), ...composer.end()] as Document.Parsed[];
  return { cst, docs };
}

/**
 * go-yaml (kubectl) accepts a multi-line quoted scalar whose continuation lines are not indented
 * past their key (`key: '[` … `]'` with the closing line at the key's column); YAML 1.2 and the
 * `yaml` library do not. To read such files as kubectl does, the scalar's content is blanked (same
 * length, line breaks kept) so the structure around it parses; only that scalar's value is lost.
 */
function relaxQuotedScalar(text: string, cst: readonly unknown[], errPos: number, quote: string): string | undefined {
  const type = quote === "'" ? 'single-quoted-scalar' : 'double-quoted-scalar';
  let open = -1;
  forEachCstToken(cst, (tok) => {
    if (tok.type === type && typeof tok.offset === 'number' && tok.offset < errPos && tok.offset > open) open = tok.offset;
  });
  if (open < 0 || text[open] !== quote) return undefined;
  let close = -1;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quote === '"' && c === '\\') {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && text[i + 1] === "'") {
        i++;
        continue;
      }
      close = i;
      break;
    }
  }
  if (close < 0) return undefined;
  return text.slice(0, open + 1) + text.slice(open + 1, close).replace(/[^\r\n]/g, ' ') + text.slice(close);
}

/** Compositions of a text where an unclosed quote was relaxed (the search for its end reads on past the document). */
const relaxedTexts = new WeakSet<Composed>();

/** Composes every document of a file. Never throws; a failure of the library becomes a parse error. */
export function compose(source: string, limits: ComposeLimits): Composed {
  const out: Composed = { documents: [], comments: [], diagnostics: [], templateBraces: [], contentSpans: [] };
  let text = source;
  let parsed: { cst: unknown[]; docs: Document.Parsed[] };
  try {
    parsed = parseText(text);
    for (let attempt = 0; attempt < 20; attempt++) {
      const missing = parsed.docs.flatMap((d) => d.errors).find((e) => e.code === 'MISSING_CHAR' && /^Missing closing ['"]quote/.test(e.message));
      if (!missing) break;
      const relaxed = relaxQuotedScalar(text, parsed.cst, missing.pos[0], missing.message.includes('"quote') ? '"' : "'");
      if (relaxed === undefined) break;
      const again = parseText(relaxed);
      const errors = (p: typeof parsed) => p.docs.reduce((n, d) => n + d.errors.length, 0);
      if (errors(again) >= errors(parsed)) break;
      text = relaxed;
      parsed = again;
      relaxedTexts.add(out);
    }
    scanCst(parsed.cst, text, out.comments, out.templateBraces);
  } catch (e) {
    out.diagnostics.push({
      code: 'parse-error',
      severity: 'error',
      span: span(0, 0),
      message: `The YAML could not be read: ${e instanceof Error ? e.message : String(e)}.`,
    });
    return out;
  }
  const docs = parsed.docs;
  out.comments.sort((a, b) => a.span.start - b.span.start);
  for (const c of out.comments) out.contentSpans.push(c.span);
  docs.forEach((doc, index) => {
    let broken = false;
    for (const e of doc.errors) {
      if (e.code !== 'DUPLICATE_KEY') broken = true;
      out.diagnostics.push(errorDiagnostic(text, e.code, e.message, e.pos));
    }
    const node = convertDocument(doc, text, limits, out);
    const r = doc.range;
    out.documents.push({ index, node, span: span(r[0], r[1]), broken });
  });
  return out;
}

function errorDiagnostic(text: string, code: string, message: string, pos: [number, number]): ParserDiagnostic {
  const start = Math.max(0, Math.min(pos[0], text.length));
  let end = Math.max(start, Math.min(pos[1], text.length));
  if (end === start && start < text.length && text[start] !== '\n' && text[start] !== '\r') end = start + 1;
  // Keep the span on the line where the error starts.
  const nl = text.slice(start, end).search(/[\r\n]/);
  if (nl >= 0) end = start + nl;
  let msg: string;
  if (code === 'DUPLICATE_KEY') {
    const q = text[start];
    if (q === '"' || q === "'") {
      const close = text.indexOf(q, start + 1);
      if (close > start) end = close + 1;
    } else {
      let k = start;
      while (k < text.length && text[k] !== '\n' && text[k] !== '\r' && !(text[k] === ':' && /[\s]|$/.test(text[k + 1] ?? ''))) k++;
      while (k > start && (text[k - 1] === ' ' || text[k - 1] === '\t')) k--;
      if (k > start) end = k;
    }
    const key = text.slice(start, end).trim();
    msg = `Duplicate key ${JSON.stringify(key)} in the same map: kubectl's default strict field validation rejects the manifest ("duplicate field"), and lenient tools silently keep only the last value.`;
  } else if (code === 'RESOURCE_EXHAUSTION') {
    msg = 'The YAML is nested too deeply to read.';
  } else {
    msg = `YAML syntax error: ${message.replace(/\.$/, '')}. kubectl rejects the file, so nothing in it is applied.`;
  }
  return { code: 'parse-error', severity: 'error', span: { start, end }, message: msg };
}

interface Converted {
  node: YNode | undefined;
  /** Aliases inside this node's expansion: the cost of expanding one more alias to it. */
  weight: number;
}

function convertDocument(doc: Document.Parsed, text: string, limits: ComposeLimits, out: Composed): YNode | undefined {
  const done = new Map<unknown, Converted>();
  const inProgress = new Set<unknown>();
  const uses = new Map<unknown, number>();
  const reported = new Set<unknown>();
  let tooDeepReported = false;

  const bad = (range: readonly number[] | null | undefined, message: string) => {
    const s = range?.[0] ?? 0;
    out.diagnostics.push({ code: 'parse-error', severity: 'error', span: span(s, range?.[1] ?? s), message });
  };

  const scalar = (n: unknown): YScalar => {
    const sc = n as { value: unknown; source?: unknown; type?: string; range?: [number, number, number] };
    const r = sc.range ?? [0, 0, 0];
    const raw = text.slice(r[0], r[1]);
    const v = sc.value;
    let value: YScalar['value'];
    if (v === null || v === undefined) value = null;
    else if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') value = v;
    else if (typeof v === 'bigint') value = Number(v);
    else value = raw;
    const source = typeof sc.source === 'string' ? sc.source : typeof value === 'string' ? value : raw;
    out.contentSpans.push(span(r[0], r[1]));
    return { type: 'scalar', value, source, quoted: sc.type !== undefined && sc.type !== 'PLAIN', span: span(r[0], r[1]) };
  };

  const conv = (n: unknown, depth: number): Converted => {
    if (n === null || n === undefined) return { node: undefined, weight: 0 };
    if (depth > limits.maxDepth) {
      if (!tooDeepReported) bad((n as { range?: number[] }).range, `The YAML is nested deeper than ${limits.maxDepth} levels (settings.limits.maxDepth); the deeper part was not read.`);
      tooDeepReported = true;
      return { node: undefined, weight: 0 };
    }
    if (isAlias(n)) {
      const target = n.resolve(doc);
      const name = n.source;
      if (!target) {
        bad(n.range, `Unknown anchor in alias *${name}: kubectl rejects the manifest.`);
        return { node: undefined, weight: 0 };
      }
      if (inProgress.has(target)) {
        bad(n.range, `Alias *${name} refers to the node that contains it: kubectl rejects the manifest.`);
        return { node: undefined, weight: 0 };
      }
      const c = done.get(target);
      if (!c) {
        bad(n.range, `Alias *${name} could not be resolved.`);
        return { node: undefined, weight: 0 };
      }
      const count = (uses.get(target) ?? 0) + 1;
      uses.set(target, count);
      const weight = 1 + c.weight;
      if (limits.maxAliasCount >= 0 && count * weight > limits.maxAliasCount) {
        if (!reported.has(target))
          bad(n.range, `Alias *${name} is expanded more than settings.limits.maxAliasCount (${limits.maxAliasCount}) allows: excessive aliasing looks like a resource-exhaustion attack; the alias was not read.`);
        reported.add(target);
        return { node: undefined, weight: 0 };
      }
      return { node: c.node, weight };
    }
    const memo = done.get(n);
    if (memo) return memo;
    let result: Converted;
    inProgress.add(n);
    if (isScalar(n)) {
      result = { node: scalar(n), weight: 0 };
    } else if (isMap(n)) {
      const r = n.range ?? [0, 0, 0];
      if (n.flow) out.contentSpans.push(span(r[0], r[2]));
      const map: YMap = { type: 'map', pairs: [], span: trimmedSpan(text, r[0], r[1]) };
      const merges: YMap[] = [];
      let weight = 0;
      for (const it of n.items) {
        if (!isPair(it)) continue;
        let key: YScalar;
        if (isScalar(it.key)) key = scalar(it.key);
        else if (it.key && typeof it.key === 'object' && 'range' in it.key && Array.isArray((it.key as { range?: unknown }).range)) {
          const kr = (it.key as { range: [number, number, number] }).range;
          const src = text.slice(kr[0], kr[1]);
          key = { type: 'scalar', value: src, source: src, quoted: false, span: span(kr[0], kr[1]) };
        } else {
          const vs = (it.value as { range?: number[] } | null)?.range?.[0] ?? r[0];
          key = { type: 'scalar', value: null, source: '', quoted: false, span: span(vs, vs) };
        }
        const v = conv(it.value, depth + 1);
        weight += v.weight;
        if (isScalar(it.key) && key.source === '<<' && !key.quoted) {
          if (v.node?.type === 'map') merges.push(v.node);
          else if (v.node?.type === 'seq') for (const m of v.node.items) if (m.type === 'map') merges.push(m);
          continue;
        }
        const pair: YPair = { key, value: v.node, span: span(key.span.start, v.node ? Math.max(v.node.span.end, key.span.end) : key.span.end) };
        map.pairs.push(pair);
      }
      if (merges.length) {
        const explicit = new Set(map.pairs.map((p) => p.key.source));
        for (const m of merges)
          for (const p of m.pairs) {
            if (explicit.has(p.key.source)) continue;
            explicit.add(p.key.source);
            map.pairs.push({ ...p, merged: true });
          }
      }
      result = { node: map, weight };
    } else if (isSeq(n)) {
      const r = n.range ?? [0, 0, 0];
      if (n.flow) out.contentSpans.push(span(r[0], r[2]));
      const items: YNode[] = [];
      let weight = 0;
      for (const it of n.items) {
        const v = conv(it, depth + 1);
        weight += v.weight;
        if (v.node) items.push(v.node);
      }
      result = { node: { type: 'seq', items, span: trimmedSpan(text, r[0], r[1]) }, weight };
    } else {
      result = { node: undefined, weight: 0 };
    }
    inProgress.delete(n);
    done.set(n, result);
    return result;
  };

  return conv(doc.contents, 0).node;
}

/**
 * A linear scan that bounds the nesting depth before the YAML library sees the text: block
 * indentation levels (including compact `- - -` sequences) plus open flow brackets. Returns the
 * offset where the depth first exceeds `max`, or undefined.
 */
export function findExcessiveNesting(text: string, max: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lineStart = i;
    let col = 0;
    while (i < n && text[i] === ' ') {
      i++;
      col++;
    }
    const c = text[i];
    if (i >= n || c === '\n' || c === '\r' || c === '#') {
      while (i < n && text[i] !== '\n') i++;
      i++;
      continue;
    }
    if (col === 0 && text.startsWith('---', i)) {
      indents.length = 0;
      flow = 0;
    }
    while (indents.length && indents[indents.length - 1]! >= col) indents.pop();
    indents.push(col);
    // Compact nested collections on one line: `- - - x`, `? - x`.
    for (;;) {
      const ch = text[i];
      const next = text[i + 1];
      if ((ch === '-' || ch === '?') && (next === ' ' || next === '\t')) {
        i += 2;
        col += 2;
        while (i < n && (text[i] === ' ' || text[i] === '\t')) {
          i++;
          col++;
        }
        indents.push(col);
        if (indents.length + flow > max) return lineStart;
      } else break;
    }
    // Flow brackets outside quotes, up to a comment.
    let quote: string | undefined;
    for (; i < n && text[i] !== '\n'; i++) {
      const ch = text[i]!;
      if (quote) {
        if (ch === quote) quote = undefined;
        continue;
      }
      if ((ch === '"' || ch === "'") && (i === 0 || /[\s[{,:]/.test(text[i - 1]!))) quote = ch;
      else if (ch === '#' && (i === 0 || text[i - 1] === ' ')) {
        while (i < n && text[i] !== '\n') i++;
        break;
      } else if (ch === '[' || ch === '{') {
        flow++;
        if (indents.length + flow > max) return i;
      } else if ((ch === ']' || ch === '}') && flow > 0) flow--;
    }
    if (indents.length + flow > max) return lineStart;
    i++;
  }
  return undefined;
}

/**
 * What `composeReusing` keeps between parses of one file: each document's text, where it was, and
 * its composition there.
 */
export type ComposeStore = Map<string, { offset: number; composed: Composed }>;

/** A document start marker: `---` at the start of a line, then a blank, a line break or the end. */
const DOC_START = /^---(?=[ \t\r\n]|$)/gm;
/** Directives and document end markers change how the next document reads: such files are composed whole. */
const CROSS_DOCUMENT = /^(?:%|\.\.\.(?:[ \t\r\n]|$))/m;
/** A line with content (not blank, not only a comment). */
const CONTENT_LINE = /^[ \t]*[^ \t\r\n#]/m;

/**
 * `compose` for an editor: a multi-document file is cut at its `---` lines and each document is
 * composed on its own, reusing from `store` the documents whose text did not change (shifted to
 * where they are now). The result equals `compose(source, limits)`; `store` is left holding this
 * text's documents only.
 */
export function composeReusing(source: string, limits: ComposeLimits, store: ComposeStore): Composed {
  if (CROSS_DOCUMENT.test(source)) return compose(source, limits);
  const cuts = [0];
  for (const m of source.matchAll(DOC_START)) {
    // A part before this marker with no content (comments, blank lines) belongs to the next document.
    const prev = cuts[cuts.length - 1]!;
    if (m.index > prev && CONTENT_LINE.test(source.slice(prev === 0 ? 0 : prev + 3, m.index))) cuts.push(m.index);
  }
  if (cuts.length < 2) return compose(source, limits);
  const out: Composed = { documents: [], comments: [], diagnostics: [], templateBraces: [], contentSpans: [] };
  const next: ComposeStore = new Map();
  // As in `compose`: the comments' spans first, then the documents'.
  const docSpans: Span[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i]!;
    const text = source.slice(start, cuts[i + 1] ?? source.length);
    const seen = next.get(text) ?? store.get(text);
    let part: Composed;
    if (seen && seen.offset === start) part = seen.composed;
    else {
      const base = seen ? seen.composed : compose(text, limits);
      // What a document alone cannot tell: a failure of the library, an error at its end (read on
      // into the next document), a quote relaxed up to a later one. Composed whole, as a batch run does.
      if (!seen && ((!base.documents.length && base.diagnostics.length) || relaxedTexts.has(base) || base.diagnostics.some((d) => d.span.end >= text.length - 1))) return compose(source, limits);
      part = shiftComposed(base, start - (seen ? seen.offset : 0));
    }
    if (!next.has(text)) next.set(text, { offset: start, composed: part });
    for (const d of part.documents) out.documents.push({ ...d, index: out.documents.length });
    appendAll(out.comments, part.comments);
    appendAll(out.diagnostics, part.diagnostics);
    appendAll(out.templateBraces, part.templateBraces);
    appendAll(out.contentSpans, part.contentSpans.slice(0, part.comments.length));
    appendAll(docSpans, part.contentSpans.slice(part.comments.length));
  }
  appendAll(out.contentSpans, docSpans);
  store.clear();
  for (const [k, v] of next) store.set(k, v);
  return out;
}

/** A copy of a composition with every offset moved by `by` (aliases stay shared nodes). */
function shiftComposed(c: Composed, by: number): Composed {
  if (by === 0) return c;
  const sp = (s: Span): Span => ({ start: s.start + by, end: s.end + by });
  const copies = new Map<YNode, YNode>();
  const node = (n: YNode | undefined): YNode | undefined => {
    if (!n) return n;
    let copy = copies.get(n);
    if (copy) return copy;
    if (n.type === 'scalar') copy = { ...n, span: sp(n.span) };
    else if (n.type === 'seq') {
      const items: YNode[] = [];
      copy = { type: 'seq', items, span: sp(n.span) };
      copies.set(n, copy);
      for (const x of n.items) items.push(node(x)!);
    } else {
      const pairs: YPair[] = [];
      copy = { type: 'map', pairs, span: sp(n.span) };
      copies.set(n, copy);
      for (const p of n.pairs) pairs.push({ ...p, key: node(p.key) as YScalar, value: node(p.value), span: sp(p.span) });
    }
    copies.set(n, copy);
    return copy;
  };
  return {
    documents: c.documents.map((d) => ({ ...d, node: node(d.node), span: sp(d.span) })),
    comments: c.comments.map((x) => ({ ...x, span: sp(x.span) })),
    diagnostics: c.diagnostics.map((x) => ({ ...x, span: sp(x.span) })),
    templateBraces: c.templateBraces.map((x) => x + by),
    contentSpans: c.contentSpans.map(sp),
  };
}

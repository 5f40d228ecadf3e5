/**
 * Spring Boot YAML (`application*.yml`): every document flattened to the dotted names Spring binds
 * (`server:\n  tomcat:\n    threads:\n      max: 50` → `server.tomcat.threads.max`), lists to `[i]`,
 * `<<` merge keys and aliases followed (with a cap on the number of entries, so an alias bomb stays
 * small). Duplicate keys are parse errors, as in Spring, whose YAML loader refuses them.
 */
import { isAlias, isMap, isScalar, isSeq, Lexer, parseAllDocuments, type Document, type Node as YamlNode } from 'yaml';
import type { Comment, ParserDiagnostic } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { findExcessiveNesting } from '../yaml/compose.js';
import type { RawProperty } from './java-properties.js';

/** A flattened YAML entry has the shape of a `.properties` entry: both feed one document builder. */
export type FlatEntry = RawProperty;

export interface FlatDocument {
  index: number;
  span: Span;
  entries: FlatEntry[];
}

export interface YamlOutput {
  documents: FlatDocument[];
  comments: Comment[];
  diagnostics: ParserDiagnostic[];
}

const MAX_DEPTH = 64;
const MAX_ENTRIES = 20_000;

function joinKey(prefix: string, key: string): string {
  if (!prefix) return key;
  return key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`;
}

function rangeSpan(node: { range?: [number, number, number] | null } | null | undefined, fallback: Span): Span {
  const r = node?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** Comments with their positions, from the lexer (comments inside block scalars are text, not comments). */
function lexComments(text: string): Comment[] {
  const out: Comment[] = [];
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    // The lexer's mode markers take no room in the text.
    if (token === '\u0002' || token === '\u0018' || token === '\u001f') continue;
    if (token.startsWith('#')) out.push({ span: { start: offset, end: offset + token.length }, text: token.slice(1) });
    offset += token.length;
  }
  return out;
}

/** Nesting past this is refused before the YAML library recurses into it (settings.limits.maxDepth). */
const DEFAULT_MAX_NESTING = 200;

export function parseSpringYaml(source: string, maxNesting = DEFAULT_MAX_NESTING): YamlOutput {
  // YAML reads a lone CR as a line break; the yaml package does not. LF in its place keeps every offset.
  const text = source.includes('\r') ? source.replace(/\r(?!\n)/g, '\n') : source;
  const diagnostics: ParserDiagnostic[] = [];
  const documents: FlatDocument[] = [];
  const tooDeep = findExcessiveNesting(text, maxNesting);
  if (tooDeep !== undefined) {
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `The YAML is nested deeper than ${maxNesting} levels (settings.limits.maxDepth); the file was not read.`, span: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) } });
    return { documents: [{ index: 0, span: { start: 0, end: text.length }, entries: [] }], comments: [], diagnostics };
  }
  let comments: Comment[];
  try {
    comments = lexComments(text);
  } catch {
    comments = [];
  }
  let docs: Document.Parsed[];
  try {
    docs = [...parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false, strict: false })] as Document.Parsed[];
  } catch (e) {
    diagnostics.push({ code: 'parse-error', severity: 'error', message: `Invalid YAML: ${(e as Error).message}`, span: { start: 0, end: 0 } });
    return { documents: [{ index: 0, span: { start: 0, end: text.length }, entries: [] }], comments, diagnostics };
  }

  docs.forEach((doc, index) => {
    const range = doc.range ?? [0, text.length, text.length];
    const fd: FlatDocument = { index, span: { start: range[0], end: range[2] }, entries: [] };
    documents.push(fd);
    const err = doc.errors[0];
    if (err && !diagnostics.length) {
      // At the end of input the yaml package points one past the last character.
      const s = Math.min(err.pos[0], text.length);
      const e = Math.min(Math.max(s, err.pos[1]), text.length);
      diagnostics.push({ code: 'parse-error', severity: 'error', message: `Invalid YAML: ${err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, span: { start: s, end: e } });
    }
    let count = 0;
    const seenAliases = new Set<unknown>();
    const emit = (key: string, value: string, keySpan: Span, valueSpan: Span) => {
      if (count++ >= MAX_ENTRIES) return;
      fd.entries.push({ key, value, keySpan, valueSpan, span: { start: Math.min(keySpan.start, valueSpan.start), end: Math.max(keySpan.end, valueSpan.end) }, document: index });
    };
    const walk = (node: unknown, prefix: string, keySpan: Span, depth: number): void => {
      if (depth > MAX_DEPTH || count >= MAX_ENTRIES) return;
      if (node === null || node === undefined) {
        if (prefix) emit(prefix, '', keySpan, { start: keySpan.end, end: keySpan.end });
        return;
      }
      if (isAlias(node)) {
        const target = node.resolve(doc);
        if (!target && !diagnostics.length) {
          // SnakeYAML refuses the file ("found undefined alias"), so the application does not start.
          diagnostics.push({ code: 'parse-error', severity: 'error', message: `Invalid YAML: alias *${node.source} refers to no anchor; Spring Boot fails to start with "found undefined alias".`, span: rangeSpan(node, keySpan) });
        }
        // A scalar alias is reported where the alias is written; a collection is expanded once per use.
        if (isScalar(target)) emit(prefix, String(target.value ?? ''), keySpan, rangeSpan(node, keySpan));
        else if (target && !seenAliases.has(node)) {
          seenAliases.add(node);
          walk(target, prefix, keySpan, depth + 1);
          seenAliases.delete(node);
        }
        return;
      }
      if (isScalar(node)) {
        if (!prefix) return;
        const span = rangeSpan(node, keySpan);
        const value = node.type === 'PLAIN' && node.value !== null ? text.slice(span.start, span.end) : node.value === null ? '' : String(node.value);
        emit(prefix, value, keySpan, span);
        return;
      }
      if (isMap(node)) {
        if (!node.items.length && prefix) emit(prefix, '', keySpan, rangeSpan(node as YamlNode, keySpan));
        for (const pair of node.items) {
          const k = pair.key as YamlNode | null;
          const kSpan = rangeSpan(k, keySpan);
          if (isScalar(k) && k.source === '<<' && k.type === 'PLAIN') {
            const v = pair.value;
            const sources = isSeq(v) ? v.items : [v];
            for (const s of sources) walk(s, prefix, kSpan, depth + 1);
            continue;
          }
          const name = isScalar(k) ? String(k.value ?? '') : k ? text.slice(kSpan.start, kSpan.end) : '';
          walk(pair.value, joinKey(prefix, name), kSpan, depth + 1);
        }
        return;
      }
      if (isSeq(node)) {
        if (!node.items.length && prefix) emit(prefix, '', keySpan, rangeSpan(node as YamlNode, keySpan));
        node.items.forEach((item, i) => walk(item, `${prefix}[${i}]`, isScalar(item) || isAlias(item) ? rangeSpan(item as YamlNode, keySpan) : keySpan, depth + 1));
      }
    };
    walk(doc.contents, '', { start: fd.span.start, end: fd.span.start }, 0);
  });
  if (!documents.length) documents.push({ index: 0, span: { start: 0, end: text.length }, entries: [] });
  return { documents, comments, diagnostics };
}

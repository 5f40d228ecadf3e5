/**
 * The `.properties` format exactly as `java.util.Properties.load` reads it (and Spring Boot's
 * `OriginTrackedPropertiesLoader`, which adds `#---` / `!---` document separators):
 *
 * - a logical line continues onto the next natural line when it ends in an odd number of `\`; the
 *   next line's leading blanks are dropped, and a `#` there is text, not a comment;
 * - `#` or `!` as the first non-blank character of a natural line starts a comment line;
 * - the key ends at the first unescaped `=`, `:` or blank; blanks around one `=` or `:` separate;
 * - escapes: `\t \n \r \f`, `\uXXXX`, and `\x` for any other `x` (so `\=` and `\ ` stay in the key).
 *
 * Offsets map every character of a logical line back to the text, so key and value spans are exact
 * even across continuations and escapes.
 */
import type { Comment, ParserDiagnostic } from '../../core/rule.js';
import type { Span } from '../../core/text.js';

export interface RawProperty {
  key: string;
  value: string;
  keySpan: Span;
  valueSpan: Span;
  /** From the key to the end of the logical line. */
  span: Span;
  /** Index of the `#---` document this property is in. */
  document: number;
}

export interface PropertiesOutput {
  properties: RawProperty[];
  comments: Comment[];
  /** Spans of `#---` separators; document `i + 1` starts after separator `i`. */
  separators: Span[];
  diagnostics: ParserDiagnostic[];
}

const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\f';
const isEol = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** Skips one line terminator at `i` (`\n`, `\r\n` or `\r`). */
function skipEol(text: string, i: number): number {
  if (text[i] === '\r') return text[i + 1] === '\n' ? i + 2 : i + 1;
  if (text[i] === '\n') return i + 1;
  return i;
}

interface Converted {
  text: string;
  error?: { at: number; end: number };
}

/** `loadConvert`: decodes escapes of logical characters `from`..`to`. */
function convert(chars: string[], offs: number[], from: number, to: number): Converted {
  let out = '';
  let i = from;
  while (i < to) {
    const c = chars[i]!;
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const next = chars[i + 1];
    if (next === undefined || i + 1 >= to) {
      i++;
      continue;
    }
    if (next === 'u') {
      let code = 0;
      let ok = true;
      for (let k = 0; k < 4; k++) {
        const h = i + 2 + k < to ? chars[i + 2 + k] : undefined;
        if (h === undefined || !/^[0-9a-fA-F]$/.test(h)) {
          ok = false;
          break;
        }
        code = code * 16 + parseInt(h, 16);
      }
      if (!ok) {
        const endIdx = Math.min(to, i + 6) - 1;
        return { text: out, error: { at: offs[i]!, end: (offs[endIdx] ?? offs[i]!) + 1 } };
      }
      out += String.fromCharCode(code);
      i += 6;
      continue;
    }
    out += next === 't' ? '\t' : next === 'n' ? '\n' : next === 'r' ? '\r' : next === 'f' ? '\f' : next;
    i += 2;
  }
  return { text: out };
}

export function parseProperties(text: string): PropertiesOutput {
  const properties: RawProperty[] = [];
  const comments: Comment[] = [];
  const separators: Span[] = [];
  const diagnostics: ParserDiagnostic[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let document = 0;

  while (i < n) {
    const lineStart = i;
    while (i < n && isBlank(text[i])) i++;
    if (i >= n) break;
    if (isEol(text[i])) {
      i = skipEol(text, i);
      continue;
    }
    if (text[i] === '#' || text[i] === '!') {
      const start = i;
      while (i < n && !isEol(text[i])) i++;
      const body = text.slice(start + 1, i);
      comments.push({ span: { start, end: i }, text: body });
      if (start === lineStart && body.trimEnd() === '---') {
        separators.push({ start, end: i });
        document++;
      }
      i = skipEol(text, i);
      continue;
    }

    // Build the logical line: characters with their offsets, continuations joined.
    const chars: string[] = [];
    const offs: number[] = [];
    let backslash = false;
    for (;;) {
      if (i >= n) {
        if (backslash) {
          chars.pop();
          offs.pop();
        }
        break;
      }
      const c = text[i]!;
      if (isEol(c)) {
        if (!backslash) break;
        chars.pop();
        offs.pop();
        backslash = false;
        i = skipEol(text, i);
        while (i < n && isBlank(text[i])) i++;
        continue;
      }
      backslash = c === '\\' ? !backslash : false;
      chars.push(c);
      offs.push(i);
      i++;
    }
    i = skipEol(text, i);
    const limit = chars.length;
    if (!limit) continue;

    // `load0`: split the key from the value.
    let keyLen = 0;
    let valueStart = limit;
    let hasSep = false;
    let escaped = false;
    while (keyLen < limit) {
      const c = chars[keyLen]!;
      if ((c === '=' || c === ':') && !escaped) {
        valueStart = keyLen + 1;
        hasSep = true;
        break;
      }
      if (isBlank(c) && !escaped) {
        valueStart = keyLen + 1;
        break;
      }
      escaped = c === '\\' ? !escaped : false;
      keyLen++;
    }
    while (valueStart < limit) {
      const c = chars[valueStart]!;
      if (!isBlank(c)) {
        if (!hasSep && (c === '=' || c === ':')) hasSep = true;
        else break;
      }
      valueStart++;
    }
    const key = convert(chars, offs, 0, keyLen);
    const value = convert(chars, offs, valueStart, limit);
    const err = key.error ?? value.error;
    if (err && !diagnostics.length) {
      diagnostics.push({ code: 'parse-error', severity: 'error', message: 'Malformed \\uxxxx escape: Java refuses to load this file.', span: { start: err.at, end: err.end } });
    }
    const keyStart = offs[0]!;
    const keySpan = keyLen ? { start: keyStart, end: offs[keyLen - 1]! + 1 } : { start: keyStart, end: keyStart };
    const valueSpan = valueStart < limit ? { start: offs[valueStart]!, end: offs[limit - 1]! + 1 } : { start: offs[limit - 1]! + 1, end: offs[limit - 1]! + 1 };
    properties.push({ key: key.text, value: value.text, keySpan, valueSpan, span: { start: keyStart, end: Math.max(valueSpan.end, keySpan.end) }, document });
  }
  return { properties, comments, separators, diagnostics };
}

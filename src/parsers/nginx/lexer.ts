/**
 * The nginx tokenizer, a transcription of `ngx_conf_read_token` (src/core/ngx_conf_file.c) with
 * offsets: it returns one statement at a time (its words, and whether it ended with `;` or `{`), a
 * closing `}`, or the end of the file. The rules are nginx's, quirks included: `#` starts a comment
 * only where a word could start, a `}` inside a word is part of the word, `${` does not open a
 * block, a closing quote must be followed by a space, `;`, `{` or `)`, and backslash escapes apply
 * outside quotes too. Where nginx stops at the first error, this reader reports it with nginx's
 * wording and position and recovers, so the rest of the file is still parsed.
 *
 * We do not use the `nginx-conf` package: its tree carries no line or column, a missing `}` or `;`
 * passes silently, and an extra `}` throws without a position.
 */
import type { Comment } from '../../core/rule.js';
import type { Span } from '../../core/text.js';

export interface Word {
  value: string;
  raw: string;
  span: Span;
  quote?: '"' | "'";
}

export type Statement =
  | { kind: 'stmt'; words: Word[]; end: ';' | '{'; endSpan: Span }
  | { kind: 'close'; span: Span }
  | { kind: 'eof'; span: Span };

export interface LexError {
  span: Span;
  message: string;
}

/** nginx reads its configuration through a 4096-byte buffer; one word may not fill it. */
const CONF_BUFFER = 4096;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

function unescape(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const n = s[i + 1]!;
      if (n === '"' || n === "'" || n === '\\') {
        out += n;
        i++;
        continue;
      }
      if (n === 't' || n === 'r' || n === 'n') {
        out += n === 't' ? '\t' : n === 'r' ? '\r' : '\n';
        i++;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
}

export class Reader {
  pos = 0;
  readonly comments: Comment[] = [];
  readonly errors: LexError[] = [];
  /** A `}` that ended a statement early (nginx: `unexpected "}"`), handed out by the next read. */
  private pendingClose: Span | undefined;

  constructor(
    readonly text: string,
    private readonly file?: string,
    /** Called for each error as it is found, so errors keep nginx's reading order across includes. */
    private readonly onError?: (e: LexError) => void,
  ) {}

  private error(at: number, message: string, end = at + 1): void {
    const e = { span: { start: at, end: Math.min(end, this.text.length) }, message };
    this.errors.push(e);
    this.onError?.(e);
  }

  private comment(start: number, end: number): void {
    let e = end;
    if (e > start && this.text.charCodeAt(e - 1) === 13) e--;
    const c: Comment = { span: { start, end: e }, text: this.text.slice(start + 1, e) };
    if (this.file !== undefined) c.file = this.file;
    this.comments.push(c);
  }

  /** Skips a raw block body (`content_by_lua_block { … }`) whose `{` has been read; returns the body span. */
  readRawBlock(): { body: Span; close?: Span } {
    const text = this.text;
    const start = this.pos;
    let depth = 1;
    let i = start;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '-' && text[i + 1] === '-') {
        const long = /^--\[(=*)\[/.exec(text.slice(i, i + 64));
        if (long) {
          const close = `]${long[1]}]`;
          const j = text.indexOf(close, i + long[0].length);
          i = j < 0 ? text.length : j + close.length;
        } else {
          const j = text.indexOf('\n', i);
          i = j < 0 ? text.length : j + 1;
        }
        continue;
      }
      if (c === '[') {
        const long = /^\[(=*)\[/.exec(text.slice(i, i + 64));
        if (long) {
          const close = `]${long[1]}]`;
          const j = text.indexOf(close, i + long[0].length);
          i = j < 0 ? text.length : j + close.length;
          continue;
        }
      }
      if (c === '"' || c === "'") {
        let j = i + 1;
        while (j < text.length && text[j] !== c && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
        i = j + 1;
        continue;
      }
      if (c === '{') depth++;
      else if (c === '}') {
        depth--;
        if (depth === 0) {
          this.pos = i + 1;
          return { body: { start, end: i }, close: { start: i, end: i + 1 } };
        }
      }
      i++;
    }
    this.pos = text.length;
    return { body: { start, end: text.length } };
  }

  /** Reads the next statement, `}` or end of file. */
  next(): Statement {
    if (this.pendingClose) {
      const span = this.pendingClose;
      this.pendingClose = undefined;
      return { kind: 'close', span };
    }
    const text = this.text;
    const len = text.length;
    const words: Word[] = [];
    let needSpace = false;
    let lastSpace = true;
    let sharp = -1;
    let variable = false;
    let quoted = false;
    let sQuoted = false;
    let dQuoted = false;
    let start = this.pos;
    let wordStart = this.pos;

    const push = (end: number, closeQuote: boolean) => {
      const inner = text.slice(start, end);
      const rawEnd = closeQuote ? end + 1 : end;
      const w: Word = { value: unescape(inner), raw: text.slice(wordStart, rawEnd), span: { start: wordStart, end: rawEnd } };
      if (wordStart < start) w.quote = text[wordStart] as '"' | "'";
      if (utf8Length(inner) >= CONF_BUFFER) this.error(wordStart, `too long parameter "${inner.slice(0, 10)}..." started`, rawEnd);
      words.push(w);
    };

    for (;;) {
      if (this.pos >= len) {
        if (sharp >= 0) this.comment(sharp, len);
        if (words.length > 0 || !lastSpace) {
          this.error(len, 'unexpected end of file, expecting ";" or "}"', len);
          if (!lastSpace) push(len, false);
          return { kind: 'stmt', words, end: ';', endSpan: { start: len, end: len } };
        }
        return { kind: 'eof', span: { start: len, end: len } };
      }
      const at = this.pos;
      const c = text.charCodeAt(this.pos++);

      if (sharp >= 0) {
        if (c === 10) {
          this.comment(sharp, at);
          sharp = -1;
        }
        continue;
      }
      if (quoted) {
        quoted = false;
        continue;
      }
      if (needSpace) {
        if (isSpace(c)) {
          lastSpace = true;
          needSpace = false;
          continue;
        }
        if (c === 59) return { kind: 'stmt', words, end: ';', endSpan: { start: at, end: at + 1 } };
        if (c === 123) return { kind: 'stmt', words, end: '{', endSpan: { start: at, end: at + 1 } };
        if (c === 41) {
          lastSpace = true;
          needSpace = false;
        } else {
          this.error(at, `unexpected "${String.fromCharCode(c)}"`);
          // Recover as if a space separated the quoted word from what follows.
          lastSpace = true;
          needSpace = false;
        }
      }
      if (lastSpace) {
        start = at;
        wordStart = at;
        if (isSpace(c)) continue;
        switch (c) {
          case 59: // ;
          case 123: // {
            if (words.length === 0) {
              this.error(at, `unexpected "${String.fromCharCode(c)}"`);
              if (c === 59) continue;
            }
            return { kind: 'stmt', words, end: c === 123 ? '{' : ';', endSpan: { start: at, end: at + 1 } };
          case 125: // }
            if (words.length !== 0) {
              this.error(at, 'unexpected "}"');
              this.pendingClose = { start: at, end: at + 1 };
              return { kind: 'stmt', words, end: ';', endSpan: { start: at, end: at } };
            }
            return { kind: 'close', span: { start: at, end: at + 1 } };
          case 35: // #
            sharp = at;
            continue;
          case 92: // backslash
            quoted = true;
            lastSpace = false;
            continue;
          case 34: // "
            start++;
            dQuoted = true;
            lastSpace = false;
            continue;
          case 39: // '
            start++;
            sQuoted = true;
            lastSpace = false;
            continue;
          case 36: // $
            variable = true;
            lastSpace = false;
            continue;
          default:
            lastSpace = false;
        }
      } else {
        if (c === 123 && variable) continue;
        variable = false;
        if (c === 92) {
          quoted = true;
          continue;
        }
        if (c === 36) {
          variable = true;
          continue;
        }
        let found = false;
        if (dQuoted) {
          if (c === 34) {
            dQuoted = false;
            needSpace = true;
            found = true;
          }
        } else if (sQuoted) {
          if (c === 39) {
            sQuoted = false;
            needSpace = true;
            found = true;
          }
        } else if (isSpace(c) || c === 59 || c === 123) {
          lastSpace = true;
          found = true;
        }
        if (found) {
          push(at, needSpace);
          if (c === 59) return { kind: 'stmt', words, end: ';', endSpan: { start: at, end: at + 1 } };
          if (c === 123) return { kind: 'stmt', words, end: '{', endSpan: { start: at, end: at + 1 } };
        }
      }
    }
  }
}

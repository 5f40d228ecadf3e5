/**
 * Text positions. Every parser works in UTF-16 offsets into the file text (what JavaScript string
 * indices are); this module turns offsets into 1-based line/column pairs and back. Lines end at
 * `\n`, `\r\n` or a lone `\r`, as in every format lint500 reads.
 */

/** A half-open range of UTF-16 offsets into a file's text: `start` inclusive, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
}

/** A 1-based line and 1-based column (UTF-16 code units, as ESLint and SARIF count them). */
export interface Position {
  line: number;
  column: number;
}

export class LineIndex {
  /**
   * Offset at which each line starts. A run keeps one index per file until its findings are placed:
   * 4 bytes a line in a typed array rather than 8 (and spare capacity) in a growing array.
   */
  private readonly starts: Uint32Array;

  constructor(readonly text: string) {
    if (!text.includes('\r')) {
      // Only `\n` breaks (nearly every file): two native scans, one to count and one to fill.
      let n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
      const starts = new Uint32Array(n);
      n = 1;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
      this.starts = starts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = Uint32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 1-based position of an offset; offsets past the end clamp to the end. */
  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.starts[lo]! + 1 };
  }

  /** Offset of a 1-based position; columns past the line's end clamp to it. */
  offset(pos: Position): number {
    const line = Math.max(1, Math.min(pos.line, this.starts.length));
    const start = this.starts[line - 1]!;
    const end = this.lineEnd(line);
    return Math.min(start + Math.max(0, pos.column - 1), end);
  }

  /** Offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length) - 1)]!;
  }

  /** Offset just before the line break of a 1-based line. */
  lineEnd(line: number): number {
    const l = Math.max(1, Math.min(line, this.starts.length));
    let end = l < this.starts.length ? this.starts[l]! : this.text.length;
    if (end > this.starts[l - 1]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[l - 1]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

export function spanOf(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/**
 * The same string, copied so that it keeps no larger string alive: V8 makes a slice of 13 or more
 * characters (`text.slice`, a regex match) a view of the whole text, and a concatenation a pair of
 * its parts. For values a summary keeps after its file's text is gone. (`(' ' + s).slice(1)` is
 * not enough: the slice may be a view again.)
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string);
}

const EMPTY_ARRAY: readonly never[] = Object.freeze([]);
const EMPTY_OBJECT: Readonly<Record<string, never>> = Object.freeze({});

function isEmptyPlainObject(x: object): boolean {
  if (Object.getPrototypeOf(x) !== Object.prototype || x === EMPTY_OBJECT) return false;
  for (const k in x) if (Object.hasOwn(x, k)) return false;
  return Object.getOwnPropertyNames(x).length === 0;
}

/** The table of `interned`; cleared when full, so that it stays small in a long-lived process. */
const internTable = new Map<string, string>();
const INTERN_LIMIT = 16384;

/**
 * One copy of a string that many kept values repeat (program and package names every Dockerfile
 * summary lists): the first `detached` copy seen, from a bounded table. Equal in value to `s`.
 */
export function interned(s: string): string {
  let c = internTable.get(s);
  if (c === undefined) {
    if (internTable.size >= INTERN_LIMIT) internTable.clear();
    internTable.set(s, (c = detached(s)));
  }
  return c;
}

/**
 * `detached` for every string of plain data (objects and arrays, through their own enumerable
 * properties; shared and cyclic references are visited once), replaced in place: one JSON round
 * trip copies them all. For a parser's output that outlives its text. Accessor properties are not
 * for this (a value is read and written back). With `intern`, every string is replaced by its
 * `interned` copy instead, so that values many files repeat are kept once.
 *
 * Arrays below the top are replaced by exact-size copies (one copy per array, so shared ones stay
 * shared): an array filled by `push` keeps spare room, 17 slots for one element, and a run keeps
 * these values for all its files. An array a getter returns is left alone. With `intern`, empty
 * arrays and empty plain objects below the top become one shared frozen instance each (an empty
 * `{}` takes 56 bytes, and a Kubernetes object has several: labels, annotations, selectors): the
 * value must not be changed afterwards.
 */
export function detachStrings(value: unknown, intern = false): void {
  const holders: Record<string, unknown>[] = [];
  const keys: string[] = [];
  const strings: string[] = [];
  const seen = new Set<object>();
  const trimmed = new Map<unknown[], unknown[]>();
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.hasOwn(o, k)) continue;
      const x = o[k];
      if (typeof x === 'string') {
        if (intern) o[k] = interned(x);
        if (intern || x.length < 13) continue;
        holders.push(o);
        keys.push(k);
        strings.push(x);
      } else if (Array.isArray(x)) {
        // A getter's array is made on demand: nothing kept to trim or detach.
        if (!Object.getOwnPropertyDescriptor(o, k)!.writable) continue;
        if (intern && x.length === 0) {
          o[k] = EMPTY_ARRAY;
          continue;
        }
        let copy = trimmed.get(x);
        if (!copy) trimmed.set(x, (copy = x.slice()));
        o[k] = copy;
        stack.push(copy);
      } else if (typeof x === 'object' && x !== null) {
        if (intern && isEmptyPlainObject(x) && Object.getOwnPropertyDescriptor(o, k)!.writable) o[k] = EMPTY_OBJECT;
        else stack.push(x);
      }
    }
  }
  if (!strings.length) return;
  const copies = JSON.parse(JSON.stringify(strings)) as string[];
  for (let i = 0; i < copies.length; i++) holders[i]![keys[i]!] = copies[i];
}

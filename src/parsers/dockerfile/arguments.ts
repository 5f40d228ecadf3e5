/**
 * An instruction's arguments, split as `dockerfile-ast` splits them (`Instruction.getRawArguments`),
 * without its cost. dockerfile-ast builds each argument's value one character at a time
 * (`value = value + char`), which allocates a new string per character: that was the largest
 * allocation of a Dockerfile run, and the values it left were deep string ropes. This scan follows
 * the same rules (whitespace, the escape character before a newline or before `$`, comment lines
 * inside a continuation, the argument's end at an escaped newline) and builds each value from
 * slices of the runs of kept characters. `test/parsers/dockerfile/arguments.test.ts` checks that it
 * returns the same arguments, values and ranges as dockerfile-ast's own scan.
 */
import { Argument, Instruction as AstInstructionClass } from 'dockerfile-ast';

interface Pos {
  line: number;
  character: number;
}

/** One argument: its value and where it starts and ends, as indices into the scanned text. */
export interface ScannedArgument {
  value: string;
  start: number;
  end: number;
}

const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * The arguments of `text` in [from, to) (an instruction's text after its keyword), in dockerfile-ast's
 * reading, with indices into `text`. The control flow is dockerfile-ast's (0.7), decision for
 * decision; only the building of values differs.
 */
export function scanArguments(text: string, escapeChar: string, from = 0, to = text.length): ScannedArgument[] {
  const args: ScannedArgument[] = [];
  scan(text, escapeChar, from, to, (value, start, end) => args.push({ value, start, end }));
  return args;
}

/** `scanArguments`, handing each argument to `emit` as it is found. */
function scan(text: string, escapeChar: string, from: number, to: number, emit: (value: string, start: number, end: number) => void): void {
  const n = to;
  let start = false;
  let comment = false;
  let found = -1;
  // Whitespace seen inside an escaped newline sequence.
  let escapedWhitespaceDetected = false;
  // Inside an escaped newline sequence.
  let escaping = false;
  let escapeMarker = -1;
  // The value so far: `done`, then the run of kept characters [runStart, runEnd) not yet sliced.
  let done = '';
  let runStart = 0;
  let runEnd = 0;
  const keep = (k: number) => {
    if (k === runEnd && runEnd > runStart) {
      runEnd++;
      return;
    }
    if (runEnd > runStart) done += text.slice(runStart, runEnd);
    runStart = k;
    runEnd = k + 1;
  };
  const value = () => (runEnd > runStart ? done + text.slice(runStart, runEnd) : done);
  // An escaped blank before an escaped newline can close an argument that never started (`found`
  // is -1): dockerfile-ast then starts it one character before the arguments, and so does this.
  const reset = () => {
    done = '';
    runStart = runEnd = 0;
  };
  for (let i = from; i < n; i++) {
    const char = text[i]!;
    if (isWhitespace(char)) {
      if (escaping) {
        escapedWhitespaceDetected = true;
        if (char === '\r' || char === '\n') {
          // A newline: whitespace seen before it does not count.
          escapedWhitespaceDetected = false;
          if (comment) {
            comment = false;
            start = true;
          }
        }
        continue;
      } else if (found !== -1) {
        emit(value(), found, escapeMarker === -1 ? i : escapeMarker);
        escapeMarker = -1;
        reset();
        found = -1;
      }
    } else if (char === escapeChar) {
      const next = i + 1 < n ? text[i + 1]! : '';
      if (next === ' ' || next === '\t') {
        whitespaceCheck: for (let j = i + 2; j < n; j++) {
          switch (text[j]) {
            case ' ':
            case '\t':
              continue;
            case '\r':
              j++;
            // falls through
            case '\n':
              comment = false;
              escaping = true;
              start = true;
              if (found !== -1) escapeMarker = i;
              i = j;
              break whitespaceCheck;
            default:
              escapeMarker = i;
              if (found === -1) i = j - 1;
              break whitespaceCheck;
          }
        }
      } else if (next === '\r') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i += 2;
      } else if (next === '\n') {
        comment = false;
        escaping = true;
        start = true;
        if (found !== -1 && escapeMarker === -1) escapeMarker = i;
        i++;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          emit(value(), found === -1 ? from - 1 : found, escapeMarker);
          reset();
          found = -1;
        }
        escapeMarker = -1;
        escapedWhitespaceDetected = false;
        escaping = false;
        if (next === '$') {
          keep(i);
          keep(i + 1);
        } else if (next === '') {
          // The end of the text.
          break;
        } else {
          keep(i + 1);
        }
        if (found === -1) found = i;
        i++;
      }
    } else if (!comment) {
      if (start && char === '#') {
        comment = true;
      } else {
        if (escapedWhitespaceDetected && escapeMarker !== -1) {
          emit(value(), found === -1 ? from - 1 : found, escapeMarker);
          reset();
          found = -1;
        }
        escapedWhitespaceDetected = false;
        escaping = false;
        escapeMarker = -1;
        keep(i);
        if (found === -1) found = i;
      }
      // A character other than whitespace.
      start = false;
    }
  }
  if (found !== -1) emit(value(), found, escapeMarker === -1 ? n : escapeMarker);
}

interface AstDocument {
  getText(): string;
  offsetAt(p: Pos): number;
  positionAt(offset: number): Pos;
}
interface AstInstructionInternals {
  document: AstDocument;
  escapeChar: string;
  range: { start: Pos; end: Pos };
  getInstructionRange(): { start: Pos; end: Pos };
}

/** dockerfile-ast's own `getRawArguments`, kept for the test that compares the two. */
export const astRawArguments = (AstInstructionClass.prototype as unknown as { getRawArguments(): Argument[] }).getRawArguments;

/**
 * An argument that knows its offsets in the document and makes its range (two line/character
 * positions) only when something asks for it: dockerfile-ast reads the ranges of an instruction's
 * first and last arguments and of its flags, lint500 reads the offsets.
 */
export class OffsetArgument extends Argument {
  declare private lazyRange: { start: Pos; end: Pos } | undefined;
  constructor(
    value: string,
    private readonly doc: AstDocument,
    /** Offsets in the document, as dockerfile-ast computes them (before `positionAt` adjusts them). */
    readonly startOffset: number,
    readonly endOffset: number,
  ) {
    super(value, undefined as never);
  }
}
Object.defineProperty(OffsetArgument.prototype, 'range', {
  get(this: { lazyRange?: { start: Pos; end: Pos }; doc: AstDocument; startOffset: number; endOffset: number }) {
    return (this.lazyRange ??= { start: this.doc.positionAt(this.startOffset), end: this.doc.positionAt(this.endOffset) });
  },
  // Argument's constructor writes the range it was given (none here).
  set(this: { lazyRange?: { start: Pos; end: Pos } }, range: { start: Pos; end: Pos } | undefined) {
    if (range) this.lazyRange = range;
  },
});

/** Between the CR and the LF of a CRLF: the one place where `positionAt` moves an offset (back before the CR). */
const insideBreak = (text: string, x: number) => text.charCodeAt(x - 1) === 13 && text.charCodeAt(x) === 10;

/**
 * The span of one of lint500's arguments in `text` (the text dockerfile-ast parsed) straight from
 * its offsets: what converting its range back to offsets gives (dockerfile-ast's lines are
 * `LineIndex`'s), except for an offset inside a CRLF, which `positionAt` moves; then, and for any
 * other argument, undefined (the caller goes through the range).
 */
export function offsetSpan(text: string, a: Argument): { start: number; end: number } | undefined {
  if (!(a instanceof OffsetArgument)) return undefined;
  const s = a.startOffset;
  const e = a.endOffset;
  if (s < 0 || s > e || e > text.length || insideBreak(text, s) || insideBreak(text, e)) return undefined;
  return { start: s, end: e };
}

/** `Instruction.getRawArguments` with `scanArguments`: the same arguments, values and ranges. */
export function rawArguments(this: AstInstructionInternals): Argument[] {
  const doc = this.document;
  const text = doc.getText();
  const range = this.getInstructionRange();
  const keywordStart = doc.offsetAt(range.start);
  const offset = doc.offsetAt(range.end);
  // dockerfile-ast scans the instruction's text (its range) after as many characters as the keyword
  // has, and counts positions from the keyword's end: the same indices, without the copies.
  const a0 = doc.offsetAt(this.range.start);
  const a1 = doc.offsetAt(this.range.end);
  const lo = Math.min(a0, a1);
  const hi = Math.max(a0, a1);
  const from = lo + Math.min(Math.max(offset - keywordStart, 0), hi - lo);
  const shift = offset - from;
  const out: Argument[] = [];
  scan(text, this.escapeChar, from, hi, (value, start, end) => out.push(new OffsetArgument(value, doc, start + shift, end + shift)));
  return out;
}

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
 * The arguments of `text` (an instruction's text after its keyword), in dockerfile-ast's reading.
 * The control flow is dockerfile-ast's (0.7), decision for decision; only the building of values differs.
 */
export function scanArguments(text: string, escapeChar: string): ScannedArgument[] {
  const args: ScannedArgument[] = [];
  const n = text.length;
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
  const reset = () => {
    done = '';
    runStart = runEnd = 0;
  };
  for (let i = 0; i < n; i++) {
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
        args.push({ value: value(), start: found, end: escapeMarker === -1 ? i : escapeMarker });
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
          args.push({ value: value(), start: found, end: escapeMarker });
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
          args.push({ value: value(), start: found, end: escapeMarker });
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
  if (found !== -1) args.push({ value: value(), start: found, end: escapeMarker === -1 ? n : escapeMarker });
  return args;
}

interface AstDocument {
  getText(): string;
  offsetAt(p: Pos): number;
  positionAt(offset: number): Pos;
}
interface AstInstructionInternals {
  document: AstDocument;
  escapeChar: string;
  getInstructionRange(): { start: Pos; end: Pos };
  getTextContent(): string;
}

/** dockerfile-ast's own `getRawArguments`, kept for the test that compares the two. */
export const astRawArguments = (AstInstructionClass.prototype as unknown as { getRawArguments(): Argument[] }).getRawArguments;

/** `Instruction.getRawArguments` with `scanArguments`: the same `Argument` objects, ranges included. */
export function rawArguments(this: AstInstructionInternals): Argument[] {
  const doc = this.document;
  const range = this.getInstructionRange();
  const keywordStart = doc.offsetAt(range.start);
  const extra = doc.offsetAt(range.end) - keywordStart;
  const offset = keywordStart + extra;
  const scanned = scanArguments(this.getTextContent().substring(extra), this.escapeChar);
  const out: Argument[] = new Array<Argument>(scanned.length);
  for (let k = 0; k < scanned.length; k++) {
    const a = scanned[k]!;
    out[k] = new Argument(a.value, { start: doc.positionAt(offset + a.start), end: doc.positionAt(offset + a.end) });
  }
  return out;
}

/**
 * lint500 splits an instruction's arguments with its own scan (`arguments.ts`) in place of
 * dockerfile-ast's `getRawArguments`; both must give the same arguments: values, ranges and count.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { DockerfileParser, type Argument, type Instruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { astRawArguments, OffsetArgument, offsetSpan, rawArguments, scanArguments } from '../../../src/parsers/dockerfile/arguments.js';
import { LineIndex } from '../../../src/core/text.js';
import { detectDockerfile } from '../../../src/parsers/dockerfile/detect.js';
import '../../../src/parsers/dockerfile/index.js';
import { corpusSets, walkFiles } from '../../corpus.js';

const plain = (args: Argument[]) => args.map((a) => ({ value: a.getValue(), range: a.getRange() }));

/** Every instruction of `text` (ONBUILD triggers included), read both ways. */
function differences(text: string): string[] {
  const out: string[] = [];
  const seen: Instruction[] = [];
  for (const ins of DockerfileParser.parse(text).getInstructions()) {
    seen.push(ins);
    const trigger = (ins as { getTriggerInstruction?(): Instruction | null }).getTriggerInstruction?.();
    if (trigger) seen.push(trigger);
  }
  // The parser's way from a range to offsets (index.ts `Builder.span`).
  const lines = new LineIndex(text);
  const off = (p: { line: number; character: number }) => Math.min(text.length, lines.lineStart(p.line + 1) + p.character);
  for (const ins of seen) {
    const args = rawArguments.call(ins as never);
    const theirs = plain(astRawArguments.call(ins));
    const ours = plain(args);
    if (JSON.stringify(ours) !== JSON.stringify(theirs)) out.push(`${JSON.stringify(text)}: ${JSON.stringify(ours)} != ${JSON.stringify(theirs)}`);
    for (const a of args) {
      const fast = offsetSpan(text, a);
      const r = a.getRange();
      const start = off(r.start);
      const slow = { start, end: Math.max(start, off(r.end)) };
      if (fast && JSON.stringify(fast) !== JSON.stringify(slow)) out.push(`${JSON.stringify(text)}: span ${JSON.stringify(fast)} != ${JSON.stringify(slow)}`);
    }
  }
  return out;
}

describe('scanArguments', () => {
  it('splits on whitespace and at continuations, with each argument’s start and end', () => {
    expect(scanArguments(' a  bc\\\n  d', '\\')).toEqual([
      { value: 'a', start: 1, end: 2 },
      { value: 'bc', start: 4, end: 6 },
      { value: 'd', start: 10, end: 11 },
    ]);
    // A continuation whose next line starts at the margin joins the argument; comment lines inside it are dropped.
    expect(scanArguments(' ab\\\n# note\ncd', '\\')).toEqual([{ value: 'abcd', start: 1, end: 14 }]);
    // An escaped space ends the argument (dockerfile-ast's reading); the escape character is kept before `$`.
    expect(scanArguments(' a\\ b \\$HOME', '\\')).toEqual([
      { value: 'a', start: 1, end: 2 },
      { value: 'b', start: 4, end: 5 },
      { value: '\\$HOME', start: 6, end: 12 },
    ]);
    // A continuation line that starts with whitespace starts a new argument.
    expect(scanArguments(' a`\r\n  b', '`')).toEqual([
      { value: 'a', start: 1, end: 2 },
      { value: 'b', start: 7, end: 8 },
    ]);
  });

  const cases = [
    'RUN \\\r\n\t\\\tRUN ',
    'FROM a\nRUN \\\n \\ x',
    'FROM a\nRUN echo a \\\n  b \\ \n  c',
    'FROM a\nRUN a\\\r\nb\rRUN c \\\r  d',
    '# escape=`\nFROM a\nRUN echo `\n  b `$x \\y',
    'FROM a\nRUN echo \\\n# c\n\n   # d\n  e',
    'FROM a\nRUN a \\  \n  b\\  c \\\t\n',
    'FROM a\nRUN a \\ \rbc d\\ \r\nef',
    'FROM a\nCOPY --from=b x y\nADD --chown=1:1 ["a b", "c"] /d/\n',
    'FROM a\nONBUILD RUN a \\\n b\nONBUILD\n',
    'FROM a\nRUN <<EOF\nx\nEOF\n',
    'FROM a\nRUN a\\',
    'FROM a\nRUN a \\$',
    'FROM a\nRUN \uD83D\uDE00 é\\\n\uD83D\uDE00',
    '\uFEFFFROM a\r\nRUN x\r\n',
  ];
  it('gives spans from offsets for the arguments it made, and leaves the others to their ranges', () => {
    const ins = DockerfileParser.parse('FROM a\nRUN x yz').getInstructions()[1]!;
    const [x, yz] = rawArguments.call(ins as never);
    expect([offsetSpan('FROM a\nRUN x yz', x!), offsetSpan('FROM a\nRUN x yz', yz!)]).toEqual([
      { start: 11, end: 12 },
      { start: 13, end: 15 },
    ]);
    expect(offsetSpan('FROM a\nRUN x yz', astRawArguments.call(ins)[0]!)).toBeUndefined();
    // Inside a CRLF, positionAt moves an offset back before the CR: the range decides.
    const crlf = 'FROM a\r\nRUN x';
    const doc = (DockerfileParser.parse(crlf).getInstructions()[1] as unknown as { document: ConstructorParameters<typeof OffsetArgument>[1] }).document;
    const inside = new OffsetArgument('', doc, 7, 7);
    expect(offsetSpan(crlf, inside)).toBeUndefined();
    expect(inside.getRange().start).toEqual({ line: 0, character: 6 });
    expect(offsetSpan(crlf, new OffsetArgument('x', doc, 12, 13))).toEqual({ start: 12, end: 13 });
  });

  it('gives what dockerfile-ast’s scan gives on edge cases', () => {
    expect(cases.flatMap(differences)).toEqual([]);
  });

  it('gives what dockerfile-ast’s scan gives on generated text', () => {
    const piece = fc.constantFrom('RUN ', 'COPY ', 'FROM a', 'ONBUILD ', '\\', '`', ' ', '\t', '\n', '\r', '\r\n', '#', '$', 'a', 'bc', '"', '[', ']', '<<EOF', 'EOF', '# escape=`\n', '--x=y ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => {
        expect(differences(parts.join(''))).toEqual([]);
      }),
      { numRuns: 3000 },
    );
  });

  for (const set of corpusSets('docker')) {
    it.skipIf(!set.present)(`gives what dockerfile-ast’s scan gives on the Dockerfiles of the ${set.title}`, () => {
      const files = walkFiles(set.dir).filter((p) => detectDockerfile(p, basename(p)));
      expect(files.length).toBeGreaterThan(5);
      expect(files.flatMap((p) => differences(readFileSync(p, 'utf8')).map((d) => `${p}: ${d.slice(0, 300)}`))).toEqual([]);
    });
  }
});

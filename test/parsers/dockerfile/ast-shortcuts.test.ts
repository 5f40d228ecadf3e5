/**
 * lint500 lets dockerfile-ast's parser reuse the instruction it made to look for here-documents
 * when it makes the same instruction again, and makes exec-form instructions without their JSON
 * scan, which runs on first read instead (`Parser.createInstruction` in index.ts). The document
 * must be the same as without these shortcuts: every instruction, ONBUILD trigger, argument, flag, JSON
 * string, property, here-document, comment, directive and build stage, read through every getter
 * that takes no argument.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { DockerfileParser } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser.js';
import { describe, expect, it } from 'vitest';
import { astCreateInstruction, astCreateInstructionOfKind } from '../../../src/parsers/dockerfile/index.js';
import { detectDockerfile } from '../../../src/parsers/dockerfile/detect.js';
import { corpusSets, walkFiles } from '../../corpus.js';

type Getters = Record<string, unknown>;

/** Getters that need more than the object (positions, lines) or read the whole document again. */
const SKIP = new Set(['getExpandedArguments', 'getDockerfile', 'getDocument']);

/** Every no-argument `get…`/`is…` method of `value`, read recursively into plain data (the document and the Dockerfile are not entered). */
function read(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => read(v, depth));
  const o = value as Getters;
  if ('line' in o && 'character' in o) return `${String(o['line'])}:${String(o['character'])}`;
  if ('start' in o && 'end' in o && Object.keys(o).length === 2) return `${String(read(o['start']))}-${String(read(o['end']))}`;
  if (depth > 3) return '…';
  const out: Getters = { class: o.constructor.name };
  const names = new Set<string>();
  for (let p = Object.getPrototypeOf(o) as object | null; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const n of Object.getOwnPropertyNames(p)) names.add(n);
  }
  for (const n of [...names].sort()) {
    const f = o[n];
    if (!/^(get|is)[A-Z]/.test(n) || SKIP.has(n) || typeof f !== 'function' || f.length > 0) continue;
    try {
      out[n] = read((f as () => unknown).call(o), depth + 1);
    } catch (e) {
      out[n] = `throws ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return out;
}

/** The whole document as plain data: stages, their instructions (ONBUILD triggers through `getTriggerInstruction`), comments, directives. */
function readDocument(text: string): unknown {
  const df = DockerfileParser.parse(text);
  return {
    escape: df.getEscapeCharacter(),
    directives: read(df.getDirectives()),
    comments: read(df.getComments()),
    instructions: read(df.getInstructions()),
    initial: read(df.getInitialARGs()),
    stages: df.getFROMs().map((f) => read(f.getRange())),
  };
}

function withoutShortcuts<T>(run: () => T): T {
  const proto = Parser.prototype as unknown as { createInstruction: unknown };
  const statics = Parser as unknown as { createInstruction: unknown };
  const reusing = proto.createInstruction;
  const lazy = statics.createInstruction;
  proto.createInstruction = astCreateInstruction;
  statics.createInstruction = astCreateInstructionOfKind;
  try {
    return run();
  } finally {
    proto.createInstruction = reusing;
    statics.createInstruction = lazy;
  }
}

function same(text: string): void {
  const reused = JSON.stringify(readDocument(text));
  const made = JSON.stringify(withoutShortcuts(() => readDocument(text)));
  expect(reused, JSON.stringify(text)).toBe(made);
}

describe('shortcuts in dockerfile-ast’s parser', () => {
  it('are in place, and the comparison sees a difference in what it reads', () => {
    expect((Parser.prototype as unknown as { createInstruction: unknown }).createInstruction).not.toBe(astCreateInstruction);
    const cmd = DockerfileParser.parse('FROM a\nCMD ["a"]').getInstructions()[1]!;
    expect(Object.hasOwn(cmd, 'jsonStrings')).toBe(false);
    expect((cmd as unknown as { getJSONStrings(): { getValue(): string }[] }).getJSONStrings().map((j) => j.getValue())).toEqual(['"a"']);
    expect(Object.hasOwn(cmd, 'jsonStrings')).toBe(true);
    expect(JSON.stringify(readDocument('FROM a\nRUN x'))).not.toBe(JSON.stringify(readDocument('FROM a\nRUN  x')));
    const run = readDocument('FROM a\nRUN --mount=type=cache,target=/c ["sh", "-c", "x"]') as { instructions: Getters[] };
    expect(run.instructions[1]).toMatchObject({ class: 'Run', getKeyword: 'RUN', getJSONStrings: [{ getValue: '"sh"' }, { getValue: '"-c"' }, { getValue: '"x"' }] });
  });

  const cases = [
    'FROM a\nRUN echo a \\\n  b \\ \n  c',
    'FROM a AS b\nCOPY --from=b --chown=1:1 ["a b", "c"] /d/\nADD x y\n',
    'FROM a\nRUN <<EOF\nx\nEOF\nRUN <<-A <<B cat\n\tx\n\tA\ny\nB\nCOPY <<EOF /x\nz\nEOF\n',
    'FROM a\nONBUILD RUN a \\\n b\nONBUILD\nONBUILD COPY <<EOF /x\ny\nEOF\n',
    'ARG V=1\nFROM a:${V}\nENV A=1 B="2 3" \\\n  C 4\nLABEL a=b c="d e"\nARG X\nARG Y=z\n',
    '# escape=`\nFROM a\nRUN echo `\n  b `$x \\y\nCMD ["a", `\n "b"]\n',
    '# syntax=docker/dockerfile:1\n# check=skip=all\n\nFROM a\n# c\nRUN x # not a comment\n# d\n',
    'FROM a\nHEALTHCHECK --interval=5s CMD curl -f http://x/ || exit 1\nHEALTHCHECK NONE\nSHELL ["/bin/bash", "-c"]\nEXPOSE 80/tcp 443\nUSER a:b\nWORKDIR /x\nVOLUME ["/a", "/b"]\nSTOPSIGNAL SIGTERM\nENTRYPOINT []\nCMD [ ]\n',
    'FROM a\r\nRUN a\\\r\nb\rRUN c \\\r  d\r\n',
    '\uFEFFFROM a\nRUN \uD83D\uDE00 é\\\n\uD83D\uDE00',
    'FROM a\nRUN a\\',
    'FROM a\nRUN',
    'FROM a\nRUN \\\n',
    'FROM a\nFOO bar\nfrom b\nrun x',
  ];

  it('gives the same document on edge cases', () => {
    for (const text of cases) same(text);
  });

  it('gives the same document on generated text', () => {
    const piece = fc.constantFrom('RUN ', 'COPY ', 'ADD ', 'CMD ', 'ENV ', 'ARG ', 'FROM a', 'ONBUILD ', 'HEALTHCHECK ', '\\', '`', ' ', '\t', '\n', '\r', '\r\n', '#', '$', 'a', 'bc', '=', '"', '[', ']', ',', '<<EOF', '<<-EOF', 'EOF', '# escape=`\n', '--x=y ');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (parts) => same(parts.join(''))),
      { numRuns: 3000 },
    );
  });

  for (const set of corpusSets('docker')) {
    it.skipIf(!set.present)(`gives the same document on the Dockerfiles of the ${set.title}`, () => {
      const files = walkFiles(set.dir).filter((p) => detectDockerfile(p, basename(p)));
      expect(files.length).toBeGreaterThan(5);
      for (const p of files) same(readFileSync(p, 'utf8'));
    });
  }
});

import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { ParseEnv } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import parser from '../../../src/parsers/java/index.js';
import { traverseTree, type TsNode } from '../../../src/parsers/treesitter/index.js';

const env: ParseEnv = { host: new MemoryHost({}), settings: {}, runPaths: new Set() };
const parse = (text: string) => parser.parse({ path: 'A.java', text, kind: 'java' }, env);

function find(root: TsNode, type: string, text?: string): TsNode {
  let hit: TsNode | undefined;
  traverseTree(root, (t, n) => {
    if (!hit && t === type && (text === undefined || (n as TsNode).text === text)) hit = n as TsNode;
  }, () => undefined);
  if (!hit) throw new Error(`no ${type}`);
  return hit;
}

beforeAll(async () => {
  await parser.init!();
});

describe('java parser', () => {
  it('gives UTF-16 offsets after non-ASCII string literals and keeps // and /* */ comments', () => {
    const text = 'class A {\n  String s = "Größe 😀"; int n = 1; // Kommentar ü\n  /* block\n     ✓ */\n}\n';
    const out = parse(text);
    expect(out.diagnostics).toEqual([]);
    const n = find(out.root, 'identifier', 'n');
    expect(new LineIndex(text).position(n.span.start)).toEqual({ line: 2, column: 30 });
    expect(out.comments.map((c) => c.text)).toEqual([' Kommentar ü', ' block\n     ✓ ']);
    expect(text.slice(out.comments[0]!.span.start, out.comments[0]!.span.end)).toBe('// Kommentar ü');
  });

  it('parses records, sealed types, text blocks and switch patterns', () => {
    const out = parse('sealed interface Shape permits Sq {}\nrecord Sq(int side) implements Shape {}\nclass U {\n  String t = """\n    hi\n    """;\n  int area(Shape s) {\n    return switch (s) { case Sq q when q.side() > 0 -> q.side() * q.side(); default -> 0; };\n  }\n}\n');
    expect(out.diagnostics).toEqual([]);
  });

  it('reports syntax errors with their line and keeps the rest', () => {
    const text = 'class A {\n  void ok() {}\n  void broken( {\n  }\n}\n';
    const out = parse(text);
    expect(out.diagnostics.length).toBeGreaterThan(0);
    expect(out.diagnostics.every((d) => d.code === 'parse-error')).toBe(true);
    expect(new LineIndex(text).position(out.diagnostics[0]!.span.start).line).toBe(3);
    expect(find(out.root, 'method_declaration').child('name')?.text).toBe('ok');
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { ParseEnv } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import parser from '../../../src/parsers/python/index.js';
import { traverseTree, type TsNode } from '../../../src/parsers/treesitter/index.js';

const env: ParseEnv = { host: new MemoryHost({}), settings: {}, runPaths: new Set() };
const parse = (text: string) => parser.parse({ path: 'app.py', text, kind: 'python' }, env);

function find(root: TsNode, type: string, text?: string): TsNode {
  let hit: TsNode | undefined;
  traverseTree(root, (t, n) => {
    const node = n as TsNode;
    if (!hit && t === type && (text === undefined || node.text === text)) hit = node;
  }, () => undefined);
  if (!hit) throw new Error(`no ${type} ${text ?? ''}`);
  return hit;
}

beforeAll(async () => {
  await parser.init!();
});

describe('python parser', () => {
  it('gives UTF-16 offsets on lines with accents, CJK and astral characters', () => {
    const text = 'greeting = "héllo 世界 😀"; value = 1\n# café ☕\ndef f(): return "ü"\n';
    const out = parse(text);
    expect(out.diagnostics).toEqual([]);
    const value = find(out.root, 'identifier', 'value');
    expect(text.slice(value.span.start, value.span.end)).toBe('value');
    const lines = new LineIndex(text);
    expect(lines.position(value.span.start)).toEqual({ line: 1, column: 27 });
    const ret = find(out.root, 'return_statement');
    expect(ret.text).toBe('return "ü"');
    expect(lines.position(ret.span.end)).toEqual({ line: 3, column: 20 });
    expect(out.comments).toEqual([{ span: { start: text.indexOf('# café'), end: text.indexOf('# café') + 8 }, text: ' café ☕' }]);
  });

  it('keeps fields, drops punctuation and comments from the tree', () => {
    const out = parse('@app.route("/x", methods=["GET"])\ndef view(request):  # the view\n    return 1\n');
    const fn = find(out.root, 'function_definition');
    expect(fn.child('name')?.text).toBe('view');
    expect(fn.child('parameters')?.namedChildren.map((n) => n.text)).toEqual(['request']);
    expect(fn.children.some((c) => c.type === ':' || c.type === 'comment')).toBe(false);
    expect(fn.parent?.type).toBe('decorated_definition');
  });

  it('reports a missing token at its position', () => {
    const out = parse('x = 1\ndef broken(a, b:\n    pass\n');
    expect(out.diagnostics).toHaveLength(1);
    const d = out.diagnostics[0]!;
    expect(d.code).toBe('parse-error');
    expect(new LineIndex('x = 1\ndef broken(a, b:\n    pass\n').position(d.span.start).line).toBe(2);
  });

  it('reports an unexpected token as one error with its text', () => {
    const text = 'def ok():\n    return 1\n\nclass C:\n    x = = 2\n';
    const out = parse(text);
    expect(out.diagnostics.length).toBeGreaterThan(0);
    const d = out.diagnostics[0]!;
    expect(d.code).toBe('parse-error');
    expect(new LineIndex(text).position(d.span.start).line).toBe(5);
    // The rest of the file is still there.
    expect(find(out.root, 'function_definition').child('name')?.text).toBe('ok');
  });

  it('parses modern syntax: match, type aliases, PEP 695 generics, f-strings, walrus', () => {
    const out = parse('type Vec[T] = list[T]\ndef first[T](xs: Vec[T]) -> T:\n    match xs:\n        case [x, *_]:\n            return x\n    if (n := len(xs)) > 3:\n        print(f"{n!r:>{w}}")\n');
    expect(out.diagnostics).toEqual([]);
  });

  it('never throws and never recurses on deep nesting', () => {
    const deep = 'x = ' + '('.repeat(3000) + '1' + ')'.repeat(3000) + '\n';
    const out = parse(deep);
    let count = 0;
    traverseTree(out.root, () => count++, () => undefined);
    expect(count).toBeGreaterThan(3000);
    expect(() => parse('\u0000\uFFFF' + '"""'.repeat(50))).not.toThrow();
  });

  it('traverses in document order with leave after children', () => {
    const out = parse('def a():\n    pass\ndef b():\n    pass\n');
    const events: string[] = [];
    traverseTree(out.root, (t, n) => t === 'function_definition' && events.push(`enter ${(n as TsNode).child('name')!.text}`), (t, n) => t === 'function_definition' && events.push(`leave ${(n as TsNode).child('name')!.text}`));
    expect(events).toEqual(['enter a', 'leave a', 'enter b', 'leave b']);
  });
});

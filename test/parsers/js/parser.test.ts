import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { SourceFile } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import { childrenOf, parentOf, walk } from '../../../src/parsers/js/ast.js';
import parser, { parseJs } from '../../../src/parsers/js/index.js';
import { loadParser } from '../../../src/parsers/index.js';
import rule from '../../../rules/js/json-parse-unguarded.js';

const parse = (path: string, text: string) => parseJs({ path, text, kind: 'js' });
const pos = (text: string, offset: number) => new LineIndex(text).position(offset);

describe('js parser', () => {
  it('parses every extension with the right plugins', () => {
    const cases: [string, string][] = [
      ['a.js', 'const el = <div className="x">{items.map((i) => <b key={i}>{i}</b>)}</div>;\n'],
      ['a.jsx', 'export default () => <></>;\n'],
      ['a.mjs', "import x from './x.mjs';\nexport const y = await x();\n"],
      ['a.cjs', "const x = require('x');\nif (!x) return;\nmodule.exports = x;\n"],
      ['a.ts', 'const id = <T,>(x: T): T => x;\nenum E { A }\nlet n = <number>id(1);\nabstract class C { abstract m(): void }\n'],
      ['a.tsx', 'const C = <T,>(p: { v: T }) => <span>{String(p.v)}</span>;\n'],
      ['a.mts', "import type { X } from './x.js';\nexport const f = (x: X) => x satisfies X;\n"],
      ['a.cts', 'import fs = require("fs");\nexport = fs;\n'],
      ['c.ts', '@Controller("x")\nexport class A {\n  @Get(":id") find(@Param("id") id: string) { return id; }\n}\n'],
    ];
    for (const [path, text] of cases) {
      const out = parse(path, text);
      expect(out.diagnostics, path).toEqual([]);
      expect(out.root.type).toBe('File');
      expect(out.root.span).toEqual({ start: 0, end: text.length });
    }
  });

  it('gives every node a span and a parent, and walks in document order', () => {
    const text = 'const t = `a${x}b${y}c`;\nfoo(1, bar(2));\n';
    const { root } = parse('a.js', text);
    const order: string[] = [];
    walk(root, (n) => {
      expect(n.span.start).toBe(n.start);
      expect(n.span.end).toBe(n.end);
      if (n.type === 'Identifier' || n.type === 'TemplateElement' || n.type === 'NumericLiteral') order.push(text.slice(n.span.start, n.span.end));
    });
    expect(order).toEqual(['t', 'a', 'x', 'b', 'y', 'c', 'foo', '1', 'bar', '2']);
    const call = root.program.body[1]!;
    for (const c of childrenOf(call)) expect(parentOf(c)).toBe(call);
  });

  it('calls leave after the children, through the ParserModule interface', () => {
    const { root } = parse('a.js', 'f(g());\n');
    const events: string[] = [];
    parser.traverse(root, (t) => events.push(`>${t}`), (t) => events.push(`<${t}`));
    expect(events).toEqual(['>File', '>Program', '>ExpressionStatement', '>CallExpression', '>Identifier', '<Identifier', '>CallExpression', '>Identifier', '<Identifier', '<CallExpression', '<CallExpression', '<ExpressionStatement', '<Program', '<File']);
  });

  it('keeps line and block comments without delimiters', () => {
    const text = '// one\nconst a = 1; /* two\n three */\n';
    const out = parse('a.ts', text);
    expect(out.comments).toEqual([
      { span: { start: 0, end: 6 }, text: ' one' },
      { span: { start: 20, end: 36 }, text: ' two\n three ' },
    ]);
  });

  it('turns a fatal syntax error into one parse-error at its position', () => {
    const text = "const app = express();\napp.get('/x', (req, res) => {\n  res.send(;\n});\n";
    const out = parse('app.js', text);
    expect(out.diagnostics).toHaveLength(1);
    const d = out.diagnostics[0]!;
    expect(d.code).toBe('parse-error');
    expect(d.message).toBe('Unexpected token');
    expect(pos(text, d.span.start)).toEqual({ line: 3, column: 12 });
    expect(out.root.program.body).toEqual([]);
  });

  it('recovers from errors Babel can recover from, keeping the tree', () => {
    const text = 'let a = 1;\nlet a = 2;\nexport const b = a;\n';
    const out = parse('a.mjs', text);
    expect(out.diagnostics.map((d) => [d.message, pos(text, d.span.start)])).toEqual([["Identifier 'a' has already been declared.", { line: 2, column: 5 }]]);
    expect(out.root.program.body).toHaveLength(3);
  });

  it('rejects TypeScript syntax in plain JavaScript, with a position', () => {
    const text = 'function f(x: number) {}\n';
    const out = parse('a.js', text);
    expect(out.diagnostics).toHaveLength(1);
    expect(pos(text, out.diagnostics[0]!.span.start)).toEqual({ line: 1, column: 13 });
  });

  it('never throws on deeply nested or odd input', () => {
    const deep = `${'['.repeat(20000)}${']'.repeat(20000)};`;
    const out = parse('deep.js', deep);
    expect(out.diagnostics.map((d) => [d.code, d.message])).toEqual([['parse-error', 'The file is nested too deeply to parse.']]);
    for (const text of ['', '\uFEFF', '#!/usr/bin/env node\nconsole.log(1)\n', '`unterminated', '/* open', '\u2028\u2029', 'a\r\nb\rc']) {
      expect(() => parse('odd.js', text)).not.toThrow();
    }
    const nested = `${'(a, '.repeat(150)}b${')'.repeat(150)};`;
    const n = parse('nested.js', nested);
    let count = 0;
    walk(n.root, () => void count++);
    expect(n.diagnostics).toEqual([]);
    expect(count).toBeGreaterThan(300);
  });

  it('honours suppressions in // and /* */ comments', async () => {
    const code = `app.get('/a', (req, res) => {
  // lint500-disable-next-line js/json-parse-unguarded -- validated by the gateway
  const a = JSON.parse(req.query.a);
  /* lint500-disable-next-line js/json-parse-unguarded */
  const b = JSON.parse(req.query.b);
  const c = JSON.parse(req.query.c);
  res.json({ a, b, c });
});
`;
    const files: SourceFile[] = [{ path: 'app.js', text: code, kind: 'js' }];
    const config = new ConfigResolver({ extends: 'all', rules: { [rule.meta.id]: 'warning' } }, new Map([[rule.meta.id, rule]]));
    const results = await lint({ files, rules: [rule], config, parsers: loadParser, host: new MemoryHost({ 'app.js': code }) });
    expect(results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`))).toEqual([`6:13 ${rule.meta.id}`]);
  });
});

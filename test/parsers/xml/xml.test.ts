import { describe, expect, it } from 'vitest';
import type { FileHost, ParseEnv } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import parser, { allElements, attr, parseXml, type XmlDocument } from '../../../src/parsers/xml/index.js';

function parse(text: string, path = 'conf/server.xml') {
  return parseXml({ path, text, kind: 'tomcat' });
}

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('xml parser: spans', () => {
  it('gives exact element, attribute-name and attribute-value spans', () => {
    const text = '<Server port="-1">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1"\n               connectionTimeout = \'20000\' />\n  </Service>\n</Server>\n';
    const { root, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const connector = allElements(root).find((e) => e.name === 'Connector')!;
    expect(slice(text, connector.span)).toBe('<Connector port="8080" protocol="HTTP/1.1"\n               connectionTimeout = \'20000\' />');
    expect(slice(text, connector.nameSpan)).toBe('Connector');
    const ct = attr(connector, 'connectionTimeout')!;
    expect(slice(text, ct.nameSpan)).toBe('connectionTimeout');
    expect(slice(text, ct.valueSpan)).toBe('20000');
    expect(slice(text, ct.span)).toBe("connectionTimeout = '20000'");
    const lines = new LineIndex(text);
    expect(lines.position(ct.valueSpan.start)).toEqual({ line: 4, column: 37 });
    expect(connector.selfClosing).toBe(true);
    expect(connector.parent?.name).toBe('Service');
    expect(slice(text, root.root!.span)).toBe(text.trimEnd());
  });

  it('decodes predefined entities and character references in values but keeps the raw text and its span', () => {
    const text = '<Valve className="org.apache.catalina.valves.AccessLogValve" pattern="%h &quot;%r&quot; &#x41;&amp;"/>';
    const { root } = parse(text, 'conf/context.xml');
    const p = attr(root.root!, 'pattern')!;
    expect(p.value).toBe('%h "%r" A&');
    expect(p.raw).toBe('%h &quot;%r&quot; &#x41;&amp;');
    expect(slice(text, p.valueSpan)).toBe(p.raw);
  });

  it('keeps positions right with CRLF line ends, a BOM and non-ASCII text', () => {
    const text = '\uFEFF<?xml version="1.0"?>\r\n<!-- café ☕ -->\r\n<Context>\r\n  <Resource name="jdbc/ü" maxTotal="5"/>\r\n</Context>\r\n';
    const { root, comments, diagnostics } = parse(text, 'conf/context.xml');
    expect(diagnostics).toEqual([]);
    const res = allElements(root).find((e) => e.name === 'Resource')!;
    expect(slice(text, attr(res, 'maxTotal')!.valueSpan)).toBe('5');
    expect(attr(res, 'name')!.value).toBe('jdbc/ü');
    const lines = new LineIndex(text);
    expect(lines.position(attr(res, 'maxTotal')!.valueSpan.start)).toEqual({ line: 4, column: 37 });
    expect(comments).toHaveLength(1);
    expect(comments[0]!.text).toBe(' café ☕ ');
    expect(slice(text, comments[0]!.span)).toBe('<!-- café ☕ -->');
  });

  it('keeps every comment, including multi-line ones', () => {
    const text = '<Server>\n  <!-- lint500-disable-next-line tomcat/max-threads-undersized -->\n  <Service name="x"><!--\n  <Connector port="8009" protocol="AJP/1.3"/>\n  --></Service>\n</Server>';
    const { comments } = parse(text);
    expect(comments.map((c) => c.text)).toEqual([' lint500-disable-next-line tomcat/max-threads-undersized ', '\n  <Connector port="8009" protocol="AJP/1.3"/>\n  ']);
    expect(comments.map((c) => slice(text, c.span).startsWith('<!--') && slice(text, c.span).endsWith('-->'))).toEqual([true, true]);
    expect(parser.comment).toEqual(['<!--', '-->']);
  });
});

describe('xml parser: entities are never expanded or resolved', () => {
  const spyHost = () => {
    const calls: string[] = [];
    const host: FileHost = {
      readFile: (p) => {
        calls.push(p);
        return 'root:x:0:0:root:/root:/bin/bash';
      },
      glob: (p) => {
        calls.push(p);
        return [];
      },
      isInside: () => true,
    };
    return { host, calls };
  };

  it('XXE: an external entity is neither read nor expanded', () => {
    const text = '<?xml version="1.0"?>\n<!DOCTYPE Server [\n  <!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n<Server shutdown="&xxe;">\n  <Service name="&xxe;">&xxe;</Service>\n</Server>\n';
    const { host, calls } = spyHost();
    const env: ParseEnv = { host, settings: {}, runPaths: new Set() };
    const out = parser.parse({ path: 'conf/server.xml', text, kind: 'tomcat' }, env);
    expect(calls).toEqual([]);
    expect(out.diagnostics).toEqual([]);
    const root = out.root as XmlDocument;
    expect(attr(root.root!, 'shutdown')!.value).toBe('&xxe;');
    expect(root.doctype).toContain('file:///etc/passwd');
    expect(JSON.stringify(root)).not.toContain('root:x:0:0');
  });

  it('billion laughs: nested entities cost nothing and stay unexpanded', () => {
    let dtd = '<!ENTITY lol "lol">';
    for (let i = 1; i <= 9; i++) dtd += `<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`;
    const text = `<?xml version="1.0"?>\n<!DOCTYPE lolz [${dtd}]>\n<Context description="&lol9;">&lol9;</Context>\n`;
    const t0 = performance.now();
    const out = parse(text, 'conf/context.xml');
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(250);
    expect(out.diagnostics).toEqual([]);
    expect(attr(out.root.root!, 'description')!.value).toBe('&lol9;');
  });

  it('an entity that no DOCTYPE declares is a parse error at its position', () => {
    const text = '<Server>\n  <Service name="&nope;"/>\n</Server>';
    const { diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.code).toBe('parse-error');
    expect(diagnostics[0]!.message).toMatch(/undefined entity/);
    expect(new LineIndex(text).position(diagnostics[0]!.span.start).line).toBe(2);
  });

  it('an external DTD may declare entities: references are kept, not errors', () => {
    const text = '<!DOCTYPE Server SYSTEM "server.dtd">\n<Server port="&port;"/>';
    const { diagnostics, root } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(attr(root.root!, 'port')!.value).toBe('&port;');
  });
});

describe('xml parser: malformed input', () => {
  const cases: [string, string, number, RegExp][] = [
    ['unclosed element', '<Server>\n  <Service name="x">\n    <Connector port="8080"/>\n</Server>\n', 4, /unexpected close tag/],
    ['unclosed at end of file', '<Server>\n  <Service name="x">\n', 2, /unclosed tag/],
    ['unquoted attribute', '<Server>\n  <Connector port=8080 />\n</Server>', 2, /unquoted attribute value/],
    ['duplicate attribute', '<Server>\n\n  <Connector port="1" port="2"/>\n</Server>', 3, /duplicate attribute/],
    ['text after the root', '<Server/>\n<Server/>', 2, /more than one root|text data outside of root node|document/],
  ];
  for (const [name, text, line, re] of cases) {
    it(`${name} → parse-error on line ${line}`, () => {
      const { diagnostics } = parse(text);
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]!.code).toBe('parse-error');
      expect(diagnostics[0]!.message).toMatch(re);
      expect(new LineIndex(text).position(diagnostics[0]!.span.start).line).toBe(line);
    });
  }

  it('an empty file is a parse error at its start, and still gives a document', () => {
    const out = parse('', 'conf/context.xml');
    expect(out.diagnostics.map((d) => [d.code, d.span])).toEqual([['parse-error', { start: 0, end: 0 }]]);
    expect(out.root.type).toBe('document');
  });

  it('`--` inside a comment is malformed XML (Tomcat refuses it too), reported once, comment kept once', () => {
    const text = '<Server>\n  <!-- a -- b -->\n</Server>';
    const { diagnostics, comments } = parse(text);
    expect(diagnostics.map((d) => d.message)).toEqual(['Malformed XML: malformed comment.']);
    expect(new LineIndex(text).position(diagnostics[0]!.span.start).line).toBe(2);
    expect(comments.map((c) => c.text)).toEqual([' a -- b ']);
  });

  it('keeps the part of the tree before an error', () => {
    const text = '<Server>\n  <Service name="a"><Executor name="pool" maxThreads="50"/>\n  <Connector port="8080" <oops/>\n</Server>';
    const { root, diagnostics } = parse(text);
    expect(diagnostics).toHaveLength(1);
    expect(allElements(root).some((e) => e.name === 'Executor')).toBe(true);
  });

  it('never throws on random input', () => {
    const samples = ['<', '<<<', '<a b="', '<a><!--', '<![CDATA[', '<?xml', '</a>', '<a/><', '&amp;', '<a x="1" x="2" y=>', '\u0001<a/>'];
    for (const s of samples) expect(() => parse(s)).not.toThrow();
  });
});

describe('xml parser: traversal', () => {
  it('visits document, every element, and named Tomcat elements, in document order', () => {
    const text = '<Server><Service name="s"><Executor name="e"/><Connector executor="e"/><Engine><Host><Valve className="x"/><Foo/></Host></Engine></Service></Server>';
    const { root } = parse(text);
    const seen: string[] = [];
    parser.traverse(root, (t, n) => seen.push(`>${t}${t === 'element' ? `:${(n as { name: string }).name}` : ''}`), (t) => seen.push(`<${t}`));
    expect(seen.filter((s) => !s.startsWith('>element') && !s.startsWith('<element'))).toEqual([
      '>document', '>Server', '>Service', '>Executor', '<Executor', '>Connector', '<Connector', '>Engine', '>Host', '>Valve', '<Valve', '<Host', '<Engine', '<Service', '<Server', '<document',
    ]);
    expect(seen.filter((s) => s.startsWith('>element')).map((s) => s.slice(9))).toEqual(['Server', 'Service', 'Executor', 'Connector', 'Engine', 'Host', 'Valve', 'Foo']);
  });

  it('handles very deep nesting without overflowing the stack', () => {
    const depth = 50_000;
    const text = '<a>'.repeat(depth) + '</a>'.repeat(depth);
    const { root, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    let n = 0;
    parser.traverse(root, (t) => (t === 'element' ? n++ : 0), () => undefined);
    expect(n).toBe(depth);
  });
});

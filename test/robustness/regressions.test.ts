/**
 * Inputs the fuzzers and the robustness suites found to crash, hang or mis-locate, kept as plain
 * cases so each stays fixed.
 */
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/core/rule.js';
import { checkParseTwice, lintTexts, parserFor } from '../fuzz/harness.js';

async function parse(kind: FileKind, path: string, text: string) {
  const p = await parserFor(kind);
  checkParseTwice(p, path, text);
  const { MemoryHost } = await import('../../src/core/memory-host.js');
  return p.parse({ path, text, kind }, { host: new MemoryHost({ [path]: text }), settings: {}, runPaths: new Set([path]) });
}

describe('parser regressions', () => {
  it('nginx: a "{" with no directive before it, at the end of input', async () => {
    for (const text of ['{', '{\u0017\uFFFDv', '{^/(.*)$\uFFFD:${VAR}:content_by_lua_block', '{# comment\nadd_header X $y always;\n']) {
      const out = await parse('nginx', 'nginx.conf', text);
      expect(out.diagnostics.map((d) => d.code), JSON.stringify(text)).toContain('parse-error');
    }
  });

  it('Spring YAML: an unclosed quote or bracket at the end of the file gives a span inside the file', async () => {
    for (const text of ['"eurek\uFFFDa:\r\n  client:\r\n    enabled: false', "server:\n  port: '8080", 'a: [1, 2']) {
      const out = await parse('spring', 'src/main/resources/application.yml', text);
      const d = out.diagnostics[0]!;
      expect(d.code).toBe('parse-error');
      expect(d.span.end).toBeLessThanOrEqual(text.length);
    }
  });

  it('Spring YAML: an alias to no anchor is a parse-error on the alias (SnakeYAML refuses the file)', async () => {
    const text = 'server:\n  port: *nope\n';
    const out = await parse('spring', 'src/main/resources/application.yml', text);
    expect(out.diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end), d.message])).toEqual([
      ['parse-error', '*nope', 'Invalid YAML: alias *nope refers to no anchor; Spring Boot fails to start with "found undefined alias".'],
    ]);
  });

  it('Spring YAML: 100 000 nested brackets are refused with the limit, not a stack overflow', async () => {
    const text = 'a: ' + '['.repeat(100_000) + ']'.repeat(100_000);
    const out = await parse('spring', 'src/main/resources/application.yml', text);
    expect(out.diagnostics.map((d) => d.message)).toEqual(['The YAML is nested deeper than 200 levels (settings.limits.maxDepth); the file was not read.']);
    const r = await lintTexts([{ path: 'src/main/resources/application.yml', text: 'a: [[[[1]]]]\n', kind: 'spring' }], { limits: { maxDepth: 3 } });
    expect(r[0]!.messages.map((m) => m.message)).toEqual(['The YAML is nested deeper than 3 levels (settings.limits.maxDepth); the file was not read.']);
  });

  it('lone CR line endings: Python, Java, Kubernetes and Spring YAML read them as line breaks', async () => {
    const cases: [FileKind, string, string][] = [
      ['python', 'app/views.py', 'def f():\r    return 1\r\rclass C:\r    pass\r'],
      ['java', 'src/main/java/A.java', 'class A {\r  // note\r  int f() { return 1; }\r}\r'],
      ['spring', 'src/main/resources/application.yml', 'server:\r  port: 8080\rspring:\r  application:\r    name: x\r'],
      ['k8s', 'k8s/deploy.yaml', 'apiVersion: v1\rkind: ConfigMap\rmetadata:\r  name: x\rdata:\r  a: "1"\r'],
    ];
    for (const [kind, path, text] of cases) {
      const out = await parse(kind, path, text);
      expect(out.diagnostics.filter((d) => d.code === 'parse-error'), kind).toEqual([]);
    }
  });

  it('Dockerfile: a continuation ended by a lone CR before a comment (dockerfile-ast heredoc scan threw)', async () => {
    for (const text of [') \\\r#e\n', 'FROM node:20\rRUN apt-get update \\\r# note\r\n  && apt-get install -y curl\rCMD ["node"]\n']) {
      const out = await parse('dockerfile', 'Dockerfile', text);
      expect(out.diagnostics.filter((d) => d.code === 'internal-error')).toEqual([]);
    }
  });

  it('XML: a 1 MB comment of dashes parses in linear time', async () => {
    const text = `<Server port="8005">\n<!-- ${'-'.repeat(1024 * 1024)}! -->\n</Server>\n`;
    const t0 = performance.now();
    const out = await parse('tomcat', 'conf/server.xml', text);
    expect(performance.now() - t0).toBeLessThan(6000);
    expect(out.diagnostics.map((d) => d.code)).toEqual(['parse-error']);
  });
});

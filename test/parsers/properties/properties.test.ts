import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../../src/core/text.js';
import parser, { parseSpring, type SpringConfig } from '../../../src/parsers/properties/index.js';
import { parseProperties } from '../../../src/parsers/properties/java-properties.js';
import {
  canonicalKey,
  isDevOnlyExpression,
  isLegacyKey,
  parseBoolValue,
  parseDurationMs,
  parseIntValue,
  profileFromFileName,
  sameProperty,
} from '../../../src/parsers/properties/relaxed.js';

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

function spring(text: string, path = 'src/main/resources/application.properties'): { root: SpringConfig; diagnostics: { message: string; span: { start: number; end: number } }[] } {
  const out = parseSpring({ path, text, kind: 'spring' });
  return { root: out.root, diagnostics: out.diagnostics };
}

describe('.properties per java.util.Properties.load', () => {
  it('reads `=`, `:` and whitespace separators with exact key and value spans', () => {
    const text = 'server.port=8080\nserver.tomcat.accept-count : 50\nspring.application.name   orders\n  indented.key=\tvalue with trailing  \nempty.value=\nbare.key\n';
    const { properties } = parseProperties(text);
    expect(properties.map((p) => [p.key, p.value])).toEqual([
      ['server.port', '8080'],
      ['server.tomcat.accept-count', '50'],
      ['spring.application.name', 'orders'],
      ['indented.key', 'value with trailing  '],
      ['empty.value', ''],
      ['bare.key', ''],
    ]);
    const p = properties[1]!;
    expect(slice(text, p.keySpan)).toBe('server.tomcat.accept-count');
    expect(slice(text, p.valueSpan)).toBe('50');
    expect(slice(text, properties[3]!.valueSpan)).toBe('value with trailing  ');
    expect(properties[4]!.valueSpan.start).toBe(properties[4]!.valueSpan.end);
  });

  it('joins `\\` continuations, dropping the next line\'s leading blanks; a `#` there is text', () => {
    const text = 'spring.datasource.url=jdbc:postgresql://db:5432/\\\n    orders?ssl=true\\\n#not-a-comment\nnext=1\n';
    const { properties, comments } = parseProperties(text);
    expect(properties.map((p) => [p.key, p.value])).toEqual([
      ['spring.datasource.url', 'jdbc:postgresql://db:5432/orders?ssl=true#not-a-comment'],
      ['next', '1'],
    ]);
    expect(comments).toEqual([]);
    const lines = new LineIndex(text);
    expect(lines.position(properties[0]!.valueSpan.start)).toEqual({ line: 1, column: 23 });
    expect(lines.position(properties[0]!.valueSpan.end)).toEqual({ line: 3, column: 15 });
  });

  it('an even number of trailing backslashes is not a continuation', () => {
    const { properties } = parseProperties('path=C:\\\\\nnext=2');
    expect(properties.map((p) => [p.key, p.value])).toEqual([
      ['path', 'C:\\'],
      ['next', '2'],
    ]);
  });

  it('decodes escapes, including \\uXXXX and escaped separators in keys', () => {
    const text = 'a\\=b\\:c\\ d = x\\ty\\u00e9\\\\z\\q\n';
    const { properties } = parseProperties(text);
    expect(properties[0]!.key).toBe('a=b:c d');
    expect(properties[0]!.value).toBe('x\ty\u00e9\\zq');
    expect(slice(text, properties[0]!.keySpan)).toBe('a\\=b\\:c\\ d');
  });

  it('a malformed \\uXXXX is a parse error at the escape (Java refuses the file)', () => {
    const text = 'ok=1\nbad=caf\\u00g9\n';
    const { diagnostics } = parseProperties(text);
    expect(diagnostics).toHaveLength(1);
    expect(slice(text, diagnostics[0]!.span)).toBe('\\u00g9');
  });

  it('keeps # and ! comments (also indented), and splits documents at #--- and !---', () => {
    const text = '# top\n  ! bang\nserver.port=8080\n#---\nspring.config.activate.on-profile=dev\nserver.port=9090\n!---\nx=1\n';
    const { comments, separators, properties } = parseProperties(text);
    expect(comments.map((c) => c.text)).toEqual([' top', ' bang', '---', '---']);
    expect(separators).toHaveLength(2);
    expect(properties.map((p) => p.document)).toEqual([0, 1, 1, 2]);
  });

  it('handles CRLF and lone CR line ends, and a BOM', () => {
    const text = '\uFEFFa=1\r\nb=2\rc=3';
    const { properties } = parseProperties(text);
    expect(properties.map((p) => [p.key, p.value, slice(text, p.valueSpan)])).toEqual([
      ['a', '1', '1'],
      ['b', '2', '2'],
      ['c', '3', '3'],
    ]);
  });

  it('an empty or comment-only file gives one empty document', () => {
    for (const text of ['', '\n\n', '# nothing here\n']) {
      const { root, diagnostics } = spring(text);
      expect(diagnostics).toEqual([]);
      expect(root.documents).toHaveLength(1);
      expect(root.documents[0]!.entries).toEqual([]);
    }
  });
});

describe('Spring YAML', () => {
  const yml = 'src/main/resources/application.yml';

  it('flattens nested maps, dotted keys and lists with exact key and value spans', () => {
    const text = 'server:\n  port: 8080\n  tomcat:\n    threads.max: 50\n    accept-count: "25"\nspring:\n  profiles:\n    include: [db, metrics]\n';
    const { root, diagnostics } = spring(text, yml);
    expect(diagnostics).toEqual([]);
    const entries = root.documents[0]!.entries;
    expect(entries.map((e) => [e.key, e.value])).toEqual([
      ['server.port', '8080'],
      ['server.tomcat.threads.max', '50'],
      ['server.tomcat.accept-count', '25'],
      ['spring.profiles.include[0]', 'db'],
      ['spring.profiles.include[1]', 'metrics'],
    ]);
    const threads = entries[1]!;
    expect(slice(text, threads.keySpan)).toBe('threads.max');
    expect(slice(text, threads.valueSpan)).toBe('50');
    expect(slice(text, entries[2]!.valueSpan)).toBe('"25"');
    expect(threads.name).toBe('server.tomcat.threads.max');
  });

  it('keeps plain scalars as written (no YAML 1.1/1.2 number or boolean reinterpretation)', () => {
    const { root } = spring('a: 010\nb: 0x1F\nc: on\nd: 1_000\ne: ~\nf:\n', yml);
    expect(root.documents[0]!.entries.map((e) => [e.key, e.value])).toEqual([
      ['a', '010'],
      ['b', '0x1F'],
      ['c', 'on'],
      ['d', '1_000'],
      ['e', ''],
      ['f', ''],
    ]);
  });

  it('records the profile of each document (on-profile and legacy spring.profiles) and the file-name profile', () => {
    const text = 'server:\n  port: 8080\n---\nspring:\n  config:\n    activate:\n      on-profile: dev\nserver:\n  error:\n    include-stacktrace: always\n---\nspring.profiles: prod | staging\nserver.port: 80\n';
    const { root } = spring(text, yml);
    expect(root.documents.map((d) => d.profile?.expression)).toEqual([undefined, 'dev', 'prod | staging']);
    expect(root.documents[1]!.entries.at(-1)!.profiles).toEqual(['dev']);
    expect(root.documents[2]!.profile!.key).toBe('spring.profiles');
    const { root: devFile } = spring('server:\n  port: 1\n', 'src/main/resources/application-dev.yaml');
    expect(devFile.fileProfile).toBe('dev');
    expect(devFile.documents[0]!.entries[0]!.profiles).toEqual(['dev']);
  });

  it('a list-valued on-profile becomes one expression', () => {
    const { root } = spring('spring:\n  config:\n    activate:\n      on-profile:\n        - dev\n        - local\nx: 1\n', yml);
    expect(root.documents[0]!.profile!.expression).toBe('dev,local');
  });

  it('follows aliases and << merge keys', () => {
    const text = 'defaults: &pool\n  maximum-pool-size: 5\n  connection-timeout: 0\nspring:\n  datasource:\n    hikari:\n      <<: *pool\n      pool-name: orders\n';
    const { root } = spring(text, yml);
    const keys = root.documents[0]!.entries.map((e) => `${e.key}=${e.value}`);
    expect(keys).toContain('spring.datasource.hikari.maximum-pool-size=5');
    expect(keys).toContain('spring.datasource.hikari.connection-timeout=0');
    expect(keys).toContain('spring.datasource.hikari.pool-name=orders');
  });

  it('an alias bomb stays bounded', () => {
    let text = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]\n`;
    const t0 = performance.now();
    const { root } = spring(text, yml);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(root.documents[0]!.entries.length).toBeLessThanOrEqual(20_000);
  });

  it('bracketed map keys keep their dots', () => {
    const { root } = spring('logging:\n  level:\n    "[org.hibernate.SQL]": debug\n', yml);
    expect(root.documents[0]!.entries[0]!.key).toBe('logging.level[org.hibernate.SQL]');
  });

  it('keeps comments with spans, but not `#` inside block scalars or quotes', () => {
    const text = '# head\nserver: # trailing\n  port: 8080\ndesc: |\n  # not a comment\nq: "a # b"\n';
    const out = parser.parse({ path: yml, text, kind: 'spring' }, { host: { readFile: () => undefined, glob: () => [], isInside: () => false }, settings: {}, runPaths: new Set() });
    expect(out.comments.map((c) => [c.text, slice(text, c.span)])).toEqual([
      [' head', '# head'],
      [' trailing', '# trailing'],
    ]);
  });

  it('duplicate keys and broken syntax are parse errors at the right place; empty files are fine', () => {
    const dup = 'server:\n  port: 1\n  port: 2\n';
    const a = spring(dup, yml);
    expect(a.diagnostics).toHaveLength(1);
    expect(new LineIndex(dup).position(a.diagnostics[0]!.span.start).line).toBe(3);
    const bad = 'server:\n  port: [8080\nx: 1\n';
    const b = spring(bad, yml);
    expect(b.diagnostics).toHaveLength(1);
    for (const text of ['', '\n', '# only a comment\n', '---\n']) {
      const c = spring(text, yml);
      expect(c.diagnostics).toEqual([]);
      expect(c.root.documents.flatMap((d) => d.entries)).toEqual([]);
    }
  });
});

describe('relaxed binding', () => {
  it('kebab, camel, underscore and environment forms are the same property', () => {
    for (const k of ['server.tomcat.threads.max', 'server.tomcat.threads.MAX', 'SERVER_TOMCAT_THREADS_MAX', 'server.tomcat.max-threads', 'server.tomcat.maxThreads', 'server.tomcat.max_threads', 'SERVER_TOMCAT_MAXTHREADS']) {
      expect(canonicalKey(k), k).toBe('server.tomcat.threads.max');
    }
    expect(sameProperty('spring.datasource.hikari.maximum-pool-size', 'spring.datasource.hikari.maximumPoolSize')).toBe(true);
    expect(sameProperty('SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE', 'spring.datasource.hikari.maximum-pool-size')).toBe(true);
    expect(sameProperty('server.tomcat.accept-count', 'server.tomcat.acceptCount')).toBe(true);
    expect(sameProperty('server.connection-timeout', 'server.tomcat.connection-timeout')).toBe(true);
    expect(sameProperty('server.port', 'server.portal')).toBe(false);
    expect(isLegacyKey('server.tomcat.max-threads')).toBe(true);
    expect(isLegacyKey('server.tomcat.threads.max')).toBe(false);
    expect(canonicalKey('my.list[0].Name')).toBe('my.list.[0].name');
  });

  it('reads values the way Spring converts them', () => {
    expect(parseIntValue(' 50 ')).toBe(50);
    expect(parseIntValue('5x')).toBeUndefined();
    expect(parseBoolValue('TRUE')).toBe(true);
    expect(parseBoolValue('off')).toBe(false);
    expect(parseBoolValue('maybe')).toBeUndefined();
    expect(parseDurationMs('20000')).toBe(20000);
    expect(parseDurationMs('20s')).toBe(20000);
    expect(parseDurationMs('5m')).toBe(300000);
    expect(parseDurationMs('PT1M30S')).toBe(90000);
    expect(parseDurationMs('-1')).toBe(-1);
    expect(parseDurationMs('20', 's')).toBe(20000);
    expect(parseDurationMs('soon')).toBeUndefined();
  });

  it('profiles: from file names, and which expressions are dev-only', () => {
    expect(profileFromFileName('src/main/resources/application-dev.properties')).toBe('dev');
    expect(profileFromFileName('config/application-dev-local.yml')).toBe('dev-local');
    expect(profileFromFileName('application.yml')).toBeUndefined();
    const dev = ['dev', 'local'];
    expect(isDevOnlyExpression('dev', dev)).toBe(true);
    expect(isDevOnlyExpression('dev | local', dev)).toBe(true);
    expect(isDevOnlyExpression('dev & !cloud', dev)).toBe(true);
    expect(isDevOnlyExpression('dev,prod', dev)).toBe(false);
    expect(isDevOnlyExpression('!prod', dev)).toBe(false);
    expect(isDevOnlyExpression('prod', dev)).toBe(false);
  });
});

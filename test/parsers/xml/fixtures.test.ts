/**
 * The Tomcat and Spring fixture files (fixtures/files/tomcat, fixtures/files/spring) through the whole
 * engine with every tomcat rule, and inline suppressions in both comment syntaxes.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import type { AnyRule, FileHost, SourceFile } from '../../../src/core/rule.js';
import { parseSpring } from '../../../src/parsers/properties/index.js';
import { loadParser } from '../../../src/parsers/index.js';
import { classify } from '../../../src/project/classify.js';
import { loadRules } from '../../../rules/index.js';

const FIXTURES = resolve(__dirname, '../../../fixtures/files');
const read = (p: string) => readFileSync(resolve(FIXTURES, p), 'utf8');

/** A host that records every read: the XML parser must never use it. */
function spyHost() {
  const reads: string[] = [];
  const host: FileHost = {
    readFile: (p) => {
      reads.push(p);
      return undefined;
    },
    glob: (p) => {
      reads.push(p);
      return [];
    },
    isInside: () => true,
  };
  return { host, reads };
}

async function run(files: Record<string, string>, host?: FileHost) {
  const rules: AnyRule[] = await loadRules(['tomcat']);
  const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'warn' }, new Map(rules.map((r) => [r.meta.id, r])));
  const sources: SourceFile[] = Object.entries(files).map(([path, text]) => ({ path, text, kind: classify(path, text)! }));
  const results = await lint({ files: sources, rules, config, parsers: loadParser, host });
  return {
    found: results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line}:${m.column} ${m.ruleId}`)),
    suppressed: results.flatMap((r) => r.suppressedMessages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}`)),
  };
}

describe('fixture files', () => {
  it('XXE server.xml: linted normally, nothing read, no entity expanded', async () => {
    const { host, reads } = spyHost();
    const { found } = await run({ 'conf/server.xml': read('tomcat/xxe-server.xml') }, host);
    expect(reads).toEqual([]);
    expect(found).toEqual(['conf/server.xml:9:60 tomcat/max-threads-undersized']);
  });

  it('billion laughs context.xml: fast, linted normally', async () => {
    const t0 = performance.now();
    const { found } = await run({ 'conf/context.xml': read('tomcat/billion-laughs-context.xml') });
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(found).toEqual(['conf/context.xml:16:65 tomcat/db-pool-undersized']);
  });

  it('multi-document Spring YAML: profiles per document, legacy names, dev document exempt, prod document over the pool', async () => {
    const text = read('spring/application.yml');
    const root = parseSpring({ path: 'src/main/resources/application.yml', text, kind: 'spring' }).root;
    expect(root.documents.map((d) => d.profile?.expression)).toEqual([undefined, 'prod', 'dev']);
    expect(root.documents[1]!.entries.map((e) => [e.key, e.name, e.value])).toContainEqual(['server.tomcat.max-threads', 'server.tomcat.threads.max', '1000']);
    const { found } = await run({ 'src/main/resources/application.yml': text });
    // 1000 threads (prod) over 40 connections, more than 20 per connection; the dev document's include-stacktrace is exempt.
    expect(found).toEqual(['src/main/resources/application.yml:12:26 tomcat/pool-smaller-than-threads']);
  });

  it('.properties corners: separators, continuation, escapes and #--- documents', () => {
    const root = parseSpring({ path: 'src/main/resources/application-corners.properties', text: read('spring/application-corners.properties'), kind: 'spring' }).root;
    expect(root.fileProfile).toBe('corners');
    const [base, prod] = root.documents;
    expect(base!.entries.map((e) => [e.key, e.value])).toEqual([
      ['server.port', '8080'],
      ['server.tomcat.accept-count', '100'],
      ['spring.application.name', 'orders'],
      ['spring.datasource.url', 'jdbc:postgresql://db:5432/orders?ssl=true'],
      ['app.greeting', 'café \\ naïve'],
    ]);
    expect(prod!.profile?.expression).toBe('prod');
    expect(prod!.entries.at(-1)!.profiles).toEqual(['corners', 'prod']);
  });
});

describe('inline suppressions', () => {
  it('an XML comment suppresses the next line; an unused one is reported', async () => {
    const xml = '<Server>\n  <Service name="Catalina">\n    <!-- lint500-disable-next-line tomcat/max-threads-undersized -->\n    <Connector port="8080" maxThreads="20"/>\n    <!-- lint500-disable-next-line tomcat/accept-count-undersized -->\n    <Connector port="8081"/>\n  </Service>\n</Server>\n';
    const { found, suppressed } = await run({ 'conf/server.xml': xml });
    expect(suppressed).toEqual(['conf/server.xml:4 tomcat/max-threads-undersized']);
    expect(found).toEqual(['conf/server.xml:5:5 unused-disable-directive']);
  });

  it('a # comment suppresses a Spring property, in .properties and in YAML', async () => {
    const { found, suppressed } = await run({
      'src/main/resources/application.properties': '# lint500-disable-next-line tomcat/error-report-exposes-details -- internal admin tool\nserver.error.include-stacktrace=always\n',
      'src/main/resources/application-prod.yml': 'server:\n  tomcat:\n    threads:\n      max: 20 # lint500-disable-line tomcat/max-threads-undersized -- batch node\n',
    });
    expect(found).toEqual([]);
    expect(suppressed.sort()).toEqual(['src/main/resources/application-prod.yml:4 tomcat/max-threads-undersized', 'src/main/resources/application.properties:2 tomcat/error-report-exposes-details']);
  });
});

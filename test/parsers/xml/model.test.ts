import { projectModel } from '../../../src/testing/model.js';
import { describe, expect, it } from 'vitest';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { FileKind, ParsedFile, ProjectModel } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import springParser from '../../../src/parsers/properties/index.js';
import { resolveEntries } from '../../../src/parsers/properties/spring-model.js';
import xmlParser from '../../../src/parsers/xml/index.js';
import { jvmModel, springBase, tomcatBase, type JvmApp } from '../../../src/parsers/xml/model.js';
import { classify } from '../../../src/project/classify.js';

function model(files: Record<string, string>): ProjectModel {
  const host = new MemoryHost(files);
  const parsed: ParsedFile[] = Object.entries(files).map(([path, text]) => {
    const kind = classify(path, text) as FileKind;
    const p = kind === 'tomcat' ? xmlParser : springParser;
    const out = p.parse({ path, text, kind }, { host, settings: {}, runPaths: new Set(Object.keys(files)) });
    return { path, kind, text, lines: new LineIndex(text), root: out.root, comments: out.comments } as ParsedFile;
  });
  return projectModel(parsed, host);
}

const at = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('grouping files into apps', () => {
  it('finds the CATALINA_BASE of Tomcat files and the resources root of Spring files', () => {
    expect(tomcatBase('deploy/tomcat/conf/server.xml')).toBe('deploy/tomcat');
    expect(tomcatBase('deploy/tomcat/conf/Catalina/localhost/orders.xml')).toBe('deploy/tomcat');
    expect(tomcatBase('deploy/tomcat/webapps/orders/META-INF/context.xml')).toBe('deploy/tomcat');
    expect(tomcatBase('etc/tomcat10/server.xml')).toBe('etc/tomcat10');
    expect(springBase('svc/orders/src/main/resources/application.yml')).toBe('svc/orders/src/main/resources');
    expect(springBase('svc/orders/src/main/resources/config/application-prod.yml')).toBe('svc/orders/src/main/resources');
    expect(springBase('svc/orders/src/test/resources/application.yml')).toBe('svc/orders/src/test/resources');
    expect(springBase('deploy/config/application.properties')).toBe('deploy');
  });
});

describe('jvmModel: Tomcat', () => {
  const serverXml = `<Server port="8005">
  <Service name="Catalina">
    <Executor name="pool" maxThreads="150"/>
    <Connector executor="pool" port="8080" protocol="HTTP/1.1" maxThreads="999" connectionTimeout="20000"/>
    <Connector protocol="AJP/1.3" port="8009" acceptCount="50"/>
  </Service>
</Server>
`;
  const contextXml = `<Context>
  <Resource name="jdbc/a" type="javax.sql.DataSource" maxTotal="20"/>
  <Resource name="jdbc/b" type="javax.sql.DataSource" maxActive="15" maxWait="5000"/>
  <Resource name="jdbc/c" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory"/>
  <Resource name="jdbc/d" type="javax.sql.DataSource" factory="com.zaxxer.hikari.HikariJNDIFactory" connectionTimeout="0"/>
  <Resource name="mail/s" type="jakarta.mail.Session"/>
</Context>
`;
  const m = model({ 'tc/conf/server.xml': serverXml, 'tc/conf/context.xml': contextXml, 'other/conf/server.xml': '<Server><Service name="x"><Connector port="9090"/></Service></Server>' });
  const jvm = jvmModel(m);
  const app = jvm.apps.find((a) => a.dir === 'tc')!;

  it('groups one installation, and keeps another apart', () => {
    expect(jvm.apps.map((a) => [a.kind, a.dir, a.files.length, a.hasServerXml])).toEqual([
      ['tomcat', 'tc', 2, true],
      ['tomcat', 'other', 1, true],
    ]);
    expect(jvmModel(m)).toBe(jvm);
  });

  it('reads connectors with executor indirection and Tomcat defaults, each with its span', () => {
    const [http, ajp] = app.connectors;
    expect(http!.threads).toMatchObject({ value: 150, explicit: true, name: 'maxThreads' });
    expect(at(serverXml, http!.threads.span)).toBe('150');
    expect(http!.executor?.name).toBe('pool');
    expect(http!.port).toMatchObject({ value: 8080, explicit: true });
    expect(http!.connectionTimeout).toMatchObject({ value: 20000, explicit: true });
    expect(http!.acceptCount).toMatchObject({ value: 100, explicit: false });
    expect(http!.maxConnections).toMatchObject({ value: 8192, explicit: false });
    expect(ajp!.protocol).toBe('ajp');
    expect(ajp!.threads).toMatchObject({ value: 200, explicit: false });
    expect(at(serverXml, ajp!.threads.span)).toBe('Connector');
    expect(ajp!.connectionTimeout).toMatchObject({ value: -1, explicit: false });
    expect(ajp!.acceptCount).toMatchObject({ value: 50, explicit: true });
  });

  it('reads JNDI pools with each implementation and its real defaults', () => {
    const pools = app.pools.map((p) => [p.name, p.impl, p.implExplicit, p.maxSize.value, p.maxSize.explicit, p.maxWait.value, p.maxWait.explicit, p.validation.validates]);
    expect(pools).toEqual([
      ['jdbc/a', 'dbcp2', false, 20, true, -1, false, true],
      ['jdbc/b', 'dbcp', false, 15, true, 5000, true, false],
      ['jdbc/c', 'tomcat-jdbc', true, 100, false, 30000, false, false],
      ['jdbc/d', 'hikari', true, 10, false, 0, true, true],
    ]);
    expect(at(contextXml, app.pools[0]!.maxSize.span)).toBe('20');
    expect(at(contextXml, app.pools[2]!.maxSize.span)).toBe('Resource');
  });
});

describe('jvmModel: Spring Boot', () => {
  const base = 'svc/src/main/resources';
  const files = {
    [`${base}/application.yml`]: 'server:\n  port: ${PORT:8081}\n  tomcat:\n    threads:\n      max: 100\n    connection-timeout: 20s\nspring:\n  datasource:\n    url: jdbc:postgresql://db/x\n    hikari:\n      maximum-pool-size: 12\n---\nspring.config.activate.on-profile: prod\nserver.tomcat.accept-count: 300\n',
    [`${base}/application.properties`]: 'server.tomcat.threads.max=120\n',
    [`${base}/application-prod.properties`]: 'server.tomcat.max-threads=400\nspring.datasource.hikari.connection-timeout=0\n',
    [`${base}/config/application.properties`]: 'spring.datasource.hikari.maximum-pool-size=14\n',
    'svc/src/test/resources/application.properties': 'spring.datasource.hikari.maximum-pool-size=1\n',
  };
  const jvm = jvmModel(model(files));
  const view = (profiles: string[]) => jvm.apps.find((a) => a.dir === base && a.profiles.join() === profiles.join())!;

  it('one app per resources root, seen with the default profile and each profile mentioned', () => {
    expect(jvm.apps.map((a: JvmApp) => [a.dir, a.profiles, a.test])).toEqual([
      [base, [], false],
      [base, ['prod'], false],
      ['svc/src/test/resources', [], true],
    ]);
  });

  it('applies Spring precedence: .properties over YAML, config/ over the root, profile files last', () => {
    const d = view([]);
    const c = d.connectors[0]!;
    expect(c.threads).toMatchObject({ value: 120, explicit: true, name: 'server.tomcat.threads.max', file: `${base}/application.properties` });
    expect(c.port).toMatchObject({ value: 8081, explicit: true });
    expect(c.connectionTimeout).toMatchObject({ value: 20000, explicit: true });
    expect(c.acceptCount).toMatchObject({ value: 100, explicit: false });
    expect(d.pools[0]).toMatchObject({ impl: 'hikari', implExplicit: false });
    expect(d.pools[0]!.maxSize).toMatchObject({ value: 14, file: `${base}/config/application.properties` });
    expect(d.pools[0]!.maxWait).toMatchObject({ value: 30000, explicit: false });

    const p = view(['prod']);
    expect(p.connectors[0]!.threads).toMatchObject({ value: 400, name: 'server.tomcat.max-threads', profiles: ['prod'] });
    expect(p.connectors[0]!.acceptCount).toMatchObject({ value: 300, explicit: true, profiles: ['prod'] });
    expect(p.pools[0]!.maxWait).toMatchObject({ value: 0, explicit: true });
  });

  it('resolves entries per profile with relaxed names', () => {
    const roots = jvm.apps[0]!.files.map((f) => f);
    expect(roots).toHaveLength(4);
    const m = model(files);
    const springRoots = m.filesOf('spring').filter((f) => f.path.startsWith(base)).map((f) => f.root);
    expect(resolveEntries(springRoots, ['prod']).get('server.tomcat.threads.max')!.value).toBe('400');
    expect(resolveEntries(springRoots).get('server.tomcat.acceptcount')).toBeUndefined();
  });

  it('selects the Tomcat pool or DBCP 2 from spring.datasource.type, with their defaults', () => {
    const tomcat = jvmModel(model({ 'a/application.properties': 'spring.datasource.type=org.apache.tomcat.jdbc.pool.DataSource\n' })).apps[0]!.pools[0]!;
    expect([tomcat.impl, tomcat.maxSize.value, tomcat.maxWait.value]).toEqual(['tomcat-jdbc', 100, 30000]);
    const dbcp2 = jvmModel(model({ 'b/application.properties': 'spring.datasource.dbcp2.max-total=30\n' })).apps[0]!.pools[0]!;
    expect([dbcp2.impl, dbcp2.maxSize.value, dbcp2.maxWait.value]).toEqual(['dbcp2', 30, -1]);
    expect(jvmModel(model({ 'c/application.properties': 'server.port=80\n' })).apps[0]!.pools).toEqual([]);
  });
});

/**
 * Facts of one Tomcat XML file: connectors with their effective thread pool (an `executor`
 * attribute hands the threads to the named Executor of the same Service), JNDI DataSource pools with
 * their implementation's real defaults, and ErrorReportValves. Memoised per parsed document.
 */
import type { Span } from '../../core/text.js';
import { allElements, attr, type XmlAttribute, type XmlDocument, type XmlElement } from './index.js';
import { POOL_DEFAULTS, TOMCAT_DEFAULTS, type DataSourcePool, type JvmConnector, type PoolImpl, type PoolValidation, type Setting } from './jvm.js';

export interface TomcatExecutor {
  name: string;
  element: XmlElement;
  maxThreads: Setting<number>;
}

export interface TomcatConnector extends JvmConnector {
  element: XmlElement;
  /** The connector's own maxThreads when an executor makes Tomcat ignore it. */
  ignoredMaxThreads?: XmlAttribute;
}

export interface TomcatPool extends DataSourcePool {
  element: XmlElement;
}

export interface TomcatFacts {
  file: string;
  executors: TomcatExecutor[];
  connectors: TomcatConnector[];
  pools: TomcatPool[];
  errorValves: XmlElement[];
}

const cache = new WeakMap<XmlDocument, TomcatFacts>();

/** Integer attribute value; undefined for `${placeholders}` and anything not an integer. */
export function intValue(a: XmlAttribute | undefined): number | undefined {
  if (!a) return undefined;
  const v = a.value.trim();
  return /^[+-]?\d{1,15}$/.test(v) ? Number(v) : undefined;
}

/** Boolean attribute value as Tomcat's IntrospectionUtils reads it (`Boolean.valueOf`). */
export function boolValue(a: XmlAttribute | undefined): boolean | undefined {
  if (!a || a.value.includes('${')) return undefined;
  return a.value.trim().toLowerCase() === 'true';
}

function numberSetting(el: XmlElement, file: string, name: string, fallback: number, anchor: Span = el.nameSpan): Setting<number> {
  const a = attr(el, name);
  const v = intValue(a);
  if (a && v !== undefined) return { value: v, explicit: true, name, raw: a.value, file, span: a.valueSpan };
  if (a) return { value: fallback, explicit: true, unresolved: true, name, raw: a.value, file, span: a.valueSpan };
  return { value: fallback, explicit: false, name, file, span: anchor };
}

function findService(el: XmlElement): XmlElement | undefined {
  let p = el.parent;
  while (p && p.name !== 'Service') p = p.parent;
  return p;
}

const DATASOURCE_TYPES = new Set(['javax.sql.DataSource', 'jakarta.sql.DataSource', 'javax.sql.XADataSource', 'jakarta.sql.XADataSource', 'javax.sql.ConnectionPoolDataSource']);

/** Which pool implementation a Resource element configures, or undefined when it is not a known JDBC pool. */
export function poolImplOf(el: XmlElement): { impl: PoolImpl; explicit: boolean } | undefined {
  const factory = attr(el, 'factory')?.value.trim() ?? '';
  const type = attr(el, 'type')?.value.trim() ?? '';
  const has = (n: string) => attr(el, n) !== undefined;
  if (factory.startsWith('org.apache.tomcat.jdbc.pool.') || type.startsWith('org.apache.tomcat.jdbc.pool.')) return { impl: 'tomcat-jdbc', explicit: true };
  if (factory.startsWith('com.zaxxer.hikari.') || type.startsWith('com.zaxxer.hikari.')) return { impl: 'hikari', explicit: true };
  if (factory.includes('.dbcp2.') || type.includes('.dbcp2.')) return { impl: 'dbcp2', explicit: true };
  if (factory.includes('.dbcp.') || type.startsWith('org.apache.commons.dbcp.')) return { impl: 'dbcp', explicit: true };
  if (factory.startsWith('com.alibaba.druid.') || type.startsWith('com.alibaba.druid.')) return { impl: 'druid', explicit: true };
  if (factory) return undefined;
  if (!DATASOURCE_TYPES.has(type)) return undefined;
  // No factory: Tomcat's built-in DBCP. Files that use only the DBCP 1 names were written for Tomcat <= 7.
  const legacy = has('maxActive') || has('maxWait');
  const modern = has('maxTotal') || has('maxWaitMillis');
  return { impl: legacy && !modern ? 'dbcp' : 'dbcp2', explicit: false };
}

function validationOf(el: XmlElement, impl: PoolImpl, file: string): PoolValidation {
  const testOnBorrow = attr(el, 'testOnBorrow');
  const testWhileIdle = boolValue(attr(el, 'testWhileIdle')) === true;
  const evictionMs = intValue(attr(el, 'timeBetweenEvictionRunsMillis'));
  const query = attr(el, 'validationQuery')?.value.trim();
  const off: Setting<string> | undefined = testOnBorrow && boolValue(testOnBorrow) === false ? { value: testOnBorrow.value, explicit: true, name: 'testOnBorrow', raw: testOnBorrow.value, file, span: testOnBorrow.valueSpan } : undefined;
  switch (impl) {
    case 'hikari':
      return { validates: true, reason: '' };
    case 'tomcat-jdbc': {
      // The evictor runs every 5 s by default, so testWhileIdle alone validates idle connections.
      const idle = testWhileIdle && (evictionMs === undefined || evictionMs > 0);
      if (boolValue(testOnBorrow) === true || idle) return { validates: true, reason: '' };
      return { validates: false, reason: 'testOnBorrow and testWhileIdle are false (the Tomcat JDBC pool default)', offending: off };
    }
    case 'dbcp2': {
      // DBCP 2 validates with Connection.isValid() when no validationQuery is set.
      const idle = testWhileIdle && evictionMs !== undefined && evictionMs > 0;
      if (boolValue(testOnBorrow) !== false || idle) return { validates: true, reason: '' };
      return { validates: false, reason: 'testOnBorrow is false and no idle test runs', offending: off };
    }
    case 'druid': {
      // Druid tests idle connections unless told not to (testWhileIdle defaults to true).
      const idleOff = boolValue(attr(el, 'testWhileIdle')) === false;
      if (!idleOff || boolValue(testOnBorrow) === true) return { validates: true, reason: '' };
      const a = attr(el, 'testWhileIdle')!;
      return { validates: false, reason: 'testWhileIdle is false and testOnBorrow is not on', offending: { value: a.value, explicit: true, name: 'testWhileIdle', raw: a.value, file, span: a.valueSpan } };
    }
    case 'dbcp': {
      const idle = testWhileIdle && evictionMs !== undefined && evictionMs > 0;
      if (query && (boolValue(testOnBorrow) !== false || idle)) return { validates: true, reason: '' };
      if (!query) return { validates: false, reason: 'DBCP 1 tests nothing without a validationQuery' };
      return { validates: false, reason: 'testOnBorrow is false and no idle test runs', offending: off };
    }
  }
}

function readPool(el: XmlElement, file: string): TomcatPool | undefined {
  const kind = poolImplOf(el);
  if (!kind) return undefined;
  const d = POOL_DEFAULTS[kind.impl];
  const name = attr(el, 'name')?.value ?? '(unnamed)';
  const maxSize = numberSetting(el, file, d.sizeAttr, d.maxSize);
  const maxWait = numberSetting(el, file, d.waitAttr, d.maxWaitMs);
  const ignored: Setting<string>[] = [];
  if (kind.impl === 'dbcp2') {
    // DBCP 2 ignores the DBCP 1 names and logs only a warning.
    for (const n of ['maxActive', 'maxWait']) {
      const a = attr(el, n);
      if (a) ignored.push({ value: a.value, explicit: true, name: n, raw: a.value, file, span: a.nameSpan });
    }
  }
  let inGlobal = false;
  for (let p = el.parent; p; p = p.parent) if (p.name === 'GlobalNamingResources') inGlobal = true;
  return {
    kind: 'tomcat',
    file,
    name,
    impl: kind.impl,
    implExplicit: kind.explicit,
    anchor: el.nameSpan,
    maxSize,
    maxWait,
    validation: validationOf(el, kind.impl, file),
    ...(inGlobal ? { global: true } : {}),
    ...(ignored.length ? { ignored } : {}),
    element: el,
  };
}

function build(doc: XmlDocument): TomcatFacts {
  const file = doc.file;
  const elements = allElements(doc);
  const executors: TomcatExecutor[] = [];
  const byService = new Map<XmlElement | undefined, Map<string, TomcatExecutor>>();
  for (const el of elements) {
    if (el.name !== 'Executor') continue;
    const name = attr(el, 'name')?.value ?? '';
    const ex: TomcatExecutor = { name, element: el, maxThreads: numberSetting(el, file, 'maxThreads', TOMCAT_DEFAULTS.maxThreads) };
    executors.push(ex);
    const svc = findService(el);
    let m = byService.get(svc);
    if (!m) byService.set(svc, (m = new Map()));
    if (!m.has(name)) m.set(name, ex);
  }
  const connectors: TomcatConnector[] = [];
  for (const el of elements) {
    if (el.name !== 'Connector') continue;
    const protocolRaw = attr(el, 'protocol')?.value ?? 'HTTP/1.1';
    const protocol = /ajp/i.test(protocolRaw) ? 'ajp' : 'http';
    const execName = attr(el, 'executor')?.value.trim();
    // An executor name that matches no Executor makes Tomcat fall back to the connector's own pool.
    const ex = execName ? byService.get(findService(el))?.get(execName) : undefined;
    const own = numberSetting(el, file, 'maxThreads', TOMCAT_DEFAULTS.maxThreads);
    const portAttr = attr(el, 'port');
    const port = intValue(portAttr);
    const c: TomcatConnector = {
      kind: 'tomcat',
      file,
      protocol,
      anchor: el.nameSpan,
      ...(portAttr && port !== undefined ? { port: { value: port, explicit: true, name: 'port', raw: portAttr.value, file, span: portAttr.valueSpan } } : {}),
      threads: ex ? ex.maxThreads : own,
      ...(ex ? { executor: { name: ex.name, file, span: attr(ex.element, 'name')?.valueSpan ?? ex.element.nameSpan } } : {}),
      ...(ex && attr(el, 'maxThreads') ? { ignoredMaxThreads: attr(el, 'maxThreads') } : {}),
      acceptCount: numberSetting(el, file, 'acceptCount', TOMCAT_DEFAULTS.acceptCount),
      connectionTimeout: numberSetting(el, file, 'connectionTimeout', protocol === 'ajp' ? TOMCAT_DEFAULTS.connectionTimeoutAjp : TOMCAT_DEFAULTS.connectionTimeoutHttp),
      maxConnections: numberSetting(el, file, 'maxConnections', TOMCAT_DEFAULTS.maxConnections),
      element: el,
    };
    connectors.push(c);
  }
  const pools: TomcatPool[] = [];
  for (const el of elements) {
    if (el.name !== 'Resource') continue;
    const p = readPool(el, file);
    if (p) pools.push(p);
  }
  const errorValves = elements.filter((el) => el.name === 'Valve' && /(^|\.)\w*ErrorReportValve$/.test(attr(el, 'className')?.value.trim() ?? ''));
  return { file, executors, connectors, pools, errorValves };
}

/** The Tomcat facts of a parsed server.xml / context.xml. */
export function tomcatFacts(doc: XmlDocument): TomcatFacts {
  let f = cache.get(doc);
  if (!f) cache.set(doc, (f = build(doc)));
  return f;
}

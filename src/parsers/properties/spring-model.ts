/**
 * Spring Boot's view of one application's configuration files: which value of each property wins
 * for a set of active profiles, and the embedded Tomcat connector and DataSource pool that result.
 *
 * Precedence follows Spring Boot 2.4+: profile-specific files over the plain ones, `config/` over the
 * directory itself, `.properties` over YAML in the same place, and later documents over earlier ones
 * in a file.
 */
import type { Span } from '../../core/text.js';
import { POOL_DEFAULTS, SPRING_DEFAULTS, type DataSourcePool, type JvmConnector, type PoolImpl, type PoolValidation, type Setting } from '../xml/jvm.js';
import type { SpringConfig, SpringEntry } from './index.js';
import { hasPlaceholder, parseBoolValue, parseDurationMs, parseIntValue } from './relaxed.js';

/** Whether a profile expression holds for the given active profiles (`a & !b`, `a | b`, `a,b`). */
export function profileActive(expression: string, active: ReadonlySet<string>): boolean {
  const alternatives = expression.replace(/[()]/g, ' ').split(/[|,]/).map((a) => a.trim()).filter(Boolean);
  return alternatives.some((alt) =>
    alt
      .split('&')
      .map((a) => a.trim())
      .filter(Boolean)
      .every((atom) => (atom.startsWith('!') ? !active.has(atom.slice(1).trim()) : active.has(atom))),
  );
}

/** Profile names that a file name or document activation mentions. */
export function profilesMentioned(files: readonly SpringConfig[]): string[] {
  const out = new Set<string>();
  for (const f of files) {
    if (f.fileProfile) out.add(f.fileProfile);
    for (const d of f.documents) {
      for (const atom of d.profile?.expression.replace(/[()!]/g, ' ').split(/[|,&]/) ?? []) if (atom.trim()) out.add(atom.trim());
    }
  }
  return [...out].sort();
}

function rank(f: SpringConfig): number {
  const inConfig = /(^|\/)config\/[^/]+$/.test(f.file) ? 2 : 0;
  const props = f.format === 'properties' ? 1 : 0;
  return (f.fileProfile ? 4 : 0) + inConfig + props;
}

/** The files of one app in the order Spring applies them (later wins). */
export function orderFiles(files: readonly SpringConfig[]): SpringConfig[] {
  return [...files].sort((a, b) => rank(a) - rank(b) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** The winning entry of every property name with `active` profiles (none: the default profile). */
export function resolveEntries(files: readonly SpringConfig[], active: readonly string[] = []): Map<string, SpringEntry> {
  const set = new Set(active);
  const out = new Map<string, SpringEntry>();
  for (const f of orderFiles(files)) {
    if (f.fileProfile && !set.has(f.fileProfile)) continue;
    for (const d of f.documents) {
      if (d.profile && !profileActive(d.profile.expression, set)) continue;
      for (const e of d.entries) out.set(e.name, e);
    }
  }
  return out;
}

function entrySetting<T>(e: SpringEntry, file: string, value: T): Setting<T> {
  return { value, explicit: true, name: e.key, raw: e.value, file, span: e.valueSpan, profiles: e.profiles };
}

/** An integer property, reading `${VAR:8080}` as its default. */
function intOf(e: SpringEntry | undefined): number | undefined {
  if (!e) return undefined;
  const m = /^\$\{[^}:]*:\s*([+-]?\d{1,15})\s*\}$/.exec(e.value.trim());
  if (m) return Number(m[1]);
  return hasPlaceholder(e.value) ? undefined : parseIntValue(e.value);
}

function durationOf(e: SpringEntry | undefined): number | undefined {
  if (!e || hasPlaceholder(e.value)) return undefined;
  return parseDurationMs(e.value, 'ms');
}

export interface SpringServer {
  connector: JvmConnector;
  pool?: DataSourcePool;
}

const POOL_PREFIX: Record<PoolImpl, string> = {
  hikari: 'spring.datasource.hikari.',
  'tomcat-jdbc': 'spring.datasource.tomcat.',
  dbcp2: 'spring.datasource.dbcp2.',
  dbcp: 'spring.datasource.dbcp.',
  druid: 'spring.datasource.druid.',
};

const OTHER_POOLS = ['spring.datasource.oracleucp.', 'spring.datasource.c3p0.', 'spring.datasource.vibur.'];

/**
 * Druid set up by hand (`spring.datasource.type` and a `@ConfigurationProperties("spring.datasource")`
 * bean) is configured with keys right under `spring.datasource`, which the relaxed names file as the
 * Spring Boot 1 Tomcat pool's (`spring.datasource.maxActive` → `spring.datasource.tomcat.maxactive`).
 */
const HAND_BOUND_DRUID = ['maxactive', 'maxwait'];

function poolImpl(entries: Map<string, SpringEntry>): { impl: PoolImpl; explicit: boolean } | undefined {
  const type = entries.get('spring.datasource.type')?.value.trim() ?? '';
  if (type.startsWith('com.zaxxer.hikari.')) return { impl: 'hikari', explicit: true };
  if (type.startsWith('org.apache.tomcat.jdbc.pool.')) return { impl: 'tomcat-jdbc', explicit: true };
  if (type.includes('.dbcp2.')) return { impl: 'dbcp2', explicit: true };
  const keys = [...entries.keys()];
  if (type.startsWith('com.alibaba.druid.')) {
    // Without the starter's keys or hand-bound ones, the pool is set up in code lint500 does not read.
    const configured = keys.some((k) => k.startsWith(POOL_PREFIX.druid) || HAND_BOUND_DRUID.some((n) => k === POOL_PREFIX['tomcat-jdbc'] + n));
    return configured ? { impl: 'druid', explicit: true } : undefined;
  }
  // Another pool (Oracle UCP, c3p0, …): its sizes are not modelled.
  if (type && !hasPlaceholder(type)) return undefined;
  if (keys.some((k) => OTHER_POOLS.some((p) => k.startsWith(p)))) return undefined;
  const uses = (impl: PoolImpl) => keys.some((k) => k.startsWith(POOL_PREFIX[impl]));
  // druid-spring-boot-starter binds spring.datasource.druid.* and replaces HikariCP.
  if (uses('druid')) return { impl: 'druid', explicit: false };
  if (uses('hikari')) return { impl: 'hikari', explicit: false };
  if (uses('tomcat-jdbc')) return { impl: 'tomcat-jdbc', explicit: false };
  if (uses('dbcp2')) return { impl: 'dbcp2', explicit: false };
  // HikariCP is Spring Boot 2+'s default when a DataSource is configured at all.
  if (keys.some((k) => k.startsWith('spring.datasource.'))) return { impl: 'hikari', explicit: false };
  return undefined;
}

function springValidation(impl: PoolImpl, entries: Map<string, SpringEntry>, fileOf: (e: SpringEntry) => string): PoolValidation {
  if (impl === 'hikari') return { validates: true, reason: '' };
  const prefix = POOL_PREFIX[impl];
  const onBorrow = entries.get(`${prefix}testonborrow`);
  if (impl === 'druid') {
    // Druid tests idle connections by default (testWhileIdle true, with the driver's own checker).
    const idle = entries.get(`${prefix}testwhileidle`);
    if (idle && parseBoolValue(idle.value) === false && parseBoolValue(onBorrow?.value ?? '') !== true) {
      return { validates: false, reason: `${idle.key} is false and testOnBorrow is not on`, offending: entrySetting(idle, fileOf(idle), idle.value) };
    }
    return { validates: true, reason: '' };
  }
  const whileIdle = parseBoolValue(entries.get(`${prefix}testwhileidle`)?.value ?? '') === true;
  // Spring Boot turns testOnBorrow on (with the driver's validation query) for the Tomcat pool, and
  // DBCP 2 tests on borrow by default: only an explicit `false` turns validation off.
  if (onBorrow && parseBoolValue(onBorrow.value) === false && !whileIdle) {
    return { validates: false, reason: `${onBorrow.key} is false and no idle test runs`, offending: entrySetting(onBorrow, fileOf(onBorrow), onBorrow.value) };
  }
  return { validates: true, reason: '' };
}

/**
 * The embedded Tomcat connector and the DataSource pool of one Spring app with `active` profiles.
 * `fileOf` gives the path of the file an entry comes from.
 */
export function springServer(files: readonly SpringConfig[], active: readonly string[] = []): SpringServer {
  const entries = resolveEntries(files, active);
  const paths = new Map<SpringEntry, string>();
  for (const f of files) for (const d of f.documents) for (const e of d.entries) paths.set(e, f.file);
  const fileOf = (e: SpringEntry) => paths.get(e) ?? files[0]?.file ?? '';
  const first = orderFiles(files)[0];
  const fallbackFile = first?.file ?? '';
  const fallback: Span = { start: 0, end: 0 };
  const anchorOf = (prefix: string): { file: string; span: Span } => {
    for (const [name, e] of entries) if (name.startsWith(prefix)) return { file: fileOf(e), span: e.keySpan };
    return { file: fallbackFile, span: fallback };
  };

  const num = (name: string, fallbackValue: number, read: (e: SpringEntry | undefined) => number | undefined): Setting<number> => {
    const e = entries.get(name);
    const v = read(e);
    if (e && v !== undefined) return entrySetting(e, fileOf(e), v);
    const a = anchorOf('server.');
    return { value: fallbackValue, explicit: false, name, file: a.file, span: a.span };
  };

  const portEntry = entries.get('server.port');
  const portValue = intOf(portEntry);
  const serverAnchor = anchorOf('server.');
  const connector: JvmConnector = {
    kind: 'spring',
    file: portEntry ? fileOf(portEntry) : serverAnchor.file,
    protocol: 'http',
    anchor: portEntry ? portEntry.keySpan : serverAnchor.span,
    port: portEntry && portValue !== undefined ? entrySetting(portEntry, fileOf(portEntry), portValue) : { value: SPRING_DEFAULTS.port, explicit: false, name: 'server.port', file: serverAnchor.file, span: serverAnchor.span },
    threads: num('server.tomcat.threads.max', SPRING_DEFAULTS.threads, intOf),
    acceptCount: num('server.tomcat.acceptcount', SPRING_DEFAULTS.acceptCount, intOf),
    connectionTimeout: num('server.tomcat.connectiontimeout', SPRING_DEFAULTS.connectionTimeout, (e) => {
      const ms = durationOf(e);
      return ms !== undefined && ms < 0 ? -1 : ms;
    }),
    maxConnections: num('server.tomcat.maxconnections', SPRING_DEFAULTS.maxConnections, intOf),
    ...(active.length ? { profiles: [...active] } : {}),
  };

  const kind = poolImpl(entries);
  if (!kind) return { connector };
  const d = POOL_DEFAULTS[kind.impl];
  const prefix = POOL_PREFIX[kind.impl];
  const poolAnchor = anchorOf('spring.datasource.');
  // Hand-bound Druid keys (see HAND_BOUND_DRUID) count when the starter's are absent.
  const prefixes = kind.impl === 'druid' ? [prefix, POOL_PREFIX['tomcat-jdbc']] : [prefix];
  const setting = (names: string[], fallbackValue: number, read: (e: SpringEntry | undefined) => number | undefined): Setting<number> => {
    for (const pre of prefixes) {
      for (const n of names) {
        const e = entries.get(pre + n);
        const v = read(e);
        if (e && v !== undefined) return entrySetting(e, fileOf(e), v);
      }
    }
    return { value: fallbackValue, explicit: false, name: prefix + names[0], file: poolAnchor.file, span: poolAnchor.span };
  };
  const sizeNames = kind.impl === 'hikari' ? ['maximumpoolsize'] : kind.impl === 'dbcp2' ? ['maxtotal'] : ['maxactive'];
  const waitNames = kind.impl === 'hikari' ? ['connectiontimeout'] : kind.impl === 'dbcp2' ? ['maxwaitmillis', 'maxwait'] : ['maxwait'];
  const pool: DataSourcePool = {
    kind: 'spring',
    file: poolAnchor.file,
    name: 'spring.datasource',
    impl: kind.impl,
    implExplicit: kind.explicit,
    anchor: poolAnchor.span,
    maxSize: setting(sizeNames, kind.impl === 'hikari' ? SPRING_DEFAULTS.hikariMaxPoolSize : d.maxSize, intOf),
    maxWait: setting(waitNames, kind.impl === 'hikari' ? SPRING_DEFAULTS.hikariConnectionTimeout : d.maxWaitMs, (e) => (kind.impl === 'hikari' ? intOf(e) : durationOf(e))),
    validation: springValidation(kind.impl, entries, fileOf),
    ...(active.length ? { profiles: [...active] } : {}),
  };
  return { connector, pool };
}

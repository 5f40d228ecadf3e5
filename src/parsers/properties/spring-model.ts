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
      for (const atom of d.profile ? atomsOf(d.profile.expression) : []) out.add(atom);
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

function poolImpl(entries: EntryLookup): { impl: PoolImpl; explicit: boolean } | undefined {
  const type = entries.get('spring.datasource.type')?.value.trim() ?? '';
  if (type.startsWith('com.zaxxer.hikari.')) return { impl: 'hikari', explicit: true };
  if (type.startsWith('org.apache.tomcat.jdbc.pool.')) return { impl: 'tomcat-jdbc', explicit: true };
  if (type.includes('.dbcp2.')) return { impl: 'dbcp2', explicit: true };
  if (type.startsWith('com.alibaba.druid.')) {
    // Without the starter's keys or hand-bound ones, the pool is set up in code lint500 does not read.
    const configured = entries.firstWithPrefix(POOL_PREFIX.druid) !== undefined || HAND_BOUND_DRUID.some((n) => entries.get(POOL_PREFIX['tomcat-jdbc'] + n) !== undefined);
    return configured ? { impl: 'druid', explicit: true } : undefined;
  }
  // Another pool (Oracle UCP, c3p0, …): its sizes are not modelled.
  if (type && !hasPlaceholder(type)) return undefined;
  if (OTHER_POOLS.some((p) => entries.firstWithPrefix(p))) return undefined;
  const uses = (impl: PoolImpl) => entries.firstWithPrefix(POOL_PREFIX[impl]) !== undefined;
  // druid-spring-boot-starter binds spring.datasource.druid.* and replaces HikariCP.
  if (uses('druid')) return { impl: 'druid', explicit: false };
  if (uses('hikari')) return { impl: 'hikari', explicit: false };
  if (uses('tomcat-jdbc')) return { impl: 'tomcat-jdbc', explicit: false };
  if (uses('dbcp2')) return { impl: 'dbcp2', explicit: false };
  // HikariCP is Spring Boot 2+'s default when a DataSource is configured at all.
  if (entries.firstWithPrefix('spring.datasource.')) return { impl: 'hikari', explicit: false };
  return undefined;
}

function springValidation(impl: PoolImpl, entries: EntryLookup, fileOf: (e: SpringEntry) => string): PoolValidation {
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

/** What the server model reads of the winning entries: by name, and the first name (in Spring's order) with a prefix. */
interface EntryLookup {
  get(name: string): SpringEntry | undefined;
  /** The winning entry of the first property name, in order of first appearance, that starts with `prefix`. */
  firstWithPrefix(prefix: string): SpringEntry | undefined;
}

function mapLookup(entries: Map<string, SpringEntry>): EntryLookup {
  return {
    get: (name) => entries.get(name),
    firstWithPrefix: (prefix) => {
      for (const [name, e] of entries) if (name.startsWith(prefix)) return e;
      return undefined;
    },
  };
}

/** The profile names an activation mentions (negated or not). */
function atomsOf(expression: string): string[] {
  return expression
    .replace(/[()!]/g, ' ')
    .split(/[|,&]/)
    .map((a) => a.trim())
    .filter(Boolean);
}

interface Occurrence {
  seq: number;
  entry: SpringEntry;
  doc: number;
}

/**
 * The winning entries of one app for each single active profile, without resolving everything
 * again per profile: a document whose activation does not mention a profile is active with it
 * exactly when it is active with no profile, so a profile changes only the entries of the documents
 * that mention it. Work per profile is proportional to those documents (10 000 profile documents:
 * linear, not 10 000 full resolutions).
 */
class ProfileIndex {
  private readonly docs: { profile?: string; expression?: string; entries: SpringEntry[]; active0: boolean }[] = [];
  private readonly byAtom = new Map<string, number[]>();
  /** Occurrences of each name in documents active with no profile, in Spring's order. */
  private readonly occ = new Map<string, Occurrence[]>();
  private readonly seqOf = new Map<SpringEntry, number>();
  private readonly prefixLists = new Map<string, string[]>();
  readonly base: EntryLookup;

  constructor(files: readonly SpringConfig[]) {
    let seq = 0;
    for (const f of orderFiles(files)) {
      for (const d of f.documents) {
        const i = this.docs.length;
        const active0 = !f.fileProfile && (!d.profile || profileActive(d.profile.expression, new Set()));
        this.docs.push({ ...(f.fileProfile ? { profile: f.fileProfile } : {}), ...(d.profile ? { expression: d.profile.expression } : {}), entries: d.entries, active0 });
        const atoms = new Set([...(f.fileProfile ? [f.fileProfile] : []), ...(d.profile ? atomsOf(d.profile.expression) : [])]);
        for (const a of atoms) {
          let list = this.byAtom.get(a);
          if (!list) this.byAtom.set(a, (list = []));
          list.push(i);
        }
        for (const e of d.entries) {
          this.seqOf.set(e, seq);
          if (active0) {
            let list = this.occ.get(e.name);
            if (!list) this.occ.set(e.name, (list = []));
            list.push({ seq, entry: e, doc: i });
          }
          seq++;
        }
      }
    }
    this.base = { get: (name) => this.occ.get(name)?.at(-1)?.entry, firstWithPrefix: (prefix) => this.get0First(prefix, new Set()) };
  }

  /** Names of the no-profile resolution that start with `prefix`, by first appearance. */
  private prefixList(prefix: string): string[] {
    let list = this.prefixLists.get(prefix);
    if (!list) {
      list = [...this.occ].filter(([name]) => name.startsWith(prefix)).sort((a, b) => a[1][0]!.seq - b[1][0]!.seq).map(([name]) => name);
      this.prefixLists.set(prefix, list);
    }
    return list;
  }

  private get0First(prefix: string, skip: ReadonlySet<string>): SpringEntry | undefined {
    for (const name of this.prefixList(prefix)) if (!skip.has(name)) return this.occ.get(name)!.at(-1)!.entry;
    return undefined;
  }

  /** The lookup with `profile` active. */
  withProfile(profile: string): EntryLookup {
    const active = new Set([profile]);
    const off = new Set<number>();
    const added = new Map<string, Occurrence[]>();
    for (const i of this.byAtom.get(profile) ?? []) {
      const d = this.docs[i]!;
      const on = (!d.profile || d.profile === profile) && (!d.expression || profileActive(d.expression, active));
      if (on === d.active0) continue;
      if (!on) {
        off.add(i);
        continue;
      }
      for (const e of d.entries) {
        let list = added.get(e.name);
        if (!list) added.set(e.name, (list = []));
        list.push({ seq: this.seqOf.get(e)!, entry: e, doc: i });
      }
    }
    if (!off.size && !added.size) return this.base;
    const touched = new Set(added.keys());
    for (const i of off) for (const e of this.docs[i]!.entries) touched.add(e.name);
    /** First and last occurrence of a touched name with the profile active. */
    const ends = (name: string): { first?: Occurrence; last?: Occurrence } => {
      const base = this.occ.get(name) ?? [];
      const extra = added.get(name) ?? [];
      let first: Occurrence | undefined = base.find((o) => !off.has(o.doc));
      let last: Occurrence | undefined = base.findLast((o) => !off.has(o.doc));
      if (extra.length && (!first || extra[0]!.seq < first.seq)) first = extra[0];
      if (extra.length && (!last || extra.at(-1)!.seq > last.seq)) last = extra.at(-1);
      return { first, last };
    };
    return {
      get: (name) => (touched.has(name) ? ends(name).last?.entry : this.base.get(name)),
      firstWithPrefix: (prefix) => {
        let best: { seq: number; name: string } | undefined;
        for (const name of this.prefixList(prefix)) {
          if (touched.has(name)) continue;
          best = { seq: this.occ.get(name)![0]!.seq, name };
          break;
        }
        for (const name of touched) {
          if (!name.startsWith(prefix)) continue;
          const f = ends(name).first;
          if (f && (!best || f.seq < best.seq)) best = { seq: f.seq, name };
        }
        return best && (touched.has(best.name) ? ends(best.name).last?.entry : this.base.get(best.name));
      },
    };
  }
}

/**
 * The embedded Tomcat connector and the DataSource pool of one Spring app with `active` profiles.
 */
export function springServer(files: readonly SpringConfig[], active: readonly string[] = []): SpringServer {
  return serverOf(files, mapLookup(resolveEntries(files, active)), active, fileIndex(files));
}

function fileIndex(files: readonly SpringConfig[]): (e: SpringEntry) => string {
  const paths = new Map<SpringEntry, string>();
  for (const f of files) for (const d of f.documents) for (const e of d.entries) paths.set(e, f.file);
  return (e) => paths.get(e) ?? files[0]?.file ?? '';
}

/**
 * The server model with no profile and with each profile of `profiles` active alone: the same as
 * `springServer` for each, in time linear in the files.
 */
export function springServers(files: readonly SpringConfig[], profiles: readonly string[]): SpringServer[] {
  const index = new ProfileIndex(files);
  const fileOf = fileIndex(files);
  return [serverOf(files, index.base, [], fileOf), ...profiles.map((p) => serverOf(files, index.withProfile(p), [p], fileOf))];
}

function serverOf(files: readonly SpringConfig[], entries: EntryLookup, active: readonly string[], fileOf: (e: SpringEntry) => string): SpringServer {
  const first = orderFiles(files)[0];
  const fallbackFile = first?.file ?? '';
  const fallback: Span = { start: 0, end: 0 };
  const anchorOf = (prefix: string): { file: string; span: Span } => {
    const e = entries.firstWithPrefix(prefix);
    return e ? { file: fileOf(e), span: e.keySpan } : { file: fallbackFile, span: fallback };
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

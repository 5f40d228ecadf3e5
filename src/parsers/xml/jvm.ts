/**
 * Shared shapes of the JVM-server model (Tomcat `server.xml`/`context.xml` and Spring Boot's
 * embedded Tomcat), and the real defaults of each connection-pool implementation.
 */
import type { Span } from '../../core/text.js';

/** One setting: its value, where it is written (or where its default applies), and its profile. */
export interface Setting<T> {
  value: T;
  /** False when the value is the implementation's default (nothing written). */
  explicit: boolean;
  /** Written, but not as a literal (`${placeholder}`): `value` is then the default, and nothing should be judged. */
  unresolved?: boolean;
  /** The attribute or property name (as written when explicit; the canonical name otherwise). */
  name: string;
  /** The text as written, when explicit. */
  raw?: string;
  file: string;
  /** The value when explicit; otherwise the element or key that the default applies to. */
  span: Span;
  /** Spring: profile expressions that must be active for this value (empty: always). */
  profiles?: string[];
}

export type PoolImpl = 'dbcp2' | 'dbcp' | 'tomcat-jdbc' | 'hikari' | 'druid';

export interface PoolDefaults {
  label: string;
  /** Attribute (Tomcat Resource) names. */
  sizeAttr: string;
  waitAttr: string;
  maxSize: number;
  /** Default wait for a connection, ms; negative means forever. */
  maxWaitMs: number;
  source: string;
}

/**
 * Defaults, each from the implementation's own documentation:
 * - DBCP 2 (Tomcat 8+'s built-in `tomcat-dbcp`): commons.apache.org/proper/commons-dbcp/configuration.html
 *   (`maxTotal` 8, `maxWaitMillis` -1 = wait indefinitely, `testOnBorrow` true, validation by
 *   `Connection.isValid()` when no `validationQuery` is set).
 * - DBCP 1.x (Tomcat 5.5–7): the same page for 1.4 (`maxActive` 8, `maxWait` -1; `testOnBorrow` true
 *   but ignored unless `validationQuery` is set).
 * - Tomcat JDBC pool: tomcat.apache.org/tomcat-9.0-doc/jdbc-pool.html (`maxActive` 100, `maxWait`
 *   30000, `testOnBorrow` false, `testWhileIdle` false).
 * - HikariCP: github.com/brettwooldridge/HikariCP README (`maximumPoolSize` 10, `connectionTimeout`
 *   30000; `HikariConfig.setConnectionTimeout(0)` means `Integer.MAX_VALUE`, i.e. no timeout).
 * - Alibaba Druid: `DruidAbstractDataSource` constants (`DEFAULT_MAX_ACTIVE_SIZE` 8,
 *   `DEFAULT_MAX_WAIT` -1, `testOnBorrow` false, `testWhileIdle` true); `DruidDataSource.getConnection`
 *   polls with a timeout only for `maxWait > 0` and otherwise blocks until a connection is free.
 */
export const POOL_DEFAULTS: Record<PoolImpl, PoolDefaults> = {
  dbcp2: { label: 'DBCP 2', sizeAttr: 'maxTotal', waitAttr: 'maxWaitMillis', maxSize: 8, maxWaitMs: -1, source: 'Apache Commons DBCP 2 BasicDataSource' },
  dbcp: { label: 'DBCP 1', sizeAttr: 'maxActive', waitAttr: 'maxWait', maxSize: 8, maxWaitMs: -1, source: 'Apache Commons DBCP 1.x BasicDataSource' },
  'tomcat-jdbc': { label: 'Tomcat JDBC pool', sizeAttr: 'maxActive', waitAttr: 'maxWait', maxSize: 100, maxWaitMs: 30_000, source: 'Tomcat JDBC Connection Pool' },
  hikari: { label: 'HikariCP', sizeAttr: 'maximumPoolSize', waitAttr: 'connectionTimeout', maxSize: 10, maxWaitMs: 30_000, source: 'HikariCP' },
  druid: { label: 'Druid', sizeAttr: 'maxActive', waitAttr: 'maxWait', maxSize: 8, maxWaitMs: -1, source: 'Alibaba Druid DruidDataSource' },
};

/** Whether a pool's wait value means "wait forever" for that implementation. */
export function waitIsUnbounded(impl: PoolImpl, ms: number): boolean {
  switch (impl) {
    case 'dbcp2':
      // GenericObjectPool.borrowObject: a negative wait blocks; 0 fails at once.
      return ms < 0;
    case 'dbcp':
    case 'tomcat-jdbc':
    case 'druid':
      // commons-pool 1, the Tomcat JDBC pool and Druid all wait forever for any value <= 0.
      return ms <= 0;
    case 'hikari':
      return ms === 0;
  }
}

/** Whether a pool's size value means "no limit". */
export function sizeIsUnlimited(impl: PoolImpl, n: number): boolean {
  // HikariCP replaces a size below 1 with its default; Druid refuses to start with maxActive <= 0.
  return impl !== 'hikari' && impl !== 'druid' && n < 0;
}

export interface PoolValidation {
  validates: boolean;
  /** What is missing, for messages. */
  reason: string;
  /** The setting that turns validation off when written (`testOnBorrow="false"`), else undefined. */
  offending?: Setting<string>;
}

export interface DataSourcePool {
  kind: 'tomcat' | 'spring';
  file: string;
  /** JNDI name (`jdbc/orders`) or `spring.datasource`. */
  name: string;
  impl: PoolImpl;
  /** Whether the implementation was named (factory, type) or inferred from attribute names or defaults. */
  implExplicit: boolean;
  /** The Resource element's name (Tomcat) or the first datasource key (Spring). */
  anchor: Span;
  maxSize: Setting<number>;
  maxWait: Setting<number>;
  validation: PoolValidation;
  /** Declared in server.xml's GlobalNamingResources: shared by every app of the server. */
  global?: boolean;
  /** Spring profile expressions this pool's values apply under. */
  profiles?: string[];
  /** A legacy attribute that this implementation ignores (DBCP 1 `maxActive` on DBCP 2). */
  ignored?: Setting<string>[];
}

export interface JvmConnector {
  kind: 'tomcat' | 'spring';
  file: string;
  protocol: 'http' | 'ajp';
  /** Where the connector is declared: the Connector element's name, or the port / first server key. */
  anchor: Span;
  port?: Setting<number>;
  /** Effective request threads: the Executor's when the connector uses one. */
  threads: Setting<number>;
  /** The Executor the threads come from. */
  executor?: { name: string; file: string; span: Span };
  acceptCount: Setting<number>;
  /** Milliseconds; -1 means no timeout. */
  connectionTimeout: Setting<number>;
  maxConnections: Setting<number>;
  profiles?: string[];
}

/** Tomcat's connector defaults: tomcat.apache.org/tomcat-10.1-doc/config/http.html, ajp.html, executor.html. */
export const TOMCAT_DEFAULTS = {
  maxThreads: 200,
  acceptCount: 100,
  /** HTTP connectors; the stock server.xml sets 20000. */
  connectionTimeoutHttp: 60_000,
  /** AJP connectors default to no timeout. */
  connectionTimeoutAjp: -1,
  maxConnections: 8192,
} as const;

/** Spring Boot's embedded Tomcat and HikariCP defaults. */
export const SPRING_DEFAULTS = {
  port: 8080,
  threads: 200,
  acceptCount: 100,
  /** Spring Boot leaves the connector's own default. */
  connectionTimeout: 60_000,
  maxConnections: 8192,
  hikariMaxPoolSize: 10,
  hikariConnectionTimeout: 30_000,
} as const;

/**
 * The JVM-server model: request threads, connectors and connection pools, grouped per application.
 *
 * - Tomcat: the XML files of one CATALINA_BASE (`conf/server.xml`, `conf/context.xml`,
 *   `conf/Catalina/<host>/*.xml`, `webapps/<app>/META-INF/context.xml`) form one app.
 * - Spring Boot: the configuration files of one `src/main/resources` (or one directory, with its
 *   `config/` subdirectory) form one app, seen once with no profile active and once per profile its
 *   files mention.
 *
 * Cross-layer rules read ports and connection timeouts from here; nothing re-parses text.
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { SpringConfig } from '../properties/index.js';
import { profilesMentioned, springServers } from '../properties/spring-model.js';
import type { DataSourcePool, JvmConnector } from './jvm.js';
import { tomcatFacts, type TomcatFacts } from './tomcat-model.js';

export type { DataSourcePool, JvmConnector, PoolImpl, Setting } from './jvm.js';
export { POOL_DEFAULTS, SPRING_DEFAULTS, TOMCAT_DEFAULTS } from './jvm.js';

export interface JvmApp {
  kind: 'tomcat' | 'spring';
  /** The CATALINA_BASE-like directory (Tomcat) or the resources directory (Spring). */
  dir: string;
  files: string[];
  /** Spring: the profiles this view has active (empty: the default profile). */
  profiles: string[];
  /** Spring: configuration under `src/test/` (never deployed). */
  test: boolean;
  /** Tomcat: whether a server.xml is part of the app (connectors are known). */
  hasServerXml: boolean;
  connectors: JvmConnector[];
  pools: DataSourcePool[];
}

export interface JvmModel {
  apps: JvmApp[];
  /** Facts of each Tomcat file by path. */
  tomcat: Map<string, TomcatFacts>;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : path.slice(0, i);
}

/** The directory that plays CATALINA_BASE for a Tomcat file. */
export function tomcatBase(path: string): string {
  const segs = path.replace(/\\/g, '/').split('/');
  const conf = segs.lastIndexOf('conf');
  if (conf >= 0) return segs.slice(0, conf).join('/') || '.';
  const webapps = segs.lastIndexOf('webapps');
  if (webapps >= 0) return segs.slice(0, webapps).join('/') || '.';
  return dirname(segs.join('/'));
}

/** The directory that holds one Spring app's configuration. */
export function springBase(path: string): string {
  const p = path.replace(/\\/g, '/');
  const m = /^(.*?(?:^|\/)src\/(?:main|test)\/resources)(?:\/|$)/.exec(p);
  if (m) return m[1]!;
  const dir = dirname(p);
  return /(^|\/)config$/.test(dir) ? dirname(dir) : dir;
}

function group<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push(it);
  }
  return out;
}

function build(model: ProjectModel): JvmModel {
  const apps: JvmApp[] = [];
  const tomcat = new Map<string, TomcatFacts>();
  const tomcatFiles = model.filesOf('tomcat').filter((f) => f.root) as ParsedFile<'tomcat'>[];
  for (const [dir, files] of group(tomcatFiles, (f) => tomcatBase(f.path))) {
    const facts = files.map((f) => tomcatFacts(f.root));
    for (const f of facts) tomcat.set(f.file, f);
    apps.push({
      kind: 'tomcat',
      dir,
      files: files.map((f) => f.path),
      profiles: [],
      test: false,
      hasServerXml: files.some((f) => /(^|\/)server\.xml$/.test(f.path)),
      connectors: facts.flatMap((f) => f.connectors),
      pools: facts.flatMap((f) => f.pools),
    });
  }
  const springFiles = model.filesOf('spring').filter((f) => f.root) as ParsedFile<'spring'>[];
  for (const [dir, files] of group(springFiles, (f) => springBase(f.path))) {
    const roots: SpringConfig[] = files.map((f) => f.root);
    const test = roots.every((r) => r.test);
    const mentioned = profilesMentioned(roots);
    const servers = springServers(roots, mentioned);
    for (const [i, profiles] of [[], ...mentioned.map((p) => [p])].entries()) {
      const server = servers[i]!;
      apps.push({
        kind: 'spring',
        dir,
        files: files.map((f) => f.path),
        profiles,
        test,
        hasServerXml: false,
        connectors: [server.connector],
        pools: server.pool ? [server.pool] : [],
      });
    }
  }
  return { apps, tomcat };
}

/** The JVM-server model of the run, built once. */
export function jvmModel(model: ProjectModel): JvmModel {
  return model.memo('jvm', () => build(model));
}

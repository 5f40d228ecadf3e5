/**
 * Facts about an application found in its source and manifests, shared by the JS, Python and Java
 * families and read by cross-layer rules (probe paths, listen ports).
 */
import type { Span } from '../../core/text.js';

export type Framework = 'express' | 'koa' | 'fastify' | 'nestjs' | 'next' | 'flask' | 'django' | 'fastapi' | 'spring-mvc' | 'spring-webflux';

export interface SourceRef {
  file: string;
  span: Span;
}

export interface Route {
  /** Upper-case HTTP method, or `*` for any (app.use, @RequestMapping without method). */
  method: string;
  /** The full path with mount prefixes applied, in the framework's own pattern syntax (`/users/:id`, `/users/<int:id>`, `/users/{id}`). */
  path: string;
  /** True when the path is a prefix mount (serves everything below it). */
  prefix?: boolean;
  /** True when the path is a regular expression (Django re_path, Express regex routes). */
  regex?: boolean;
  framework: Framework;
  where: SourceRef;
}

export interface AppInfo {
  /** Directory of the app's manifest (package.json, pyproject.toml/requirements.txt, pom.xml/build.gradle). */
  dir: string;
  framework?: Framework;
  /** Major version when known (Express 4 vs 5). */
  frameworkVersion?: number;
  routes: Route[];
  /** False when some routes are registered dynamically, so "no route serves X" cannot be claimed. */
  routesComplete: boolean;
  /** Spring Boot Actuator is a dependency (serves /actuator/health and its groups). */
  actuator?: boolean;
  /** Port the app listens on, when written literally (`app.listen(3000)`, `server.port`, gunicorn --bind). */
  listenPort?: { port: number; where: SourceRef };
  /**
   * Host the app's own server binds, when its code starts one (`app.listen(3000, '127.0.0.1')`,
   * Flask's `app.run(host=…)`); `written: false` for the framework's default (Flask: 127.0.0.1).
   */
  listenHost?: { host: string; where: SourceRef; written: boolean };
  /** The `listen(…)` call that starts the app's own HTTP server (JS apps). */
  listenCall?: SourceRef;
  /**
   * Node HTTP server timeouts the code sets (`server.keepAliveTimeout = 65000`, or a
   * `keepAliveTimeout` option), in milliseconds; `ms` undefined when the value is not a literal.
   */
  serverTimeouts?: Partial<Record<'keepAliveTimeout' | 'headersTimeout', { ms: number | undefined; where: SourceRef }>>;
}

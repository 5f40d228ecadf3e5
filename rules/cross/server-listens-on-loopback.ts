import type { ProjectModel, RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { isLoopback, parseAddress, type AppServer } from '../../src/parsers/cross/app-server.js';
import { gunicornConfBind } from '../../src/parsers/cross/apps.js';
import { serverRuns, type ServerRun } from '../../src/parsers/cross/runs.js';
import { uniformKey } from '../../src/parsers/properties/relaxed.js';

interface Loopback {
  host: string;
  file: string;
  span: Span;
  /** How the host was set: `--bind`, `the default of flask run`, `app.run()`. */
  how: string;
}

const NAMES: Record<AppServer['kind'], string> = {
  gunicorn: 'gunicorn',
  uvicorn: 'uvicorn',
  hypercorn: 'hypercorn',
  uwsgi: 'uWSGI',
  flask: 'flask run',
  django: 'manage.py runserver',
  fastapi: 'fastapi',
  next: 'next',
  node: 'the Node.js app',
  python: 'the Python app',
  java: 'the Java app',
  php: 'php -S',
  devtool: 'the development server',
};

function within(file: string, context: string | undefined): boolean {
  return context === undefined || context === '' || file.startsWith(`${context}/`);
}

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** The loopback address the run's server binds, when it binds nothing else. */
function loopbackOf(model: ProjectModel, run: ServerRun, hasGunicornConfig: boolean): Loopback | undefined {
  const s = run.server;
  const binds = s.binds.filter((b) => !b.socket);
  if (binds.length) {
    if (!binds.every((b) => b.host && isLoopback(b.host.value))) return undefined;
    const h = binds[0]!.host!;
    // `flask run` also reads FLASK_RUN_HOST from .flaskenv / .env in its working directory.
    if (h.defaulted && s.kind === 'flask' && run.context !== undefined && ['.flaskenv', '.env'].some((n) => /^\s*FLASK_RUN_HOST\s*=/m.test(model.text(run.context ? `${run.context}/${n}` : n) ?? ''))) return undefined;
    if (h.defaulted && s.kind === 'gunicorn' && hasGunicornConfig) {
      // gunicorn reads gunicorn.conf.py from its working directory: its `bind` decides.
      const conf = run.context !== undefined && !s.config ? gunicornConfBind(model, run.context) : undefined;
      const host = conf ? parseAddress(conf.value, conf.file, conf.span, conf.via)?.host : undefined;
      return conf && host && isLoopback(host.value) ? { host: host.value, file: conf.file, span: conf.span, how: 'bind in gunicorn.conf.py' } : undefined;
    }
    return { host: h.value, file: h.file, span: h.span, how: h.defaulted ? `the default of ${NAMES[s.kind]}` : h.via };
  }
  const own = run.app?.info.listenHost;
  if (!own || !isLoopback(own.host)) return undefined;
  // The app's own server runs only when the command starts the file that calls it (`python app.py`).
  if (s.kind === 'python' && run.app?.kind === 'python' && s.script && basename(s.script.value) === basename(own.where.file))
    return { host: own.host, file: own.where.file, span: own.where.span, how: own.written ? 'app.run(host=…)' : 'the default of app.run()' };
  if (s.kind === 'node' && run.app?.kind === 'js' && own.written) return { host: own.host, file: own.where.file, span: own.where.span, how: 'listen()' };
  return undefined;
}

/** Spring Boot `server.address` for `java -jar`. */
function springAddress(run: ServerRun): Loopback | undefined {
  if (run.server.kind !== 'java' || !run.app?.spring) return undefined;
  const e = run.app.spring.entries.get(uniformKey('server.address'));
  if (!e || !isLoopback(e.value)) return undefined;
  return { host: e.value, file: run.app.spring.fileOf(e), span: e.valueSpan, how: 'server.address' };
}

export default defineRule({
  meta: {
    id: 'cross/server-listens-on-loopback',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Bind app servers in containers to every interface, not to a loopback address.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Bind to 0.0.0.0 (or `::`) inside the container, e.g. `--bind 0.0.0.0:8000`, `--host 0.0.0.0`, `runserver 0.0.0.0:8000`, `app.run(host="0.0.0.0")`; publish ports or use network policies to limit who reaches it.',
    messages: {
      loopback:
        '{{server}} listens on {{host}} ({{how}}) in {{label}}, but {{reach}} sends it traffic from outside the container: a loopback address accepts connections only from inside the container, so they are refused and the proxy in front answers 502.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const runs = serverRuns(model);
        if (!runs.length) return;
        const gunicornConfigs = model.filesOf('python').map((f) => f.path).filter((p) => /(^|\/)(gunicorn[\w.-]*|[\w.-]*\.conf)\.py$/.test(p));
        const reported = new Set<string>();
        for (const run of runs) {
          if (run.sharedNetwork || !run.reach.length) continue;
          const hasConfig = gunicornConfigs.some((p) => within(p, run.context));
          const lb = loopbackOf(model, run, hasConfig) ?? springAddress(run);
          if (!lb) continue;
          const key = `${lb.file}:${lb.span.start}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const related: RelatedLocation[] = run.reach.slice(0, 3).map((r) => ({ file: r.file, span: r.span, message: `${r.what} sends traffic from outside the container.` }));
          if (lb.file !== run.server.program.file) related.push({ file: run.server.program.file, span: run.server.program.span, message: `The container starts it here.` });
          ctx.report({
            file: lb.file,
            span: lb.span,
            messageId: 'loopback',
            data: { server: NAMES[run.server.kind], host: lb.host, how: lb.how, label: run.label, reach: run.reach[0]!.what },
            related,
          });
        }
      },
    };
  },
});

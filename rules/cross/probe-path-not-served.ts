import { closest, distance } from 'fastest-levenshtein';
import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Route } from '../../src/parsers/app/types.js';
import { dockerfileRelated, joinUrl, linkedContainers, listenPortOf, managementPortOf, resolvePort, routeServes, underPath, type LinkedApp, type Runtime } from '../../src/parsers/cross/index.js';
import { uniformKey } from '../../src/parsers/properties/relaxed.js';
import type { Probe } from '../../src/parsers/yaml/objects.js';

const EFFECT: Record<Probe['type'], string> = {
  liveness: 'the kubelet kills and restarts the container over and over (crash loop, 503)',
  readiness: 'the pod never becomes ready and its Services have no endpoints (503)',
  startup: 'the container is killed before it ever starts serving (crash loop, 503)',
};

interface Served {
  /** Paths answered for certain (health endpoints). */
  exact: string[];
  /** Prefixes under which anything may be served (other Actuator endpoints). */
  unknownUnder: string[];
  routes: Route[];
}

/**
 * Whether Spring Boot also serves the probe groups at `/livez` and `/readyz` on the main port
 * (`management.endpoint.health.probes.add-additional-paths`), set in the configuration or in the
 * container's environment (its relaxed environment variable, or `SPRING_APPLICATION_JSON`).
 */
function additionalProbePaths(app: LinkedApp, runtime: Runtime): boolean | undefined {
  const env = runtime.env.get('MANAGEMENT_ENDPOINT_HEALTH_PROBES_ADD_ADDITIONAL_PATHS')?.value;
  if (env !== undefined) return /^\s*true\s*$/i.test(env);
  const json = runtime.env.get('SPRING_APPLICATION_JSON')?.value;
  if (json !== undefined) {
    // Nested or dotted keys: the exact shape is not worth parsing; any mention of the setting with true counts.
    if (/add-additional-paths|addAdditionalPaths/.test(json)) return /(add-additional-paths|addAdditionalPaths)["']?\s*:\s*true/.test(json);
  }
  const e = app.spring?.entries.get(uniformKey('management.endpoint.health.probes.add-additional-paths'));
  return e ? /^\s*true\s*$/i.test(e.value) : false;
}

/** What the app serves on the port the probe hits, or undefined when that cannot be told. */
function servedOn(app: LinkedApp, runtime: Runtime, probePort: number | undefined, appPort: number | undefined): Served | undefined {
  const s = app.spring;
  const entry = (name: string) => s?.entries.get(uniformKey(name))?.value.trim();
  const context = entry('server.servlet.context-path') ?? entry('server.context-path') ?? '';
  const servletPath = entry('spring.mvc.servlet.path') ?? '';
  if (/[${}]/.test(context + servletPath)) return undefined;
  const mgmt = managementPortOf(app);
  const separate = mgmt !== undefined && mgmt.value !== appPort;
  const onMgmt = separate && probePort === mgmt.value;
  if (separate && !onMgmt && probePort !== appPort) return undefined;
  const routes = onMgmt ? [] : app.info.routes.map((r) => ({ ...r, path: joinUrl(context, servletPath, r.path) }));
  const served: Served = { exact: [], unknownUnder: [], routes };
  if (app.info.actuator && !onMgmt && additionalProbePaths(app, runtime)) served.exact.push(joinUrl(context, '/livez'), joinUrl(context, '/readyz'));
  if (app.info.actuator && (!separate || onMgmt)) {
    const boot1 = app.info.frameworkVersion === 1;
    const rawBase = entry('management.endpoints.web.base-path') ?? (boot1 ? entry('management.context-path') ?? '' : '/actuator');
    const mgmtContext = onMgmt ? entry('management.server.base-path') ?? entry('management.server.servlet.context-path') ?? '' : context;
    const health = entry('management.endpoints.web.path-mapping.health') ?? 'health';
    if (/[${}]/.test(rawBase + mgmtContext + health)) return undefined;
    const bases = onMgmt ? [joinUrl(mgmtContext, rawBase)] : [joinUrl(mgmtContext, rawBase), joinUrl(mgmtContext, servletPath, rawBase)];
    for (const b of bases) {
      served.exact.push(joinUrl(b, health));
      // Other endpoints depend on exposure settings; below the base path nothing is claimed.
      served.unknownUnder.push(b);
    }
  }
  return served;
}

export default defineRule({
  meta: {
    id: 'cross/probe-path-not-served',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point HTTP probes at a path the app in the container serves.',
    causes: ['crash-loop-503', 'no-endpoints-503'],
    remediation: 'Change the probe path to a route the app serves (or add the health route, or the Spring Boot Actuator dependency, to the app).',
    messages: {
      notServed:
        'The {{probe}} probe of {{container}} requests GET {{path}}, but no route of the {{framework}} app in {{appDir}} serves it ({{link}}){{hint}}: the probe gets 404 and {{effect}}.',
      actuatorMissing:
        'The {{probe}} probe of {{container}} requests GET {{path}}, but Spring Boot Actuator is not a dependency of the app in {{appDir}} ({{link}}), so nothing serves it: the probe gets 404 and {{effect}}.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        for (const cl of linkedContainers(model)) {
          const app = cl.app;
          if (!app || !app.info.framework || !app.info.routesComplete) continue;
          const appPort = listenPortOf(model, app, cl.runtime)?.value;
          for (const probe of Object.values(cl.container.probes)) {
            if (!probe || probe.handler !== 'httpGet' || !probe.path || probe.host) continue;
            const path = probe.path.value.split(/[?#]/)[0]!;
            if (!path.startsWith('/') || /[${}]/.test(path)) continue;
            // Files (`/index.html`, `/favicon.ico`) may come from static resources the model does not list.
            if (/\.[A-Za-z0-9]{1,6}$/.test(path)) continue;
            const probePort = resolvePort(cl.container, probe.port)?.port;
            if (!app.spring && appPort !== undefined && probePort !== undefined && probePort !== appPort) continue;
            const served = servedOn(app, cl.runtime, probePort, appPort);
            if (!served) continue;
            if (served.exact.some((p) => underPath(path, p)) || served.unknownUnder.some((p) => underPath(path, p))) continue;
            if (served.routes.some((r) => routeServes(r, path))) continue;
            const related: RelatedLocation[] = [...dockerfileRelated(cl.link)];
            const data = {
              probe: probe.type,
              container: cl.container.label,
              path: probe.path.value,
              appDir: app.info.dir || '.',
              link: cl.link.assumption,
              effect: EFFECT[probe.type],
            };
            const isActuatorPath = /^\/actuator\/health(\/|$)/.test(path) || /\/actuator\/health(\/|$)/.test(path);
            if (app.kind === 'java' && !app.info.actuator && isActuatorPath) {
              ctx.report({ file: cl.container.file, span: probe.path.span, messageId: 'actuatorMissing', data, related });
              continue;
            }
            const gets = served.routes.filter((r) => (r.method === 'GET' || r.method === '*') && !r.prefix && !r.regex && !/[:<{*]/.test(r.path));
            let hint = '';
            if (gets.length) {
              const best = closest(path, gets.map((r) => r.path));
              if (distance(best, path) <= Math.max(2, Math.floor(path.length / 3))) {
                hint = `; the closest route is ${best}`;
                const r = gets.find((g) => g.path === best)!;
                related.push({ file: r.where.file, span: r.where.span, message: `GET ${best} is served here.` });
              }
            }
            ctx.report({ file: cl.container.file, span: probe.path.span, messageId: 'notServed', data: { ...data, framework: frameworkLabel(app.info.framework), hint }, related });
          }
        }
      },
    };
  },
});

function frameworkLabel(f: string): string {
  return (
    { express: 'Express', koa: 'Koa', fastify: 'Fastify', nestjs: 'NestJS', next: 'Next.js', flask: 'Flask', django: 'Django', fastapi: 'FastAPI', 'spring-mvc': 'Spring MVC', 'spring-webflux': 'Spring WebFlux' }[f] ?? f
  );
}

/**
 * The chain in front of each app server, from the client inward: a load balancer or an ingress, an
 * nginx location, the app server and the app. Two views of the same model:
 *
 * - timeouts: each hop that gives up on a slow request (ingress-nginx `proxy-read-timeout`, nginx
 *   `proxy_read_timeout` with its 60 s default) joined to what runs behind it (the app's own request
 *   timeout, and what kills a worker mid-request: gunicorn's sync-worker timeout, uWSGI harakiri);
 * - keep-alive: each hop that keeps idle connections to the app open for reuse (an AWS ALB, an nginx
 *   upstream with `keepalive`) joined to the app server's own idle keep-alive.
 *
 * Timeout rules read `timeoutChains`, keep-alive rules `keepAliveLinks`, so that one pair of hops is
 * judged once, by one model. Every hop keeps the file and span that set it (or the directive a
 * default applies to).
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { nginxModel, type PassInfo, type Upstream } from '../nginx/model.js';
import { k8sModel } from '../yaml/model.js';
import type { Ingress, Service } from '../yaml/objects.js';
import { stringValue } from '../python/ast.js';
import { confValue, hasGunicornConf, pyNumber } from './apps.js';
import type { ComposeProject, ComposeServiceModel } from './compose.js';
import { composeModel, serverRuns, type ServerRun } from './runs.js';
import { composeProxies, proxyAddresses } from './compose-nginx.js';
import { knownNamespaces, passAddresses, serviceNameOf, servicesNamed } from './services.js';
import { hostTimeouts, serviceTimeouts, type TargetTimeout } from './targets.js';

/** One hop's timeout. */
export interface Hop {
  /** `proxy_read_timeout`, `ingress-nginx proxy-read-timeout`, `ALB idle timeout`. */
  setting: string;
  seconds: number;
  /** Set in the files (false: the tool's default applies). */
  written: boolean;
  file: string;
  /** The value as written; for a default, what it applies to (the `proxy_pass` target, the Ingress annotation). */
  span: Span;
}

export type ProxyKind = 'nginx' | 'ingress-nginx';

/** A proxy hop and the apps right behind it. */
export interface TimeoutChain {
  kind: ProxyKind;
  proxy: Hop;
  /** `http://web:8000 (location /export/)`, `Ingress "shop" → Service "checkout" (path /)`. */
  target: string;
  behind: TargetTimeout[];
}

/** The default `proxy_read_timeout` of nginx and of ingress-nginx (`proxy-read-timeout`), seconds. */
export const NGINX_READ_TIMEOUT = 60;

const INGRESS_READ_TIMEOUT = 'nginx.ingress.kubernetes.io/proxy-read-timeout';

/** Every proxy hop of the run with the apps behind it (only hops with at least one app found). */
export function timeoutChains(model: ProjectModel): TimeoutChain[] {
  return model.memo('cross:timeout-chains', () => {
    const out: TimeoutChain[] = [];
    const index = k8sModel(model);
    const nginx = nginxModel(model);
    // The first read timeout of each location, looked up once per proxy_pass (not a scan each).
    const timeoutOf = new Map<string, (typeof nginx.readTimeouts)[number]>();
    for (const r of nginx.readTimeouts) if (!timeoutOf.has(r.location.id)) timeoutOf.set(r.location.id, r);
    for (const a of passAddresses(model)) {
      const p = a.pass;
      if (p.directive !== 'proxy_pass' || !p.location) continue;
      const t = timeoutOf.get(p.location.id);
      if (!t) continue;
      const behind = hostTimeouts(model, index, a.host, a.port, a.file);
      if (!behind.length) continue;
      const target = `${p.value}${p.location.args.length ? ` (location ${p.location.args.join(' ')})` : ''}`;
      out.push({
        kind: 'nginx',
        proxy: t.written ? { setting: 'proxy_read_timeout', seconds: t.seconds, written: true, file: t.file, span: t.span } : { setting: 'proxy_read_timeout', seconds: NGINX_READ_TIMEOUT, written: false, file: p.file, span: p.span },
        target,
        behind,
      });
    }
    for (const ing of index.ingresses) {
      const raw = ing.annotations[INGRESS_READ_TIMEOUT];
      const where = ing.annotationSpans[INGRESS_READ_TIMEOUT];
      if (raw === undefined || !where || !/^\s*\d+\s*$/.test(raw)) continue;
      const seconds = Number(raw);
      for (const b of ing.backends) {
        for (const s of index.find('Service', ing, b.service.value)) {
          if (s.category !== 'service') continue;
          const behind = serviceTimeouts(model, index, s, b.port?.value);
          if (!behind.length) continue;
          out.push({
            kind: 'ingress-nginx',
            proxy: { setting: 'ingress-nginx proxy-read-timeout', seconds, written: true, file: ing.file, span: where },
            target: `${ing.label} → Service "${b.service.value}"${b.path ? ` (path ${b.path})` : ''}`,
            behind,
          });
        }
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Keep-alive

/** A hop that keeps idle connections to the app open and reuses them. */
export interface Pooler {
  kind: 'alb' | 'elb' | 'nginx-upstream' | 'traefik';
  /** `AWS ALB idle timeout`, `nginx upstream keepalive_timeout`. */
  setting: string;
  /** How long it keeps an idle connection before closing it itself. */
  seconds: number;
  written: boolean;
  file: string;
  /** The value, or (for a default) the object or directive it applies to. */
  span: Span;
  /** `Ingress "shop"`, `upstream "api"`. */
  label: string;
}

/** A pooling hop and one app server it sends requests to. */
export interface KeepAliveLink {
  pooler: Pooler;
  run: ServerRun;
}

/** The default idle timeout of an Application Load Balancer, seconds. */
export const ALB_IDLE_TIMEOUT = 60;
/** nginx's default `keepalive_timeout` of an upstream group (since 1.15.3), seconds. */
export const NGINX_UPSTREAM_KEEPALIVE_TIMEOUT = 60;

/** Traefik's default `serversTransport.forwardingTimeouts.idleConnTimeout` toward backends, seconds. */
export const TRAEFIK_IDLE_CONN_TIMEOUT = 90;

/** A Go duration (`90s`, `1m30s`, `500ms`) or a bare number of seconds, as Traefik reads it. */
function goDuration(v: string): number | undefined {
  const t = v.trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!/^(\d+(\.\d+)?(h|m|s|ms))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s)/g)) total += Number(m[1]) * { h: 3600, m: 60, s: 1, ms: 0.001 }[m[2] as 'h' | 'm' | 's' | 'ms'];
  return total;
}

const TRAEFIK_IMAGE = /(^|\/)traefik(:|@|$)/i;
const IDLE_FLAG = /^--serverstransport\.forwardingtimeouts\.idleconntimeout=(.*)$/i;

/**
 * Traefik run by a compose project with only command-line configuration and the Docker provider:
 * its backend idle timeout and the services it routes to (those with `traefik.*` labels, or only
 * `traefik.enable=true` ones when `exposedByDefault` is off). Undefined when a configuration file
 * or an env file may set anything.
 */
function traefikPoolers(project: ComposeProject): { pooler: Pooler; routed: ComposeServiceModel[] }[] {
  const out: { pooler: Pooler; routed: ComposeServiceModel[] }[] = [];
  for (const t of project.services.values()) {
    if (!t.image || !TRAEFIK_IMAGE.test(t.image.value) || t.envFiles.length || t.entrypoint) continue;
    const words = t.command?.shell ? undefined : t.command?.words;
    if (!words) continue;
    const flags = words.map((w) => w.value.toLowerCase());
    if (!flags.some((f) => /^--providers\.docker(=true)?$/.test(f))) continue;
    // A static configuration file, or volumes that may hold one, can set the transport.
    if (flags.some((f) => f.startsWith('--configfile')) || t.volumes.some((v) => v.target.startsWith('/etc/traefik'))) continue;
    if ([...t.environment.keys()].some((k) => k.toUpperCase().startsWith('TRAEFIK_'))) continue;
    const exposedByDefault = !flags.some((f) => /^--providers\.docker\.exposedbydefault=false$/.test(f));
    const idle = words.find((w) => IDLE_FLAG.test(w.value));
    let pooler: Pooler;
    const label = `Traefik (compose service "${t.name}")`;
    if (idle) {
      const seconds = goDuration(IDLE_FLAG.exec(idle.value)![1]!);
      if (seconds === undefined) continue;
      pooler = { kind: 'traefik', setting: 'serversTransport idleConnTimeout', seconds, written: true, file: idle.file, span: idle.span, label };
    } else pooler = { kind: 'traefik', setting: 'serversTransport idleConnTimeout', seconds: TRAEFIK_IDLE_CONN_TIMEOUT, written: false, file: t.image.file, span: t.image.span, label };
    const routed = [...project.services.values()].filter((s) => {
      if (s === t) return false;
      const enable = s.labels.get('traefik.enable')?.value?.toLowerCase();
      if (enable === 'false') return false;
      // A service that names its own serversTransport uses one defined elsewhere.
      if ([...s.labels.keys()].some((k) => /\.serverstransport$/i.test(k))) return false;
      return enable === 'true' || (exposedByDefault && [...s.labels.keys()].some((k) => k.startsWith('traefik.http.')));
    });
    out.push({ pooler, routed });
  }
  return out;
}

const ALB_ATTRIBUTES = 'alb.ingress.kubernetes.io/load-balancer-attributes';

/** Whether the AWS Load Balancer Controller serves an Ingress (class `alb`, or its annotations). */
function isAlb(ing: Ingress): boolean {
  if (ing.className) return ing.className.value === 'alb';
  return Object.keys(ing.annotations).some((k) => k.startsWith('alb.ingress.kubernetes.io/'));
}

/** The ALB idle timeout an Ingress asks for: `idle_timeout.timeout_seconds=N` among its attributes, else the default. */
function albPooler(ing: Ingress): Pooler | undefined {
  const raw = ing.annotations[ALB_ATTRIBUTES];
  const where = ing.annotationSpans[ALB_ATTRIBUTES];
  const label = ing.label;
  if (raw !== undefined && where) {
    const m = /(?:^|,)\s*idle_timeout\.timeout_seconds\s*=\s*([^,\s]*)/.exec(raw);
    if (m) return /^\d+$/.test(m[1]!) ? { kind: 'alb', setting: 'ALB idle_timeout.timeout_seconds', seconds: Number(m[1]), written: true, file: ing.file, span: where, label } : undefined;
  }
  return { kind: 'alb', setting: 'ALB idle timeout', seconds: ALB_IDLE_TIMEOUT, written: false, file: ing.file, span: ing.nameField?.span ?? ing.kindField.span, label };
}

const ELB = 'service.beta.kubernetes.io/aws-load-balancer-';

/**
 * A Service of type LoadBalancer that the in-tree AWS provider serves as a Classic Load Balancer with
 * HTTP(S) listeners (`aws-load-balancer-backend-protocol: http|https`): it pools backend connections
 * for `aws-load-balancer-connection-idle-timeout` seconds, 60 by default. NLBs (`aws-load-balancer-type`
 * set) pass TCP through and pool nothing.
 */
function elbPooler(s: Service): Pooler | undefined {
  if (s.type !== 'LoadBalancer' || s.annotations[`${ELB}type`] !== undefined) return undefined;
  if (!/^https?$/i.test(s.annotations[`${ELB}backend-protocol`]?.trim() ?? '')) return undefined;
  const raw = s.annotations[`${ELB}connection-idle-timeout`];
  const where = s.annotationSpans[`${ELB}connection-idle-timeout`];
  const label = s.label;
  if (raw !== undefined && where) return /^\s*\d+\s*$/.test(raw) ? { kind: 'elb', setting: 'aws-load-balancer-connection-idle-timeout', seconds: Number(raw), written: true, file: s.file, span: where, label } : undefined;
  const at = s.annotationSpans[`${ELB}backend-protocol`] ?? s.kindField.span;
  return { kind: 'elb', setting: 'ELB idle timeout', seconds: ALB_IDLE_TIMEOUT, written: false, file: s.file, span: at, label };
}

/** The Kubernetes containers behind a Service port, as server runs. */
function runsBehind(model: ProjectModel, s: Service): ServerRun[] {
  const index = k8sModel(model);
  const workloads = new Set(index.selectedBy(s));
  return serverRuns(model).filter((r) => r.container !== undefined && workloads.has(r.container.owner) && !r.sharedNetwork);
}

function upstreamPooler(u: Upstream): Pooler | undefined {
  if (!u.keepalive || u.family !== 'http') return undefined;
  const t = u.keepaliveTimeout;
  return t
    ? { kind: 'nginx-upstream', setting: 'keepalive_timeout', seconds: t.seconds, written: true, file: t.file, span: t.span, label: `upstream "${u.name}"` }
    : { kind: 'nginx-upstream', setting: 'keepalive_timeout', seconds: NGINX_UPSTREAM_KEEPALIVE_TIMEOUT, written: false, file: u.keepalive.file, span: u.keepalive.span, label: `upstream "${u.name}"` };
}

/**
 * Every pooling hop joined to the app servers it really reaches: an ALB Ingress → Service → the
 * pods' containers; an nginx upstream with `keepalive`, used by a `proxy_pass` that keeps
 * connections alive, → a compose service of the same project (nginx running in that project) or a
 * Kubernetes Service → its containers. Nothing is joined on a name guess.
 */
export function keepAliveLinks(model: ProjectModel): KeepAliveLink[] {
  return model.memo('cross:keepalive-links', () => {
    const out: KeepAliveLink[] = [];
    const seen = new Set<string>();
    const add = (pooler: Pooler, run: ServerRun) => {
      const key = `${pooler.file}:${pooler.span.start}|${run.label}|${run.server.program.file}:${run.server.program.span.start}`;
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ pooler, run });
    };
    const index = k8sModel(model);
    for (const ing of index.ingresses) {
      if (!isAlb(ing)) continue;
      const pooler = albPooler(ing);
      if (!pooler) continue;
      for (const b of ing.backends)
        for (const s of index.find('Service', ing, b.service.value)) if (s.category === 'service') for (const r of runsBehind(model, s)) add(pooler, r);
    }
    for (const s of index.services) {
      const pooler = elbPooler(s);
      if (pooler) for (const r of runsBehind(model, s)) add(pooler, r);
    }
    const runs = serverRuns(model);
    for (const project of composeModel(model))
      for (const { pooler, routed } of traefikPoolers(project))
        for (const svc of routed) for (const r of runs) if (r.compose?.service === svc && !r.sharedNetwork) add(pooler, r);
    const keeps = (p: PassInfo) => p.directive === 'proxy_pass' && p.keepsAlive === true && p.upstream !== undefined;
    // nginx in a compose project: upstream servers named after services of that project.
    for (const proxy of composeProxies(model))
      for (const a of proxyAddresses(model, proxy)) {
        if (!keeps(a.pass)) continue;
        const pooler = upstreamPooler(a.pass.upstream!);
        const svc = pooler ? proxy.project.services.get(a.host) : undefined;
        if (!pooler || !svc) continue;
        for (const r of runs) if (r.compose?.service === svc && !r.sharedNetwork) add(pooler, r);
      }
    // nginx in front of Kubernetes Services.
    const namespaces = knownNamespaces(index);
    for (const a of passAddresses(model)) {
      if (!keeps(a.pass)) continue;
      const pooler = upstreamPooler(a.pass.upstream!);
      const n = pooler ? serviceNameOf(a.host, namespaces) : undefined;
      if (!pooler || !n) continue;
      for (const s of servicesNamed(index, n)) for (const r of runsBehind(model, s)) add(pooler, r);
    }
    return out;
  });
}

/** How long the app server keeps an idle connection open, and where that is set (or defaulted). */
export interface AppKeepAlive {
  seconds: number;
  /** `gunicorn --keep-alive`, `server.keepAliveTimeout`, `uvicorn --timeout-keep-alive`. */
  setting: string;
  written: boolean;
  file: string;
  /** The setting, or where the server is started when its default applies (the command, the `listen` call). */
  span: Span;
}

/** gunicorn's default `keepalive`, uvicorn's `--timeout-keep-alive`, Node's `server.keepAliveTimeout` before Node 26 (seconds). */
export const GUNICORN_KEEPALIVE = 2;
export const UVICORN_KEEPALIVE = 5;
export const NODE_KEEPALIVE = 5;

/** The Node major version of an image's base (`node:20-alpine` → 20), when the tag says it. */
function nodeMajor(run: ServerRun): number | undefined {
  const b = run.image?.baseImage;
  if (!b || !/(^|\/)node$/.test(b.repository) || !b.tag) return undefined;
  const m = /^(\d+)(?:[.-]|$)/.exec(b.tag);
  return m ? Number(m[1]) : undefined;
}

/** Node's own default applies: a Node version whose default keepAliveTimeout is 5 s (Node 26 raised it to 65 s). */
function nodeDefaultKnown(run: ServerRun): boolean {
  const v = nodeMajor(run);
  return v !== undefined && v < 26;
}

/**
 * The app server's idle keep-alive, when it is known and the server keeps connections at all.
 * Undefined when a setting cannot be read (a config file outside the run, `GUNICORN_CMD_ARGS`, a
 * computed value) and for gunicorn's sync worker, which closes every connection after its response.
 */
export function appKeepAlive(model: ProjectModel, run: ServerRun): AppKeepAlive | undefined {
  const s = run.server;
  if (s.development) return undefined;
  if (s.kind === 'gunicorn') {
    if (run.env('GUNICORN_CMD_ARGS')) return undefined;
    const context = run.context;
    const conf = context !== undefined && hasGunicornConf(model, context);
    if (context === undefined || (s.config && !conf)) return undefined;
    const wc = s.workerClass?.value ?? (conf ? confValue(model, context, 'worker_class') : undefined);
    const threads = s.threads?.value ?? (conf ? confValue(model, context, 'threads') : undefined);
    if (wc === 'unknown' || threads === 'unknown') return undefined;
    const cls = typeof wc === 'string' ? wc : wc ? stringValue(wc.value) : 'sync';
    const th = typeof threads === 'number' ? threads : threads ? pyNumber(threads.value) : 1;
    if (cls === undefined || th === undefined) return undefined;
    // The sync worker closes each connection after its response (no keep-alive, so no race).
    if (/^(sync|gunicorn\.workers\.sync\.SyncWorker)$/.test(cls) && th <= 1) return undefined;
    if (s.keepAlive) return { seconds: s.keepAlive.value, setting: 'gunicorn --keep-alive', written: true, file: s.keepAlive.file, span: s.keepAlive.span };
    const k = conf ? confValue(model, context, 'keepalive') : undefined;
    if (k === 'unknown') return undefined;
    if (k) {
      const v = pyNumber(k.value);
      return v !== undefined ? { seconds: v, setting: 'gunicorn keepalive', written: true, file: k.file, span: { start: k.value.span.start, end: k.value.span.end } } : undefined;
    }
    return { seconds: GUNICORN_KEEPALIVE, setting: 'gunicorn keepalive', written: false, file: s.program.file, span: s.program.span };
  }
  if (s.kind === 'uvicorn') {
    if (s.keepAlive) return { seconds: s.keepAlive.value, setting: 'uvicorn --timeout-keep-alive', written: true, file: s.keepAlive.file, span: s.keepAlive.span };
    if (run.env('UVICORN_TIMEOUT_KEEP_ALIVE')) return undefined;
    return { seconds: UVICORN_KEEPALIVE, setting: 'uvicorn --timeout-keep-alive', written: false, file: s.program.file, span: s.program.span };
  }
  if (s.kind === 'next') {
    if (s.program.value !== 'start') return undefined;
    if (s.keepAlive) return { seconds: s.keepAlive.value, setting: 'next start --keepAliveTimeout', written: true, file: s.keepAlive.file, span: s.keepAlive.span };
    return nodeDefaultKnown(run) ? { seconds: NODE_KEEPALIVE, setting: 'Node server.keepAliveTimeout', written: false, file: s.program.file, span: s.program.span } : undefined;
  }
  if (s.kind === 'node') {
    const app = run.app;
    const call = app?.info.listenCall;
    // Express and Koa serve through Node's http.Server with its defaults; Fastify and others set their own.
    if (app?.kind !== 'js' || !call || (app.info.framework !== 'express' && app.info.framework !== 'koa')) return undefined;
    const k = app.info.serverTimeouts?.keepAliveTimeout;
    if (k) return k.ms !== undefined ? { seconds: k.ms / 1000, setting: 'server.keepAliveTimeout', written: true, file: k.where.file, span: k.where.span } : undefined;
    return nodeDefaultKnown(run) ? { seconds: NODE_KEEPALIVE, setting: 'Node server.keepAliveTimeout', written: false, file: call.file, span: call.span } : undefined;
  }
  return undefined;
}

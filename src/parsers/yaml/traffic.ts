/**
 * Traffic: whether a workload serves requests, and the evidence. Probe, replica, rollout and
 * resource rules speak of 502/503 only for workloads that serve: a Job, a client pod that sleeps,
 * a queue worker or a node agent no Service selects answers no request, so a missing probe there is
 * no 5xx. See docs/deployment-model.md.
 *
 * Evidence, strongest first:
 * - a Job, a CronJob or a run-once Pod never serves, nor a pod whose containers only sleep (a
 *   client to `kubectl exec` into, even when a Service selects it);
 * - a Service of its deployment unit selects its pods (an Ingress or a proxy reaches pods only
 *   through a Service); a bare Pod that no Service selects is a one-off (debug, demo, test) and
 *   does not serve;
 * - a container declares a TCP port, unless the workload is a node agent (a DaemonSet) or a metrics
 *   exporter, which declare ports for scrapers, not for users;
 * - a container has a readiness probe (it only decides whether the pod gets requests);
 * - a container runs a known server (nginx, httpd, Tomcat, gunicorn, uvicorn, …) by image or command.
 * Anything else is taken not to serve.
 */
import type { K8sIndex } from './model.js';
import type { Container, Service, Workload } from './objects.js';

export type TrafficEvidence =
  | { serves: false; why: 'runs-to-completion' | 'no-evidence' | 'agent' | 'sleeps' | 'one-off-pod' }
  | { serves: true; why: 'service'; service: Service }
  | { serves: true; why: 'port'; container: Container }
  | { serves: true; why: 'readiness'; container: Container }
  | { serves: true; why: 'server'; container: Container; server: string };

/** Images and commands of programs that exist to answer requests. */
const SERVER_IMAGE = /(^|\/)(nginx|nginx-unprivileged|openresty|httpd|apache|tomcat|tomee|jetty|caddy|traefik|haproxy|envoy|varnish|kong|php-fpm)([:@]|$)|(^|\/)php:[^@]*-(fpm|apache)/i;
const SERVER_COMMAND = /^(nginx|httpd|apache2|caddy|traefik|haproxy|envoy|gunicorn|uvicorn|hypercorn|daphne|uwsgi|waitress-serve|puma|unicorn|rails|php-fpm\d*|catalina\.sh|next|nuxt)$/;
/** Workloads whose ports are for scrapers and node-local clients. */
const AGENT = /(^|[-_/])(exporter|metrics-agent|node-agent|fluent-?bit|fluentd|promtail|vector-agent|datadog-agent|otel-agent)([-_:/]|$)/i;

const cache = new WeakMap<K8sIndex, Map<Workload, TrafficEvidence>>();

function serverOf(c: Container): string | undefined {
  const image = c.image?.value;
  const m = image ? SERVER_IMAGE.exec(image) : null;
  if (m) return m[2] ?? 'php';
  for (const word of [...c.command, ...c.args].slice(0, 4)) {
    const base = word.slice(word.lastIndexOf('/') + 1);
    if (SERVER_COMMAND.test(base)) return base;
  }
  return undefined;
}

/** `sleep infinity`, `tail -f /dev/null`, `sh -c "sleep 3600"`: a container kept alive to exec into. */
function sleepsOnly(c: Container): boolean {
  const words = [...c.command, ...c.args].map((w) => w.trim()).filter(Boolean);
  const script = words.length === 3 && /^(\/bin\/)?(ba|da)?sh$/.test(words[0]!) && words[1] === '-c' ? words[2]!.trim().split(/\s+/) : words;
  const prog = script[0]?.slice(script[0].lastIndexOf('/') + 1);
  if (prog === 'sleep') return script.length === 2;
  return prog === 'tail' && script.includes('-f') && script.includes('/dev/null');
}

function judge(index: K8sIndex, w: Workload): TrafficEvidence {
  if (!w.longRunning) return { serves: false, why: 'runs-to-completion' };
  const containers = w.template?.containers ?? [];
  if (containers.length && containers.every(sleepsOnly)) return { serves: false, why: 'sleeps' };
  const service = index.servicesFor(w)[0];
  if (service) return { serves: true, why: 'service', service };
  // A bare Pod no Service selects is a one-off (a debug, demo or test pod): nothing routes to it.
  if (w.kind === 'Pod') return { serves: false, why: 'one-off-pod' };
  const agent = w.kind === 'DaemonSet' || AGENT.test(w.name ?? '') || containers.some((c) => AGENT.test(c.image?.value ?? '') || AGENT.test(c.name?.value ?? ''));
  if (agent) return { serves: false, why: 'agent' };
  for (const c of containers) if (c.ports.some((p) => p.protocol.toUpperCase() !== 'UDP' && p.containerPort)) return { serves: true, why: 'port', container: c };
  for (const c of containers) if (c.probes.readiness) return { serves: true, why: 'readiness', container: c };
  for (const c of containers) {
    const server = serverOf(c);
    if (server) return { serves: true, why: 'server', container: c, server };
  }
  return { serves: false, why: 'no-evidence' };
}

/** Whether `w` serves requests, with the evidence (memoised per index). */
export function trafficOf(index: K8sIndex, w: Workload): TrafficEvidence {
  let byWorkload = cache.get(index);
  if (!byWorkload) cache.set(index, (byWorkload = new Map()));
  let t = byWorkload.get(w);
  if (!t) byWorkload.set(w, (t = judge(index, w)));
  return t;
}

export function serves(index: K8sIndex, w: Workload): boolean {
  return trafficOf(index, w).serves;
}

/** Images of datastores and brokers that run as one instance unless set up as a cluster. */
const DATASTORE_IMAGE =
  /(^|[/_-])(postgres(ql)?|postgis|mysql|mariadb|percona|mongo(db)?|redis|valkey|keydb|memcached|elasticsearch|opensearch|rabbitmq|kafka|zookeeper|etcd|cassandra|scylla|couchdb|influxdb|clickhouse|neo4j|minio|nats|mssql|volume-nfs|nfs-server|mcr\.microsoft\.com\/mssql)([:@/-]|$)/i;

/** The datastore a container runs, by image, or undefined. */
export function datastoreOf(c: Container): string | undefined {
  const image = c.image?.value;
  if (!image) return undefined;
  const m = DATASTORE_IMAGE.exec(image);
  return m ? m[2]!.toLowerCase() : undefined;
}

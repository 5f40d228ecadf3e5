/**
 * The catalogue of ways a setting turns into an HTTP 5xx. Rules point at these ids in `meta.causes`;
 * rule docs, `lint500 explain`, SARIF tags and LSP hover reuse the explanations, so each is written once.
 */
export interface Cause {
  id: string;
  status: 500 | 502 | 503 | 504;
  title: string;
  explanation: string;
}

export const CAUSES = {
  'unhandled-exception-500': {
    status: 500,
    title: 'Unhandled exception',
    explanation:
      'Code in the request path throws and nothing between the throw and the framework catches it. The framework answers with its default 500 page (often leaking a stack trace), and nothing in your own logs says why.',
  },
  'thread-starvation-500': {
    status: 500,
    title: 'Request thread starvation',
    explanation:
      'Every request needs a worker thread. When the pool is too small, or its threads are blocked on something slow (a database connection, a slow client), new requests queue until they time out, and the server or the proxy in front of it answers 500 or 503.',
  },
  'pool-exhaustion-500': {
    status: 500,
    title: 'Connection pool exhaustion',
    explanation:
      'Request threads wait for a database connection from a pool that is smaller than the concurrency it serves. Under load the wait times out (an exception, a 500) or, with an unbounded wait, threads hang until the proxy gives up.',
  },
  'stale-connection-500': {
    status: 500,
    title: 'Stale pooled connections',
    explanation:
      'A pool that never validates its connections hands out sockets that died when the database restarted or failed over. Each request that gets one fails with an exception, a 500, until the pool has churned through all of them.',
  },
  'upstream-unavailable-502': {
    status: 502,
    title: 'Upstream unavailable',
    explanation:
      'The proxy cannot reach a healthy upstream: the host name does not resolve, the port is wrong, the only server is down, or the connection is refused. nginx and load balancers answer 502 Bad Gateway.',
  },
  'upstream-timeout-504': {
    status: 504,
    title: 'Upstream timeout',
    explanation:
      'The proxy gives up waiting for the upstream before the upstream has answered. The client gets 504 Gateway Timeout while the app keeps working on a request whose answer nobody will read.',
  },
  'no-endpoints-503': {
    status: 503,
    title: 'No ready endpoints',
    explanation:
      'A Service, Ingress or load balancer has no ready backend to send traffic to: the selector matches nothing, the port does not exist, or no pod is ready. Kubernetes ingress controllers answer 503 Service Unavailable.',
  },
  'oom-kill-503': {
    status: 503,
    title: 'Out-of-memory kill',
    explanation:
      'The container uses more memory than its limit (or the node runs out) and the kernel kills it. In-flight requests are cut, and until the replacement is ready the Service has fewer or no endpoints: 502 and 503 answers.',
  },
  'crash-loop-503': {
    status: 503,
    title: 'Crash loop',
    explanation:
      'The container exits at start, or is killed before it is ready (a missing executable, a liveness probe that fails during a slow start). Kubernetes restarts it with growing back-off, and the Service has no ready endpoints: 503.',
  },
  'not-ready-traffic-503': {
    status: 503,
    title: 'Traffic to pods that are not ready',
    explanation:
      'Without a readiness signal Kubernetes sends traffic to a pod as soon as its process starts, before the app can serve, and keeps sending traffic to a pod that is stuck. Those requests fail with 502/503.',
  },
  'rollout-drops-requests-502': {
    status: 502,
    title: 'Rollouts drop in-flight requests',
    explanation:
      'During a rollout, node drain or scale-down, pods are stopped while they still serve requests (the process ignores SIGTERM, or too many replicas go at once, or there is only one). The proxy sees connections reset or no endpoints: 502/503.',
  },
  'slow-scale-out-503': {
    status: 503,
    title: 'Slow scale-out',
    explanation:
      'Large images take long to pull and start. When load rises or nodes fail, new pods arrive too late, the remaining pods are overloaded, and requests fail with 503 until capacity catches up.',
  },
  'internal-redirect-cycle-500': {
    status: 500,
    title: 'Internal redirect cycle',
    explanation:
      'An nginx rewrite, try_files fallback or error_page sends the request back into the same location. After 10 internal redirects nginx stops with "rewrite or internal redirection cycle" and answers 500.',
  },
  'resource-exhaustion-500': {
    status: 500,
    title: 'Resource exhaustion',
    explanation:
      'The process runs out of a bounded resource such as file descriptors or worker connections ("Too many open files"). New requests fail with 500 or are dropped until load falls.',
  },
  'config-rejected-500': {
    status: 500,
    title: 'Configuration rejected or misapplied',
    explanation:
      'The server refuses the configuration (so a reload never happens and an old, wrong config keeps serving), or applies it differently from what was meant. Requests hit paths the author did not intend and fail with 500 or 502.',
  },
  'missing-file-fallback-500': {
    status: 500,
    title: 'No fallback for missing files',
    explanation:
      'Requests for paths that do not exist on disk (client-side routes, removed assets) fall through to default handling: 404s where the app expected its index, or 500s when the fallback loops or hits an internal location.',
  },
  'error-details-leak': {
    status: 500,
    title: '500 responses leak internals',
    explanation:
      'The error response of a 500 includes the exception message, stack trace, server version or settings. Besides the outage itself, it tells an attacker which inputs make the app fail and how it is built.',
  },
  'build-failure': {
    status: 503,
    title: 'Build or deploy fails',
    explanation:
      'The image or manifest cannot be built or applied. The deploy fails, so the fix or capacity it carried never reaches production, and whatever outage it was meant to end goes on.',
  },
  'request-hang-504': {
    status: 504,
    title: 'Request hangs until the proxy gives up',
    explanation:
      'The request never gets an answer from the app (a rejected promise nobody handles, a thread waiting forever), so the proxy in front of it times out with 502/504 and the client gets nothing useful.',
  },
} as const satisfies Record<string, Omit<Cause, 'id'>>;

export type CauseId = keyof typeof CAUSES;

export function getCause(id: CauseId): Cause {
  return { id, ...CAUSES[id] };
}

export function isCauseId(id: string): id is CauseId {
  return Object.prototype.hasOwnProperty.call(CAUSES, id);
}

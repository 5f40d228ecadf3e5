/** Values as nginx reads them: times, and the targets of `proxy_pass` and its siblings. */

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/**
 * Seconds in an nginx time (`ngx_parse_time`): `500ms`, `30s`, `1m30s`, `2h`; a bare number is
 * seconds. Undefined when the value is not a time (a variable, an envsubst placeholder).
 */
export function parseTime(value: string): number | undefined {
  if (!value || value.length > 64) return undefined;
  let total = 0;
  let i = 0;
  let any = false;
  while (i < value.length) {
    const c = value[i]!;
    if (c === ' ') {
      i++;
      continue;
    }
    let j = i;
    while (j < value.length && value[j]! >= '0' && value[j]! <= '9') j++;
    if (j === i) return undefined;
    const n = Number(value.slice(i, j));
    let unit = 's';
    let unitLen = 0;
    if (value.startsWith('ms', j)) {
      unit = 'ms';
      unitLen = 2;
    } else if (j < value.length && Object.prototype.hasOwnProperty.call(UNITS, value[j]!)) {
      unit = value[j]!;
      unitLen = 1;
    } else if (j < value.length && value[j] !== ' ') return undefined;
    total += n * UNITS[unit]!;
    i = j + unitLen;
    any = true;
  }
  return any ? total : undefined;
}

/** Human form of a number of seconds: 0.5 → "500ms", 3 → "3s". */
export function formatSeconds(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)}ms` : `${Number(s.toFixed(3))}s`;
}

export interface PassTarget {
  /** `http`, `https`, `grpc`, `grpcs`, or undefined for fastcgi/uwsgi/scgi addresses. */
  scheme?: string;
  /** Host name, IP address, upstream name, or `unix:/path`; undefined when a variable decides it. */
  host?: string;
  port?: number;
  /** Path after the host, as written (`/api/`), if any. */
  path?: string;
  /** The host comes from a variable, resolved at request time. */
  variableHost: boolean;
  /** The variables in the host part (`$backend`). */
  hostVariables: string[];
}

const VAR = /\$(?:\{(\w+)\}|(\w+))/g;

/** Splits a `proxy_pass` / `fastcgi_pass` / `grpc_pass` / `uwsgi_pass` argument into its parts. */
export function parsePassTarget(value: string): PassTarget {
  let rest = value;
  let scheme: string | undefined;
  const m = /^([A-Za-z$][\w${}]*):\/\//.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = rest.slice(m[0].length);
  } else if (/^(uwsgi|suwsgi):\/\//.test(rest)) {
    scheme = rest.slice(0, rest.indexOf(':'));
  }
  if (rest.startsWith('unix:')) {
    const sock = rest.replace(/:$/, '');
    const t: PassTarget = { host: sock, variableHost: sock.includes('$'), hostVariables: [] };
    if (scheme) t.scheme = scheme;
    return t;
  }
  const slash = rest.indexOf('/');
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? undefined : rest.slice(slash);
  let hostPart = authority;
  let port: number | undefined;
  const bracket = /^\[([^\]]*)\](?::(\d+))?$/.exec(authority);
  if (bracket) {
    hostPart = bracket[1]!;
    if (bracket[2]) port = Number(bracket[2]);
  } else {
    const colon = authority.lastIndexOf(':');
    if (colon >= 0 && /^\d+$/.test(authority.slice(colon + 1))) {
      port = Number(authority.slice(colon + 1));
      hostPart = authority.slice(0, colon);
    }
  }
  const vars = [...hostPart.matchAll(VAR)].map((x) => x[1] ?? x[2]!);
  // `proxy_pass $backend;` where the variable holds the whole URL: the host is a variable too.
  const whole = !m && value.startsWith('$');
  const t: PassTarget = { variableHost: vars.length > 0 || whole, hostVariables: vars.length ? vars : whole ? [...value.matchAll(VAR)].slice(0, 1).map((x) => x[1] ?? x[2]!) : [] };
  if (scheme) t.scheme = scheme;
  if (!t.variableHost) t.host = hostPart;
  if (port !== undefined) t.port = port;
  if (path !== undefined) t.path = path;
  return t;
}

/** Whether a host needs no DNS lookup: an IPv4/IPv6 literal or a unix socket. */
export function isAddressLiteral(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':') || host.startsWith('unix:');
}

/** Upstream timeouts (`proxy_read_timeout`, `fastcgi_connect_timeout`, …) that `proxyTimeoutTooLow` judges. */
export const UPSTREAM_TIMEOUTS: ReadonlySet<string> = new Set(
  ['proxy', 'fastcgi', 'uwsgi', 'grpc', 'scgi'].flatMap((m) => [`${m}_read_timeout`, `${m}_connect_timeout`, `${m}_send_timeout`]),
);

/**
 * The check behind `nginx/proxy-timeout-too-low`, shared with the ingress-nginx annotations that
 * set the same directives: the timeout in seconds when it is below `minSeconds`.
 */
export function proxyTimeoutTooLow(directive: string, value: string, minSeconds: number): number | undefined {
  if (!UPSTREAM_TIMEOUTS.has(directive)) return undefined;
  const seconds = parseTime(value);
  return seconds !== undefined && seconds < minSeconds ? seconds : undefined;
}

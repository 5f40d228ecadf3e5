/**
 * What cross-layer rules need from nginx, built once per run: upstream groups and their servers,
 * every `*_pass` target with the location and server around it, the effective `proxy_read_timeout`
 * of each location, and the ports nginx listens on.
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { ancestors, childrenNamed, enclosing, forEachDirective, type Directive } from './ast.js';
import { parsePassTarget, parseTime, type PassTarget } from './values.js';

/** A block directive (`server`, `location`) as the index refers to it, without the tree. */
export interface BlockRef {
  /** Stable within a run: the file and the offset of the directive. */
  id: string;
  file: string;
  head: Span;
  /** Argument values (`location ~ \.php$` has `~` and `\.php$`). */
  args: string[];
}

export interface UpstreamServer {
  address: string;
  host?: string;
  port?: number;
  backup: boolean;
  down: boolean;
  maxFails?: number;
  file: string;
  /** The `server` line's head. */
  span: Span;
  /** The address argument. */
  argSpan: Span;
}

export interface Upstream {
  name: string;
  /** `http` or `stream`. */
  family: 'http' | 'stream';
  file: string;
  span: Span;
  servers: UpstreamServer[];
  /** `keepalive N`: nginx keeps up to N idle connections to the group's servers per worker. */
  keepalive?: { connections: number; file: string; span: Span };
  /** `keepalive_timeout` inside the group (nginx's default is 60 s): how long an idle one is kept. */
  keepaliveTimeout?: { seconds: number; file: string; span: Span };
}

export interface PassInfo {
  /** `proxy_pass`, `fastcgi_pass`, `grpc_pass`, `uwsgi_pass`, `scgi_pass`. */
  directive: string;
  target: PassTarget;
  /** The raw argument. */
  value: string;
  file: string;
  span: Span;
  location?: BlockRef;
  server?: BlockRef;
  /** `fastcgi_pass`: the effective `fastcgi_read_timeout` (nginx's default, 60 s, when not written). */
  readTimeout?: { seconds: number; written: boolean; file: string; span: Span };
  /** The upstream group the host names, if one is defined in the run (set by the index). */
  upstream?: Upstream;
  /**
   * `proxy_pass` only: the location reuses upstream connections when the group asks for it —
   * `proxy_http_version 1.1` and `proxy_set_header Connection ""` in effect (nginx sends HTTP/1.0
   * and `Connection: close` otherwise).
   */
  keepsAlive?: boolean;
}

export interface LocationTimeout {
  location: BlockRef;
  server?: BlockRef;
  seconds: number;
  /** Whether a `proxy_read_timeout` sets it (false: nginx's default, 60s, applies). */
  written: boolean;
  file: string;
  span: Span;
}

export interface ListenInfo {
  port: number;
  address?: string;
  ssl: boolean;
  server: BlockRef;
  file: string;
  span: Span;
}

/**
 * What the index reads of one nginx file (its includes expanded): the parser's summary
 * (`summarize`), so the tree can be dropped once the file's own rules ran. Plain data only.
 */
export interface NginxSummary {
  path: string;
  /** Files it pulled in through `include`: those are not top-level files of the run. */
  includes: string[];
  upstreams: Upstream[];
  passes: PassInfo[];
  readTimeouts: LocationTimeout[];
  listens: ListenInfo[];
}

declare module '../../core/rule.js' {
  interface KindSummaries {
    nginx: NginxSummary;
  }
}

export interface NginxIndex {
  /** Top-level nginx files of the run: those no other run file includes. */
  files: { path: string; includes: string[] }[];
  upstreams: Upstream[];
  passes: PassInfo[];
  readTimeouts: LocationTimeout[];
  listens: ListenInfo[];
}

export const PASS_DIRECTIVES = ['proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'scgi_pass'] as const;

/** The nginx index of a run, memoised on the model. */
export function nginxModel(model: ProjectModel): NginxIndex {
  return model.memo('nginx', () => buildIndex(model.summaries('nginx')));
}

function splitHostPort(address: string): { host?: string; port?: number } {
  if (address.startsWith('unix:')) return { host: address };
  const b = /^\[([^\]]*)\](?::(\d+))?$/.exec(address);
  if (b) return { host: b[1]!, ...(b[2] ? { port: Number(b[2]) } : {}) };
  const i = address.lastIndexOf(':');
  if (i > 0 && /^\d+$/.test(address.slice(i + 1))) return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
  return { host: address };
}

function blockRef(d: Directive): BlockRef {
  return { id: `${d.file}:${d.span.start}`, file: d.file, head: d.head, args: d.args.map((a) => a.value) };
}

function upstreamOf(d: Directive): Upstream {
  const servers: UpstreamServer[] = childrenNamed(d, 'server')
    .filter((s) => !s.block && s.args[0])
    .map((s) => {
      const arg = s.args[0]!;
      const address = arg.value;
      const params = s.args.slice(1).map((a) => a.value);
      const mf = params.find((p) => p.startsWith('max_fails='));
      const u: UpstreamServer = { address, ...splitHostPort(address), backup: params.includes('backup'), down: params.includes('down'), file: s.file, span: s.head, argSpan: arg.span };
      if (mf !== undefined && /^\d+$/.test(mf.slice(10))) u.maxFails = Number(mf.slice(10));
      return u;
    });
  const u: Upstream = { name: d.args[0]?.value ?? '', family: d.context === 'stream' ? 'stream' : 'http', file: d.file, span: d.head, servers };
  const ka = childrenNamed(d, 'keepalive').at(-1);
  if (ka?.args[0] && /^\d+$/.test(ka.args[0].value)) u.keepalive = { connections: Number(ka.args[0].value), file: ka.file, span: ka.head };
  const kt = childrenNamed(d, 'keepalive_timeout').at(-1);
  const kts = kt?.args[0] ? parseTime(kt.args[0].value) : undefined;
  if (kt?.args[0] && kts !== undefined) u.keepaliveTimeout = { seconds: kts, file: kt.file, span: kt.args[0].span };
  return u;
}

/** Whether `proxy_http_version 1.1` and `proxy_set_header Connection ""` are in effect at a directive. */
function keepsAlive(d: Directive, top: readonly Directive[]): boolean {
  const version = (d.parent ? nearest(d.parent, ['proxy_http_version']) : undefined) ?? childrenNamed(top, 'proxy_http_version').at(-1);
  if (version?.args[0]?.value !== '1.1') return false;
  // proxy_set_header is inherited only by blocks that set none of their own.
  const scopes = [...(d.parent ? [d.parent, ...ancestors(d.parent)] : []), top];
  for (const b of scopes) {
    const headers = childrenNamed(b, 'proxy_set_header');
    if (headers.length) return headers.some((h) => h.args[0]?.value.toLowerCase() === 'connection' && h.args[1]?.value === '' && h.args.length === 2);
  }
  return false;
}

function listenOf(d: Directive, server: Directive): ListenInfo | undefined {
  const a = d.args[0];
  if (!a || a.value.startsWith('unix:')) return undefined;
  let address: string | undefined;
  let port: number | undefined;
  if (/^\d+$/.test(a.value)) port = Number(a.value);
  else {
    const hp = splitHostPort(a.value);
    address = hp.host;
    port = hp.port ?? 80;
  }
  if (port === undefined) return undefined;
  const l: ListenInfo = { port, ssl: d.args.some((x) => x.value === 'ssl'), server: blockRef(server), file: d.file, span: d.head };
  if (address !== undefined) l.address = address;
  return l;
}

/** The nearest `name` directive in scope of a block, looking outward. */
function nearest(block: Directive, names: readonly string[]): Directive | undefined {
  for (const b of [block, ...ancestors(block)]) {
    const hit = childrenNamed(b, ...names).at(-1);
    if (hit) return hit;
  }
  return undefined;
}

/** The summary of one parsed nginx file (see `NginxSummary`). */
export function summarizeNginx(file: ParsedFile<'nginx'>): NginxSummary {
  const root = file.root;
  const out: NginxSummary = { path: file.path, includes: [...root.includes], upstreams: [], passes: [], readTimeouts: [], listens: [] };
  const top = root.directives;
  forEachDirective(top, (d) => {
    if (d.name === 'upstream' && d.block) out.upstreams.push(upstreamOf(d));
    if ((PASS_DIRECTIVES as readonly string[]).includes(d.name) && d.args[0] && d.context !== 'stream:server') {
      const p: PassInfo = { directive: d.name, target: parsePassTarget(d.args[0].value), value: d.args[0].value, file: d.file, span: d.args[0].span };
      const loc = enclosing(d, 'location');
      const srv = enclosing(d, 'server');
      if (loc) p.location = blockRef(loc);
      if (srv) p.server = blockRef(srv);
      if (d.name === 'proxy_pass') p.keepsAlive = keepsAlive(d, top);
      if (d.name === 'fastcgi_pass') {
        const found = (d.parent ? nearest(d.parent, ['fastcgi_read_timeout']) : undefined) ?? childrenNamed(top, 'fastcgi_read_timeout').at(-1);
        const seconds = found?.args[0] ? parseTime(found.args[0].value) : 60;
        if (seconds !== undefined) p.readTimeout = { seconds, written: found !== undefined, file: found?.file ?? d.file, span: found?.args[0]?.span ?? d.args[0].span };
      }
      out.passes.push(p);
    }
    if (d.name === 'location' && d.block) {
      const found = nearest(d, ['proxy_read_timeout']) ?? childrenNamed(top, 'proxy_read_timeout').at(-1);
      const seconds = found?.args[0] ? parseTime(found.args[0].value) : 60;
      if (seconds !== undefined) {
        const t: LocationTimeout = { location: blockRef(d), seconds, written: found !== undefined, file: found?.file ?? d.file, span: found?.args[0]?.span ?? d.head };
        const srv = enclosing(d, 'server');
        if (srv) t.server = blockRef(srv);
        out.readTimeouts.push(t);
      }
    }
    if (d.name === 'listen' && d.context === 'http:server' && d.parent) {
      const l = listenOf(d, d.parent);
      if (l) out.listens.push(l);
    }
  });
  return out;
}

/** The run's index: the summaries of its top-level files, with pass targets joined to upstreams. */
function buildIndex(all: readonly NginxSummary[]): NginxIndex {
  const included = new Set(all.flatMap((f) => f.includes));
  const files = all.filter((f) => !included.has(f.path));
  const upstreams = files.flatMap((f) => f.upstreams);
  const upstreamByName = new Map(upstreams.map((u) => [u.name, u]));
  const passes = files.flatMap((f) =>
    f.passes.map((p) => {
      const up = p.target.host !== undefined ? upstreamByName.get(p.target.host) : undefined;
      return up ? { ...p, upstream: up } : p;
    }),
  );
  return {
    files: files.map((f) => ({ path: f.path, includes: f.includes })),
    upstreams,
    passes,
    readTimeouts: files.flatMap((f) => f.readTimeouts),
    listens: files.flatMap((f) => f.listens),
  };
}

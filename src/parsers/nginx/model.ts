/**
 * What cross-layer rules need from nginx, built once per run: upstream groups and their servers,
 * every `*_pass` target with the location and server around it, the effective `proxy_read_timeout`
 * of each location, and the ports nginx listens on.
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { ancestors, childrenNamed, enclosing, forEachDirective, type Directive, type NginxConfig } from './ast.js';
import { parsePassTarget, parseTime, type PassTarget } from './values.js';

export interface UpstreamServer {
  address: string;
  host?: string;
  port?: number;
  backup: boolean;
  down: boolean;
  maxFails?: number;
  directive: Directive;
  file: string;
  span: Span;
}

export interface Upstream {
  name: string;
  /** `http` or `stream`. */
  family: 'http' | 'stream';
  directive: Directive;
  file: string;
  span: Span;
  servers: UpstreamServer[];
}

export interface PassInfo {
  /** `proxy_pass`, `fastcgi_pass`, `grpc_pass`, `uwsgi_pass`, `scgi_pass`. */
  directive: string;
  node: Directive;
  target: PassTarget;
  /** The raw argument. */
  value: string;
  file: string;
  span: Span;
  location?: Directive;
  server?: Directive;
  /** The upstream group the host names, if one is defined. */
  upstream?: Upstream;
}

export interface LocationTimeout {
  location: Directive;
  server?: Directive;
  seconds: number;
  /** The directive that sets it, or undefined when nginx's default (60s) applies. */
  directive?: Directive;
  file: string;
  span: Span;
}

export interface ListenInfo {
  port: number;
  address?: string;
  ssl: boolean;
  server: Directive;
  node: Directive;
  file: string;
  span: Span;
}

export interface NginxIndex {
  /** Top-level nginx files of the run: those no other run file includes. */
  files: ParsedFile<'nginx'>[];
  upstreams: Upstream[];
  passes: PassInfo[];
  readTimeouts: LocationTimeout[];
  listens: ListenInfo[];
}

export const PASS_DIRECTIVES = ['proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'scgi_pass'] as const;

/** The nginx index of a run, memoised on the model. */
export function nginxModel(model: ProjectModel): NginxIndex {
  return model.memo('nginx', () => buildIndex(model.filesOf('nginx')));
}

function splitHostPort(address: string): { host?: string; port?: number } {
  if (address.startsWith('unix:')) return { host: address };
  const b = /^\[([^\]]*)\](?::(\d+))?$/.exec(address);
  if (b) return { host: b[1]!, ...(b[2] ? { port: Number(b[2]) } : {}) };
  const i = address.lastIndexOf(':');
  if (i > 0 && /^\d+$/.test(address.slice(i + 1))) return { host: address.slice(0, i), port: Number(address.slice(i + 1)) };
  return { host: address };
}

function upstreamOf(d: Directive): Upstream {
  const servers: UpstreamServer[] = childrenNamed(d, 'server')
    .filter((s) => !s.block && s.args[0])
    .map((s) => {
      const address = s.args[0]!.value;
      const params = s.args.slice(1).map((a) => a.value);
      const mf = params.find((p) => p.startsWith('max_fails='));
      const u: UpstreamServer = { address, ...splitHostPort(address), backup: params.includes('backup'), down: params.includes('down'), directive: s, file: s.file, span: s.head };
      if (mf !== undefined && /^\d+$/.test(mf.slice(10))) u.maxFails = Number(mf.slice(10));
      return u;
    });
  return { name: d.args[0]?.value ?? '', family: d.context === 'stream' ? 'stream' : 'http', directive: d, file: d.file, span: d.head, servers };
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
  const l: ListenInfo = { port, ssl: d.args.some((x) => x.value === 'ssl'), server, node: d, file: d.file, span: d.head };
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

function buildIndex(all: ParsedFile<'nginx'>[]): NginxIndex {
  const included = new Set(all.flatMap((f) => f.root?.includes ?? []));
  const files = all.filter((f) => f.root && !included.has(f.path));
  const upstreams: Upstream[] = [];
  const passes: PassInfo[] = [];
  const readTimeouts: LocationTimeout[] = [];
  const listens: ListenInfo[] = [];
  const topLevel = new Map<string, Directive[]>();
  for (const f of files) {
    const root = f.root as NginxConfig;
    topLevel.set(f.path, root.directives);
    forEachDirective(root.directives, (d) => {
      if (d.name === 'upstream' && d.block) upstreams.push(upstreamOf(d));
    });
  }
  const upstreamByName = new Map(upstreams.map((u) => [u.name, u]));
  for (const f of files) {
    const root = f.root as NginxConfig;
    const top = root.directives;
    forEachDirective(top, (d) => {
      if ((PASS_DIRECTIVES as readonly string[]).includes(d.name) && d.args[0] && d.context !== 'stream:server') {
        const target = parsePassTarget(d.args[0].value);
        const p: PassInfo = { directive: d.name, node: d, target, value: d.args[0].value, file: d.file, span: d.args[0].span };
        const loc = enclosing(d, 'location');
        const srv = enclosing(d, 'server');
        if (loc) p.location = loc;
        if (srv) p.server = srv;
        const up = target.host !== undefined ? upstreamByName.get(target.host) : undefined;
        if (up) p.upstream = up;
        passes.push(p);
      }
      if (d.name === 'location' && d.block) {
        const found = nearest(d, ['proxy_read_timeout']) ?? childrenNamed(top, 'proxy_read_timeout').at(-1);
        const seconds = found?.args[0] ? parseTime(found.args[0].value) : 60;
        if (seconds !== undefined) {
          const t: LocationTimeout = { location: d, seconds, file: found?.file ?? d.file, span: found?.args[0]?.span ?? d.head };
          const srv = enclosing(d, 'server');
          if (srv) t.server = srv;
          if (found) t.directive = found;
          readTimeouts.push(t);
        }
      }
      if (d.name === 'listen' && d.context === 'http:server' && d.parent) {
        const l = listenOf(d, d.parent);
        if (l) listens.push(l);
      }
    });
  }
  return { files, upstreams, passes, readTimeouts, listens };
}

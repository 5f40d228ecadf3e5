/**
 * nginx inside compose projects: which nginx files each compose service loads — bind-mounted
 * (`./nginx/default.conf:/etc/nginx/conf.d/default.conf`, a mounted folder) or copied into its image
 * by the Dockerfile (`COPY default.conf /etc/nginx/conf.d/`) — with the files they include, and the
 * addresses those files send traffic to. References resolve inside the compose project.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { dockerModel } from '../dockerfile/model.js';
import { nginxModel, type PassInfo } from '../nginx/model.js';
import { joinRel, type ComposeProject, type ComposeServiceModel } from './compose.js';
import { isLoopback } from './app-server.js';
import { isPhpFpmPath } from '../manifest/detect.js';
import { parsePhpFpm, type FpmFile, type FpmListen, type FpmPool } from './php-fpm.js';
import { composeModel } from './runs.js';

export interface ComposeProxy {
  project: ComposeProject;
  service: ComposeServiceModel;
  /** nginx files the service loads (includes expanded). */
  files: Set<string>;
  /** How the first file reaches the service (a volume or a COPY), for related locations. */
  how: { file: string; span: Span; message: string }[];
}

/** One address a `*_pass` connects to: the target, or each server of its upstream. */
export interface ComposePassAddress {
  pass: PassInfo;
  host: string;
  port?: number;
  file: string;
  span: Span;
}

const PROXY_IMAGE = /(^|\/)(nginx|openresty|tengine|angie|traefik|caddy|haproxy|envoy|varnish)([:@-]|$)/i;

function under(path: string, dir: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}

/** `COPY`/`ADD` sources of a Dockerfile text, relative to the run (`context` joined). */
function copiedSources(text: string, context: string): { source: string; span: Span }[] {
  const out: { source: string; span: Span }[] = [];
  const re = /^[ \t]*(?:COPY|ADD)[ \t]+([^\n]*)$/gim;
  for (const m of text.matchAll(re)) {
    const args = m[1]!.replace(/\\\s*$/, '').split(/\s+/).filter((a) => a && !a.startsWith('--'));
    if (args.length < 2 || args[0]!.startsWith('[')) continue;
    for (const a of args.slice(0, -1)) out.push({ source: joinRel(context, a), span: { start: m.index, end: m.index + m[0].length } });
  }
  return out;
}

/** Whether a service is a reverse proxy: a proxy image, or it loads nginx configuration. */
export function isProxyService(model: ProjectModel, s: ComposeServiceModel, loadsNginx: boolean): boolean {
  if (loadsNginx) return true;
  if (s.image && PROXY_IMAGE.test(s.image.value)) return true;
  const facts = s.build ? dockerModel(model).byPath.get(s.build.dockerfile) : undefined;
  return !!facts?.baseImage && PROXY_IMAGE.test(facts.baseImage.repository);
}

/** A container (a compose service, or an image no compose service builds) and the configuration files it loads. */
export interface ContainerFiles {
  label: string;
  project?: ComposeProject;
  service?: ComposeServiceModel;
  /** The Dockerfile that builds its image, if in the run. */
  dockerfile?: string;
  nginx: Set<string>;
  pools: Set<string>;
  /** How each file gets into the container (a volume or a COPY). */
  how: Map<string, { file: string; span: Span; message: string }>;
}

function load(model: ProjectModel, c: ContainerFiles, candidates: readonly string[], into: Set<string>): void {
  const name = c.service ? `service "${c.service.name}"` : `the image of ${c.dockerfile}`;
  for (const v of c.service?.volumes ?? []) {
    if (!v.source || !/[/.]/.test(v.source)) continue;
    for (const f of candidates)
      if (under(f, v.source)) {
        into.add(f);
        if (!c.how.has(f)) c.how.set(f, { file: v.file, span: v.span, message: `Mounted into ${name} here.` });
      }
  }
  const dockerfile = c.dockerfile;
  const context = c.service?.build?.context ?? (dockerfile?.includes('/') ? dockerfile.slice(0, dockerfile.lastIndexOf('/')) : '');
  const text = dockerfile ? model.text(dockerfile) : undefined;
  if (text !== undefined && dockerfile)
    for (const cp of copiedSources(text, context))
      for (const f of candidates)
        if (under(f, cp.source)) {
          into.add(f);
          if (!c.how.has(f)) c.how.set(f, { file: dockerfile, span: cp.span, message: `Copied into ${name} here.` });
        }
}

/** Every container of the run with the nginx and PHP-FPM files it loads. */
export function containerFiles(model: ProjectModel): ContainerFiles[] {
  return model.memo('cross:container-files', () => {
    const nginx = nginxModel(model);
    const all = new Set<string>();
    for (const f of nginx.files) {
      all.add(f.path);
      for (const i of f.includes) all.add(i);
    }
    const nginxFiles = [...all];
    const poolFiles = fpmFiles(model).map((f) => f.file);
    const out: ContainerFiles[] = [];
    if (!nginxFiles.length && !poolFiles.length) return out;
    const built = new Set<string>();
    const fill = (c: ContainerFiles) => {
      load(model, c, nginxFiles, c.nginx);
      for (const t of nginx.files) if (c.nginx.has(t.path)) for (const i of t.includes) c.nginx.add(i);
      load(model, c, poolFiles, c.pools);
      if (c.nginx.size || c.pools.size) out.push(c);
    };
    for (const project of composeModel(model))
      for (const service of project.services.values()) {
        if (service.build) built.add(service.build.dockerfile);
        fill({ label: `compose service "${service.name}"`, project, service, ...(service.build ? { dockerfile: service.build.dockerfile } : {}), nginx: new Set(), pools: new Set(), how: new Map() });
      }
    // Images on their own matter only where nginx and PHP-FPM may share one (fastcgi_pass to a socket).
    if (poolFiles.length)
      for (const image of dockerModel(model).images)
        if (!built.has(image.path)) fill({ label: `the image of ${image.path}`, dockerfile: image.path, nginx: new Set(), pools: new Set(), how: new Map() });
    return out;
  });
}

/** The PHP-FPM files of the run, parsed once. */
export function fpmFiles(model: ProjectModel): FpmFile[] {
  return model.memo('cross:php-fpm', () => model.filesOf('manifest').filter((f) => isPhpFpmPath(f.path)).map((f) => parsePhpFpm(f.path, f.text)));
}

/** Every compose service that loads nginx files of the run. */
export function composeProxies(model: ProjectModel): ComposeProxy[] {
  return containerFiles(model)
    .filter((c) => c.project && c.service && c.nginx.size)
    .map((c) => {
      const first = [...c.nginx].find((f) => c.how.has(f));
      return { project: c.project!, service: c.service!, files: c.nginx, how: first ? [c.how.get(first)!] : [] };
    });
}

/** The addresses the nginx files of a proxy send traffic to (upstream groups expanded). */
export function proxyAddresses(model: ProjectModel, proxy: ComposeProxy): ComposePassAddress[] {
  return proxyAddressesIn(model, proxy.files);
}

function proxyAddressesIn(model: ProjectModel, files: ReadonlySet<string>): ComposePassAddress[] {
  const out: ComposePassAddress[] = [];
  for (const p of nginxModel(model).passes) {
    if (!files.has(p.file) || p.target.variableHost || !p.target.host) continue;
    if (p.upstream) {
      for (const s of p.upstream.servers) if (s.host && files.has(s.file)) out.push({ pass: p, host: s.host, ...(s.port !== undefined ? { port: s.port } : {}), file: s.file, span: s.argSpan });
      continue;
    }
    const tls = p.target.scheme === 'https' || p.target.scheme === 'grpcs';
    const port = p.target.port ?? (p.directive === 'proxy_pass' ? (tls ? 443 : 80) : undefined);
    out.push({ pass: p, host: p.target.host, ...(port !== undefined ? { port } : {}), file: p.file, span: p.span });
  }
  return out;
}

/** The ports a compose service is known to listen on inside its container: `expose`, `ports` targets, its image's EXPOSE. */
export function servicePorts(model: ProjectModel, s: ComposeServiceModel): { port: number; file: string; span: Span; what: string }[] {
  const out: { port: number; file: string; span: Span; what: string }[] = [];
  for (const e of s.expose) out.push({ port: e.value, file: e.file, span: e.span, what: `expose ${e.value}` });
  for (const p of s.ports) if (p.target !== undefined) out.push({ port: p.target, file: p.file, span: p.span, what: `ports target ${p.target}` });
  const facts = s.build && !s.build.target ? dockerModel(model).byPath.get(s.build.dockerfile) : undefined;
  for (const e of facts?.expose ?? []) if (e.port !== undefined) for (let p = e.port; p <= (e.portEnd ?? e.port) && p - e.port < 100; p++) out.push({ port: p, file: facts!.path, span: e.span, what: `EXPOSE ${e.text}` });
  return out;
}


/** One `fastcgi_pass` address joined to the container it reaches and that container's PHP-FPM pools. */
export interface FastcgiLink {
  address: ComposePassAddress;
  from: ContainerFiles;
  to: ContainerFiles;
  /** Pools of the target container with a `listen` that could be read. */
  pools: { pool: FpmPool; file: FpmFile }[];
  /** The pools listening where nginx connects. */
  matching: FpmPool[];
  /** The target image is built from the official `php:*-fpm` image, whose `zz-docker.conf` sets `listen = 9000` for `[www]`. */
  officialFpm: boolean;
}

function listenMatches(l: FpmListen, a: ComposePassAddress, sameContainer: boolean): boolean {
  if (a.host.startsWith('unix:')) return l.kind === 'socket' && l.path === a.host.slice(5);
  if (l.kind !== 'tcp' || l.port !== a.port) return false;
  // A pool bound to loopback is reachable only from its own container.
  return sameContainer || !l.host || !isLoopback(l.host);
}

/** Every `fastcgi_pass` of the run whose target container's PHP-FPM pools are known. */
export function fastcgiLinks(model: ProjectModel): FastcgiLink[] {
  return model.memo('cross:fastcgi-links', () => {
    const containers = containerFiles(model);
    const files = new Map(fpmFiles(model).map((f) => [f.file, f]));
    const docker = dockerModel(model);
    const out: FastcgiLink[] = [];
    for (const from of containers) {
      if (!from.nginx.size) continue;
      for (const a of proxyAddressesIn(model, from.nginx)) {
        if (a.pass.directive !== 'fastcgi_pass') continue;
        let to: ContainerFiles | undefined;
        if (a.host.startsWith('unix:') || isLoopback(a.host)) to = from;
        else if (from.project) {
          const h = a.host.toLowerCase();
          to = containers.find((c) => c.project === from.project && c.service && (c.service.name.toLowerCase() === h || c.service.aliases.some((x) => x.toLowerCase() === h) || c.service.containerName?.value.toLowerCase() === h));
        }
        if (!to || !to.pools.size) continue;
        const pools = [...to.pools].flatMap((f) => (files.get(f)?.pools ?? []).filter((p) => p.listen).map((pool) => ({ pool, file: files.get(f)! })));
        if (!pools.length) continue;
        const base = to.dockerfile ? docker.byPath.get(to.dockerfile)?.baseImage : undefined;
        const officialFpm = !!base && /^(library\/)?php$/.test(base.repository) && /fpm/.test(base.tag ?? '');
        const matching = pools.filter((p) => listenMatches(p.pool.listen!.address, a, to === from)).map((p) => p.pool);
        out.push({ address: a, from, to, pools, matching, officialFpm });
      }
    }
    return out;
  });
}

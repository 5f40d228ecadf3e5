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

/** Every compose service that loads nginx files of the run. */
export function composeProxies(model: ProjectModel): ComposeProxy[] {
  return model.memo('cross:compose-proxies', () => {
    const nginx = nginxModel(model);
    const tops = nginx.files;
    const all = new Set<string>();
    for (const f of tops) {
      all.add(f.path);
      for (const i of f.includes) all.add(i);
    }
    const out: ComposeProxy[] = [];
    for (const project of composeModel(model))
      for (const service of project.services.values()) {
        const files = new Set<string>();
        const how: ComposeProxy['how'] = [];
        for (const v of service.volumes) {
          if (!v.source || !/[/.]/.test(v.source)) continue;
          for (const f of all)
            if (under(f, v.source)) {
              files.add(f);
              if (!how.length) how.push({ file: v.file, span: v.span, message: `Mounted into service "${service.name}" here.` });
            }
        }
        if (service.build) {
          const text = model.text(service.build.dockerfile);
          if (text !== undefined)
            for (const c of copiedSources(text, service.build.context))
              for (const f of all)
                if (under(f, c.source)) {
                  files.add(f);
                  if (!how.length) how.push({ file: service.build.dockerfile, span: c.span, message: `Copied into the image of service "${service.name}" here.` });
                }
        }
        if (!files.size) continue;
        for (const t of tops) if (files.has(t.path)) for (const i of t.includes) files.add(i);
        out.push({ project, service, files, how });
      }
    return out;
  });
}

/** The addresses the nginx files of a proxy send traffic to (upstream groups expanded). */
export function proxyAddresses(model: ProjectModel, proxy: ComposeProxy): ComposePassAddress[] {
  const out: ComposePassAddress[] = [];
  for (const p of nginxModel(model).passes) {
    if (!proxy.files.has(p.file) || p.target.variableHost || !p.target.host) continue;
    if (p.upstream) {
      for (const s of p.upstream.servers) if (s.host && proxy.files.has(s.file)) out.push({ pass: p, host: s.host, ...(s.port !== undefined ? { port: s.port } : {}), file: s.file, span: s.argSpan });
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


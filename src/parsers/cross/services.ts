/**
 * From a host name to what serves it: Kubernetes Services by DNS name (`name`, `name.namespace`,
 * `name.namespace.svc`, `name.namespace.svc.cluster.local`), and the addresses nginx sends traffic
 * to (`proxy_pass` targets, through `upstream` groups).
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { nginxModel, type PassInfo } from '../nginx/model.js';
import type { K8sIndex } from '../yaml/model.js';
import type { Service } from '../yaml/objects.js';

export interface ServiceName {
  name: string;
  /** Written in the host (`api.shop`, `api.shop.svc.cluster.local`); undefined for a bare name. */
  namespace?: string;
  /** The host is written in cluster DNS form (`….svc…`), so it can only be a Service. */
  clusterForm: boolean;
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Namespaces the run knows: those objects are applied to, and Namespace objects. */
export function knownNamespaces(index: K8sIndex): Set<string> {
  const out = new Set<string>();
  for (const o of index.objects) {
    out.add(index.namespaceOf(o));
    if (o.kind === 'Namespace' && o.name) out.add(o.name);
  }
  return out;
}

/** The Service a host names, or undefined when the host is not a cluster DNS name (IPs, public domains). */
export function serviceNameOf(host: string, namespaces: ReadonlySet<string>): ServiceName | undefined {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!h || IPV4.test(h) || h.includes(':') || h === 'localhost' || h.startsWith('unix:') || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(h)) return undefined;
  const labels = h.split('.');
  if (labels.length === 1) return { name: h, clusterForm: false };
  if (labels.length >= 3 && labels[2] === 'svc') return { name: labels[0]!, namespace: labels[1]!, clusterForm: true };
  if (labels.length === 2 && namespaces.has(labels[1]!)) return { name: labels[0]!, namespace: labels[1]!, clusterForm: false };
  return undefined;
}

/** Services with that name (in that namespace, when given). */
export function servicesNamed(index: K8sIndex, n: ServiceName): Service[] {
  return index.services.filter((s) => s.name === n.name && (n.namespace === undefined || index.namespaceOf(s) === n.namespace));
}

/** Whether a Service accepts connections on `port` (ExternalName and headless Services are not checked). */
export function serviceHasPort(s: Service, port: number): boolean {
  if (s.type === 'ExternalName') return true;
  if (s.clusterIP?.toLowerCase() === 'none') return true;
  return s.ports.some((p) => p.port?.value === port);
}

/** One address nginx connects to for a `*_pass`: the target itself, or each server of its upstream. */
export interface PassAddress {
  pass: PassInfo;
  host: string;
  port: number;
  /** Whether the port is written, or the scheme's default. */
  portWritten: boolean;
  file: string;
  /** The address as written (the `proxy_pass` argument or the upstream `server` address). */
  span: Span;
  /** The `server` line inside an upstream block, when the address comes from one. */
  viaUpstream?: string;
}

/** Every address the run's nginx `proxy_pass` / `grpc_pass` targets connect to. */
export function passAddresses(model: ProjectModel): PassAddress[] {
  return model.memo('cross:pass-addresses', () => {
    const out: PassAddress[] = [];
    const seen = new Set<string>();
    for (const p of nginxModel(model).passes) {
      if (p.directive !== 'proxy_pass' && p.directive !== 'grpc_pass') continue;
      if (p.target.variableHost || !p.target.host) continue;
      const tls = p.target.scheme === 'https' || p.target.scheme === 'grpcs';
      if (p.upstream) {
        for (const s of p.upstream.servers) {
          if (!s.host || s.host.startsWith('unix:')) continue;
          const span = s.argSpan;
          const key = `${s.file}:${span.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          // Upstream servers default to port 80 whatever the scheme.
          out.push({ pass: p, host: s.host, port: s.port ?? 80, portWritten: s.port !== undefined, file: s.file, span, viaUpstream: p.upstream.name });
        }
        continue;
      }
      out.push({ pass: p, host: p.target.host, port: p.target.port ?? (tls ? 443 : 80), portWritten: p.target.port !== undefined, file: p.file, span: p.span });
    }
    return out;
  });
}

/** The top-level nginx file each file of the run belongs to (itself, or the file that includes it). */
export function nginxRoots(model: ProjectModel): Map<string, string[]> {
  return model.memo('cross:nginx-roots', () => {
    const out = new Map<string, string[]>();
    for (const f of nginxModel(model).files) {
      for (const p of [f.path, ...f.includes]) {
        const list = out.get(p) ?? [];
        if (!list.includes(f.path)) list.push(f.path);
        out.set(p, list);
      }
    }
    return out;
  });
}

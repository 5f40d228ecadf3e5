/**
 * From a Kubernetes Service (or a host name) to the apps behind it and their own request timeout:
 * Service → selected workloads → the container that serves the port → its image's Dockerfile →
 * the app in the build context. Without Kubernetes, a compose service or a Dockerfile directory of
 * the same name stands in.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { K8sIndex } from '../yaml/model.js';
import type { Field, Service } from '../yaml/objects.js';
import { appIn, appTimeoutOf, runtimeOf, type AppTimeout } from './apps.js';
import { imageLinker, type ImageSource } from './images.js';
import { linkedContainers, resolvePort } from './index.js';
import { serviceNameOf, servicesNamed, knownNamespaces } from './services.js';

export interface TargetTimeout {
  timeout: AppTimeout;
  /** The link assumed on the way, for messages. */
  link?: ImageSource;
  /** `Service "checkout"`, `host "orders"`. */
  via: string;
}

/** Timeouts of the apps behind a Service port (`port` a Service port number or name; undefined: any). */
export function serviceTimeouts(model: ProjectModel, index: K8sIndex, s: Service, port: number | string | undefined): TargetTimeout[] {
  const sp = s.ports.filter((p) => port === undefined || (typeof port === 'number' ? p.port?.value === port : p.name?.value === port));
  const out: TargetTimeout[] = [];
  const links = linkedContainers(model);
  for (const w of index.selectedBy(s)) {
    for (const c of w.template?.containers ?? []) {
      const cl = links.find((l) => l.container === c);
      if (!cl) continue;
      const targets = sp.map((p) => resolvePort(c, (p.targetPort ?? p.port) as Field<number | string> | undefined)?.port);
      const servesPort = targets.some((t) => t !== undefined && (c.ports.some((cp) => cp.containerPort?.value === t) || (w.template?.containers.length ?? 0) === 1));
      if (!servesPort) continue;
      const t = appTimeoutOf(model, cl.link.context, cl.app, cl.runtime, cl.link.image);
      if (t) out.push({ timeout: t, link: cl.link, via: s.label });
    }
  }
  return out;
}

/** Timeouts of whatever serves `host:port`, as nginx reaches it. */
export function hostTimeouts(model: ProjectModel, index: K8sIndex, host: string, port: number, from: string): TargetTimeout[] {
  const n = serviceNameOf(host, knownNamespaces(index));
  if (n) {
    const services = servicesNamed(index, n);
    if (services.length) {
      const found = services.flatMap((s) => serviceTimeouts(model, index, s, s.ports.some((p) => p.port?.value === port) ? port : undefined));
      // A Service that selects no pod says nothing about the app; the name heuristic below still may.
      if (found.length || services.some((s) => index.selectedBy(s).length)) return found;
    }
  }
  const bare = n?.name ?? host.toLowerCase();
  const link = imageLinker(model).forHost(bare, from);
  if (link) {
    const runtime = runtimeOf(link.image, undefined);
    const app = appIn(model, link.context, runtime);
    const t = appTimeoutOf(model, link.context, app, runtime, link.image);
    return t ? [{ timeout: t, link, via: `host "${host}"` }] : [];
  }
  return [];
}

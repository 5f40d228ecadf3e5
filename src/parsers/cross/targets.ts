/**
 * From a Kubernetes Service (or a host name) to the apps behind it and their own request timeout:
 * Service → selected workloads → the container that serves the port → its image's Dockerfile →
 * the app in the build context. Without Kubernetes, a compose service or a Dockerfile directory of
 * the same name stands in.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { K8sIndex } from '../yaml/model.js';
import type { Field, Service } from '../yaml/objects.js';
import { appIn, appTimeoutOf, runtimeOf, workerLimitOf, type AppTimeout, type WorkerLimit } from './apps.js';
import { composeContainers, effectiveRuntime } from './effective.js';
import { imageLinker, type ImageSource } from './images.js';
import { linkedContainers, resolvePort } from './index.js';
import { serviceNameOf, servicesNamed, knownNamespaces } from './services.js';

export interface TargetTimeout {
  /** The request timeout the app sets (written values only). */
  timeout?: AppTimeout;
  /** What kills a worker mid-request (gunicorn sync timeout, its default included; uWSGI harakiri). */
  limit?: WorkerLimit;
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
      const limit = workerLimitOf(model, cl.link.context, cl.runtime);
      if (t || limit) out.push({ ...(t ? { timeout: t } : {}), ...(limit ? { limit } : {}), link: cl.link, via: s.label });
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
    // A compose service of that name may override the image's command: read the command it really runs.
    const services = composeContainers(model).filter((c) => c.name.toLowerCase() === bare);
    const limit = services.length <= 1 ? workerLimitOf(model, link.context, services[0] ? effectiveRuntime(link.image, services[0].overrides) : runtime) : undefined;
    return t || limit ? [{ ...(t ? { timeout: t } : {}), ...(limit ? { limit } : {}), link, via: `host "${host}"` }] : [];
  }
  return [];
}

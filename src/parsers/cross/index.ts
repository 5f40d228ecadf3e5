/**
 * The cross-layer view of a run: each Kubernetes container joined to the Dockerfile that builds its
 * image, the app built into it and the process it starts. Built from the families' models and
 * memoised on the ProjectModel; nothing here reads text the families have not parsed.
 */
import type { ProjectModel, RelatedLocation } from '../../core/rule.js';
import { k8sModel } from '../yaml/model.js';
import type { Container, Field } from '../yaml/objects.js';
import { appImageLink, appIn, runtimeOf, type LinkedApp, type Runtime } from './apps.js';
import { imageLinker, type ImageSource } from './images.js';

export interface ContainerLink {
  container: Container;
  /** The Dockerfile that builds the image, or the app it is built from without one. */
  link: ImageSource;
  runtime: Runtime;
  /** The one app found in the image's build context. */
  app?: LinkedApp;
}

/**
 * Every long-running, non-init container whose image links to a Dockerfile of the run, or, without
 * one, to the app it is built from (Jib, buildpacks, ko: see `appImageLink`).
 */
export function linkedContainers(model: ProjectModel): ContainerLink[] {
  return model.memo('cross:containers', () => {
    const linker = imageLinker(model);
    const out: ContainerLink[] = [];
    for (const w of k8sModel(model).workloads) {
      if (!w.longRunning || !w.template) continue;
      for (const c of w.template.containers) {
        if (!c.image) continue;
        const link: ImageSource | undefined = linker.forImage(c.image.value, c.file) ?? appImageLink(model, c.image.value);
        if (!link) continue;
        const runtime = runtimeOf(link.image, c);
        const app = appIn(model, link.context, runtime);
        out.push({ container: c, link, runtime, ...(app ? { app } : {}) });
      }
    }
    return out;
  });
}

/** The container port a probe, or a Service's targetPort, reaches: a number, or a name resolved in the container. */
export function resolvePort(container: Container, port: Field<number | string> | undefined): { port: number; viaName?: Field<number> } | undefined {
  if (!port) return undefined;
  if (typeof port.value === 'number') return { port: port.value };
  const named = container.ports.find((p) => p.name?.value === port.value);
  return named?.containerPort ? { port: named.containerPort.value, viaName: named.containerPort } : undefined;
}

/** A related location pointing at the Dockerfile a link leads to (or at the app's name, for an image built without one). */
export function dockerfileRelated(link: ImageSource): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  if (!link.image) return link.declared ? [{ file: link.declared.file, span: link.declared.span, message: 'Assumed to build the image (the name matches).' }] : [];
  if (link.declared) out.push({ file: link.declared.file, span: link.declared.span, message: `The build is declared here.` });
  const span = link.image.baseSpan ?? { start: 0, end: 0 };
  out.push({ file: link.image.path, span, message: link.how === 'name' || link.how === 'single' ? `Assumed to build the image (${link.how === 'name' ? 'name matches the directory' : 'the only Dockerfile'}).` : 'Builds the image.' });
  return out;
}

export { appIn, appTimeoutOf, listenPortOf, managementPortOf, runtimeOf, type AppTimeout, type LinkedApp, type Located, type Runtime } from './apps.js';
export { imageLinker, parseImageName, type AppBuildLink, type BuildLink, type ImageSource } from './images.js';
export { formatBytes, formatSeconds, k8sMemoryBytes } from './quantity.js';
export { joinUrl, routeServes, underPath } from './routes.js';

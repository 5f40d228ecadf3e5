/**
 * Containers with a memory limit, and the process each starts: every long-running Kubernetes
 * container with `resources.limits.memory` and every compose service with `mem_limit` or
 * `deploy.resources.limits.memory`, joined to the image a Dockerfile of the run builds for it and
 * with the effective environment and argv (`effectiveRuntime`). The heap rules (JVM, Node) compare
 * a heap ceiling found in that runtime with the limit.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { k8sModel } from '../yaml/model.js';
import { runtimeOf, type Runtime } from './apps.js';
import { composeContainers, effectiveRuntime } from './effective.js';
import { imageLinker, type BuildLink } from './images.js';
import { composeMemoryBytes, k8sMemoryBytes } from './quantity.js';

export interface LimitedContainer {
  /** `container "api" of Deployment/api`, `compose service "web"`. */
  label: string;
  runtime: Runtime;
  link: BuildLink | undefined;
  /** The limit in bytes. */
  limit: number;
  /** The limit as written. */
  limitText: string;
  limitFile: string;
  limitSpan: Span;
}

/** Every container of the run with a memory limit, memoised on the model. */
export function limitedContainers(model: ProjectModel): LimitedContainer[] {
  return model.memo('cross:limited-containers', () => {
    const linker = imageLinker(model);
    const out: LimitedContainer[] = [];
    for (const w of k8sModel(model).workloads) {
      if (!w.longRunning || !w.template) continue;
      for (const c of w.template.containers) {
        const limitField = c.resources.limits.memory;
        const limit = limitField ? k8sMemoryBytes(limitField.value) : undefined;
        if (!limitField || !limit) continue;
        const link = c.image ? linker.forImage(c.image.value, c.file) : undefined;
        out.push({ label: c.label, runtime: runtimeOf(link?.image, c), link, limit, limitText: limitField.value, limitFile: c.file, limitSpan: limitField.span });
      }
    }
    for (const s of composeContainers(model)) {
      const limit = s.memoryLimit ? composeMemoryBytes(s.memoryLimit.value) : undefined;
      if (!s.memoryLimit || !limit) continue;
      const link = s.built ? linker.forHost(s.name, s.file) : s.image ? linker.forImage(s.image, s.file) : undefined;
      out.push({ label: s.label, runtime: effectiveRuntime(link?.image, s.overrides), link, limit, limitText: s.memoryLimit.value, limitFile: s.file, limitSpan: s.memoryLimit.span });
    }
    return out;
  });
}

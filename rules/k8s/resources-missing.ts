import { defineRule } from '../../src/core/rule.js';
import { k8sModel, type K8sIndex } from '../../src/parsers/yaml/model.js';
import { serves } from '../../src/parsers/yaml/traffic.js';
import type { Container } from '../../src/parsers/yaml/objects.js';

/** Defaults a LimitRange in the container's namespace supplies for containers. */
function limitRangeDefaults(index: K8sIndex, c: Container): { memoryLimit: boolean; cpuRequest: boolean } {
  const ns = index.namespaceOf(c.owner);
  const out = { memoryLimit: false, cpuRequest: false };
  for (const lr of index.byKind('LimitRange')) {
    if (index.namespaceOf(lr) !== ns) continue;
    const d = lr.category === 'other' ? lr.limitRangeDefaults : undefined;
    if (d?.memoryLimit) out.memoryLimit = true;
    if (d?.cpuRequest) out.cpuRequest = true;
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'k8s/resources-missing',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Set a memory limit and a CPU request on every container.',
    causes: ['oom-kill-503', 'thread-starvation-500'],
    remediation: 'Set resources.limits.memory (the request defaults to it) and resources.requests.cpu from the container\'s measured use; a CPU limit is optional.',
    messages: {
      none:
        '{{container}} of {{owner}} sets no resources: it is scheduled as BestEffort, is the first to be OOM-killed when the node runs short, and can starve its neighbours; the requests those pods were serving fail with 502/503.',
      memoryLimit:
        '{{container}} of {{owner}} has no memory limit: a leak or a spike grows until the node runs out and the kernel OOM-kills pods (this one or its neighbours), cutting their in-flight requests (502/503).',
      cpuRequest:
        '{{container}} of {{owner}} has no CPU request: the scheduler packs it onto busy nodes and it gets almost no CPU under contention, so requests slow down until proxies time out (504) or queues overflow (503).',
    },
  },
  create(ctx) {
    return {
      container(c) {
        if (c.init) return;
        const index = k8sModel(ctx.model);
        // Its messages speak of 503s and slow answers: only for workloads that serve.
        if (!serves(index, c.owner)) return;
        const defaults = limitRangeDefaults(index, c);
        const r = c.resources;
        const data = { container: c.label, owner: c.owner.label };
        const noMemory = !r.limits.memory && !defaults.memoryLimit;
        const noCpu = !r.requests.cpu && !r.limits.cpu && !defaults.cpuRequest;
        if (!r.field || (!r.requestsField && !r.limitsField)) {
          if (noMemory || noCpu) {
            const where = r.field ? r.field.keySpan : c.anchor;
            ctx.report({ span: where, file: c.file, messageId: noMemory && noCpu ? 'none' : noMemory ? 'memoryLimit' : 'cpuRequest', data });
          }
          return;
        }
        if (noMemory) ctx.report({ span: (r.limitsField ?? r.requestsField ?? r.field).keySpan, file: c.file, messageId: 'memoryLimit', data });
        if (noCpu) ctx.report({ span: (r.requestsField ?? r.limitsField ?? r.field).keySpan, file: c.file, messageId: 'cpuRequest', data });
      },
    };
  },
});

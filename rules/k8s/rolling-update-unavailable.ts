import { defineRule } from '../../src/core/rule.js';
import { resolveIntOrPercent } from '../../src/parsers/yaml/facts.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { serves } from '../../src/parsers/yaml/traffic.js';
import { maxOf } from '../../src/core/append.js';

export default defineRule({
  meta: {
    id: 'k8s/rolling-update-unavailable',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep a rolling update\'s maxUnavailable below the replica count.',
    causes: ['rollout-drops-requests-502', 'no-endpoints-503'],
    remediation: 'Lower maxUnavailable (0 with maxSurge: 1 keeps full capacity during a rollout) so that some ready pods always remain.',
    messages: {
      allDown:
        'maxUnavailable {{value}} lets a rollout of {{owner}} stop {{down}} of its {{replicas}} replica(s) at once: while the new pods start, its Service has no ready endpoint and requests fail with 503.',
    },
  },
  create(ctx) {
    return {
      workload(w) {
        const ru = w.rollingUpdate;
        const mu = ru?.maxUnavailable;
        if (!ru || !mu || !serves(k8sModel(ctx.model), w)) return;
        if (w.kind === 'DaemonSet') {
          // The count of nodes is unknown; only "all of them" is certain.
          const all = resolveIntOrPercent(mu.value, 100, false);
          if (typeof mu.value === 'string' && all !== undefined && all >= 100)
            ctx.report({ span: mu.span, file: w.file, messageId: 'allDown', data: { value: mu.value, owner: w.label, down: 'all', replicas: 'node' } });
          return;
        }
        let replicas = w.replicas?.value;
        if (replicas === undefined) {
          if (w.replicasWritten) return;
          const hpas = k8sModel(ctx.model).hpasFor(w);
          replicas = hpas.length ? -maxOf(hpas.map((h) => -(h.minReplicas?.value ?? 1))) : 1;
        }
        if (replicas < 1) return;
        const down = resolveIntOrPercent(mu.value, replicas, false);
        if (down === undefined || down < replicas) return;
        ctx.report({ span: mu.span, file: w.file, messageId: 'allDown', data: { value: mu.value, owner: w.label, down: replicas, replicas } });
      },
    };
  },
});

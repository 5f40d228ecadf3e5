import { defineRule } from '../../src/core/rule.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { serves } from '../../src/parsers/yaml/traffic.js';

export default defineRule({
  meta: {
    id: 'k8s/liveness-probe-missing',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give every long-running container a livenessProbe.',
    causes: ['request-hang-504', 'not-ready-traffic-503'],
    remediation: 'Add a livenessProbe on a cheap endpoint that only checks the process itself (not its database), with a failureThreshold that tolerates short stalls.',
    messages: {
      missing:
        '{{container}} of {{owner}} has no livenessProbe: when the process hangs (deadlock, exhausted thread or connection pool) Kubernetes never restarts it, and requests routed to it time out or fail with 5xx.',
    },
  },
  create(ctx) {
    return {
      container(c) {
        if (c.init || !c.owner.longRunning || c.probes.liveness) return;
        // A worker that answers no request turns no hang into a 5xx.
        if (!serves(k8sModel(ctx.model), c.owner)) return;
        ctx.report({ span: c.anchor, file: c.file, messageId: 'missing', data: { container: c.label, owner: c.owner.label } });
      },
    };
  },
});

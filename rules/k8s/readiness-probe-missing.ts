import { defineRule } from '../../src/core/rule.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { serves } from '../../src/parsers/yaml/traffic.js';

export default defineRule({
  meta: {
    id: 'k8s/readiness-probe-missing',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give every container that serves traffic a readinessProbe.',
    causes: ['not-ready-traffic-503'],
    remediation: 'Add a readinessProbe on the port the Service targets (an HTTP health endpoint that answers only once the app can serve).',
    messages: {
      selected:
        '{{container}} of {{owner}} has no readinessProbe, and {{service}} sends traffic to it: requests reach each new pod before the app listens, and a stuck pod keeps receiving them; they fail with 502/503.',
      missing:
        '{{container}} of {{owner}} declares ports but has no readinessProbe: once a Service routes to it, requests arrive before the app is ready and fail with 502/503.',
    },
  },
  create(ctx) {
    return {
      workload(w) {
        if (!w.longRunning || !w.template || !serves(k8sModel(ctx.model), w)) return;
        const containers = w.template.containers;
        const withPorts = containers.filter((c) => c.ports.length > 0);
        const services = k8sModel(ctx.model).servicesFor(w);
        const service = services[0];
        // Containers that serve: those with ports, or every container when none declares any.
        const serving = service ? (withPorts.length ? withPorts : containers) : withPorts;
        for (const c of serving) {
          if (c.probes.readiness) continue;
          if (service) {
            const sel = service.selectorField;
            ctx.report({
              span: c.anchor,
              file: c.file,
              messageId: 'selected',
              data: { container: c.label, owner: w.label, service: service.label },
              related: sel ? [{ file: service.file, span: sel.keySpan, message: `${service.label} selects this pod here.` }] : [],
            });
          } else {
            ctx.report({ span: c.anchor, file: c.file, messageId: 'missing', severity: 'warning', data: { container: c.label, owner: w.label } });
          }
        }
      },
    };
  },
});

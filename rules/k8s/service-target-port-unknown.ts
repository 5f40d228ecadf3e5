import { defineRule } from '../../src/core/rule.js';
import { declaredPorts } from '../../src/parsers/yaml/facts.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import type { Workload } from '../../src/parsers/yaml/objects.js';

export default defineRule({
  meta: {
    id: 'k8s/service-target-port-unknown',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point a Service targetPort at a port the selected pods declare.',
    causes: ['no-endpoints-503', 'upstream-unavailable-502'],
    remediation: 'Set targetPort to a containerPort name or number of the selected pods (the port the app listens on).',
    messages: {
      unknownName:
        'targetPort "{{port}}" of {{service}} is not a port name of {{owner}} (declared: {{declared}}): the endpoints controller leaves those pods out, and the Service answers 503.',
    },
  },
  create(ctx) {
    return {
      service(s) {
        const selected = k8sModel(ctx.model).selectedBy(s);
        if (!selected.length) return;
        for (const p of s.ports) {
          const target = p.targetPort?.value ?? p.port?.value;
          const where = p.targetPort ?? p.port;
          if (target === undefined || !where) continue;
          // A number is used as is: containers need not declare what they listen on (see the doc).
          if (typeof target !== 'string') continue;
          // Placeholders (`PORT`, `$(PORT)`) are not port names Kubernetes would accept: skip them.
          if (!/^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(target)) continue;
          const provides = (w: Workload) => w.template!.containers.some((c) => c.ports.some((cp) => cp.name?.value === target));
          // One selected workload that serves the port is enough for the Service to have endpoints.
          if (selected.some(provides)) continue;
          const missing: Workload[] = selected;
          const w = missing[0]!;
          const related = missing.map((m) => ({ file: m.file, span: m.template?.containers[0]?.anchor ?? m.kindField.span, message: `${m.label} declares ${declaredPorts(m.template!.containers)}.` }));
          const data = { port: target, service: s.label, owner: w.label, declared: declaredPorts(w.template!.containers) };
          ctx.report({ span: where.span, file: s.file, messageId: 'unknownName', data, related });
        }
      },
    };
  },
});

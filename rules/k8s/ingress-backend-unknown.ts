import { closest } from 'fastest-levenshtein';
import { defineRule } from '../../src/core/rule.js';
import { isTestData } from '../../src/parsers/yaml/units.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import type { Service } from '../../src/parsers/yaml/objects.js';

export default defineRule({
  meta: {
    id: 'k8s/ingress-backend-unknown',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point Ingress backends at a Service and port that exist.',
    causes: ['no-endpoints-503'],
    remediation: 'Use the name of a Service in the Ingress namespace and one of its `port` numbers or port names.',
    messages: {
      missingService:
        '{{ingress}} routes {{route}} to Service "{{name}}", which is not in namespace "{{namespace}}"{{hint}}: the ingress controller has no backend for it and answers 503.',
      unknownPort:
        '{{ingress}} routes {{route}} to port {{port}} of {{service}}, which exposes {{ports}}: the ingress controller has no backend for it and answers 503.',
    },
  },
  create(ctx) {
    return {
      ingress(ing) {
        const index = k8sModel(ctx.model);
        const ns = index.namespaceOf(ing);
        // Judged inside the Ingress's deployment unit, when the unit defines Services (it is complete).
        if (isTestData(ing.file)) return;
        const services = index.servicesIn(ing);
        if (!services.length) return;
        for (const b of ing.backends) {
          const route = b.isDefault ? 'the default backend' : `${b.host ?? '*'}${b.path ?? '/'}`;
          const svc = index.find('Service', ing, b.service.value).find((o) => o.category === 'service') as Service | undefined;
          if (!svc) {
            // Defined elsewhere in the repository: perhaps applied together, perhaps not; its ports say nothing here.
            if (index.findInRepository('Service', ing, b.service.value).some((o) => o.category === 'service')) continue;
            const names = services.flatMap((s) => (s.name ? [s.name] : []));
            const near = names.length ? closest(b.service.value, names) : undefined;
            const hint = near && near !== b.service.value ? ` (did you mean "${near}"?)` : '';
            ctx.report({ span: b.service.span, file: ing.file, messageId: 'missingService', data: { ingress: ing.label, route, name: b.service.value, namespace: ns, hint } });
            continue;
          }
          const port = b.port;
          if (!port) continue;
          const ok = typeof port.value === 'number' ? svc.ports.some((p) => p.port?.value === port.value) : svc.ports.some((p) => p.name?.value === port.value);
          if (ok) continue;
          const ports = svc.ports.map((p) => (p.name ? `${p.name.value}=${p.port?.value ?? '?'}` : String(p.port?.value ?? '?'))).join(', ') || 'no ports';
          ctx.report({
            span: port.span,
            file: ing.file,
            messageId: 'unknownPort',
            data: { ingress: ing.label, route, port: typeof port.value === 'number' ? port.value : `"${port.value}"`, service: svc.label, ports },
            related: [{ file: svc.file, span: svc.nameField?.span ?? svc.kindField.span, message: `${svc.label} is defined here.` }],
          });
        }
      },
    };
  },
});

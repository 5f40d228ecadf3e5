import { defineRule } from '../../src/core/rule.js';
import { isTestData } from '../../src/parsers/yaml/units.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

export default defineRule({
  meta: {
    id: 'k8s/hpa-target-unknown',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point an HPA\'s scaleTargetRef at a workload that exists.',
    causes: ['slow-scale-out-503'],
    remediation: 'Set scaleTargetRef kind and name to the Deployment, StatefulSet or Rollout the HPA should scale (same namespace).',
    messages: {
      missing:
        '{{hpa}} scales {{kind}} "{{name}}", which is not in namespace "{{namespace}}": the autoscaler does nothing, and load spikes meet a fixed replica count that answers 503 when it is overwhelmed.',
      wrongKind:
        '{{hpa}} scales {{kind}} "{{name}}", but "{{name}}" is a {{actual}}: the autoscaler finds no target and does nothing, and load spikes meet a fixed replica count that answers 503 when it is overwhelmed.',
    },
  },
  create(ctx) {
    return {
      hpa(h) {
        const name = h.target?.name;
        const kind = h.target?.kind;
        if (!name || !kind) return;
        const index = k8sModel(ctx.model);
        const ns = index.namespaceOf(h);
        // Judged inside the HPA's deployment unit, and only when that unit runs workloads (it is
        // complete) and nothing in the repository has the name (it may be applied together).
        if (isTestData(h.file)) return;
        const workloads = index.workloadsIn(h);
        if (!workloads.length || index.hpaTargets(h).length || index.hpaTargetsInRepository(h).length) return;
        const other = workloads.find((w) => w.name === name.value);
        if (other) {
          ctx.report({
            span: kind.span,
            file: h.file,
            messageId: 'wrongKind',
            data: { hpa: h.label, kind: kind.value, name: name.value, actual: other.kind },
            related: [{ file: other.file, span: other.kindField.span, message: `${other.label} is defined here.` }],
          });
        } else ctx.report({ span: name.span, file: h.file, messageId: 'missing', data: { hpa: h.label, kind: kind.value, name: name.value, namespace: ns } });
      },
    };
  },
});

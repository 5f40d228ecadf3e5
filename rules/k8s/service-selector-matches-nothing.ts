import { defineRule } from '../../src/core/rule.js';
import { pairOf } from '../../src/parsers/yaml/ast.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import type { Workload } from '../../src/parsers/yaml/objects.js';

function render(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

export default defineRule({
  meta: {
    id: 'k8s/service-selector-matches-nothing',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Make every Service selector match the pod template labels of a workload.',
    causes: ['no-endpoints-503'],
    remediation: 'Copy the labels from the workload\'s spec.template.metadata.labels into the Service selector (every selector label must be on the pod).',
    messages: {
      nothing:
        '{{service}} selects {{selector}}, but no pod template in namespace "{{namespace}}" carries these labels{{closest}}: the Service has no endpoints and every request to it fails with 503.',
    },
  },
  create(ctx) {
    return {
      service(s) {
        if (!s.selector || !Object.keys(s.selector).length || !s.selectorField) return;
        const index = k8sModel(ctx.model);
        const ns = index.namespaceOf(s);
        const workloads = index.workloadsIn(ns).filter((w) => w.template);
        if (!workloads.length || index.selectedBy(s).length) return;
        // The workload that shares most of the selector, to point at the label that differs.
        let best: Workload | undefined;
        let bestScore = 0;
        for (const w of workloads) {
          const score = Object.entries(s.selector).filter(([k, v]) => w.template!.labels[k] === v).length + Object.keys(s.selector).filter((k) => k in w.template!.labels).length / 100;
          if (score > bestScore) {
            best = w;
            bestScore = score;
          }
        }
        let span = s.selectorField.keySpan;
        let closest = '';
        const related = [];
        if (best?.template) {
          const labels = best.template.labels;
          const wrong = Object.keys(s.selector).find((k) => labels[k] !== s.selector![k]);
          const p = wrong !== undefined ? pairOf(s.selectorField.value, wrong) : undefined;
          if (p && !p.merged) span = p.span;
          const shown = Object.fromEntries(Object.keys(s.selector).filter((k) => k in labels).map((k) => [k, labels[k]!]));
          closest = Object.keys(shown).length ? ` (closest: ${best.label} with ${render(shown)})` : ` (closest: ${best.label} with ${render(labels) || 'no labels'})`;
          const loc = best.template.labelsNode;
          if (loc) related.push({ file: best.file, span: loc.span, message: `The pod labels of ${best.label}.` });
        }
        ctx.report({ span, file: s.file, messageId: 'nothing', data: { service: s.label, selector: render(s.selector), namespace: ns, closest }, related });
      },
    };
  },
});

import { distance } from 'fastest-levenshtein';
import { defineRule } from '../../src/core/rule.js';
import { isTestData } from '../../src/parsers/yaml/units.js';
import { k8sModel, selectorMatches } from '../../src/parsers/yaml/model.js';
import type { K8sObject, Workload } from '../../src/parsers/yaml/objects.js';

/** Whether some `labels` map inside a custom resource (a pod template of a JobSet, LeaderWorkerSet…) contains the selector. */
function nestedLabelsMatch(o: K8sObject, selector: Record<string, string>): boolean {
  return (o.nestedLabels ?? []).some((labels) => selectorMatches(selector, labels));
}

/**
 * Pods an operator or a custom controller creates from a custom resource: the resource carries the
 * labels in a nested template, or the selector names the resource (`cnpg.io/cluster: <name>`).
 */
function podsFromCustomResource(custom: readonly K8sObject[], selector: Record<string, string>): boolean {
  const values = new Set(Object.values(selector));
  return custom.some((o) => (o.name !== undefined && values.has(o.name)) || nestedLabelsMatch(o, selector));
}

/** How close a workload's pod labels are to a selector: 1 per equal label, under 0.51 per label a typo away. */
function closeness(selector: Record<string, string>, labels: Record<string, string>): number {
  let score = 0;
  for (const [k, v] of Object.entries(selector)) {
    const have = labels[k];
    if (have === undefined) continue;
    score += have === v ? 1 : 0.5 * (1 - distance(have, v) / Math.max(have.length, v.length, 1)) + 0.01;
  }
  return score;
}

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
        // Judged inside the Service's deployment unit, when the unit runs workloads (it is complete)
        // and no workload of the repository carries the labels (it may be applied together).
        if (isTestData(s.file)) return;
        if (index.selectedBy(s).length || index.selectedByInRepository(s).length) return;
        const workloads = index.workloadsIn(s).filter((w) => w.template);
        if (!workloads.length) return;
        if (podsFromCustomResource(index.customIn(s), s.selector)) return;
        // The workload that shares most of the selector, to point at the label that differs: exact
        // label matches first, then labels that are only a typo away. The first best in file order wins.
        const selector = s.selector;
        const pick = (candidates: readonly Workload[]) => {
          let best: Workload | undefined;
          let bestScore = 0;
          for (const w of candidates) {
            const score = closeness(selector, w.template!.labels);
            if (score > bestScore) {
              best = w;
              bestScore = score;
            }
          }
          return { best, bestScore };
        };
        // Workloads sharing a label with the selector come from the index. A workload sharing none
        // scores under 0.51 per label, so when a sharing one reaches that, no other can win or tie,
        // and the namespace (every workload of a monorepo's `default`) need not be scanned.
        const sharing = new Set(Object.entries(selector).flatMap(([k, v]) => index.workloadsWithLabel(s, k, v)));
        const fromIndex = pick(workloads.filter((w) => sharing.has(w)));
        const best = fromIndex.bestScore >= 0.51 * Object.keys(selector).length ? fromIndex.best : pick(workloads).best;
        let span = s.selectorField.keySpan;
        let closest = '';
        const related = [];
        if (best?.template) {
          const labels = best.template.labels;
          const wrong = Object.keys(s.selector).find((k) => labels[k] !== s.selector![k]);
          const pairSpan = wrong !== undefined && Object.hasOwn(s.selectorSpans, wrong) ? s.selectorSpans[wrong] : undefined;
          if (pairSpan) span = pairSpan;
          const shown = Object.fromEntries(Object.keys(s.selector).filter((k) => k in labels).map((k) => [k, labels[k]!]));
          closest = Object.keys(shown).length ? ` (closest: ${best.label} with ${render(shown)})` : ` (closest: ${best.label} with ${render(labels) || 'no labels'})`;
          const loc = best.template.labelsSpan;
          if (loc) related.push({ file: best.file, span: loc, message: `The pod labels of ${best.label}.` });
        }
        ctx.report({ span, file: s.file, messageId: 'nothing', data: { service: s.label, selector: render(s.selector), namespace: ns, closest }, related });
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { datastoreOf, serves } from '../../src/parsers/yaml/traffic.js';

const KINDS = new Set(['Deployment', 'StatefulSet', 'Rollout', 'DeploymentConfig']);

export default defineRule({
  meta: {
    id: 'k8s/replicas-single',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Run at least two replicas of a Deployment, StatefulSet or Rollout (directly or through an HPA).',
    causes: ['rollout-drops-requests-502', 'no-endpoints-503'],
    remediation: 'Set replicas: 2 or more, or target the workload with an HPA whose minReplicas is at least 2.',
    messages: {
      single:
        '{{owner}} runs a single replica (replicas: 1) and no HPA keeps two or more: every rollout, node drain or crash leaves its Service with no ready endpoint, and requests fail with 503.',
      unset:
        '{{owner}} sets no replicas, so Kubernetes runs one, and no HPA keeps two or more: every rollout, node drain or crash leaves its Service with no ready endpoint, and requests fail with 503.',
      hpaMin:
        '{{hpa}} lets {{owner}} scale down to {{min}} replica: at the minimum, every rollout, node drain or crash leaves its Service with no ready endpoint, and requests fail with 503.',
    },
  },
  create(ctx) {
    return {
      workload(w) {
        if (!KINDS.has(w.kind) || !w.template) return;
        const index = k8sModel(ctx.model);
        if (index.hpasFor(w).length || !serves(index, w)) return;
        // A plain datastore is one instance by design (a second replica of a postgres is a second
        // database, not a standby); `Recreate` says the pods may not run side by side.
        if (w.template.containers.some((c) => datastoreOf(c)) || (w.kind === 'Deployment' && !w.rollingUpdate)) return;
        const replicas = w.replicas?.value;
        if (replicas === undefined) {
          if (w.replicasWritten) return;
          const where = w.nameField?.span ?? w.kindField.span;
          ctx.report({ span: where, file: w.file, messageId: 'unset', data: { owner: w.label } });
        } else if (replicas === 1) {
          ctx.report({ span: w.replicas!.span, file: w.file, messageId: 'single', data: { owner: w.label } });
        }
      },
      hpa(h) {
        const min = h.minReplicas?.value ?? 1;
        if (min >= 2) return;
        const index = k8sModel(ctx.model);
        for (const w of index.hpaTargets(h)) {
          // A queue worker scaled on its backlog (an external metric) answers no request.
          if (!KINDS.has(w.kind) || !serves(index, w)) continue;
          const where = h.minReplicas?.span ?? h.target?.name?.span ?? h.kindField.span;
          ctx.report({
            span: where,
            file: h.file,
            messageId: 'hpaMin',
            data: { hpa: h.label, owner: w.label, min },
            related: [{ file: w.file, span: w.nameField?.span ?? w.kindField.span, message: `${w.label} is scaled by this HPA.` }],
          });
        }
      },
    };
  },
});

import { defineRule, type RelatedLocation } from '../../src/core/rule.js';
import { DEFAULT_GRACE_SECONDS, preStopSeconds } from '../../src/parsers/cross/shutdown.js';

export default defineRule({
  meta: {
    id: 'k8s/prestop-exceeds-grace-period',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep the preStop hook shorter than terminationGracePeriodSeconds.',
    causes: ['rollout-drops-requests-502'],
    remediation:
      'Raise terminationGracePeriodSeconds to the preStop sleep plus the time the app needs to drain (e.g. sleep 10 and terminationGracePeriodSeconds: 45), or shorten the sleep.',
    messages: {
      exceeds:
        'The preStop hook of {{container}} takes at least {{sleep}} s, not less than the pod\'s terminationGracePeriodSeconds of {{grace}} s{{defaulted}}: the grace period counts down while the hook runs, so the app gets SIGTERM only when the time is up, at most 2 s before SIGKILL, and the requests it is serving are cut (502).',
    },
  },
  create(ctx) {
    return {
      container(c) {
        if (c.init || !c.owner.longRunning || !c.owner.template) return;
        const hook = preStopSeconds(c, (f) => ctx.model.text(f));
        if (!hook) return;
        const graceField = c.owner.template.terminationGracePeriodSeconds;
        const grace = graceField?.value ?? DEFAULT_GRACE_SECONDS;
        if (hook.seconds < grace) return;
        const related: RelatedLocation[] = graceField ? [{ file: c.file, span: graceField.span, message: 'The pod\'s grace period.' }] : [];
        ctx.report({
          file: c.file,
          span: hook.span,
          messageId: 'exceeds',
          data: { container: c.label, sleep: hook.seconds, grace, defaulted: graceField ? '' : ' (the default)' },
          related,
        });
      },
    };
  },
});

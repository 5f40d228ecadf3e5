import { defineRule } from '../../src/core/rule.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { serves } from '../../src/parsers/yaml/traffic.js';
import { SLOW_START_IMAGES, slowStartEvidence } from '../../src/parsers/yaml/facts.js';

export default defineRule({
  meta: {
    id: 'k8s/liveness-probe-kills-slow-start',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give slow-starting (JVM) containers a startupProbe or a liveness budget longer than their start.',
    causes: ['crash-loop-503'],
    remediation: 'Add a startupProbe (for example failureThreshold: 30, periodSeconds: 5) so the livenessProbe only starts once the app is up, or raise initialDelaySeconds above the slowest start.',
    messages: {
      short:
        '{{container}} of {{owner}} looks slow to start ({{evidence}}), but its livenessProbe gives it only {{budget}} s (initialDelaySeconds {{delay}} + failureThreshold {{failures}} × periodSeconds {{period}}) and there is no startupProbe: a start that takes longer is killed and restarted in a loop, and the Service has no endpoints (503).',
    },
    options: {
      budgetSeconds: {
        type: 'number',
        default: 30,
        minimum: 0,
        description: 'A liveness budget (initialDelaySeconds + failureThreshold × periodSeconds) of this many seconds or less is too short for a slow-starting container.',
      },
      slowImages: {
        type: 'string[]',
        default: SLOW_START_IMAGES,
        description: 'Words in an image name (split at `/`, `-`, `_`, `.`) that mark a slow-starting server.',
      },
      additionalSlowImages: {
        type: 'string[]',
        default: [],
        description: 'More image words, added to `slowImages` (your own JVM services).',
      },
    },
  },
  create(ctx, options) {
    const words = [...options.slowImages, ...options.additionalSlowImages];
    return {
      container(c) {
        const live = c.probes.liveness;
        if (c.init || !live || c.probes.startup || !c.owner.longRunning || !serves(k8sModel(ctx.model), c.owner)) return;
        const t = live.timing;
        const budget = t.initialDelaySeconds + t.failureThreshold * t.periodSeconds;
        if (budget > options.budgetSeconds) return;
        const evidence = slowStartEvidence(c, words);
        if (!evidence) return;
        ctx.report({
          span: live.keySpan,
          file: c.file,
          messageId: 'short',
          data: { container: c.label, owner: c.owner.label, evidence, budget, delay: t.initialDelaySeconds, failures: t.failureThreshold, period: t.periodSeconds },
        });
      },
    };
  },
});

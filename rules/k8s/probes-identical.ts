import { defineRule } from '../../src/core/rule.js';
import { canonical } from '../../src/parsers/yaml/ast.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import type { Probe } from '../../src/parsers/yaml/objects.js';
import { serves } from '../../src/parsers/yaml/traffic.js';

/** A probe as Kubernetes runs it: the handler plus the timing with defaults applied. */
function effective(p: Probe): string | undefined {
  if (!p.handler) return undefined;
  const handler = p.handlerValue;
  if (handler === undefined) return undefined;
  return canonical({ [p.handler]: handler, ...p.timing });
}

export default defineRule({
  meta: {
    id: 'k8s/probes-identical',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not make the liveness probe identical to the readiness probe.',
    causes: ['crash-loop-503'],
    remediation: 'Point the livenessProbe at a cheaper check of the process itself (or give it a much larger failureThreshold) so that a slow dependency takes pods out of rotation instead of restarting them.',
    messages: {
      identical:
        'The livenessProbe of {{container}} in {{owner}} is identical to its readinessProbe: when a dependency slows down, every pod fails both at once and is restarted instead of just taken out of rotation, and the Service is left with no endpoints (503).',
    },
  },
  create(ctx) {
    return {
      container(c) {
        const { liveness, readiness } = c.probes;
        if (!liveness || !readiness) return;
        const a = effective(liveness);
        if (a === undefined || a !== effective(readiness)) return;
        // A TCP connect is answered by the kernel's listen queue even while the app is saturated,
        // so an identical TCP liveness check does not restart a busy pod (a datastore's usual probe).
        if (liveness.handler === 'tcpSocket') return;
        if (!serves(k8sModel(ctx.model), c.owner)) return;
        ctx.report({
          span: liveness.keySpan,
          file: c.file,
          messageId: 'identical',
          data: { container: c.label, owner: c.owner.label },
          related: [{ file: c.file, span: readiness.keySpan, message: 'The readinessProbe it repeats.' }],
        });
      },
    };
  },
});

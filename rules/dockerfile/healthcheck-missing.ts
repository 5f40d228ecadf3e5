import { defineRule } from '../../src/core/rule.js';
import { isBaseImageBuild } from '../../src/parsers/dockerfile/facts.js';
import { stageServes } from '../../src/parsers/dockerfile/serving.js';

export default defineRule({
  meta: {
    id: 'dockerfile/healthcheck-missing',
    kind: 'dockerfile',
    severity: 'info',
    recommended: false,
    status: 'stable',
    since: '0.1.0',
    description: 'Declare a HEALTHCHECK in the final stage when the image runs outside Kubernetes.',
    causes: ['not-ready-traffic-503'],
    remediation: 'Add `HEALTHCHECK CMD curl -fsS http://localhost:<port>/healthz || exit 1` (or `HEALTHCHECK NONE` to say it is deliberate).',
    messages: {
      missing: 'The final stage has no HEALTHCHECK: Docker, Compose and Swarm treat a hung or not-yet-ready container as healthy and keep sending it traffic (503).',
    },
  },
  create(ctx) {
    return {
      dockerfile(root) {
        const final = root.finalStage;
        if (!final || final.healthcheck || isBaseImageBuild(root)) return;
        // Nothing sends traffic to a CI test image, a one-shot tool or a Wasm module.
        if (stageServes(root, final, ctx.file.path).serves === 'no') return;
        ctx.report({ span: final.from.span, messageId: 'missing' });
      },
    };
  },
});

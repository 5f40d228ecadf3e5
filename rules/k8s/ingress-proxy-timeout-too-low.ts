import { defineRule } from '../../src/core/rule.js';
import { annotationDirectives } from '../../src/parsers/nginx/ingress-annotations.js';
import { formatSeconds, proxyTimeoutTooLow } from '../../src/parsers/nginx/values.js';

export default defineRule({
  meta: {
    id: 'k8s/ingress-proxy-timeout-too-low',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep the ingress-nginx proxy timeout annotations above a few seconds.',
    causes: ['upstream-timeout-504'],
    remediation: 'Raise the annotation above the slowest expected answer of the backend (ingress-nginx defaults to 60 s for read/send and 5 s for connect), or drop it to keep the default.',
    messages: {
      low: '{{annotation}}: "{{raw}}" makes ingress-nginx write {{directive}} {{value}}, below {{min}}s: a backend that is slower than that for a moment (a GC pause, a cold cache, a slow query) gets cut off and the client gets a 504.',
    },
    options: {
      minSeconds: { type: 'number', default: 5, minimum: 0, description: 'Smallest timeout accepted, in seconds (the same check as nginx/proxy-timeout-too-low).' },
    },
  },
  create(ctx, options) {
    return {
      object(o) {
        if (o.kind !== 'Ingress') return;
        for (const d of annotationDirectives(o.annotations, o.annotationSpans)) {
          const seconds = proxyTimeoutTooLow(d.directive, d.value, options.minSeconds);
          if (seconds === undefined) continue;
          const inSeconds = formatSeconds(seconds);
          const value = d.value === inSeconds ? d.value : `${d.value} (${inSeconds})`;
          ctx.report({ file: o.file, span: d.span, messageId: 'low', data: { annotation: d.annotation, raw: d.raw, directive: d.directive, value, min: options.minSeconds } });
        }
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { formatSeconds, proxyTimeoutTooLow } from '../../src/parsers/nginx/values.js';

export default defineRule({
  meta: {
    id: 'nginx/proxy-timeout-too-low',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep upstream timeouts above a few seconds.',
    causes: ['upstream-timeout-504'],
    remediation: 'Raise the timeout above the slowest expected upstream answer (nginx defaults to 60s), and make slow endpoints faster or asynchronous instead.',
    messages: {
      low: '{{directive}} is {{value}}, below {{min}}s: an upstream that is slower than that for a moment (a GC pause, a cold cache, a slow query) gets cut off and the client gets a 504.',
    },
    options: {
      minSeconds: { type: 'number', default: 5, minimum: 0, description: 'Smallest timeout accepted, in seconds.' },
    },
  },
  create(ctx, options) {
    return {
      directive(node) {
        const arg = node.args[0];
        if (!arg) return;
        const seconds = proxyTimeoutTooLow(node.name, arg.value, options.minSeconds);
        if (seconds === undefined) return;
        // `1500ms (1.5s)`, but `3s` once: the value in seconds only when it is written otherwise.
        const inSeconds = formatSeconds(seconds);
        const value = arg.value === inSeconds ? arg.value : `${arg.value} (${inSeconds})`;
        ctx.report({ node: arg, messageId: 'low', data: { directive: node.name, value, min: options.minSeconds } });
      },
    };
  },
});

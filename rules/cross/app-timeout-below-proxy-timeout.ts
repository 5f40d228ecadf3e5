import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import { appendAll } from '../../src/core/append.js';
import type { WorkerLimit } from '../../src/parsers/cross/apps.js';
import { NGINX_READ_TIMEOUT, timeoutChains, type TimeoutChain } from '../../src/parsers/cross/chain.js';
import { dockerfileRelated, formatSeconds } from '../../src/parsers/cross/index.js';
import type { TargetTimeout } from '../../src/parsers/cross/targets.js';

interface Finding {
  chain: TimeoutChain;
  target: TargetTimeout & { limit: WorkerLimit };
}

export default defineRule({
  meta: {
    id: 'cross/app-timeout-below-proxy-timeout',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Let the app server run a request as long as the proxy in front was told to wait for it.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Raise the app server\'s worker timeout (gunicorn --timeout / timeout =, uWSGI --harakiri) above the proxy timeout that was raised for the slow route, or move the slow work out of the request.',
    options: {
      factor: { type: 'number', default: 2, description: 'Report when the proxy waits at least this many times longer than the app server lets a worker run.' },
    },
    messages: {
      killed:
        '{{setting}} is {{limit}}: the worker serving a request is killed after {{limit}}, but {{proxySetting}} was raised to {{proxy}} for {{target}}: requests slower than {{limit}} get 502 when the worker is killed, long before the proxy would give up.',
      killedDefault:
        'gunicorn kills a sync worker after its default timeout of 30 s (no --timeout, no timeout in a config file), but {{proxySetting}} was raised to {{proxy}} for {{target}}: requests slower than 30 s get 502 when the worker is killed, long before the proxy would give up.',
    },
  },
  create(ctx, options) {
    const factor = Math.max(1, options.factor);
    return {
      project(model) {
        const findings = new Map<string, Finding>();
        for (const c of timeoutChains(model)) {
          // Raised on purpose: written, and above the proxy's default.
          if (!c.proxy.written || c.proxy.seconds <= NGINX_READ_TIMEOUT) continue;
          // An app allowed longer than the proxy is the other rule's finding (proxy-timeout-shorter-than-app).
          if (c.behind.some((b) => b.timeout && b.timeout.seconds > c.proxy.seconds)) continue;
          for (const b of c.behind) {
            const limit = b.limit;
            if (!limit || limit.seconds * factor > c.proxy.seconds) continue;
            const key = `${limit.file}:${limit.span.start}`;
            const prev = findings.get(key);
            if (!prev || prev.chain.proxy.seconds < c.proxy.seconds) findings.set(key, { chain: c, target: { ...b, limit } });
          }
        }
        for (const { chain, target } of findings.values()) {
          const l = target.limit;
          const related: RelatedLocation[] = [{ file: chain.proxy.file, span: chain.proxy.span, message: `${chain.proxy.setting} ${formatSeconds(chain.proxy.seconds)} for ${chain.target}.` }];
          if (target.link) appendAll(related, dockerfileRelated(target.link));
          ctx.report({
            file: l.file,
            span: l.span,
            messageId: l.defaulted ? 'killedDefault' : 'killed',
            data: {
              setting: l.setting,
              limit: formatSeconds(l.seconds),
              proxySetting: chain.kind === 'ingress-nginx' ? 'the ingress-nginx proxy-read-timeout' : 'nginx proxy_read_timeout',
              proxy: formatSeconds(chain.proxy.seconds),
              target: chain.target,
            },
            related,
          });
        }
      },
    };
  },
});

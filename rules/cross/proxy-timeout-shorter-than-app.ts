import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { dockerfileRelated, formatSeconds } from '../../src/parsers/cross/index.js';
import type { AppTimeout } from '../../src/parsers/cross/apps.js';
import { timeoutChains } from '../../src/parsers/cross/chain.js';
import type { TargetTimeout } from '../../src/parsers/cross/targets.js';
import { appendAll } from '../../src/core/append.js';

type Worst = TargetTimeout & { timeout: AppTimeout };

interface Finding {
  file: string;
  span: Span;
  messageId: 'nginx' | 'nginxDefault' | 'ingress';
  proxy: number;
  worst: Worst;
  target: string;
}

export default defineRule({
  meta: {
    id: 'cross/proxy-timeout-shorter-than-app',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Let the proxy wait at least as long as the app behind it is allowed to work on a request.',
    causes: ['upstream-timeout-504'],
    remediation: 'Raise proxy_read_timeout (or the ingress-nginx proxy-read-timeout annotation) above the app\'s own timeout, or lower the app\'s timeout to what the proxy allows.',
    messages: {
      nginx:
        'proxy_read_timeout is {{proxy}} for {{target}}, but the app behind it allows {{app}} ({{setting}} in {{appFile}}{{link}}): requests slower than {{proxy}} get 504 from nginx while the app is still working on them.',
      nginxDefault:
        'nginx waits its default proxy_read_timeout of 60 s for {{target}}, but the app behind it allows {{app}} ({{setting}} in {{appFile}}{{link}}): requests slower than 60 s get 504 from nginx while the app is still working on them.',
      ingress:
        'The ingress-nginx proxy-read-timeout is {{proxy}} for {{target}}, but the app behind it allows {{app}} ({{setting}} in {{appFile}}{{link}}): requests slower than {{proxy}} get 504 from the ingress while the app is still working on them.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const findings = new Map<string, Finding>();
        for (const c of timeoutChains(model)) {
          // The app allowed the longest time decides: slower requests get 504 from this hop.
          const worst = c.behind.reduce<Worst | undefined>((w, b) => (b.timeout && (!w || b.timeout.seconds > w.timeout.seconds) ? { ...b, timeout: b.timeout } : w), undefined);
          if (!worst || worst.timeout.seconds <= c.proxy.seconds) continue;
          const f: Finding = { file: c.proxy.file, span: c.proxy.span, messageId: c.kind === 'ingress-nginx' ? 'ingress' : c.proxy.written ? 'nginx' : 'nginxDefault', proxy: c.proxy.seconds, worst, target: c.target };
          const key = `${f.file}:${f.span.start}`;
          const prev = findings.get(key);
          if (!prev || prev.worst.timeout.seconds < f.worst.timeout.seconds) findings.set(key, f);
        }

        for (const f of findings.values()) {
          const t = f.worst.timeout;
          const related: RelatedLocation[] = [{ file: t.file, span: t.span, message: `The app allows ${formatSeconds(t.seconds)} here (${t.setting}).` }];
          if (f.worst.link) appendAll(related, dockerfileRelated(f.worst.link));
          ctx.report({
            file: f.file,
            span: f.span,
            messageId: f.messageId,
            data: {
              proxy: formatSeconds(f.proxy),
              target: f.target,
              app: formatSeconds(t.seconds),
              setting: `${t.setting} ${t.raw}`,
              appFile: t.file,
              link: f.worst.link ? `; ${f.worst.link.assumption}` : f.worst.via.includes('assumed') ? `; ${f.worst.via}` : '',
            },
            related,
          });
        }
      },
    };
  },
});

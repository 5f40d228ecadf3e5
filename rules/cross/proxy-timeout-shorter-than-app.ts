import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { dockerfileRelated, formatSeconds } from '../../src/parsers/cross/index.js';
import { passAddresses } from '../../src/parsers/cross/services.js';
import { hostTimeouts, serviceTimeouts, type TargetTimeout } from '../../src/parsers/cross/targets.js';
import { nginxModel } from '../../src/parsers/nginx/model.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';
import { appendAll } from '../../src/core/append.js';

const ANNOTATION = 'nginx.ingress.kubernetes.io/proxy-read-timeout';

interface Finding {
  file: string;
  span: Span;
  messageId: 'nginx' | 'nginxDefault' | 'ingress';
  proxy: number;
  worst: TargetTimeout;
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
        const index = k8sModel(model);
        const findings = new Map<string, Finding>();
        const add = (f: Finding) => {
          const key = `${f.file}:${f.span.start}`;
          const prev = findings.get(key);
          if (!prev || prev.worst.timeout.seconds < f.worst.timeout.seconds) findings.set(key, f);
        };
        const worstOf = (ts: TargetTimeout[]) => ts.reduce<TargetTimeout | undefined>((w, t) => (!w || t.timeout.seconds > w.timeout.seconds ? t : w), undefined);

        const nginx = nginxModel(model);
        // The first read timeout of each location, looked up once per proxy_pass (not a scan each).
        const timeoutOf = new Map<string, (typeof nginx.readTimeouts)[number]>();
        for (const r of nginx.readTimeouts) if (!timeoutOf.has(r.location.id)) timeoutOf.set(r.location.id, r);
        for (const a of passAddresses(model)) {
          const p = a.pass;
          if (p.directive !== 'proxy_pass' || !p.location) continue;
          const t = timeoutOf.get(p.location.id);
          if (!t) continue;
          const worst = worstOf(hostTimeouts(model, index, a.host, a.port, a.file));
          if (!worst || worst.timeout.seconds <= t.seconds) continue;
          const target = `${p.value}${p.location.args.length ? ` (location ${p.location.args.join(' ')})` : ''}`;
          if (t.written) add({ file: t.file, span: t.span, messageId: 'nginx', proxy: t.seconds, worst, target });
          else add({ file: p.file, span: p.span, messageId: 'nginxDefault', proxy: 60, worst, target });
        }

        for (const ing of index.ingresses) {
          const raw = ing.annotations[ANNOTATION];
          if (raw === undefined || !/^\s*\d+\s*$/.test(raw)) continue;
          const seconds = Number(raw);
          const where = ing.annotationSpans[ANNOTATION];
          if (!where) continue;
          for (const b of ing.backends) {
            const services = index.find('Service', ing, b.service.value);
            for (const s of services) {
              if (s.category !== 'service') continue;
              const worst = worstOf(serviceTimeouts(model, index, s, b.port?.value));
              if (!worst || worst.timeout.seconds <= seconds) continue;
              add({ file: ing.file, span: where, messageId: 'ingress', proxy: seconds, worst, target: `${ing.label} → Service "${b.service.value}"${b.path ? ` (path ${b.path})` : ''}` });
            }
          }
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

import { defineRule } from '../../src/core/rule.js';
import { appKeepAlive, keepAliveLinks, type AppKeepAlive, type KeepAliveLink } from '../../src/parsers/cross/chain.js';
import { formatSeconds } from '../../src/parsers/cross/index.js';

const DEFAULT_NOTE = {
  alb: 'No idle_timeout.timeout_seconds attribute: the ALB keeps idle connections 60 s.',
  elb: 'No aws-load-balancer-connection-idle-timeout annotation: the load balancer keeps idle connections 60 s.',
  'nginx-upstream': 'keepalive without keepalive_timeout: nginx keeps idle upstream connections 60 s.',
  traefik: 'No --serverstransport.forwardingtimeouts.idleconntimeout: Traefik keeps idle backend connections 90 s.',
} as const;

export default defineRule({
  meta: {
    id: 'cross/keepalive-shorter-than-balancer',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep idle connections in the app server open longer than the load balancer or proxy in front keeps them for reuse.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Raise the app server\'s idle keep-alive above the balancer\'s idle timeout (Node: server.keepAliveTimeout = 65000 and headersTimeout a little above it; gunicorn --keep-alive; uvicorn --timeout-keep-alive), or lower the balancer\'s idle timeout below the app\'s.',
    messages: {
      race:
        '{{app}} closes idle connections after {{appSeconds}} ({{how}}), but {{pooler}} keeps idle connections to it for reuse up to {{poolSeconds}} ({{poolHow}}): a request sent on a connection the app is closing at that moment fails with 502.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        // One finding per app setting: the pooler that keeps connections longest.
        const worst = new Map<string, { link: KeepAliveLink; app: AppKeepAlive }>();
        for (const link of keepAliveLinks(model)) {
          const app = appKeepAlive(model, link.run);
          if (!app || app.seconds > link.pooler.seconds) continue;
          const key = `${app.file}:${app.span.start}`;
          const prev = worst.get(key);
          if (!prev || prev.link.pooler.seconds < link.pooler.seconds) worst.set(key, { link, app });
        }
        for (const { link, app } of worst.values()) {
          const p = link.pooler;
          const poolHow = p.written ? `${p.setting} on ${p.label}` : p.kind === 'alb' || p.kind === 'elb' ? `the default idle timeout for ${p.label}` : p.kind === 'traefik' ? `Traefik's default idleConnTimeout toward backends` : `nginx's default keepalive_timeout for ${p.label}`;
          ctx.report({
            file: app.file,
            span: app.span,
            messageId: 'race',
            data: {
              app: link.run.label,
              appSeconds: formatSeconds(app.seconds),
              how: app.written ? app.setting : `the default ${app.setting}`,
              pooler: p.kind === 'alb' ? 'the AWS Application Load Balancer' : p.kind === 'elb' ? `the AWS Classic Load Balancer of ${p.label}` : p.kind === 'traefik' ? p.label : 'nginx',
              poolSeconds: formatSeconds(p.seconds),
              poolHow,
            },
            related: [{ file: p.file, span: p.span, message: p.written ? `${p.setting} ${formatSeconds(p.seconds)}.` : DEFAULT_NOTE[p.kind] }],
          });
        }
      },
    };
  },
});

import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import { fastcgiLinks } from '../../src/parsers/cross/compose-nginx.js';

export default defineRule({
  meta: {
    id: 'cross/fastcgi-pass-pool-mismatch',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Point fastcgi_pass at the socket or port a PHP-FPM pool listens on.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Make nginx\'s `fastcgi_pass` and the pool\'s `listen` name the same Unix socket path or the same port, and bind the pool to every interface (`listen = 9000`) when nginx runs in another container.',
    messages: {
      mismatch:
        'nginx\'s fastcgi_pass connects to "{{address}}", but the PHP-FPM pools of {{target}} listen on {{listens}}: nothing accepts the connection ("connect() failed … while connecting to upstream"), so every PHP request gets 502.',
      loopbackPool:
        'nginx in {{from}} connects to "{{address}}", but the PHP-FPM pool of {{target}} listens on {{listens}}, a loopback address only its own container can reach: the connection is refused and every PHP request gets 502.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const reported = new Set<string>();
        for (const l of fastcgiLinks(model)) {
          if (l.matching.length) continue;
          const a = l.address;
          const key = `${a.file}:${a.span.start}`;
          if (reported.has(key)) continue;
          // The official php-fpm image's zz-docker.conf makes [www] listen on 9000, whatever www.conf says.
          if (l.officialFpm && l.pools.some((p) => p.pool.name === 'www') && !a.host.startsWith('unix:') && a.port === 9000) continue;
          reported.add(key);
          const listens = l.pools.map((p) => `${p.pool.listen!.value} ([${p.pool.name}])`).join(', ');
          const related: RelatedLocation[] = l.pools.slice(0, 3).map((p) => ({ file: p.pool.listen!.file, span: p.pool.listen!.span, message: `Pool [${p.pool.name}] listens on ${p.pool.listen!.value}.` }));
          const address = model.text(a.file)?.slice(a.span.start, a.span.end) ?? a.host;
          const samePort = !a.host.startsWith('unix:') && l.pools.some((p) => p.pool.listen!.address.kind === 'tcp' && p.pool.listen!.address.port === a.port);
          ctx.report({ file: a.file, span: a.span, messageId: samePort && l.to !== l.from ? 'loopbackPool' : 'mismatch', data: { address, target: l.to.label, from: l.from.label, listens }, related });
        }
      },
    };
  },
});

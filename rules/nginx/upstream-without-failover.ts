import { defineRule } from '../../src/core/rule.js';
import { childrenNamed } from '../../src/parsers/nginx/ast.js';

export default defineRule({
  meta: {
    id: 'nginx/upstream-without-failover',
    kind: 'nginx',
    severity: 'info',
    recommended: false,
    status: 'stable',
    since: '0.1.0',
    description: 'Give each `upstream` a second server or a `backup`, and keep failure accounting on.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Add a second `server` (or one marked `backup`) to the upstream, and drop `max_fails=0` so nginx can take a failing server out of rotation.',
    messages: {
      single: 'upstream "{{name}}" has a single server ({{server}}) and no backup: every restart, crash or overload of that one host is a 502 for all requests through it.',
      maxFailsZero: 'server {{server}} in upstream "{{name}}" has max_fails=0: nginx never marks it down, so while it fails every request sent to it is a 502 instead of going to another server.',
    },
  },
  create(ctx) {
    return {
      upstream(node) {
        const name = node.args[0]?.value ?? '';
        const servers = childrenNamed(node, 'server').filter((s) => !s.block && s.args[0]);
        const active = servers.filter((s) => !s.args.some((a) => a.value === 'down'));
        if (servers.length === 1 && !servers[0]!.args.some((a) => a.value === 'backup'))
          ctx.report({ node, span: node.head, messageId: 'single', data: { name, server: servers[0]!.args[0]!.value } });
        if (active.length > 1)
          for (const s of active) {
            const mf = s.args.find((a) => a.value === 'max_fails=0');
            if (mf) ctx.report({ node: mf, messageId: 'maxFailsZero', data: { name, server: s.args[0]!.value } });
          }
      },
    };
  },
});

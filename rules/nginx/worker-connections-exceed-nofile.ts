import { defineRule } from '../../src/core/rule.js';
import { childrenNamed } from '../../src/parsers/nginx/ast.js';

const OS_DEFAULT = 1024;

export default defineRule({
  meta: {
    id: 'nginx/worker-connections-exceed-nofile',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep `worker_connections` within the open-file limit of a worker.',
    causes: ['resource-exhaustion-500'],
    remediation: 'Set `worker_rlimit_nofile` to at least twice `worker_connections` (a proxied request holds two descriptors), or lower `worker_connections`.',
    messages: {
      aboveLimit:
        'worker_connections {{connections}} is above worker_rlimit_nofile {{limit}}: a proxied request holds two descriptors (client and upstream), so a worker hits "Too many open files" long before it reaches its connection count and requests fail with 500s under load.',
      aboveDefault:
        'worker_connections {{connections}} is above the usual default open-file limit of {{limit}} and worker_rlimit_nofile is not set: a proxied request holds two descriptors (client and upstream), so under load workers hit "Too many open files" and requests fail with 500s.',
    },
  },
  create(ctx) {
    return {
      events(node) {
        if (node.context !== 'main') return;
        const wc = childrenNamed(node, 'worker_connections').at(-1);
        const arg = wc?.args[0];
        if (!wc || !arg || !/^\d+$/.test(arg.value)) return;
        const connections = Number(arg.value);
        const top = ctx.file.root.directives;
        const rl = childrenNamed(top, 'worker_rlimit_nofile').at(-1);
        const rlArg = rl?.args[0];
        if (rl && rlArg) {
          if (!/^\d+$/.test(rlArg.value)) return;
          const limit = Number(rlArg.value);
          if (connections > limit)
            ctx.report({
              node: arg,
              messageId: 'aboveLimit',
              data: { connections, limit },
              related: [{ file: rl.file, span: rl.head, message: `worker_rlimit_nofile ${limit} is set here.` }],
            });
          return;
        }
        if (connections > OS_DEFAULT) ctx.report({ node: arg, messageId: 'aboveDefault', data: { connections, limit: OS_DEFAULT } });
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';

export default defineRule({
  meta: {
    id: 'dockerfile/multiple-cmd',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Write one CMD and one ENTRYPOINT per stage.',
    causes: ['config-rejected-500', 'crash-loop-503'],
    remediation: 'Keep only the CMD (or ENTRYPOINT) that should run; combine start steps in a script.',
    messages: {
      overridden: 'This {{keyword}} is overridden by the {{keyword}} on line {{line}}: only the last one in a stage takes effect, so the process started is not the one this line describes and the app can fail to come up (503).',
    },
  },
  create(ctx) {
    return {
      stage(stage) {
        for (const list of [stage.cmds, stage.entrypoints]) {
          const last = list[list.length - 1];
          if (!last || list.length < 2) continue;
          const line = ctx.file.lines.position(last.span.start).line;
          for (const ins of list.slice(0, -1)) {
            ctx.report({
              span: ins.span,
              messageId: 'overridden',
              data: { keyword: ins.keyword, line },
              related: [{ file: ctx.file.path, span: last.span, message: `the ${last.keyword} that takes effect` }],
            });
          }
        }
      },
    };
  },
});

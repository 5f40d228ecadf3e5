import { defineRule } from '../../src/core/rule.js';
import { isGenerator } from '../../src/parsers/python/ast.js';
import { unconditionalSelfCall } from '../../src/parsers/python/flow.js';
import { selfCallMatcher } from '../../src/parsers/python/views.js';

export default defineRule({
  meta: {
    id: 'python/unconditional-recursion',
    kind: 'python',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not let a function call itself on every path before it can return.',
    causes: ['unhandled-exception-500'],
    remediation: 'Call the parent implementation (super().get(...)) or the helper that was meant, or add the base case that stops the recursion.',
    messages: {
      recursion:
        '{{name}} calls itself on every path before it can return: each call recurses until RecursionError, and a request that reaches it fails with 500.',
    },
  },
  create(ctx) {
    return {
      function_definition(fn) {
        const name = fn.child('name');
        if (!name || isGenerator(fn)) return;
        const isSelf = selfCallMatcher(fn);
        if (!isSelf) return;
        const call = unconditionalSelfCall(fn, isSelf);
        if (!call) return;
        ctx.report({
          node: call,
          messageId: 'recursion',
          data: { name: name.text },
          related: [{ file: ctx.file.path, span: name.span, message: `${name.text} is defined here.` }],
        });
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { javaSelfCallMatcher, javaUnconditionalSelfCall } from '../../src/parsers/java/flow.js';

export default defineRule({
  meta: {
    id: 'java/unconditional-recursion',
    kind: 'java',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not let a method call itself on every path before it can return.',
    causes: ['unhandled-exception-500'],
    remediation: 'Call the intended delegate (super.method(...), a service, another overload) or add the base case that stops the recursion.',
    messages: {
      recursion: '{{name}} calls itself on every path before it can return: each call recurses until StackOverflowError, and a request that reaches it fails with 500.',
    },
  },
  create(ctx) {
    return {
      method_declaration(method) {
        const name = method.child('name');
        const isSelf = javaSelfCallMatcher(method);
        if (!name || !isSelf) return;
        const call = javaUnconditionalSelfCall(method, isSelf);
        if (!call) return;
        ctx.report({
          node: call,
          messageId: 'recursion',
          data: { name: name.text },
          related: [{ file: ctx.file.path, span: name.span, message: `${name.text} is declared here.` }],
        });
      },
    };
  },
});

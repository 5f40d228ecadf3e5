import { defineRule } from '../../src/core/rule.js';
import { memberPath, type JsNode } from '../../src/parsers/js/ast.js';
import { requestDerived } from '../../src/parsers/js/handlers.js';
import { insideTryCatch } from '../../src/parsers/js/resolve.js';

const MAX_SHOWN = 60;

export default defineRule({
  meta: {
    id: 'js/json-parse-unguarded',
    kind: 'js',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Parse request-supplied JSON inside try/catch and answer 400 when it is malformed.',
    causes: ['unhandled-exception-500'],
    remediation: 'Wrap JSON.parse in try/catch and answer 400 Bad Request on SyntaxError, or validate the input with a schema first.',
    messages: {
      unguarded:
        'JSON.parse({{source}}) parses client input outside try/catch: a malformed value throws SyntaxError and the request fails with a 500 instead of a 400.',
    },
  },
  create(ctx) {
    const text = ctx.file.text;
    const check = (node: JsNode & { arguments: unknown[]; callee: unknown }) => {
      const callee = memberPath(node.callee as JsNode);
      if (!callee || callee.length !== 2 || callee[0] !== 'JSON' || callee[1] !== 'parse') return;
      const arg = node.arguments[0] as JsNode | undefined;
      if (!arg || arg.type === 'SpreadElement') return;
      if (!requestDerived(ctx.model, arg)) return;
      // Synchronous callbacks (`ids.map(id => JSON.parse(…))`) run inside the caller's try.
      if (insideTryCatch(node, { syncCallbacks: true })) return;
      let source = text.slice(arg.span.start, arg.span.end).replace(/\s+/g, ' ');
      if (source.length > MAX_SHOWN) source = `${source.slice(0, MAX_SHOWN - 1)}…`;
      ctx.report({ node, messageId: 'unguarded', data: { source } });
    };
    return {
      CallExpression: check,
      OptionalCallExpression: check,
    };
  },
});

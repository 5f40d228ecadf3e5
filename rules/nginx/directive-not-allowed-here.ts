import { defineRule } from '../../src/core/rule.js';
import type { NginxContext } from '../../src/parsers/nginx/ast.js';
import { directiveSpecs, isCheckedContext, specsIn } from '../../src/parsers/nginx/reference.js';

const LABELS: Record<NginxContext, string> = {
  main: 'the main context',
  events: 'events',
  http: 'http',
  'http:server': 'server',
  'http:location': 'location',
  'http:sif': 'if in server',
  'http:lif': 'if in location',
  'http:limit_except': 'limit_except',
  'http:upstream': 'upstream',
  'http:any': 'http',
  stream: 'stream',
  'stream:server': 'stream server',
  'stream:upstream': 'stream upstream',
  mail: 'mail',
  'mail:server': 'mail server',
  mgmt: 'mgmt',
  literal: 'a map/types block',
  unknown: 'an unknown block',
};

function arity(min: number, max: number): string {
  if (max === Infinity) return `at least ${min}`;
  return min === max ? `${min}` : `${min} to ${max}`;
}

export default defineRule({
  meta: {
    id: 'nginx/directive-not-allowed-here',
    kind: 'nginx',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Use each directive only where nginx accepts it, with the number of arguments it takes.',
    causes: ['config-rejected-500'],
    remediation: 'Move the directive into a block where nginx accepts it (see its Context line on nginx.org), or fix its arguments.',
    messages: {
      context: '"{{name}}" is not allowed in {{here}}{{inferred}} (nginx allows it in {{allowed}}): nginx -t fails with "directive is not allowed here" and the reload never happens.',
      arguments: '"{{name}}" takes {{expected}} argument(s) in {{here}}, not {{count}}: nginx -t fails with "invalid number of arguments" and the reload never happens.',
    },
  },
  create(ctx) {
    return {
      directive(node) {
        const all = directiveSpecs().get(node.name);
        if (!all) return;
        const context = node.context;
        if (isCheckedContext(context)) {
          const here = specsIn(node.name, context);
          if (!here.length) {
            const allowed = [...new Set(all.flatMap((s) => [...s.contexts]))].map((c) => LABELS[c]).join(', ');
            const topOfSnippet = ctx.file.root.inferred && !node.parent;
            ctx.report({
              node,
              span: node.nameSpan,
              messageId: 'context',
              data: { name: node.name, here: LABELS[context], allowed, inferred: topOfSnippet ? ' (the context this file is included in, as guessed from its other directives)' : '' },
            });
            return;
          }
          const n = node.args.length;
          if (here.every((s) => n < s.minArgs || n > s.maxArgs)) {
            const min = Math.min(...here.map((s) => s.minArgs));
            const max = Math.max(...here.map((s) => s.maxArgs));
            ctx.report({ node, span: node.head, messageId: 'arguments', data: { name: node.name, expected: arity(min, max), here: LABELS[context], count: n } });
          }
        }
      },
    };
  },
});

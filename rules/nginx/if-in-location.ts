import { defineRule } from '../../src/core/rule.js';
import { children, locationMatch, type Directive } from '../../src/parsers/nginx/ast.js';

/**
 * `rewrite … last` leaves the implicit location for a new location search; `redirect` and
 * `permanent` end the request with a 3xx as `return` does. `break` (and no flag) keeps processing
 * in the implicit location created by the `if`, which is the case "If is Evil" warns about.
 */
const SAFE_REWRITE_FLAGS = new Set(['last', 'redirect', 'permanent']);

function isSafe(d: Directive): boolean {
  if (d.name === 'return') return true;
  if (d.name === 'rewrite') return SAFE_REWRITE_FLAGS.has(d.args[d.args.length - 1]?.value ?? '') && d.args.length >= 3;
  // An include only matters through what it pulls in, which is checked on its own.
  return d.name === 'include';
}

export default defineRule({
  meta: {
    id: 'nginx/if-in-location',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Inside a location, keep `if` blocks to `return` and `rewrite … last` (or a `redirect`/`permanent` rewrite).',
    causes: ['config-rejected-500'],
    remediation: 'Compute the value with `map` at http level and use it outside the `if`, or move the branch into its own location; keep only `return` or `rewrite … last` inside `if`.',
    messages: {
      unsafe:
        '"if" inside location {{location}} holds {{directives}}: only return and rewrite … last (or a redirect/permanent rewrite) are safe there; anything else makes nginx run the request in a hidden nested location that drops the location\'s other settings (try_files, proxy headers) and has known crashes, so requests end in 404s, 500s or 502s.',
    },
  },
  create(ctx) {
    return {
      if(node) {
        if (node.context !== 'http:location') return;
        const bad = children(node.block).filter((d) => d.context !== 'literal' && !isSafe(d));
        if (!bad.length) return;
        const loc = node.parent;
        const names = [...new Set(bad.map((d) => d.name))].map((n) => `"${n}"`).join(', ');
        ctx.report({ node, span: node.head, messageId: 'unsafe', data: { location: loc ? locationMatch(loc).uri || '/' : '?', directives: names } });
      },
    };
  },
});

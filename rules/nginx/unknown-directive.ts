import { closest, distance } from 'fastest-levenshtein';
import { defineRule } from '../../src/core/rule.js';
import { directiveSpecs, isKnownDirective } from '../../src/parsers/nginx/reference.js';
import { isThirdParty, THIRD_PARTY_MODULES } from '../../src/parsers/nginx/third-party.js';

export default defineRule({
  meta: {
    id: 'nginx/unknown-directive',
    kind: 'nginx',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Use only directives nginx (or a module you load) knows.',
    causes: ['config-rejected-500'],
    remediation: 'Fix the spelling, or list the third-party module\'s directive in the rule\'s `extraDirectives` option.',
    messages: {
      unknown: 'Unknown directive "{{name}}": nginx -t fails with "unknown directive", the reload never happens and the old configuration keeps serving.',
      typo: 'Unknown directive "{{name}}" (did you mean "{{suggestion}}"?): nginx -t fails with "unknown directive", the reload never happens and the old configuration keeps serving.',
    },
    options: {
      extraDirectives: { type: 'string[]', default: [], description: 'Directives of third-party modules to accept.' },
      modules: { type: 'string[]', default: Object.keys(THIRD_PARTY_MODULES), description: 'Third-party modules whose directives are accepted: lua, headers-more, brotli, vts.' },
    },
  },
  create(ctx, options) {
    let names: string[] | undefined;
    return {
      directive(node) {
        if (node.context === 'unknown') return;
        const name = node.name;
        if (isKnownDirective(name) || options.extraDirectives.includes(name) || isThirdParty(name, options.modules)) return;
        // envsubst/templating placeholders stand for whatever the template fills in.
        if (name.includes('$') || name.includes('{{') || name.includes('%')) return;
        names ??= [...directiveSpecs().keys(), ...options.extraDirectives];
        const near = closest(name, names);
        const d = distance(name, near);
        if (d <= 2 && d * 3 < name.length) {
          ctx.report({
            node,
            span: node.nameSpan,
            messageId: 'typo',
            data: { name, suggestion: near },
            suggest: [{ desc: `Replace with "${near}"`, edits: [{ span: node.nameSpan, text: near, file: node.file }] }],
          });
        } else ctx.report({ node, span: node.nameSpan, messageId: 'unknown', data: { name } });
      },
    };
  },
});

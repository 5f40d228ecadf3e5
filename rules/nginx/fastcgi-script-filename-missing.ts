import { defineRule } from '../../src/core/rule.js';
import { children, type Directive } from '../../src/parsers/nginx/ast.js';

type Verdict = 'set' | 'missing' | 'unknown' | 'none';

function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * What one level contributes. nginx inherits `fastcgi_param` as a whole: a level that sets any
 * parameter replaces everything inherited, so the first level with parameters decides.
 */
function levelVerdict(list: readonly Directive[] | undefined): Verdict {
  const ds = children(list);
  let params = false;
  for (const d of ds) {
    if (d.name === 'fastcgi_param') {
      params = true;
      if (d.args[0]?.value === 'SCRIPT_FILENAME') return 'set';
    }
    if (d.name === 'include' && d.args[0] && !d.included?.length) {
      // An include that was not read: judge it by the stock file names.
      const name = basename(d.args[0].value);
      if (name === 'fastcgi.conf') return 'set';
      if (name === 'fastcgi_params') params = true;
      else return 'unknown';
    }
  }
  return params ? 'missing' : 'none';
}

export default defineRule({
  meta: {
    id: 'nginx/fastcgi-script-filename-missing',
    kind: 'nginx',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Pass `SCRIPT_FILENAME` to FastCGI backends.',
    causes: ['upstream-unavailable-502'],
    remediation: 'Add `include fastcgi.conf;` (which sets SCRIPT_FILENAME) or `fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;` to the location.',
    messages: {
      missing:
        'fastcgi_pass {{target}} without SCRIPT_FILENAME in effect{{why}}: PHP-FPM cannot find the script and answers "Primary script unknown", so every request gets "File not found." or a 5xx instead of the page.',
    },
  },
  create(ctx) {
    return {
      directive(node) {
        if (node.name !== 'fastcgi_pass' || !node.args[0]) return;
        const because = ' (fastcgi_param lines are in effect here, and a level that sets any of them replaces everything inherited, but none sets it)';
        let why = '';
        let level: Directive | undefined = node.parent;
        for (; level; level = level.parent) {
          const v = levelVerdict(level.block);
          if (v === 'set' || v === 'unknown') return;
          if (v === 'missing') {
            why = because;
            break;
          }
        }
        if (!level) {
          const root = ctx.file.root;
          const v = levelVerdict(root.directives);
          if (v === 'set' || v === 'unknown') return;
          if (v === 'missing') why = because;
          // A snippet may get its parameters from an includer we cannot see.
          else if (root.inferred && root.context !== 'http') return;
        }
        ctx.report({ node, span: node.head, messageId: 'missing', data: { target: node.args[0].value, why } });
      },
    };
  },
});

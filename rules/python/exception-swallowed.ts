import { defineRule } from '../../src/core/rule.js';
import { enclosingFunction } from '../../src/parsers/python/ast.js';
import type { PyNode } from '../../src/parsers/python/index.js';
import { viewFramework } from '../../src/parsers/python/views.js';

const BROAD = new Set(['Exception', 'BaseException', 'builtins.Exception', 'builtins.BaseException']);

/** The caught type expression (without `as name`), or undefined for a bare `except:`. */
function caughtType(clause: PyNode): PyNode | undefined {
  const v = clause.child('value') ?? clause.namedChildren.find((c) => c.type !== 'block');
  if (!v || v.type === 'block') return undefined;
  return v.type === 'as_pattern' ? v.namedChildren[0] : v;
}

function isBroad(t: PyNode | undefined): boolean {
  if (!t) return true;
  if (t.type === 'tuple' || t.type === 'parenthesized_expression') return t.namedChildren.some((c) => isBroad(c));
  return BROAD.has(t.text.replace(/\s+/g, ''));
}

function onlyPass(block: PyNode | undefined): boolean {
  const stmts = block?.namedChildren ?? [];
  return stmts.length > 0 && stmts.every((s) => s.type === 'pass_statement' || (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'ellipsis'));
}

export default defineRule({
  meta: {
    id: 'python/exception-swallowed',
    kind: 'python',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not silence every exception with `except: pass` inside a view.',
    causes: ['unhandled-exception-500'],
    remediation: 'Catch the specific exception you expect, and log or handle it; let anything else reach the framework error handling.',
    messages: {
      swallowed: '`{{clause}}` with only `pass` in view {{view}}: the failure is silenced here and surfaces later as a confusing 500 (or a view that returns None) with nothing in the logs.',
    },
  },
  create(ctx) {
    return {
      except_clause(clause) {
        const body = clause.childOfType('block');
        if (!onlyPass(body)) return;
        const type = caughtType(clause);
        if (!isBroad(type)) return;
        const fn = enclosingFunction(clause);
        if (!fn || !viewFramework(ctx.model, ctx.file, fn)) return;
        const end = type ? type.span.end : clause.span.start + 'except'.length;
        const span = { start: clause.span.start, end };
        ctx.report({ span, messageId: 'swallowed', data: { clause: ctx.file.text.slice(span.start, span.end).replace(/\s+/g, ' '), view: fn.child('name')?.text ?? '?' } });
      },
    };
  },
});

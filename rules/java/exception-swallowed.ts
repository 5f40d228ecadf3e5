import { defineRule } from '../../src/core/rule.js';
import { enclosingType, findAnnotation } from '../../src/parsers/java/ast.js';

const STEREOTYPES = ['RestController', 'Controller', 'Service', 'ControllerAdvice', 'RestControllerAdvice'];
/** Names that say "ignoring this is deliberate" (the IntelliJ and Error Prone convention). */
const DELIBERATE = /^(ignored?|expected|_)$/;

export default defineRule({
  meta: {
    id: 'java/exception-swallowed',
    kind: 'java',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not leave a catch block empty in a controller or service.',
    causes: ['unhandled-exception-500'],
    remediation: 'Handle the exception, log it, or rethrow it wrapped; if ignoring it is deliberate, name the variable `ignored` and say why in a comment.',
    messages: {
      empty: 'Empty catch of {{type}} in {{cls}}: the failure is dropped here and surfaces later as a confusing 500 (a null, a half-done update) with nothing in the logs.',
    },
  },
  create(ctx) {
    return {
      catch_clause(clause) {
        const body = clause.child('body') ?? clause.childOfType('block');
        if (!body || body.namedChildren.length) return;
        const param = clause.childOfType('catch_formal_parameter');
        const name = param?.child('name')?.text ?? '';
        if (DELIBERATE.test(name)) return;
        const type = enclosingType(clause);
        if (!type) return;
        const cls = type.child('name')?.text ?? '';
        if (!findAnnotation(type, ...STEREOTYPES) && !/(Controller|Service)$/.test(cls)) return;
        const text = ctx.file.text;
        const close = param ? text.indexOf(')', param.span.end) : -1;
        const end = close >= 0 && close < body.span.start ? close + 1 : body.span.start;
        const typeText = param?.childOfType('catch_type')?.text.replace(/\s+/g, ' ') ?? '?';
        ctx.report({ span: { start: clause.span.start, end }, messageId: 'empty', data: { type: typeText, cls } });
      },
    };
  },
});

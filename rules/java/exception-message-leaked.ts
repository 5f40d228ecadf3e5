import { defineRule } from '../../src/core/rule.js';
import { annotationValues, findAnnotation, isHandlerMethod, parametersOf } from '../../src/parsers/java/ast.js';
import type { JavaNode } from '../../src/parsers/java/index.js';
import { appendAll } from '../../src/core/append.js';

const LEAK_METHODS = new Set(['getMessage', 'getLocalizedMessage', 'toString', 'getStackTrace', 'fillInStackTrace']);
const LEAK_HELPERS = /^(ExceptionUtils\.(getStackTrace|getMessage|getRootCauseMessage|getRootCauseStackTrace)|Throwables\.getStackTraceAsString|String\.valueOf|Objects\.toString)$/;
const SERVER_ERRORS = new Set(['INTERNAL_SERVER_ERROR', 'NOT_IMPLEMENTED', 'BAD_GATEWAY', 'SERVICE_UNAVAILABLE', 'GATEWAY_TIMEOUT', 'HTTP_VERSION_NOT_SUPPORTED', 'INSUFFICIENT_STORAGE', 'LOOP_DETECTED', 'NETWORK_AUTHENTICATION_REQUIRED']);

/** `500`, `HttpStatus.INTERNAL_SERVER_ERROR`, `HttpStatusCode.valueOf(503)`. */
function isServerError(n: JavaNode | undefined, depth = 0): boolean {
  if (!n || depth > 4) return false;
  if (n.type === 'decimal_integer_literal') return Number(n.text) >= 500 && Number(n.text) <= 599;
  if (n.type === 'field_access' || n.type === 'identifier') return SERVER_ERRORS.has(n.text.split('.').pop()!.trim());
  if (n.type === 'method_invocation' && /^(valueOf|resolve)$/.test(n.child('name')?.text ?? '')) return isServerError(n.child('arguments')?.namedChildren[0], depth + 1);
  return false;
}

function isExceptionType(type: string): boolean {
  return /(Exception|Throwable|Error)(<.*>)?$/.test(type.trim());
}

/** The 5xx response body expressions built in `method`. */
function serverErrorBodies(method: JavaNode, respondsWith5xx: boolean): JavaNode[] {
  const out: JavaNode[] = [];
  const stack = [...method.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'lambda_expression' || n.type === 'class_body') continue;
    appendAll(stack, n.children);
    if (n.type === 'method_invocation') {
      const name = n.child('name')?.text;
      const args = n.child('arguments')?.namedChildren ?? [];
      if (name === 'body' && args[0]) {
        // ResponseEntity.status(500)….body(x) / ResponseEntity.internalServerError().body(x)
        for (let o = n.child('object'); o?.type === 'method_invocation'; o = o.child('object')) {
          const on = o.child('name')?.text;
          if (on === 'internalServerError' || (on === 'status' && isServerError(o.child('arguments')?.namedChildren[0]))) {
            out.push(args[0]);
            break;
          }
        }
      } else if ((name === 'forStatusAndDetail' && isServerError(args[0]) && args[1]) || (name === 'setDetail' && respondsWith5xx && args[0])) {
        out.push(name === 'setDetail' ? args[0]! : args[1]!);
      }
    } else if (n.type === 'object_creation_expression' && /^ResponseEntity\b/.test(n.child('type')?.text ?? '')) {
      const args = n.child('arguments')?.namedChildren ?? [];
      if (args.length >= 2 && isServerError(args[args.length - 1])) out.push(args[0]!);
    } else if (n.type === 'return_statement' && respondsWith5xx && n.namedChildren[0]) {
      out.push(n.namedChildren[0]);
    }
  }
  return out;
}

/** Where a body expression exposes an exception: `e.getMessage()`, `e`, a helper, or a tainted local. */
function leaks(expr: JavaNode, exceptions: Set<string>, tainted: Set<string>, depth = 0): JavaNode | undefined {
  if (depth > 60 || expr.type === 'lambda_expression' || expr.type === 'class_body') return undefined;
  if (expr.type === 'method_invocation') {
    const name = expr.child('name')?.text ?? '';
    const obj = expr.child('object');
    let root = obj;
    while (root?.type === 'method_invocation') root = root.child('object');
    if (root?.type === 'identifier' && exceptions.has(root.text)) {
      // e.getMessage(), e.getCause().getMessage(); e.getClass().getSimpleName() names only the type.
      let chainLeaks = false;
      for (let o: JavaNode | undefined = expr; o && o !== root; o = o.child('object')) if (LEAK_METHODS.has(o.child('name')?.text ?? '')) chainLeaks = true;
      if (chainLeaks) return expr;
      if (obj === root) return undefined;
    }
    const callee = obj ? `${obj.text}.${name}` : name;
    if (LEAK_HELPERS.test(callee.replace(/\s+/g, ''))) {
      const arg = expr.child('arguments')?.namedChildren[0];
      if (arg?.type === 'identifier' && exceptions.has(arg.text)) return expr;
    }
  }
  if (expr.type === 'identifier' && (exceptions.has(expr.text) || tainted.has(expr.text))) {
    const p = expr.parent;
    // `e.getErrorCode()`: the exception is only the receiver of a harmless call.
    if (p?.type === 'method_invocation' && p.child('object') === expr) return undefined;
    if (p?.type === 'field_access') return undefined;
    return expr;
  }
  for (const c of expr.namedChildren) {
    const hit = leaks(c, exceptions, tainted, depth + 1);
    if (hit) return hit;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'java/exception-message-leaked',
    kind: 'java',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not put exception messages or stack traces into 5xx response bodies.',
    causes: ['error-details-leak'],
    remediation: 'Log the exception with its stack trace and answer with a fixed message and a correlation id (or a ProblemDetail without the exception text).',
    messages: {
      leaked: '{{expr}} goes into the body of a 5xx response in {{method}}: clients see internal details (SQL, class names, file paths) of every failure.',
    },
  },
  create(ctx) {
    return {
      method_declaration(method) {
        const handler = findAnnotation(method, 'ExceptionHandler');
        if (!handler && !isHandlerMethod(method)) return;
        const status = findAnnotation(method, 'ResponseStatus');
        const statusValue = status ? annotationValues(status, ['value', 'code'])?.[0] : undefined;
        const respondsWith5xx = !!handler && isServerError(statusValue);
        const exceptions = new Set<string>();
        if (handler) for (const p of parametersOf(method)) if (isExceptionType(p.type)) exceptions.add(p.name);
        const tainted = new Set<string>();
        // Document order, so a local is tainted before the statements that use it.
        const ordered: JavaNode[] = [];
        const stack = [...method.children].reverse();
        while (stack.length) {
          const n = stack.pop()!;
          ordered.push(n);
          for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
        }
        for (const n of ordered) {
          if (n.type === 'catch_formal_parameter') {
            const name = n.child('name')?.text;
            if (name) exceptions.add(name);
          } else if (n.type === 'variable_declarator' && n.parent?.type === 'local_variable_declaration') {
            const name = n.child('name')?.text;
            const value = n.child('value');
            if (name && value && leaks(value, exceptions, tainted)) tainted.add(name);
          }
        }
        if (!exceptions.size) return;
        const seen = new Set<number>();
        for (const body of serverErrorBodies(method, respondsWith5xx)) {
          const hit = leaks(body, exceptions, tainted);
          if (!hit || seen.has(hit.span.start)) continue;
          seen.add(hit.span.start);
          ctx.report({ node: hit, messageId: 'leaked', data: { expr: hit.text.replace(/\s+/g, ' ').slice(0, 60), method: method.child('name')?.text ?? '?' } });
        }
      },
    };
  },
});

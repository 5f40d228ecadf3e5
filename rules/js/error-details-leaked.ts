import type * as t from '@babel/types';
import { defineRule } from '../../src/core/rule.js';
import { isFunction, memberPath, parentOf, propName, unwrap, walk, type JsNode } from '../../src/parsers/js/ast.js';
import { handlerFunctions, isErrorBinding, looksLikeHandler } from '../../src/parsers/js/handlers.js';
import { appOfFile } from '../../src/parsers/js/model.js';
import { enclosingFunction, resolverFor } from '../../src/parsers/js/resolve.js';

const SEND = new Set(['json', 'send', 'end', 'jsonp', 'write']);
const STATUS = new Set(['status', 'code', 'sendStatus', 'writeHead']);
/** Error properties that carry internals. `code`, `name` and `status` are safe to show. */
const LEAKY_PROPS = new Set(['message', 'stack', 'sqlMessage', 'sql', 'detail', 'errors', 'cause']);

type Status = { text: string } | undefined;

const DEV_ONLY = /NODE_ENV|isDev|isDevelopment|development|get\(\s*['"]env['"]\s*\)|debug/i;

/** Whether a status expression can be 5xx: `500`, `err.status || 500`, `isClient ? 400 : 503`. */
function may5xx(n: t.Node | null | undefined, text: string): Status {
  const u = unwrap(n);
  if (!u) return undefined;
  let hit = false;
  walk(u, (x) => {
    if (hit) return 'skip';
    if (x.type === 'NumericLiteral' && x.value >= 500 && x.value <= 599) hit = true;
  });
  return hit ? { text: text.slice(u.span.start, u.span.end) } : undefined;
}

function calleeMember(call: JsNode): { object: JsNode; method: string } | undefined {
  if (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression') return undefined;
  const c = unwrap(call.callee);
  if (!c || (c.type !== 'MemberExpression' && c.type !== 'OptionalMemberExpression')) return undefined;
  const method = propName(c.property, c.computed);
  return method ? { object: unwrap(c.object)!, method } : undefined;
}

/** The identifier at the root of `res.status(500).json` → `res`. */
function rootOf(n: JsNode): (JsNode & t.Identifier) | undefined {
  let cur: JsNode | undefined = n;
  for (let i = 0; cur && i < 20; i++) {
    if (cur.type === 'Identifier') return cur;
    const m = calleeMember(cur);
    if (m) cur = m.object;
    else if (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression') cur = unwrap(cur.object);
    else return undefined;
  }
  return undefined;
}

/** The statement list and index of the statement containing `node`. */
function statementOf(node: JsNode): { list: t.Statement[]; index: number } | undefined {
  let child: JsNode = node;
  for (let cur = parentOf(node), i = 0; cur && i < 200; child = cur, cur = parentOf(cur), i++) {
    if (isFunction(cur)) return undefined;
    if (cur.type === 'BlockStatement' || cur.type === 'Program') return { list: cur.body, index: cur.body.indexOf(child as t.Statement) };
    if (cur.type === 'SwitchCase') return { list: cur.consequent, index: cur.consequent.indexOf(child as t.Statement) };
  }
  return undefined;
}

/** A `res.status(5xx)` / `res.statusCode = 5xx` / `ctx.status = 5xx` statement earlier in the same block. */
function earlierStatus(node: JsNode, receiver: string, text: string, props: string[]): Status {
  const at = statementOf(node);
  if (!at) return undefined;
  for (let i = at.index - 1; i >= 0; i--) {
    const s = at.list[i]!;
    if (s.type !== 'ExpressionStatement') continue;
    const e = unwrap(s.expression)!;
    if (e.type === 'AssignmentExpression') {
      const p = memberPath(e.left);
      if (p && p.length === 2 && p[0] === receiver && props.includes(p[1]!)) return may5xx(e.right, text);
    }
    const m = calleeMember(e);
    if (m && STATUS.has(m.method) && rootOf(m.object)?.name === receiver) return may5xx((e as t.CallExpression).arguments[0], text);
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'js/error-details-leaked',
    kind: 'js',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep error messages and stack traces out of 5xx response bodies.',
    causes: ['error-details-leak'],
    remediation:
      'Log the error server-side and send a generic body (`{ error: "internal error", id: requestId }`); send err.message only for errors you raised on purpose with a 4xx status.',
    messages: {
      property:
        '{{expr}} is sent in a response with status {{status}}: exception messages and stacks reveal internals (SQL, file paths, hostnames) and tell an attacker which input breaks the server.',
      errorObject:
        'The error object {{expr}} is sent in a response with status {{status}}: its properties (and message) reveal internals to the client.',
    },
  },
  create(ctx) {
    const model = ctx.model;
    const text = ctx.file.text;
    const r = resolverFor(model);
    const fastify = (() => {
      const app = appOfFile(model, ctx.file.path);
      return app?.info.framework === 'fastify' || !!app?.pkg?.frameworks.fastify;
    })();
    const seen = new Set<JsNode>();
    const handlers = handlerFunctions(model);
    /** Inside a route handler or hook (not the framework's own plumbing that forwards errors). */
    const inHandler = (node: JsNode): boolean => {
      let fn = enclosingFunction(node);
      for (let i = 0; fn && i < 4; i++, fn = enclosingFunction(fn)) if (handlers.has(fn) || looksLikeHandler(fn)) return true;
      return false;
    };

    /** Error-derived parts of a response body. */
    const leaks = (body: JsNode, status: string) => {
      walk(body, (n) => {
        if (isFunction(n)) return 'skip';
        // Details shown only in development (`NODE_ENV === 'development' ? err.stack : undefined`).
        if ((n.type === 'ConditionalExpression' || (n.type === 'LogicalExpression' && n.operator === '&&')) && DEV_ONLY.test(text.slice(n.span.start, (n.type === 'ConditionalExpression' ? n.test : n.left).end ?? n.span.end))) return 'skip';
        if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
          const obj = unwrap(n.object);
          const prop = propName(n.property, n.computed);
          if (obj?.type === 'Identifier' && prop && isErrorBinding(model, obj)) {
            if (LEAKY_PROPS.has(prop)) report(n, 'property', status);
            return 'skip';
          }
          return;
        }
        if (n.type === 'CallExpression') {
          // err.toString(), String(err), util.inspect(err)
          const m = calleeMember(n);
          const o = m && unwrap(m.object);
          if (m && m.method === 'toString' && o?.type === 'Identifier' && isErrorBinding(model, o)) {
            report(n, 'property', status);
            return 'skip';
          }
          return;
        }
        if (n.type === 'Identifier') {
          const parent = parentOf(n);
          if (parent?.type === 'ObjectProperty' && parent.key === n && !parent.computed && !parent.shorthand) return;
          if (!isErrorBinding(model, n)) {
            // `const message = err.message; res.status(500).json({ message })`
            const d = r.lookup(n);
            if (d?.kind === 'var' && d.init && d.path.length <= 1) {
              const init = unwrap(d.init);
              const key = d.path[0];
              if (init?.type === 'MemberExpression' && init.object.type === 'Identifier' && isErrorBinding(model, init.object as JsNode & t.Identifier)) {
                const prop = propName(init.property, init.computed);
                if (prop && LEAKY_PROPS.has(prop) && !key) report(n, 'property', status);
              } else if (init?.type === 'Identifier' && key && LEAKY_PROPS.has(key) && isErrorBinding(model, init)) report(n, 'property', status);
            }
            return;
          }
          // JSON.stringify(error) keeps only own enumerable properties, but those are driver internals
          // (SQL text, constraint and table names, hosts) more often than not.
          report(n, 'errorObject', status);
        }
      });
    };

    const report = (n: JsNode, messageId: 'property' | 'errorObject', status: string) => {
      if (seen.has(n)) return;
      seen.add(n);
      ctx.report({ node: n, messageId, data: { expr: text.slice(n.span.start, n.span.end), status } });
    };

    return {
      CallExpression(node) {
        const m = calleeMember(node);
        if (!m || !SEND.has(m.method) || !node.arguments.length) return;
        const root = rootOf(m.object);
        if (!root) return;
        // The status set on the same chain (`res.status(500).json(…)`), or earlier in the block.
        let status: Status;
        let statusSet = false;
        for (let cur: JsNode | undefined = m.object, i = 0; cur && i < 10; i++) {
          const cm = calleeMember(cur);
          if (!cm) break;
          if (STATUS.has(cm.method)) {
            statusSet = true;
            status = may5xx((cur as JsNode & t.CallExpression).arguments[0], text);
            break;
          }
          cur = cm.object;
        }
        status ??= earlierStatus(node, root.name, text, ['statusCode', 'status']);
        const body = node.arguments[0] as JsNode;
        if (!status && !statusSet && fastify && m.method === 'send' && inHandler(node)) {
          // Fastify answers a sent Error with its status (500 by default) and its message.
          const b = unwrap(body);
          if (b?.type === 'Identifier' && isErrorBinding(model, b)) report(b, 'errorObject', '500');
          return;
        }
        if (status) leaks(body, status.text);
      },
      AssignmentExpression(node) {
        // Koa: ctx.status = err.status || 500; ctx.body = { message: err.message };
        if (node.operator !== '=') return;
        const p = memberPath(node.left);
        if (!p || p.length < 2 || p[p.length - 1] !== 'body' || (p.length === 3 && p[1] !== 'response') || p.length > 3) return;
        const parent = parentOf(node);
        if (parent?.type !== 'ExpressionStatement') return;
        const status = earlierStatus(parent, p[0]!, text, ['status']);
        if (status) leaks(node.right as JsNode, status.text);
      },
    };
  },
});

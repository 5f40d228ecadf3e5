/**
 * Questions rules ask about request handlers: is this function a registered handler, is this
 * identifier the request or a caught error, where does this expression come from.
 */
import type * as t from '@babel/types';
import type { ProjectModel } from '../../core/rule.js';
import { isFunction, memberPath, parentOf, propName, unwrap, walk, type JsFunction, type JsNode } from './ast.js';
import { jsAppDetails } from './model.js';
import { resolverFor, type Resolver } from './resolve.js';

/** Every function registered as a route handler or middleware anywhere in the run. */
export function handlerFunctions(model: ProjectModel): WeakSet<JsFunction> {
  return model.memo('js:handler-fns', () => {
    const r = resolverFor(model);
    const set = new WeakSet<JsFunction>();
    for (const app of jsAppDetails(model))
      for (const reg of app.registrations) {
        if (reg.method === 'listen' || reg.method === 'register') continue;
        for (const h of reg.handlers) {
          const v = r.value(h);
          if (v?.t === 'function') set.add(v.fn);
          else if (v?.t === 'wrapped') {
            const inner = r.value(v.inner);
            if (inner?.t === 'function') set.add(inner.fn);
          }
        }
      }
    return set;
  });
}

function paramName(fn: JsFunction, index: number): string | undefined {
  const p = fn.params[index];
  if (!p) return undefined;
  const u = p.type === 'AssignmentPattern' ? p.left : p.type === 'TSParameterProperty' ? p.parameter : p;
  return u.type === 'Identifier' ? u.name : undefined;
}

/** `(req, res)`, `(req, res, next)`, `(request, reply)`, `(ctx)`, `(ctx, next)`: the shape of a handler. */
export function looksLikeHandler(fn: JsFunction): boolean {
  const first = paramName(fn, 0);
  const second = paramName(fn, 1);
  if (first && /^(ctx|context)$/.test(first)) return !second || /^next$/.test(second);
  if (first && /^(req|request)$/.test(first)) return !!second && /^(res|response|reply|rep)$/.test(second);
  return false;
}

const NEST_REQUEST_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers', 'Req', 'Request']);

function nestDecorated(param: t.Node | undefined): boolean {
  const decorators = (param as { decorators?: t.Decorator[] } | undefined)?.decorators;
  return !!decorators?.some((d) => {
    const e = d.expression.type === 'CallExpression' ? d.expression.callee : d.expression;
    const name = memberPath(e)?.join('.');
    return !!name && NEST_REQUEST_DECORATORS.has(name);
  });
}

/** Properties of the request (Express, Fastify) or Koa context that carry client input. */
const REQUEST_DATA = new Set(['body', 'query', 'params', 'headers', 'cookies', 'signedCookies', 'get', 'header', 'rawBody', 'raw']);
const KOA_DATA = new Set(['request', 'query', 'params', 'headers', 'header', 'get', 'cookies', 'querystring']);

/**
 * Whether the value of `expr` comes from the client: `req.query.filter`, `req.headers['x-a']`,
 * `req.get('x')`, `ctx.request.body`, a Nest `@Query()` parameter, or a variable holding one.
 */
export function requestDerived(model: ProjectModel, expr: t.Node, depth = 0): JsNode | undefined {
  if (depth > 4) return undefined;
  const r = resolverFor(model);
  const handlers = handlerFunctions(model);
  let found: JsNode | undefined;
  walk(expr, (n) => {
    if (found) return 'skip';
    if (isFunction(n)) return 'skip';
    if (n.type === 'MemberExpression' || n.type === 'OptionalMemberExpression') {
      const root = rootIdentifier(n);
      const prop = root && firstProperty(n, root);
      if (root && prop && isRequestParam(r, handlers, root, prop)) {
        found = n;
        return 'skip';
      }
    }
    if (n.type === 'Identifier') {
      const parent = parentOf(n);
      if (parent && (parent.type === 'MemberExpression' || parent.type === 'OptionalMemberExpression') && parent.property === n && !parent.computed) return;
      if (parent && parent.type === 'ObjectProperty' && parent.key === n && !parent.computed) return;
      const d = r.lookup(n as JsNode & t.Identifier);
      if (d?.kind === 'param' && nestDecorated(d.fn.params[d.index])) {
        found = n;
        return 'skip';
      }
      if (d?.kind === 'param' && d.path.length > 0 && d.index === 0) {
        // Destructured in the signature: `({ query }, res) => JSON.parse(query.filter)`.
        const key = d.path[0]!;
        if ((handlers.has(d.fn) || looksLikeHandlerPattern(d.fn)) && (REQUEST_DATA.has(key) || KOA_DATA.has(key))) {
          found = n;
          return 'skip';
        }
      }
      if (d?.kind === 'var' && d.init && unwrap(d.init) !== unwrap(expr)) {
        if (d.path.length) {
          // `const { filter } = req.query`
          if (requestDerived(model, d.init, depth + 1)) found = n;
        } else if (requestDerived(model, d.init, depth + 1)) found = n;
        if (found) return 'skip';
      }
    }
  });
  return found;
}

function looksLikeHandlerPattern(fn: JsFunction): boolean {
  const second = paramName(fn, 1);
  return !!second && /^(res|response|reply|next)$/.test(second);
}

function rootIdentifier(n: JsNode): (JsNode & t.Identifier) | undefined {
  let cur: JsNode | undefined = n;
  for (let i = 0; cur && i < 30; i++) {
    if (cur.type === 'Identifier') return cur;
    if (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression') cur = unwrap(cur.object);
    else if (cur.type === 'CallExpression' || cur.type === 'OptionalCallExpression') cur = unwrap(cur.callee);
    else return undefined;
  }
  return undefined;
}

/** The first property read off the root: `req` `.query` `.filter` → `query`. */
function firstProperty(n: JsNode, root: JsNode): string | undefined {
  let cur: JsNode | undefined = n;
  let name: string | undefined;
  for (let i = 0; cur && cur !== root && i < 30; i++) {
    if (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression') {
      name = propName(cur.property, cur.computed);
      if (unwrap(cur.object) === root) return name;
      cur = unwrap(cur.object);
    } else if (cur.type === 'CallExpression' || cur.type === 'OptionalCallExpression') cur = unwrap(cur.callee);
    else return undefined;
  }
  return undefined;
}

function isRequestParam(r: Resolver, handlers: WeakSet<JsFunction>, id: JsNode & t.Identifier, prop: string): boolean {
  const d = r.lookup(id);
  if (d?.kind !== 'param' || d.path.length) return false;
  if (d.index !== 0 || !(handlers.has(d.fn) || looksLikeHandler(d.fn))) return false;
  // On a Koa context `body` is the response; the client's input is under `request`, `query`, ….
  if (/^(ctx|context)$/.test(id.name)) return KOA_DATA.has(prop);
  return REQUEST_DATA.has(prop);
}

/**
 * Whether an identifier holds a caught error: a `catch (err)` parameter, the first parameter of an
 * Express error middleware `(err, req, res, next)`, of a `.catch(err => …)` callback, of a Fastify
 * `setErrorHandler((error, request, reply) => …)`, or a Koa `app.on('error', err => …)` listener.
 */
export function isErrorBinding(model: ProjectModel, id: JsNode & t.Identifier): boolean {
  const r = resolverFor(model);
  const d = r.lookup(id);
  if (!d) return false;
  if (d.kind === 'catch') return d.path.length === 0;
  if (d.kind !== 'param' || d.path.length) return false;
  const fn = d.fn;
  if (d.index === 0 && fn.params.length === 4) return true;
  const parent = parentOf(fn);
  if (!parent || (parent.type !== 'CallExpression' && parent.type !== 'OptionalCallExpression')) return false;
  const callee = unwrap(parent.callee);
  const method = callee && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression') ? propName(callee.property, callee.computed) : undefined;
  const argIndex = parent.arguments.indexOf(fn as never);
  if (method === 'catch' && d.index === 0 && argIndex === 0) return true;
  if (method === 'then' && argIndex === 1 && d.index === 0) return true;
  if (method === 'setErrorHandler' && d.index === 0) return true;
  if (method === 'on' && d.index === 0 && argIndex === 1 && parent.arguments[0]?.type === 'StringLiteral' && parent.arguments[0].value === 'error') return true;
  return false;
}

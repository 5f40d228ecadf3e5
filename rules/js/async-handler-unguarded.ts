import type * as t from '@babel/types';
import { defineRule } from '../../src/core/rule.js';
import { findAll, functionHead, memberPath, propName, unwrap, type JsFunction, type JsNode } from '../../src/parsers/js/ast.js';
import { expressVersion, packageFor } from '../../src/parsers/js/frameworks.js';
import type { Route } from '../../src/parsers/app/types.js';
import { appOfFile, HTTP_VERBS, registrationAt, type Registration } from '../../src/parsers/js/model.js';
import { insideTryCatch, resolverFor, type Value } from '../../src/parsers/js/resolve.js';

/** Packages that make a handler's rejection reach `next(err)`. */
const SAFE_WRAPPERS = /^(express-async-handler|express-async-wrap|express-asyncify|@awaitjs\/express|express-promise-router|async-handler|express-async-router|@exortek\/express-async-handler)$/;
/** Importing one of these patches Express's Layer so every handler's rejection is forwarded. */
const PATCHES = new Set(['express-async-errors', 'express-async-errors/index.js', '@root/async-router', 'express-async-patch']);

function isAwait(n: JsNode): n is JsNode & (t.AwaitExpression | t.ForOfStatement) {
  return n.type === 'AwaitExpression' || (n.type === 'ForOfStatement' && n.await);
}

/** `await p.catch(…)` and `await p.then(ok, fail)` handle their own rejection. */
function handledInline(n: JsNode): boolean {
  if (n.type !== 'AwaitExpression') return false;
  const arg = unwrap(n.argument);
  if (!arg || (arg.type !== 'CallExpression' && arg.type !== 'OptionalCallExpression')) return false;
  const callee = unwrap(arg.callee);
  if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) return false;
  const m = propName(callee.property, callee.computed);
  return m === 'catch' || (m === 'then' && arg.arguments.length >= 2);
}

/** The promise chain a non-async function returns without a rejection handler (`db.find().then(…)`). */
function unhandledReturnedChain(fn: JsFunction): JsNode | undefined {
  const returned: JsNode[] = [];
  if (fn.body.type !== 'BlockStatement') returned.push(fn.body as JsNode);
  else for (const r of findAll(fn.body, (n): n is JsNode & t.ReturnStatement => n.type === 'ReturnStatement', true)) if (r.argument) returned.push(r.argument as JsNode);
  for (const expr of returned) {
    let cur = unwrap(expr);
    let sawThen = false;
    for (let i = 0; cur && (cur.type === 'CallExpression' || cur.type === 'OptionalCallExpression') && i < 30; i++) {
      const callee = unwrap(cur.callee);
      if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) break;
      const m = propName(callee.property, callee.computed);
      if (m === 'catch' || (m === 'then' && cur.arguments.length >= 2)) {
        sawThen = false;
        break;
      }
      if (m === 'then' || m === 'finally') sawThen = true;
      cur = unwrap(callee.object);
    }
    if (sawThen && !insideTryCatch(expr)) return expr;
  }
  return undefined;
}

/** A local wrapper "of the same shape": takes a handler and returns a function that catches (`.catch(next)` or try/catch). */
function wrapperCatches(fn: JsFunction): boolean {
  const body = fn.body;
  const catches = findAll(body, (n): n is JsNode => {
    if (n.type === 'TryStatement') return !!n.handler;
    if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
      const c = unwrap(n.callee);
      if (c && (c.type === 'MemberExpression' || c.type === 'OptionalMemberExpression')) {
        const m = propName(c.property, c.computed);
        return m === 'catch' || (m === 'then' && n.arguments.length >= 2);
      }
    }
    return false;
  });
  return catches.length > 0;
}

/** The first route at each file and offset: built once per list, not searched per handler. */
const routeIndex = new WeakMap<readonly Route[], Map<string, Route>>();
function routeAt(routes: readonly Route[]): Map<string, Route> {
  let index = routeIndex.get(routes);
  if (!index) {
    index = new Map();
    for (const r of routes) {
      const key = `${r.where.file}\u0000${r.where.span.start}`;
      if (!index.has(key)) index.set(key, r);
    }
    routeIndex.set(routes, index);
  }
  return index;
}

/** `handler for GET /api/orders`: the full path when the router's mount is known, else the path as written. */
function routeLabel(reg: Registration, routes: readonly Route[]): string {
  const m = reg.method ?? '';
  const last = reg.handlers[reg.handlers.length - 1];
  const full = last && routeAt(routes).get(`${reg.file}\u0000${last.span.start}`)?.path;
  const path = full ?? reg.pathValue;
  if (m === 'use') return path !== undefined ? `middleware on ${path}` : 'middleware';
  const verb = m === 'all' ? 'ALL' : m.toUpperCase();
  return path !== undefined ? `handler for ${verb} ${path}` : `handler for ${verb}`;
}

export default defineRule({
  meta: {
    id: 'js/async-handler-unguarded',
    kind: 'js',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Catch rejections of async Express 4 handlers and middleware.',
    causes: ['request-hang-504', 'unhandled-exception-500'],
    remediation:
      'Wrap the awaited work in try/catch and call next(err), wrap the handler with express-async-handler, import express-async-errors once at start-up, or upgrade to Express 5.',
    messages: {
      asyncUnguarded:
        'Async {{what}} awaits outside try/catch on Express {{version}} ({{source}}): a rejection never reaches an error handler, so the request hangs until the proxy answers 502/504, or Node exits on the unhandled rejection.',
      promiseUnguarded:
        '{{what}} returns a promise chain without .catch on Express {{version}} ({{source}}): a rejection never reaches an error handler, so the request hangs until the proxy answers 502/504, or Node exits on the unhandled rejection.',
      wrapperUnguarded:
        'Async {{what}} is wrapped by {{wrapper}}(), which does not catch the returned promise; on Express {{version}} ({{source}}) a rejection hangs the request until the proxy answers 502/504.',
    },
  },
  create(ctx) {
    const model = ctx.model;
    const r = resolverFor(model);
    const path = ctx.file.path;
    const app = appOfFile(model, path);
    const pkg = app?.pkg ?? packageFor(model, path);
    const version = expressVersion(pkg);
    const patched = (() => {
      const imports = app?.imports ?? r.factsOf(path)?.imports ?? new Set<string>();
      for (const i of imports) if (PATCHES.has(i)) return true;
      return false;
    })();
    const reported = new Set<JsFunction>();

    const check = (fnRef: { fn: JsFunction; file: string }, reg: Registration, wrapper?: string) => {
      const { fn, file } = fnRef;
      if (reported.has(fn)) return;
      const text = ctx.source(file)?.text ?? '';
      const major = version?.major ?? 4;
      const data = {
        what: routeLabel(reg, app?.info.routes ?? []),
        version: String(major),
        source: version ? version.source : 'Express assumed 4: no package.json declares it',
      };
      if (fn.async && !fn.generator) {
        const awaits = findAll(fn.body, (n): n is JsNode => isAwait(n), true);
        const bare = awaits.find((a) => !insideTryCatch(a) && !handledInline(a));
        if (!bare) return;
        reported.add(fn);
        ctx.report({
          file,
          span: functionHead(fn, text),
          messageId: wrapper ? 'wrapperUnguarded' : 'asyncUnguarded',
          data: wrapper ? { ...data, wrapper } : data,
          related: [{ file, span: bare.span, message: 'This await can reject outside any try/catch.' }],
        });
        return;
      }
      if (wrapper) return;
      const chain = unhandledReturnedChain(fn);
      if (!chain) return;
      reported.add(fn);
      ctx.report({ file, span: functionHead(fn, text), messageId: 'promiseUnguarded', data: { ...data, what: data.what.charAt(0).toUpperCase() + data.what.slice(1) } });
    };

    const handler = (hd: JsNode, reg: Registration) => {
      const v: Value | undefined = r.value(hd);
      if (!v) return;
      if (v.t === 'function') return check(v, reg);
      if (v.t !== 'wrapped') return;
      // A wrapper from a package is trusted (it may be one we do not know); a local one is read.
      if (v.callee?.t === 'package') return;
      if (v.callee?.t !== 'function' || wrapperCatches(v.callee.fn)) return;
      const inner = r.value(v.inner);
      if (inner?.t !== 'function') return;
      const calleeNode = unwrap((v.call as JsNode & t.CallExpression).callee);
      check(inner, reg, memberPath(calleeNode)?.join('.') ?? 'the wrapper');
    };

    const visit = (node: JsNode) => {
      if (patched || (version && version.major >= 5)) return;
      const reg = registrationAt(model, node);
      if (!reg || !reg.method || !(HTTP_VERBS.has(reg.method) || reg.method === 'use')) return;
      if (reg.host) {
        if (!reg.host.kind.startsWith('express') || reg.host.promiseAware) return;
      } else {
        // An Express-looking call on an object we cannot follow: judge it only in an Express package.
        const fws = pkg?.frameworks ?? {};
        if (!fws.express || fws.koa || fws.fastify || fws.nestjs) return;
      }
      for (const hd of reg.handlers) {
        const v = r.value(hd);
        if (v?.t === 'host') continue; // a router mounted with use()
        if (v?.t === 'package') {
          if (SAFE_WRAPPERS.test(v.name)) continue;
        }
        handler(hd, reg);
      }
    };

    return {
      CallExpression: visit,
      OptionalCallExpression: visit,
    };
  },
});


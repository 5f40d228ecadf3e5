import type * as t from '@babel/types';
import { defineRule } from '../../src/core/rule.js';
import { memberPath, unwrap, type JsNode } from '../../src/parsers/js/ast.js';
import { jsAppDetails, HTTP_VERBS, type Registration } from '../../src/parsers/js/model.js';
import { resolverFor, type Host, type Resolver } from '../../src/parsers/js/resolve.js';

/** Names of error-handler factories and functions: `errorHandler`, `Sentry.Handlers.errorHandler()`, `handleErrors`. */
const ERROR_NAME = /err(or)?s?(handler|middleware)?$|^(handle|on|catch)?errors?|errorhandler/i;

function isErrorMiddleware(r: Resolver, hd: JsNode): boolean {
  const v = r.value(hd);
  if (v?.t === 'function') return v.fn.params.length === 4;
  if (v?.t === 'wrapped') {
    const inner = r.value(v.inner);
    if (inner?.t === 'function' && inner.fn.params.length === 4) return true;
  }
  // A factory or a function we cannot read (a package, an unresolved module): judge by its name.
  const named = hd.type === 'CallExpression' ? unwrap(hd.callee) : hd;
  const path = memberPath(named);
  const last = path?.[path.length - 1];
  if (last && ERROR_NAME.test(last)) return true;
  if (v?.t === 'package' && /error/i.test(v.name)) return true;
  return false;
}

function mountsRoutes(r: Resolver, reg: Registration): boolean {
  if (!reg.method) return false;
  if (HTTP_VERBS.has(reg.method)) return reg.handlers.length > 0;
  if (reg.method !== 'use') return false;
  return reg.handlers.some((h) => r.value(h)?.t === 'host');
}

export default defineRule({
  meta: {
    id: 'js/error-middleware-missing',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Register an Express error-handling middleware after the routes.',
    causes: ['unhandled-exception-500', 'error-details-leak'],
    remediation:
      'Add app.use((err, req, res, next) => { log(err); res.status(err.status ?? 500).json({ error: "internal error" }); }) after the last route and router.',
    messages: {
      missing:
        'Express app with {{routes}} route(s) has no error-handling middleware (four parameters): errors get Express\'s default 500 page, with a stack trace unless NODE_ENV=production, and nothing logged your way.',
      beforeRoutes:
        'This error-handling middleware is registered before the route at line {{line}}: Express only runs error middleware registered after the route that failed, so those errors get the default 500 page.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const r = resolverFor(model);
        for (const app of jsAppDetails(model)) {
          if (app.info.framework && app.info.framework !== 'express') continue;
          for (const root of app.roots) {
            if (root.kind !== 'express-app') continue;
            const regs = app.registrations.filter((g) => g.host === root);
            const routes = regs.filter((g) => mountsRoutes(r, g));
            if (!routes.length) continue;
            const errorRegs = regs.filter((g) => g.method === 'use' && g.handlers.some((h) => isErrorMiddleware(r, h)));
            const setups = sentrySetups(r, app.files, root);
            if (!errorRegs.length && !setups) {
              const count = app.routesByRoot.get(root)?.length || routes.length;
              ctx.report({ file: root.file, node: root.node, messageId: 'missing', data: { routes: count } });
              continue;
            }
            // Order only means something within the file that creates the app.
            const local = (g: Registration) => g.file === root.file;
            const lastRoute = routes.filter(local).sort((a, b) => a.call.span.start - b.call.span.start).pop();
            if (!lastRoute || setups || errorRegs.some((g) => !local(g) || g.call.span.start > lastRoute.call.span.start)) continue;
            const last = errorRegs[errorRegs.length - 1]!;
            const line = model.file(root.file)?.lines.position(lastRoute.call.span.start).line ?? 0;
            const errHandler = last.handlers.find((h) => isErrorMiddleware(r, h)) ?? last.call;
            ctx.report({
              file: last.file,
              node: errHandler,
              messageId: 'beforeRoutes',
              data: { line },
              related: [{ file: lastRoute.file, span: lastRoute.call.span, message: 'Route registered after the error middleware.' }],
            });
          }
        }
      },
    };
  },
});

/** `Sentry.setupExpressErrorHandler(app)` and similar calls that register error middleware on the app. */
function sentrySetups(r: Resolver, files: string[], root: Host): boolean {
  for (const path of files) {
    const facts = r.factsOf(path);
    if (!facts) continue;
    for (const c of facts.calls) {
      if (c.type === 'NewExpression') continue;
      const name = memberPath((c as t.CallExpression).callee)?.pop();
      if (!name || !/ErrorHandler$/i.test(name)) continue;
      if (c.arguments.some((a) => {
        const v = r.value(a as JsNode);
        return v?.t === 'host' && v.host === root;
      })) return true;
    }
  }
  return false;
}

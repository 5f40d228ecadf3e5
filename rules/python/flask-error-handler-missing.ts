import { defineRule } from '../../src/core/rule.js';
import { pythonApps } from '../../src/parsers/python/apps.js';

export default defineRule({
  meta: {
    id: 'python/flask-error-handler-missing',
    kind: 'project',
    severity: 'info',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Register a Flask error handler for 500 or Exception in an app that has routes.',
    causes: ['unhandled-exception-500'],
    remediation: 'Add @app.errorhandler(Exception) (or errorhandler(500) / register_error_handler) that logs the error and returns your own 500 response.',
    messages: {
      missing:
        'Flask app with {{count}} route(s) and no errorhandler(500) / errorhandler(Exception): unhandled exceptions get Werkzeug\'s bare 500 page and nothing of yours logs or shapes them.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        for (const app of pythonApps(model)) {
          const routes = app.routes.filter((r) => r.framework === 'flask');
          if (!routes.length || app.flaskErrorHandlers.length || !app.flaskApps.length) continue;
          const where = app.flaskApps[0]!;
          ctx.report({
            file: where.file,
            span: where.span,
            messageId: 'missing',
            data: { count: routes.length },
            related: routes.slice(0, 3).map((r) => ({ file: r.where.file, span: r.where.span, message: `Route ${r.method} ${r.path}.` })),
          });
        }
      },
    };
  },
});

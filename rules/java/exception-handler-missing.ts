import { defineRule } from '../../src/core/rule.js';
import { javaApps } from '../../src/parsers/java/apps.js';

export default defineRule({
  meta: {
    id: 'java/exception-handler-missing',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give Spring MVC controllers a @ControllerAdvice or @ExceptionHandler.',
    causes: ['unhandled-exception-500'],
    remediation: 'Add a @RestControllerAdvice class with @ExceptionHandler methods that map your exceptions to 4xx answers and log the rest before answering 500.',
    messages: {
      missing:
        'Controller {{name}} ({{count}} controller(s) in this app) has no @ControllerAdvice, @RestControllerAdvice or @ExceptionHandler anywhere in the project: every exception, expected or not, becomes Spring\'s default 500.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const apps = javaApps(model);
        if (apps.some((a) => a.exceptionHandling.length)) return;
        for (const app of apps) {
          const first = app.controllers[0];
          if (!first) continue;
          ctx.report({
            file: first.where.file,
            span: first.where.span,
            messageId: 'missing',
            data: { name: first.name, count: app.controllers.length },
            related: app.controllers.slice(1, 4).map((c) => ({ file: c.where.file, span: c.where.span, message: `Controller ${c.name}.` })),
          });
        }
      },
    };
  },
});

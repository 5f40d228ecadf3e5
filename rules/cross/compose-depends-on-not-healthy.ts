import { defineRule } from '../../src/core/rule.js';
import { composeProxies, isProxyService } from '../../src/parsers/cross/compose-nginx.js';
import { composeModel } from '../../src/parsers/cross/runs.js';

export default defineRule({
  meta: {
    id: 'cross/compose-depends-on-not-healthy',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Start a proxy after the apps it forwards to are healthy, when they have a healthcheck.',
    causes: ['upstream-unavailable-502', 'not-ready-traffic-503'],
    remediation: 'Write the dependency in the long form with `condition: service_healthy` so Compose starts the proxy once the app\'s healthcheck passes.',
    messages: {
      notHealthy:
        'Proxy service "{{proxy}}" depends on "{{app}}" only being started, although "{{app}}" has a healthcheck: Compose starts the proxy as soon as the app\'s container runs, and until the app is ready every forwarded request is refused and answered 502.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const loads = new Set(composeProxies(model).map((p) => p.service));
        for (const project of composeModel(model)) {
          for (const s of project.services.values()) {
            if (!s.dependsOn.length || !isProxyService(model, s, loads.has(s))) continue;
            for (const d of s.dependsOn) {
              if (d.condition === 'service_healthy') continue;
              const app = project.services.get(d.name);
              if (!app?.healthcheck || app.healthcheck.disabled || !app.healthcheck.test?.length || isProxyService(model, app, loads.has(app))) continue;
              ctx.report({ file: d.file, span: d.span, messageId: 'notHealthy', data: { proxy: s.name, app: app.name }, related: [{ file: app.healthcheck.file, span: app.healthcheck.span, message: `The healthcheck of "${app.name}".` }] });
            }
          }
        }
      },
    };
  },
});

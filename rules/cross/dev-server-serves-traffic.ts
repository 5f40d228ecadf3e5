import type { RelatedLocation } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import { serverRuns } from '../../src/parsers/cross/runs.js';

export default defineRule({
  meta: {
    id: 'cross/dev-server-serves-traffic',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Serve traffic with a production app server, not a development server.',
    causes: ['upstream-unavailable-502', 'upstream-timeout-504'],
    remediation: 'Start a production server (gunicorn or uvicorn without `--reload`, `next start`, `node server.js`, php-fpm behind nginx) and keep the development server for a separate development Dockerfile or compose file.',
    messages: {
      devServer:
        '`{{what}}` is a development server, and it is what {{label}} starts while {{reach}} sends it traffic: it is built for one developer (reloads and restarts on file changes, little concurrency, not performance-tested), so under real traffic requests queue, connections drop on restarts and the proxy answers 502/504.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const reported = new Set<string>();
        for (const run of serverRuns(model)) {
          const dev = run.server.development;
          if (!dev || !run.reach.length || run.devIntent) continue;
          const key = `${dev.file}:${dev.span.start}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const related: RelatedLocation[] = run.reach.slice(0, 3).map((r) => ({ file: r.file, span: r.span, message: `${r.what} sends traffic from outside the container.` }));
          ctx.report({ file: dev.file, span: dev.span, messageId: 'devServer', data: { what: dev.value, label: run.label, reach: run.reach[0]!.what }, related });
        }
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';
import { intOfSpring, portLabel, springInScope } from '../../src/parsers/xml/rule-support.js';

export default defineRule({
  meta: {
    id: 'tomcat/max-threads-undersized',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give Tomcat enough request threads for the load it serves.',
    causes: ['thread-starvation-500'],
    remediation: 'Raise maxThreads (or server.tomcat.threads.max) to at least the concurrency you expect, 200 being Tomcat\'s own default.',
    messages: {
      connector: 'Connector{{port}} has maxThreads="{{value}}", below {{min}}: at most {{value}} requests run at once, the rest queue until they time out and the client or proxy sees 500/503 under load.',
      executor: 'Executor "{{name}}" serves the Connector{{port}} with maxThreads="{{value}}", below {{min}}: at most {{value}} requests run at once, the rest queue until they time out and the client or proxy sees 500/503 under load.',
      spring: '{{key}} is {{value}}, below {{min}}: the embedded Tomcat runs at most {{value}} requests at once, the rest queue until they time out and the client or proxy sees 500/503 under load.',
    },
    options: {
      min: { type: 'integer', default: 200, minimum: 1, description: 'Smallest thread count accepted (Tomcat\'s own default is 200).' },
    },
  },
  create(ctx, options) {
    return {
      document(doc) {
        const facts = tomcatFacts(doc);
        const reported = new Set<string>();
        for (const c of facts.connectors) {
          const t = c.threads;
          if (!t.explicit || t.unresolved || t.value >= options.min) continue;
          if (c.executor) {
            if (reported.has(c.executor.name)) continue;
            reported.add(c.executor.name);
            ctx.report({
              span: t.span,
              messageId: 'executor',
              data: { name: c.executor.name, port: portLabel(c), value: t.value, min: options.min },
              related: [{ file: c.file, span: c.anchor, message: 'the Connector that uses this Executor' }],
            });
          } else {
            ctx.report({ span: t.span, messageId: 'connector', data: { port: portLabel(c), value: t.value, min: options.min } });
          }
        }
      },
      entry(entry) {
        if (entry.name !== 'server.tomcat.threads.max' || !springInScope(ctx.file.root)) return;
        const value = intOfSpring(entry.value);
        if (value === undefined || value >= options.min) return;
        ctx.report({ span: entry.valueSpan, messageId: 'spring', data: { key: entry.key, value, min: options.min } });
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';
import { intOfSpring, portLabel, springInScope } from '../../src/parsers/xml/rule-support.js';

export default defineRule({
  meta: {
    id: 'tomcat/accept-count-undersized',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep Tomcat\'s accept queue deep enough to absorb bursts.',
    causes: ['thread-starvation-500', 'upstream-unavailable-502'],
    remediation: 'Raise acceptCount (or server.tomcat.accept-count) to at least 100, Tomcat\'s default.',
    messages: {
      connector: 'Connector{{port}} has acceptCount="{{value}}", below {{min}}: when every thread is busy only {{value}} connections can wait, the rest are refused and the proxy in front answers 502/503.',
      spring: '{{key}} is {{value}}, below {{min}}: when every thread is busy only {{value}} connections can wait, the rest are refused and the proxy in front answers 502/503.',
    },
    options: {
      min: { type: 'integer', default: 100, minimum: 1, description: 'Smallest accept queue accepted (Tomcat\'s default is 100).' },
    },
  },
  create(ctx, options) {
    return {
      document(doc) {
        for (const c of tomcatFacts(doc).connectors) {
          const a = c.acceptCount;
          if (a.explicit && !a.unresolved && a.value < options.min) ctx.report({ span: a.span, messageId: 'connector', data: { port: portLabel(c), value: a.value, min: options.min } });
        }
      },
      entry(entry) {
        if (entry.name !== 'server.tomcat.acceptcount' || !springInScope(ctx.file.root)) return;
        const value = intOfSpring(entry.value);
        if (value === undefined || value >= options.min) return;
        ctx.report({ span: entry.valueSpan, messageId: 'spring', data: { key: entry.key, value, min: options.min } });
      },
    };
  },
});

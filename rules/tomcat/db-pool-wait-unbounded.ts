import { defineRule } from '../../src/core/rule.js';
import { hasPlaceholder, parseDurationMs } from '../../src/parsers/properties/relaxed.js';
import { POOL_DEFAULTS, waitIsUnbounded, type PoolImpl } from '../../src/parsers/xml/jvm.js';
import { springInScope } from '../../src/parsers/xml/rule-support.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';

const SPRING_WAIT: Record<string, PoolImpl> = {
  'spring.datasource.hikari.connectiontimeout': 'hikari',
  'spring.datasource.tomcat.maxwait': 'tomcat-jdbc',
  'spring.datasource.dbcp2.maxwaitmillis': 'dbcp2',
  'spring.datasource.dbcp2.maxwait': 'dbcp2',
  'spring.datasource.druid.maxwait': 'druid',
};

export default defineRule({
  meta: {
    id: 'tomcat/db-pool-wait-unbounded',
    kind: ['tomcat', 'spring'],
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Bound how long a request waits for a database connection.',
    causes: ['pool-exhaustion-500', 'request-hang-504'],
    remediation: 'Set the pool\'s wait (maxWaitMillis, maxWait or connection-timeout) to a few seconds, so an exhausted pool fails fast instead of hanging threads.',
    messages: {
      unbounded: 'DataSource "{{name}}" ({{impl}}) has {{attr}}="{{value}}", which waits forever for a free connection: once the pool is exhausted, every request thread hangs until the proxy gives up (504) and the server stops answering at all.',
      defaultUnbounded: 'DataSource "{{name}}" sets no {{attr}}, and {{impl}}\'s default of -1 waits forever for a free connection: once the pool is exhausted, every request thread hangs until the proxy gives up (504) and the server stops answering at all.',
      ignoredName: 'DataSource "{{name}}" uses the DBCP 1 name {{attr}}, which DBCP 2 (Tomcat 8+) ignores: maxWaitMillis stays at its default of -1 and requests wait forever for a connection once the pool is exhausted (504s, then no answers at all).',
      springDruidDefault: 'The Druid pool configured here sets no spring.datasource.druid.max-wait, and Druid\'s default of -1 waits forever for a free connection: once the pool is exhausted, every request thread hangs until the proxy gives up (504).',
      spring: '{{key}} is {{value}}, which waits forever for a free connection: once the pool is exhausted, every request thread hangs until the proxy gives up (504).',
    },
  },
  create(ctx) {
    return {
      document(doc) {
        for (const p of tomcatFacts(doc).pools) {
          const w = p.maxWait;
          if (w.unresolved) continue;
          const data = { name: p.name, impl: POOL_DEFAULTS[p.impl].label, attr: w.name, value: w.raw ?? w.value };
          const ignored = !w.explicit ? p.ignored?.find((s) => s.name === 'maxWait') : undefined;
          if (ignored) ctx.report({ span: ignored.span, messageId: 'ignoredName', data: { ...data, attr: 'maxWait' } });
          else if (waitIsUnbounded(p.impl, w.value)) ctx.report({ span: w.span, messageId: w.explicit ? 'unbounded' : 'defaultUnbounded', data });
        }
      },
      springDocument(doc) {
        // Druid's default wait is forever: a file that configures the pool without max-wait leaves it so.
        const root = ctx.file.root;
        if (!springInScope(root) || root.documents[0] !== doc) return;
        const entries = root.documents.flatMap((d) => d.entries);
        // Only the starter's keys (spring.datasource.druid.*): a `type` alone leaves the values to code we do not read.
        const druid = entries.find((e) => e.name.startsWith('spring.datasource.druid.'));
        if (!druid || entries.some((e) => e.name === 'spring.datasource.druid.maxwait' || e.name === 'spring.datasource.tomcat.maxwait')) return;
        ctx.report({ span: druid.keySpan, messageId: 'springDruidDefault' });
      },
      entry(entry) {
        const impl = SPRING_WAIT[entry.name];
        if (!impl || !springInScope(ctx.file.root) || hasPlaceholder(entry.value)) return;
        const ms = parseDurationMs(entry.value, 'ms');
        if (ms === undefined || !waitIsUnbounded(impl, ms)) return;
        ctx.report({ span: entry.valueSpan, messageId: 'spring', data: { key: entry.key, value: entry.value.trim() } });
      },
    };
  },
});

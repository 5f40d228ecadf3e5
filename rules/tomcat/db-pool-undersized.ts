import { defineRule } from '../../src/core/rule.js';
import { POOL_DEFAULTS, sizeIsUnlimited, type PoolImpl } from '../../src/parsers/xml/jvm.js';
import { intOfSpring, springInScope } from '../../src/parsers/xml/rule-support.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';

const SPRING_SIZE: Record<string, PoolImpl> = {
  'spring.datasource.hikari.maximumpoolsize': 'hikari',
  'spring.datasource.tomcat.maxactive': 'tomcat-jdbc',
  'spring.datasource.dbcp2.maxtotal': 'dbcp2',
  'spring.datasource.druid.maxactive': 'druid',
};

export default defineRule({
  meta: {
    id: 'tomcat/db-pool-undersized',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Size database connection pools for the concurrency they serve.',
    causes: ['pool-exhaustion-500'],
    remediation: 'Set the pool\'s maximum size explicitly (maxTotal, maxActive or maximum-pool-size) to at least the number of requests that use the database at once.',
    messages: {
      small: 'DataSource "{{name}}" ({{impl}}) has {{attr}}="{{value}}", below {{min}}: at most {{value}} requests can use the database at once, the others wait for a connection and fail with 500s under load.',
      defaultSmall: 'DataSource "{{name}}" sets no {{attr}}, so {{impl}} keeps its default of {{value}} connections, below {{min}}: the others wait for a connection and fail with 500s under load.',
      spring: '{{key}} is {{value}}, below {{min}}: at most {{value}} requests can use the database at once, the others wait for a connection and fail with 500s under load.',
    },
    options: {
      min: { type: 'integer', default: 10, minimum: 1, description: 'Smallest pool size accepted.' },
    },
  },
  create(ctx, options) {
    return {
      document(doc) {
        for (const p of tomcatFacts(doc).pools) {
          const s = p.maxSize;
          if (s.unresolved || sizeIsUnlimited(p.impl, s.value) || s.value >= options.min) continue;
          const data = { name: p.name, impl: POOL_DEFAULTS[p.impl].label, attr: s.name, value: s.value, min: options.min };
          ctx.report({ span: s.span, messageId: s.explicit ? 'small' : 'defaultSmall', data });
        }
      },
      entry(entry) {
        const impl = SPRING_SIZE[entry.name];
        if (!impl || !springInScope(ctx.file.root)) return;
        const value = intOfSpring(entry.value);
        // HikariCP replaces a size below 1 with its default; DBCP and the Tomcat pool read negative as unlimited.
        if (value === undefined || value >= options.min || (impl === 'hikari' ? value < 1 : value < 0)) return;
        ctx.report({ span: entry.valueSpan, messageId: 'spring', data: { key: entry.key, value, min: options.min } });
      },
    };
  },
});

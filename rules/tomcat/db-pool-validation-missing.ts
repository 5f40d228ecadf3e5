import { defineRule } from '../../src/core/rule.js';
import { parseBoolValue } from '../../src/parsers/properties/relaxed.js';
import { POOL_DEFAULTS } from '../../src/parsers/xml/jvm.js';
import { springInScope } from '../../src/parsers/xml/rule-support.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';

const SPRING_PREFIXES = ['spring.datasource.tomcat.', 'spring.datasource.dbcp2.'];

export default defineRule({
  meta: {
    id: 'tomcat/db-pool-validation-missing',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Validate pooled database connections before handing them out.',
    causes: ['stale-connection-500'],
    remediation: 'Turn on testOnBorrow (with a validationQuery such as SELECT 1 where the pool needs one), or use HikariCP, which always validates.',
    messages: {
      noValidation: 'DataSource "{{name}}" ({{impl}}) never validates its connections ({{reason}}): after a database restart or failover the pool hands out dead connections and every request that gets one fails with a 500.',
      testOnBorrowOff: 'DataSource "{{name}}" ({{impl}}) sets testOnBorrow="{{value}}" and runs no idle test: after a database restart or failover the pool hands out dead connections and every request that gets one fails with a 500.',
      idleOff: 'DataSource "{{name}}" ({{impl}}) sets testWhileIdle="{{value}}" and does not test on borrow: after a database restart or failover the pool hands out dead connections and every request that gets one fails with a 500.',
      springIdleOff: '{{key}} is {{value}} and Druid does not test on borrow: after a database restart or failover the pool hands out dead connections and every request that gets one fails with a 500.',
      spring: '{{key}} is {{value}} and no idle test runs: after a database restart or failover the pool hands out dead connections and every request that gets one fails with a 500.',
    },
  },
  create(ctx) {
    return {
      document(doc) {
        for (const p of tomcatFacts(doc).pools) {
          const v = p.validation;
          if (v.validates) continue;
          const data = { name: p.name, impl: POOL_DEFAULTS[p.impl].label, reason: v.reason, value: v.offending?.value ?? '' };
          if (v.offending) ctx.report({ span: v.offending.span, messageId: v.offending.name === 'testWhileIdle' ? 'idleOff' : 'testOnBorrowOff', data });
          else ctx.report({ span: p.anchor, messageId: 'noValidation', data });
        }
      },
      springDocument(doc) {
        if (!springInScope(ctx.file.root)) return;
        for (const prefix of SPRING_PREFIXES) {
          const last = (n: string) => doc.entries.filter((e) => e.name === prefix + n).at(-1);
          const onBorrow = last('testonborrow');
          if (!onBorrow || parseBoolValue(onBorrow.value) !== false) continue;
          if (parseBoolValue(last('testwhileidle')?.value ?? '') === true) continue;
          ctx.report({ span: onBorrow.valueSpan, messageId: 'spring', data: { key: onBorrow.key, value: onBorrow.value.trim() } });
        }
        // Druid validates idle connections by default: only turning that off, without testOnBorrow, loses validation.
        const last = (n: string) => doc.entries.filter((e) => e.name === `spring.datasource.druid.${n}`).at(-1);
        const idle = last('testwhileidle');
        if (idle && parseBoolValue(idle.value) === false && parseBoolValue(last('testonborrow')?.value ?? '') !== true) {
          ctx.report({ span: idle.valueSpan, messageId: 'springIdleOff', data: { key: idle.key, value: idle.value.trim() } });
        }
      },
    };
  },
});

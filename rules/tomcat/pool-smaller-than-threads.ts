import { defineRule, type RelatedLocation } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { POOL_DEFAULTS, sizeIsUnlimited, waitIsUnbounded, type DataSourcePool, type JvmConnector } from '../../src/parsers/xml/jvm.js';
import { jvmModel } from '../../src/parsers/xml/model.js';
import { msText } from '../../src/parsers/xml/rule-support.js';

function threadsFrom(c: JvmConnector): string {
  const t = c.threads;
  if (c.kind === 'spring') return t.explicit ? t.name : 'the embedded Tomcat\'s default';
  const who = c.executor ? `Executor "${c.executor.name}"` : `Connector${c.port ? ` on port ${c.port.value}` : ''}`;
  return t.explicit ? `${who} maxThreads` : `${who}, Tomcat's default`;
}

function poolFrom(p: DataSourcePool): string {
  const label = POOL_DEFAULTS[p.impl].label;
  const who = p.kind === 'tomcat' ? `"${p.name}", ` : '';
  return p.maxSize.explicit ? `${who}${p.maxSize.name}` : `${who}${label}'s default`;
}

function outcome(p: DataSourcePool): string {
  const w = p.maxWait;
  if (!w.unresolved && waitIsUnbounded(p.impl, w.value)) return 'wait forever for a connection, hanging the server';
  return `wait up to ${msText(w.value)} for a connection and then fail with a 500`;
}

export default defineRule({
  meta: {
    id: 'tomcat/pool-smaller-than-threads',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Size the connection pool for the request threads that share it.',
    causes: ['pool-exhaustion-500'],
    remediation: 'Raise the pool size, or lower maxThreads, so that request threads exceed connections by at most the configured ratio.',
    messages: {
      ratio: 'Up to {{threads}} request threads ({{threadsFrom}}) share {{pool}} database connections ({{poolFrom}}){{scope}}, more than {{ratio}} threads per connection: under load most requests {{outcome}}.',
    },
    options: {
      // HikariCP's own sizing guidance pairs a small pool with many threads: Tomcat's 200 threads over
      // HikariCP's default 10 connections (20 per connection) is the shipped Spring Boot default.
      ratio: { type: 'number', default: 20, minimum: 1, description: 'Largest accepted number of request threads per pooled connection.' },
    },
  },
  create(ctx, options) {
    return {
      project(model) {
        const reported = new Set<string>();
        for (const app of jvmModel(model).apps) {
          if (app.test || (app.kind === 'tomcat' && !app.hasServerXml)) continue;
          const connectors = app.connectors.filter((c) => !c.threads.unresolved);
          if (!connectors.length) continue;
          const top = connectors.reduce((a, b) => (b.threads.value > a.threads.value ? b : a));
          const threads = top.threads.value;
          for (const pool of app.pools) {
            const size = pool.maxSize;
            if (size.unresolved || size.value <= 0 || sizeIsUnlimited(pool.impl, size.value)) continue;
            if (threads <= options.ratio * size.value) continue;
            // Spring Boot's defaults on both sides (200 threads, HikariCP's 10) are not a choice anyone wrote down.
            if (pool.kind === 'spring' && !size.explicit && !top.threads.explicit) continue;
            // Spring's settings have a place in a file only when written; Tomcat's elements always do.
            const poolLoc: { file: string; span: Span } | undefined = size.explicit || pool.kind === 'tomcat' ? { file: size.file, span: size.span } : pool.anchor.end > pool.anchor.start ? { file: pool.file, span: pool.anchor } : undefined;
            const threadLoc: { file: string; span: Span } | undefined = top.threads.explicit || top.kind === 'tomcat' ? { file: top.threads.file, span: top.threads.span } : undefined;
            const primary = poolLoc ?? threadLoc;
            if (!primary) continue;
            const key = `${primary.file}\u0000${primary.span.start}\u0000${primary.span.end}`;
            if (reported.has(key)) continue;
            reported.add(key);
            const related: RelatedLocation[] = [];
            if (poolLoc && threadLoc) related.push({ file: threadLoc.file, span: threadLoc.span, message: `the request threads: ${threads}` });
            if (!poolLoc && threadLoc && pool.anchor.end > pool.anchor.start) related.push({ file: pool.file, span: pool.anchor, message: `the pool: ${size.value} connections` });
            ctx.report({
              file: primary.file,
              span: primary.span,
              messageId: 'ratio',
              data: {
                threads,
                threadsFrom: threadsFrom(top),
                pool: size.value,
                poolFrom: poolFrom(pool),
                scope: app.profiles.length ? ` with profile ${app.profiles.join(', ')} active` : '',
                ratio: options.ratio,
                outcome: outcome(pool),
              },
              related,
            });
          }
        }
      },
    };
  },
});

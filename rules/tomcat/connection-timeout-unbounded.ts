import { defineRule } from '../../src/core/rule.js';
import { hasPlaceholder, parseDurationMs } from '../../src/parsers/properties/relaxed.js';
import { portLabel, springInScope } from '../../src/parsers/xml/rule-support.js';
import { tomcatFacts } from '../../src/parsers/xml/tomcat-model.js';

export default defineRule({
  meta: {
    id: 'tomcat/connection-timeout-unbounded',
    kind: ['tomcat', 'spring'],
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Bound how long Tomcat waits for a slow client.',
    causes: ['thread-starvation-500'],
    remediation: 'Set connectionTimeout (or server.tomcat.connection-timeout) to a finite value such as 20000 ms (the stock server.xml) or 60 s (Tomcat\'s default).',
    messages: {
      unbounded: '{{where}}{{name}} is {{value}}, which means no timeout: a client that opens a connection and sends nothing (or trickles bytes) holds a request thread forever, and enough of them starve the server into 500/503s.',
      tooLong: '{{where}}{{name}} is {{value}}{{inSeconds}}, above {{max}} s: slow or idle clients hold request threads that long, and a few hundred of them starve the server into 500/503s.',
    },
    options: {
      maxSeconds: { type: 'number', default: 300, minimum: 1, description: 'Longest connection timeout accepted, in seconds.' },
    },
  },
  create(ctx, options) {
    const judge = (ms: number, report: (messageId: 'unbounded' | 'tooLong', seconds: number) => void) => {
      if (ms <= 0) report('unbounded', 0);
      else if (ms > options.maxSeconds * 1000) report('tooLong', ms / 1000);
    };
    /** ` (600 s)` after a value written in another unit; nothing after `600s` or `600 s`. */
    const inSeconds = (written: string, seconds: number) => (written.replace(/[\s"]/g, '') === `${seconds}s` ? '' : ` (${seconds} s)`);
    return {
      document(doc) {
        for (const c of tomcatFacts(doc).connectors) {
          const t = c.connectionTimeout;
          if (!t.explicit || t.unresolved) continue;
          judge(t.value, (messageId, seconds) =>
            ctx.report({ span: t.span, messageId, data: { where: `Connector${portLabel(c)}: `, name: 'connectionTimeout', value: `"${t.raw ?? t.value}"`, inSeconds: inSeconds(String(t.raw ?? t.value), seconds), max: options.maxSeconds } }),
          );
        }
      },
      entry(entry) {
        if (entry.name !== 'server.tomcat.connectiontimeout' || !springInScope(ctx.file.root) || hasPlaceholder(entry.value)) return;
        const ms = parseDurationMs(entry.value, 'ms');
        if (ms === undefined) return;
        judge(ms, (messageId, seconds) =>
          ctx.report({ span: entry.valueSpan, messageId, data: { where: '', name: entry.key, value: entry.value.trim(), inSeconds: inSeconds(entry.value, seconds), max: options.maxSeconds } }),
        );
      },
    };
  },
});

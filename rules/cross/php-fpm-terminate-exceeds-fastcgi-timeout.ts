import { defineRule } from '../../src/core/rule.js';
import { fastcgiLinks } from '../../src/parsers/cross/compose-nginx.js';
import { formatSeconds } from '../../src/parsers/cross/index.js';

export default defineRule({
  meta: {
    id: 'cross/php-fpm-terminate-exceeds-fastcgi-timeout',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Stop PHP requests (request_terminate_timeout) no later than nginx stops waiting for them (fastcgi_read_timeout).',
    causes: ['upstream-timeout-504', 'thread-starvation-500'],
    remediation: 'Set request_terminate_timeout a little below fastcgi_read_timeout (and max_execution_time below both), or raise fastcgi_read_timeout for the locations that really run that long.',
    messages: {
      exceeds:
        'request_terminate_timeout = {{terminate}} lets pool [{{pool}}] work on a request for {{terminateText}}, but nginx waits only {{read}} ({{readVia}}): slower requests get 504 while the PHP worker keeps running for nobody, holding one of the pool\'s children until the pool is exhausted.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const reported = new Set<string>();
        for (const l of fastcgiLinks(model))
          for (const pool of l.matching) {
            const t = pool.terminateTimeout;
            const read = l.address.pass.readTimeout;
            if (!t || t.seconds <= 0 || !read || t.seconds <= read.seconds) continue;
            const key = `${t.file}:${t.span.start}`;
            if (reported.has(key)) continue;
            reported.add(key);
            ctx.report({
              file: t.file,
              span: t.span,
              messageId: 'exceeds',
              data: { terminate: t.value, pool: pool.name, terminateText: formatSeconds(t.seconds), read: formatSeconds(read.seconds), readVia: read.written ? 'fastcgi_read_timeout' : "nginx's default fastcgi_read_timeout" },
              related: [{ file: read.file, span: read.span, message: read.written ? `fastcgi_read_timeout ${formatSeconds(read.seconds)}.` : 'No fastcgi_read_timeout: nginx waits 60 s.' }],
            });
          }
      },
    };
  },
});

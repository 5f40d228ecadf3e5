import { defineRule } from '../../src/core/rule.js';
import { fastcgiLinks } from '../../src/parsers/cross/compose-nginx.js';

export default defineRule({
  meta: {
    id: 'cross/php-fpm-max-children-low',
    kind: 'project',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Size pm.max_children of a PHP-FPM pool that serves a site above the stock 5.',
    causes: ['thread-starvation-500', 'upstream-timeout-504'],
    remediation: 'Set pm.max_children from the memory available to PHP divided by the memory of one worker (often 20–100), and watch the pool status page for "max children reached".',
    options: {
      min: { type: 'integer', default: 8, minimum: 1, description: 'Smallest pm.max_children accepted for a pool nginx sends requests to (PHP-FPM\'s stock www.conf has 5).' },
    },
    messages: {
      low: 'pm.max_children = {{count}} lets pool [{{pool}}] run only {{count}} PHP requests at once (PHP-FPM\'s stock www.conf has 5), and nginx sends it every PHP request of the site: the next request waits in the listen queue until nginx\'s fastcgi_read_timeout (504) or the queue overflows (502), while PHP-FPM logs "server reached pm.max_children".',
    },
  },
  create(ctx, options) {
    return {
      project(model) {
        const reported = new Set<string>();
        for (const l of fastcgiLinks(model))
          for (const pool of l.matching) {
            const mc = pool.maxChildren;
            if (!mc || mc.count >= options.min) continue;
            const key = `${mc.file}:${mc.span.start}`;
            if (reported.has(key)) continue;
            reported.add(key);
            ctx.report({ file: mc.file, span: mc.span, messageId: 'low', data: { count: mc.count, pool: pool.name }, related: [{ file: l.address.file, span: l.address.span, message: 'nginx sends PHP requests to this pool here.' }] });
          }
      },
    };
  },
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './upstream-without-failover.js';

new RuleTester().run(rule, {
  valid: [
    'upstream api {\n  server 10.0.0.11:3000;\n  server 10.0.0.12:3000;\n}\n',
    'upstream api {\n  server api-1:3000 max_fails=3 fail_timeout=10s;\n  server api-2:3000 backup;\n}\n',
    // A single server that is also marked backup is odd, but not "without failover" in this sense.
    'upstream legacy {\n  zone legacy 64k;\n  server legacy.internal:8080 backup;\n}\n',
    // max_fails=0 on the only server is covered by the single-server finding, not repeated.
    'stream {\n  upstream db {\n    server 10.0.1.5:5432;\n    server 10.0.1.6:5432;\n  }\n}\n',
  ],
  invalid: [
    {
      name: 'a single server',
      code: 'http {\n  upstream orders {\n    server orders:8080;\n    keepalive 16;\n  }\n}\n',
      errors: [{ messageId: 'single', line: 2, column: 3, endLine: 2, endColumn: 18, severity: 'info', data: { name: 'orders', server: 'orders:8080' } }],
    },
    {
      name: 'max_fails=0 on two servers',
      code: 'upstream web {\n  server 10.0.0.21:8000 max_fails=0;\n  server 10.0.0.22:8000 max_fails=0 weight=2;\n}\n',
      errors: [
        { messageId: 'maxFailsZero', line: 2, column: 25, endLine: 2, endColumn: 36 },
        { messageId: 'maxFailsZero', line: 3, column: 25, endLine: 3, endColumn: 36 },
      ],
    },
    {
      name: 'servers listed in an included file',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/upstreams/api.conf': 'server api.shop.svc.cluster.local:80;\n' },
      code: 'events {}\nhttp {\n  upstream api {\n    include upstreams/api.conf;\n  }\n}\n',
      errors: [{ messageId: 'single', line: 3, column: 3, endLine: 3, endColumn: 15 }],
    },
  ],
});

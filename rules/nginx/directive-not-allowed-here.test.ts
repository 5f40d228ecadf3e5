import { RuleTester } from '../../src/testing/index.js';
import rule from './directive-not-allowed-here.js';

new RuleTester().run(rule, {
  valid: [
    'user www-data;\nevents { worker_connections 768; }\nhttp {\n  include mime.types;\n  upstream api { server 127.0.0.1:3000 max_fails=3 fail_timeout=10s; keepalive 8; }\n  server {\n    listen 80 default_server;\n    location / {\n      limit_except GET { deny all; }\n      if ($http_x_debug) { return 403; }\n      proxy_pass http://api;\n    }\n  }\n}\n',
    // A location snippet: its context is inferred from its directives.
    { filename: 'snippets/proxy.conf', code: 'proxy_set_header Host $host;\nproxy_pass http://127.0.0.1:8000;\nproxy_read_timeout 60s;\n' },
    // stream servers take stream directives.
    'stream {\n  upstream db { server 10.0.0.5:5432; }\n  server { listen 5432; proxy_pass db; }\n}\n',
    // Unknown third-party blocks are not checked inside.
    'http { server { location / { access_by_lua_block { if x then return end } } } }\n',
  ],
  invalid: [
    {
      name: 'proxy_pass at server level',
      code: 'server {\n    listen 80;\n    proxy_pass http://127.0.0.1:3000;\n}\n',
      errors: [{ messageId: 'context', line: 3, column: 5, endLine: 3, endColumn: 15, data: { name: 'proxy_pass', here: 'server', allowed: 'location, if in location, limit_except, stream server', inferred: '' } }],
    },
    {
      name: 'a server block inside a location, and a timeout with two values',
      code: [
        'http {',
        '  server {',
        '    location / {',
        '      proxy_read_timeout 60s 30s;',
        '      server {',
        '        listen 8080;',
        '      }',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'arguments', line: 4, column: 7, endLine: 4, endColumn: 33, data: { name: 'proxy_read_timeout', expected: '1', here: 'location', count: 2 } },
        { messageId: 'context', line: 5, column: 7, endLine: 5, endColumn: 13 },
      ],
    },
    {
      name: 'a location file included at http level',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/conf.d/health.conf': 'location = /healthz {\n  return 200 "ok";\n}\n' },
      code: 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n',
      errors: [{ messageId: 'context', file: 'nginx/conf.d/health.conf', line: 1, column: 1, endLine: 1, endColumn: 9 }],
    },
  ],
});

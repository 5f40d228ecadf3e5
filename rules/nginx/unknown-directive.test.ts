import { RuleTester } from '../../src/testing/index.js';
import rule from './unknown-directive.js';

new RuleTester().run(rule, {
  valid: [
    'worker_processes auto;\nevents { worker_connections 1024; }\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:3000; }\n  }\n}\n',
    // Entries of map and types blocks are not directives.
    'http {\n  map $http_upgrade $connection_upgrade { default upgrade; "" close; }\n  types { application/wasm wasm; }\n}\n',
    // lua, headers-more, brotli and vts are accepted by default; a lua block body is not parsed.
    'http {\n  lua_shared_dict cache 10m;\n  brotli on;\n  vhost_traffic_status_zone;\n  server {\n    more_set_headers "Server: shop";\n    location / { content_by_lua_block { ngx.say("hi") } }\n  }\n}\n',
    { code: 'http { server { location / { auth_jwt_leeway 5s; njs_custom on; } } }\n', options: { extraDirectives: ['njs_custom', 'auth_jwt_leeway'] } },
  ],
  invalid: [
    {
      name: 'a typo with a suggestion',
      code: 'server {\n    location /api/ {\n        proxy_pas http://api:80;\n    }\n}\n',
      errors: [{ messageId: 'typo', line: 3, column: 9, endLine: 3, endColumn: 18, data: { name: 'proxy_pas', suggestion: 'proxy_pass' } }],
    },
    {
      name: 'a typo and a name that is nowhere near a directive',
      code: 'http {\n  server {\n    server_names shop.example.com;\n    frobnicate_everything on;\n  }\n}\n',
      errors: [
        { messageId: 'typo', line: 3, column: 5, endLine: 3, endColumn: 17, data: { name: 'server_names', suggestion: 'server_name' } },
        { messageId: 'unknown', line: 4, column: 5, endLine: 4, endColumn: 26 },
      ],
    },
    {
      name: 'third-party directives are unknown when their module is not enabled',
      code: 'server { more_set_headers "X-Frame-Options: DENY"; }\n',
      options: { modules: ['lua'] },
      errors: [{ messageId: 'unknown', line: 1, column: 10, endLine: 1, endColumn: 26 }],
    },
    {
      name: 'a typo in an included file',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/conf.d/gzip.conf': 'gzip on;\ngzip_type text/css application/javascript;\n' },
      code: 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n',
      errors: [{ messageId: 'typo', file: 'nginx/conf.d/gzip.conf', line: 2, column: 1, endLine: 2, endColumn: 10 }],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './proxy-timeout-too-low.js';

new RuleTester().run(rule, {
  valid: [
    'http {\n  proxy_read_timeout 60s;\n  proxy_connect_timeout 5s;\n  proxy_send_timeout 1m;\n}\n',
    // A bare number is seconds; `1m30s` is 90 seconds.
    'location / { fastcgi_read_timeout 300; grpc_read_timeout 1m30s; uwsgi_send_timeout 1h; }\n',
    { code: 'location / { proxy_read_timeout 2s; }\n', options: { minSeconds: 1 } },
    // A variable or placeholder is not a time nginx would accept at all; not this rule's concern.
    'location / { proxy_read_timeout ${READ_TIMEOUT}; }\n',
    // Other *_timeout directives (client side) are not upstream timeouts.
    'http { keepalive_timeout 2s; client_body_timeout 3s; }\n',
  ],
  invalid: [
    {
      name: 'milliseconds',
      code: 'location /api/ {\n    proxy_pass http://api;\n    proxy_read_timeout 500ms;\n}\n',
      errors: [{ messageId: 'low', line: 3, column: 24, endLine: 3, endColumn: 29, data: { directive: 'proxy_read_timeout', value: '500ms', min: 5 } }],
    },
    {
      name: 'two low timeouts, one quoted, with a custom threshold',
      code: 'server {\n  proxy_connect_timeout 2;\n  location /reports/ {\n    proxy_pass http://reports;\n    proxy_read_timeout "20s";\n  }\n}\n',
      options: { minSeconds: 30 },
      errors: [
        // A bare number is seconds: said once in seconds, not twice.
        { messageId: 'low', line: 2, column: 25, endLine: 2, endColumn: 26, data: { directive: 'proxy_connect_timeout', value: '2 (2s)', min: 30 } },
        { messageId: 'low', line: 5, column: 24, endLine: 5, endColumn: 29, data: { directive: 'proxy_read_timeout', value: '20s', min: 30 } },
      ],
    },
    {
      name: 'grpc and fastcgi twins, through an include',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/snippets/php.conf': 'fastcgi_pass 127.0.0.1:9000;\nfastcgi_read_timeout 3s;\n' },
      code: 'events {}\nhttp {\n  server {\n    location ~ \\.php$ { include snippets/php.conf; }\n    location /rpc { grpc_pass grpc://127.0.0.1:50051; grpc_send_timeout 1s; }\n  }\n}\n',
      errors: [
        { messageId: 'low', file: 'nginx/snippets/php.conf', line: 2, column: 22, endLine: 2, endColumn: 24 },
        { messageId: 'low', line: 5, column: 73, endLine: 5, endColumn: 75 },
      ],
    },
  ],
});

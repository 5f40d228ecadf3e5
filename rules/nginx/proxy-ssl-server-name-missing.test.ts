import { RuleTester } from '../../src/testing/index.js';
import rule from './proxy-ssl-server-name-missing.js';

new RuleTester().run(rule, {
  valid: [
    // SNI on in the location.
    'server {\n  location /api/ {\n    proxy_pass https://api.stripe.com;\n    proxy_ssl_server_name on;\n  }\n}\n',
    // SNI on in http scope covers every server below.
    'http {\n  proxy_ssl_server_name on;\n  server {\n    location / { proxy_pass https://shop.myshopify.com/; }\n  }\n}\n',
    // An explicit `off` is a decision, not an omission.
    'server { location / { proxy_pass https://origin.example.com; proxy_ssl_server_name off; } }\n',
    // Plain HTTP: no TLS, no SNI.
    'server { location / { proxy_pass http://api.example.com; } }\n',
    // An IP address has no name to send.
    'server { location / { proxy_pass https://10.0.0.12:8443; } }\n',
    // An upstream group: its name is not a DNS name.
    'upstream backend.pool { server 10.0.0.1:443; }\nserver { location / { proxy_pass https://backend.pool; } }\n',
    // Cluster and compose names: one certificate, no SNI needed.
    'server { location / { proxy_pass https://api.shop.svc.cluster.local:8443; } }\n',
    'server { location / { proxy_pass https://api:8443; } }\n',
    // A variable host is resolved per request (another rule's concern).
    'server { location / { resolver 1.1.1.1; proxy_pass https://$origin; } }\n',
    // gRPC over TLS with SNI.
    'server { location /rpc { grpc_pass grpcs://rpc.example.com:443; grpc_ssl_server_name on; } }\n',
  ],
  invalid: [
    {
      name: 'a CDN origin over https without SNI',
      code: 'server {\n    listen 80;\n    location /static/ {\n        proxy_pass https://assets.example-cdn.net/static/;\n        proxy_set_header Host assets.example-cdn.net;\n    }\n}\n',
      errors: [{ messageId: 'noSni', line: 4, column: 20, endLine: 4, endColumn: 58, data: { directive: 'proxy_pass', value: 'https://assets.example-cdn.net/static/', host: 'assets.example-cdn.net', sni: '`proxy_ssl_server_name`' } }],
    },
    {
      name: 'SNI set in another server only; grpcs too',
      code: [
        'http {',
        '  server {',
        '    server_name a.example;',
        '    proxy_ssl_server_name on;',
        '  }',
        '  server {',
        '    server_name b.example;',
        '    location / { proxy_pass https://my-api.azurewebsites.net; }',
        '    location /rpc { grpc_pass grpcs://rpc.example.com:443; }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'noSni', line: 8, column: 29, endLine: 8, endColumn: 61, data: { directive: 'proxy_pass', value: 'https://my-api.azurewebsites.net', host: 'my-api.azurewebsites.net', sni: '`proxy_ssl_server_name`' } },
        { messageId: 'noSni', line: 9, column: 31, endLine: 9, endColumn: 58, data: { directive: 'grpc_pass', value: 'grpcs://rpc.example.com:443', host: 'rpc.example.com', sni: '`grpc_ssl_server_name`' } },
      ],
    },
    {
      name: 'the proxy_pass is in an included snippet',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/snippets/api.conf': 'proxy_set_header Host api.github.com;\nproxy_pass https://api.github.com;\n' },
      code: 'events {}\nhttp {\n  server {\n    location /gh/ { include snippets/api.conf; }\n  }\n}\n',
      errors: [{ messageId: 'noSni', file: 'nginx/snippets/api.conf', line: 2, column: 12, endLine: 2, endColumn: 34 }],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './proxy-pass-variable-without-resolver.js';

new RuleTester().run(rule, {
  valid: [
    // A literal host is resolved once, at start-up.
    'server { location / { proxy_pass http://api.shop.svc.cluster.local:80; } }\n',
    // A resolver in http scope covers every server below.
    'http {\n  resolver kube-dns.kube-system.svc.cluster.local valid=10s;\n  server {\n    location / {\n      set $api api.shop.svc.cluster.local;\n      proxy_pass http://$api:80;\n    }\n  }\n}\n',
    // The variable only ever names an upstream group: no DNS at request time.
    'upstream blue { server 10.0.0.1:80; }\nupstream green { server 10.0.0.2:80; }\nmap $cookie_color $pool {\n  default blue;\n  ~green green;\n}\nserver { location / { proxy_pass http://$pool; } }\n',
    // An IP address needs no lookup.
    'server { set $backend 127.0.0.1:9000; location ~ \\.php$ { fastcgi_pass $backend; } }\n',
    // A variable only in the path is fine.
    'server { location /img/ { proxy_pass http://images.internal/cache$request_uri; } }\n',
    // An envsubst placeholder is replaced before nginx reads the file.
    'server { location / { proxy_pass http://$FLASK_SERVER_ADDR; } }\n',
    // A unix socket path is not resolved.
    'server { location / { proxy_pass http://unix:/run/$app.sock:/; } }\n',
  ],
  invalid: [
    {
      name: 'host from a set variable, no resolver',
      code: 'server {\n    listen 80;\n    location /api/ {\n        set $upstream api.shop.svc.cluster.local;\n        proxy_pass http://$upstream:3000;\n    }\n}\n',
      errors: [{ messageId: 'noResolver', line: 5, column: 20, endLine: 5, endColumn: 41, data: { directive: 'proxy_pass', value: 'http://$upstream:3000', variables: '$upstream' } }],
    },
    {
      name: 'grpc_pass and a whole-URL variable, resolver only in another server',
      code: [
        'http {',
        '  server {',
        '    server_name a.example;',
        '    resolver 10.96.0.10;',
        '  }',
        '  server {',
        '    server_name b.example;',
        '    location /rpc { grpc_pass grpc://${grpc_host}:50051; }',
        '    location / { proxy_pass $target_url; }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'noResolver', line: 8, column: 31, endLine: 8, endColumn: 56 },
        { messageId: 'noResolver', line: 9, column: 29, endLine: 9, endColumn: 40 },
      ],
    },
    {
      name: 'the proxy_pass is in an included location snippet',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/snippets/proxy-host.conf': 'proxy_set_header Host $host;\nproxy_pass http://$host;\n' },
      code: 'events {}\nhttp {\n  server {\n    location / { include snippets/proxy-host.conf; }\n  }\n}\n',
      errors: [{ messageId: 'noResolver', file: 'nginx/snippets/proxy-host.conf', line: 2, column: 12, endLine: 2, endColumn: 24 }],
    },
  ],
});

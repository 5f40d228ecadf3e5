import { RuleTester } from '../../src/testing/index.js';
import rule from './if-in-location.js';

new RuleTester().run(rule, {
  valid: [
    // return and rewrite … last are the safe uses.
    'server {\n  location / {\n    if ($request_method = POST) {\n      return 405;\n    }\n    if ($http_user_agent ~* bot) {\n      rewrite ^ /robots-only.html last;\n    }\n    root /srv/www;\n  }\n}\n',
    // `if` at server level is not this rule's concern.
    'server {\n  if ($host = old.example.com) {\n    set $legacy 1;\n  }\n}\n',
    // An `if` with a permanent redirect.
    'server {\n  location /shop {\n    if ($scheme = http) { rewrite ^ https://$host$request_uri permanent; }\n  }\n}\n',
    // A temporary redirect and a return in the same if: both end the request.
    'server {\n  location /login {\n    if ($http_x_forwarded_proto != "https") {\n      rewrite ^(.*)$ https://$host$1 redirect;\n      return 403;\n    }\n    proxy_pass http://auth;\n  }\n}\n',
  ],
  invalid: [
    {
      name: 'add_header inside if in a location',
      code: [
        'server {',
        '    listen 80;',
        '    location /api/ {',
        '        if ($http_origin ~* "^https://shop") {',
        '            add_header Access-Control-Allow-Origin $http_origin;',
        '        }',
        '        proxy_pass http://api;',
        '    }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'unsafe', line: 4, column: 9, endLine: 4, endColumn: 45 }],
    },
    {
      name: 'two locations, two unsafe ifs (set and proxy_pass; rewrite without flag)',
      code: [
        'http {',
        '  server {',
        '    location / {',
        '      if ($cookie_beta) { set $pool beta; proxy_pass http://$pool; }',
        '    }',
        '    location /old {',
        '      if ($args ~ legacy) {',
        '        rewrite ^/old/(.*)$ /new/$1;',
        '      }',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'unsafe', line: 4, column: 7, endLine: 4, endColumn: 24, data: { location: '/', directives: '"set", "proxy_pass"' } },
        { messageId: 'unsafe', line: 7, column: 7, endLine: 7, endColumn: 26 },
      ],
    },
    {
      name: 'rewrite … break keeps handling the request inside the hidden location',
      code: [
        'server {',
        '  location /app/ {',
        '    try_files $uri /index.html;',
        '    if ($http_user_agent ~* "(MSIE|Trident)") {',
        '      rewrite ^/app/(.*)$ /legacy/$1 break;',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'unsafe', line: 4, column: 5, endLine: 4, endColumn: 46, data: { location: '/app/', directives: '"rewrite"' } }],
    },
    {
      name: 'a set next to a safe return still makes the if unsafe',
      code: 'server {\n  location /api/ {\n    if ($request_method = OPTIONS) {\n      set $cors preflight;\n      return 204;\n    }\n    proxy_pass http://api;\n  }\n}\n',
      errors: [{ messageId: 'unsafe', line: 3, column: 5, endLine: 3, endColumn: 35, data: { location: '/api/', directives: '"set"' } }],
    },
    {
      name: 'the if comes from an included snippet',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/snippets/cors.conf': '# CORS for the API\nif ($request_method = OPTIONS) {\n    add_header Access-Control-Max-Age 600;\n    return 204;\n}\n' },
      code: 'events {}\nhttp {\n  server {\n    location /api/ {\n      include snippets/cors.conf;\n      proxy_pass http://127.0.0.1:3000;\n    }\n  }\n}\n',
      errors: [{ messageId: 'unsafe', file: 'nginx/snippets/cors.conf', line: 2, column: 1, endLine: 2, endColumn: 31 }],
    },
  ],
});

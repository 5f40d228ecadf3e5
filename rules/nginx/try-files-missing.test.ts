import { RuleTester } from '../../src/testing/index.js';
import rule from './try-files-missing.js';

new RuleTester().run(rule, {
  valid: [
    'server {\n  root /srv/shop;\n  index index.html;\n  location / {\n    try_files $uri $uri/ /index.html;\n  }\n}\n',
    // Static assets may 404: that is the right answer for a missing image.
    'server {\n  location / { proxy_pass http://web; }\n  location /static/ { alias /srv/web/static/; expires 30d; }\n}\n',
    // Regex and exact locations are not fallbacks for client-side routes.
    'server {\n  root /srv/www;\n  index index.html;\n  location = /robots.txt { }\n  location ~* \\.(css|js)$ { expires 1y; }\n  location / { return 301 https://$host$request_uri; }\n}\n',
    // A plain file server without an app index or an API next to it.
    'server {\n  location / {\n    root /srv/downloads;\n    autoindex on;\n  }\n}\n',
    // A location handled by an `if` branch that hands off.
    'server { root /srv/app; index index.php; location / { if (!-e $request_filename) { rewrite ^ /index.php last; } } }\n',
  ],
  invalid: [
    {
      name: 'the classic SPA location',
      code: 'server {\n    listen 80;\n    location / {\n        root   /var/www/html;\n        index  index.html index.htm;\n    }\n}\n',
      errors: [{ messageId: 'missing', line: 3, column: 5, endLine: 3, endColumn: 15, data: { uri: '/', from: 'root /var/www/html', why: 'index index.html' } }],
    },
    {
      name: 'root inherited from the server, an API proxied next to it; and a mounted SPA with its own index',
      code: [
        'server {',
        '  root /srv/shop/dist;',
        '  location /api/ {',
        '    proxy_pass http://api:80;',
        '  }',
        '  location / {',
        '    expires 1h;',
        '  }',
        '  location ^~ /admin/ {',
        '    alias /srv/admin/dist/;',
        '    index index.html;',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'missing', line: 6, column: 3, endLine: 6, endColumn: 13, data: { uri: '/', from: 'root /srv/shop/dist', why: 'location /api/ proxies to an application' } },
        { messageId: 'missing', line: 9, column: 3, endLine: 9, endColumn: 22 },
      ],
    },
    {
      name: 'the location sits in an included server file',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/conf.d/spa.conf': 'server {\n  listen 8080;\n  root /usr/share/nginx/html;\n  index index.html;\n  location / { }\n}\n' },
      code: 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n',
      errors: [{ messageId: 'missing', file: 'nginx/conf.d/spa.conf', line: 5, column: 3, endLine: 5, endColumn: 13 }],
    },
  ],
});

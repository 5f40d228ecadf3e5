import { RuleTester } from '../../src/testing/index.js';
import rule from './internal-redirect-cycle.js';

new RuleTester().run(rule, {
  valid: [
    // The rewrite's output goes to the PHP location, not back.
    'server {\n  location / { rewrite ^/(.*)$ /index.php?q=$1 last; }\n  location ~ \\.php$ { fastcgi_pass php:9000; include fastcgi.conf; }\n}\n',
    // The output re-enters the location, but the regex no longer matches it.
    'server { location / { rewrite ^/old/(.*)$ /new/$1 last; root /srv; } }\n',
    // `break` serves the result in place.
    'server { location /app/ { rewrite ^/app/(.*)$ /app/index.html break; root /srv; } }\n',
    // The SPA fallback: /index.html re-enters "/", but $uri then finds the file.
    'server { root /srv/shop; location / { try_files $uri $uri/ /index.html; } }\n',
    // The fallback goes to a different (named) location.
    'server { location / { try_files $uri @app; } location @app { proxy_pass http://web:8000; } }\n',
    // An exact location wins over the prefix one the fallback would otherwise hit.
    'server { location = /maintenance.html { root /srv/static; } location / { try_files /maintenance.html /maintenance.html; } }\n',
    // ^~ stops the regex search: /assets/x goes to the ^~ location, not the regex one.
    'server { location ^~ /assets/ { root /srv; } location ~ ^/assets/ { rewrite ^/assets/(.*)$ /assets/v2/$1 last; } }\n',
    // Without recursive_error_pages nginx does not apply error_page twice.
    'server { location / { error_page 503 /busy; return 503; } }\n',
    // /shop/item/x goes back to the first regex location, but ^/shop/(\w+)$ cannot match it again.
    'server {\n  location ~* ^/shop/ {\n    rewrite ^/shop/(\\w+)$ /shop/item/$1 last;\n  }\n  location ~ ^/shop/item/ {\n    proxy_pass http://web;\n  }\n}\n',
    // An external redirect is not an internal one.
    'server { location / { rewrite ^(.*)$ https://www.example.com$1 last; } }\n',
  ],
  invalid: [
    {
      name: 'rewrite … last into the same location',
      code: 'server {\n    listen 80;\n    location /app/ {\n        rewrite ^/app/(.*)$ /app/index.php?route=$1 last;\n    }\n}\n',
      errors: [{ messageId: 'rewrite', line: 4, column: 9, endLine: 4, endColumn: 57, data: { sample: '/app/index.php', location: '/app/' } }],
    },
    {
      name: 'try_files with only fixed files, and a named location falling back to itself',
      code: [
        'server {',
        '  root /srv/www;',
        '  location / {',
        '    try_files /maintenance.html /index.php;',
        '  }',
        '  location @app {',
        '    try_files $uri @app;',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'tryFiles', line: 4, column: 5, endLine: 4, endColumn: 43, data: { target: '/index.php', location: '/' } },
        { messageId: 'tryFiles', line: 7, column: 5, endLine: 7, endColumn: 24 },
      ],
    },
    {
      name: 'a regex location re-entered by its own rewrite (first matching regex wins)',
      code: 'server {\n  location ~* ^/shop/ {\n    rewrite ^/shop/(.+)$ /shop/item/$1 last;\n  }\n  location ~ ^/shop/item/ {\n    proxy_pass http://web;\n  }\n}\n',
      errors: [{ messageId: 'rewrite', line: 3, column: 5, endLine: 3, endColumn: 44 }],
    },
    {
      name: 'error_page with recursive_error_pages on',
      code: 'server {\n  recursive_error_pages on;\n  location / {\n    error_page 500 502 503 /oops;\n    return 503;\n  }\n}\n',
      errors: [{ messageId: 'errorPage', line: 4, column: 5, endLine: 4, endColumn: 33, data: { codes: '500 502 503', target: '/oops', location: '/', code: '503' } }],
    },
    {
      name: 'the looping location is in an included server snippet',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/sites-enabled/shop.conf': 'server {\n  location / {\n    rewrite ^(.*)$ /index.html last;\n  }\n}\n' },
      code: 'events {}\nhttp {\n  include sites-enabled/*.conf;\n}\n',
      errors: [{ messageId: 'rewrite', file: 'nginx/sites-enabled/shop.conf', line: 3, column: 5, endLine: 3, endColumn: 36 }],
    },
  ],
});

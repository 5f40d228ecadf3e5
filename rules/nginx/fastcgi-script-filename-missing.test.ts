import { expect, it } from 'vitest';
import { RuleTester } from '../../src/testing/index.js';
import { runCase } from '../../src/testing/rule-tester.js';
import rule from './fastcgi-script-filename-missing.js';

it('trusts an include outside the tree, which may set SCRIPT_FILENAME', async () => {
  const { messages } = await runCase(rule, { code: 'server { location ~ \\.php$ { include /etc/nginx/snippets/fastcgi-php.conf; fastcgi_pass php:9000; } }\n' });
  expect(messages.map((m) => m.ruleId)).toEqual(['include-outside-tree']);
});

new RuleTester().run(rule, {
  valid: [
    'server {\n  location ~ \\.php$ {\n    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n    fastcgi_param QUERY_STRING $query_string;\n    fastcgi_pass 127.0.0.1:9000;\n  }\n}\n',
    // fastcgi.conf sets SCRIPT_FILENAME; it ships with nginx and is not read, but its name says so.
    'server {\n  location ~ \\.php$ {\n    include fastcgi.conf;\n    fastcgi_pass unix:/run/php/php8.2-fpm.sock;\n  }\n}\n',
    // Inherited from the server, since the location sets no fastcgi_param of its own.
    'server {\n  fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;\n  location ~ \\.php$ { fastcgi_pass php:9000; }\n}\n',
    // A location snippet whose includer is not known.
    { filename: 'snippets/php.conf', code: 'fastcgi_pass php:9000;\n' },
    // Set by an included snippet that is in the tree.
    { filename: 'nginx/nginx.conf', files: { 'nginx/fastcgi-script.conf': 'fastcgi_param SCRIPT_FILENAME $request_filename;\n' }, code: 'events {}\nhttp { server { location ~ \\.php$ { include fastcgi-script.conf; fastcgi_pass php:9000; } } }\n' },
  ],
  invalid: [
    {
      name: 'only fastcgi_params, which does not set SCRIPT_FILENAME',
      code: 'server {\n    root /var/www/shop/public;\n    location ~ \\.php$ {\n        include fastcgi_params;\n        fastcgi_pass php-fpm:9000;\n    }\n}\n',
      errors: [{ messageId: 'missing', line: 5, column: 9, endLine: 5, endColumn: 34 }],
    },
    {
      name: 'a location-level fastcgi_param hides the server-level SCRIPT_FILENAME; and one with none at all',
      code: [
        'http {',
        '  server {',
        '    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;',
        '    location ~ \\.php$ {',
        '      fastcgi_param HTTPS on;',
        '      fastcgi_pass 127.0.0.1:9000;',
        '    }',
        '  }',
        '  server {',
        '    location /status { fastcgi_pass 127.0.0.1:9001; }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'missing', line: 6, column: 7, endLine: 6, endColumn: 34 },
        { messageId: 'missing', line: 10, column: 24, endLine: 10, endColumn: 51 },
      ],
    },
    {
      name: 'the parameters come from an included file that lacks it',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/snippets/fcgi.conf': 'fastcgi_param QUERY_STRING $query_string;\nfastcgi_param REQUEST_METHOD $request_method;\n' },
      code: 'events {}\nhttp {\n  server {\n    location ~ \\.php$ {\n      include snippets/fcgi.conf;\n      fastcgi_pass php:9000;\n    }\n  }\n}\n',
      errors: [{ messageId: 'missing', line: 6, column: 7, endLine: 6, endColumn: 28 }],
    },
  ],
});

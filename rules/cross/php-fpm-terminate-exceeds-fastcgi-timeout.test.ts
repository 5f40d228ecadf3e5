import { RuleTester } from '../../src/testing/index.js';
import { phpCompose, phpDockerfile, phpSite, pool } from '../../test/cross/php-snippets.js';
import rule from './php-fpm-terminate-exceeds-fastcgi-timeout.js';

const files = (site: string) => ({ 'compose.yaml': phpCompose, 'docker/php/Dockerfile': phpDockerfile, 'docker/nginx/default.conf': site });

new RuleTester().run(rule, {
  valid: [
    { name: 'PHP stops before nginx gives up', filename: 'docker/php/www.conf', code: pool('listen = 9000\npm.max_children = 20\nrequest_terminate_timeout = 55s\n'), files: files(phpSite('php:9000')) },
    { name: 'a long PHP limit under a long nginx timeout', filename: 'docker/php/www.conf', code: pool('listen = 9000\nrequest_terminate_timeout = 5m\n'), files: files(phpSite('php:9000', '        fastcgi_read_timeout 600s;\n')) },
    { name: 'no limit written (PHP-FPM default 0)', filename: 'docker/php/www.conf', code: pool('listen = 9000\npm.max_children = 20\n'), files: files(phpSite('php:9000')) },
  ],
  invalid: [
    {
      name: 'a 300 s PHP limit behind nginx\'s default 60 s',
      filename: 'docker/php/www.conf',
      code: pool('listen = 9000\npm.max_children = 20\nrequest_terminate_timeout = 300\n'),
      files: files(phpSite('php:9000')),
      errors: [{ messageId: 'exceeds', line: 7, column: 29, endLine: 7, endColumn: 32, related: [{ file: 'docker/nginx/default.conf', line: 8 }] }],
    },
    {
      name: '10 minutes of PHP behind fastcgi_read_timeout 120s',
      filename: 'docker/php/www.conf',
      code: pool('listen = 9000\nrequest_terminate_timeout = 10m\n'),
      files: files(phpSite('php:9000', '        fastcgi_read_timeout 120s;\n')),
      errors: [{ messageId: 'exceeds', line: 6, column: 29, endLine: 6, endColumn: 32, related: [{ file: 'docker/nginx/default.conf', line: 10 }] }],
    },
  ],
});

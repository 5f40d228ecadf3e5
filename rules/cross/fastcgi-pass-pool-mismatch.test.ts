import { RuleTester } from '../../src/testing/index.js';
import { phpCompose, phpDockerfile, phpSite, pool } from '../../test/cross/php-snippets.js';
import rule from './fastcgi-pass-pool-mismatch.js';

const project = (poolText: string) => ({ 'compose.yaml': phpCompose, 'docker/php/Dockerfile': phpDockerfile, 'docker/php/www.conf': poolText });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the service name and the pool port agree',
      filename: 'docker/nginx/default.conf',
      code: phpSite('php:9000'),
      files: project(pool('listen = 9000\npm = dynamic\npm.max_children = 20\n')),
    },
    {
      name: 'the official image makes [www] listen on 9000 whatever www.conf says',
      filename: 'docker/nginx/default.conf',
      code: phpSite('php:9000'),
      files: project(pool('listen = 127.0.0.1:9000\npm.max_children = 20\n')),
    },
    {
      name: 'one image runs nginx and PHP-FPM on the same socket',
      filename: 'config/nginx.conf',
      code: `events {}\nhttp {\n${phpSite('unix:/run/php-fpm.sock')}}\n`,
      files: {
        Dockerfile: 'FROM alpine:3.20\nRUN apk add --no-cache nginx php83-fpm supervisor\nCOPY config/nginx.conf /etc/nginx/nginx.conf\nCOPY config/fpm-pool.conf /etc/php83/php-fpm.d/www.conf\nCOPY src/ /var/www/html/\nEXPOSE 8080\nCMD ["supervisord", "-c", "/etc/supervisord.conf"]\n',
        'config/fpm-pool.conf': pool('listen = /run/php-fpm.sock\npm = ondemand\npm.max_children = 50\n'),
      },
    },
    {
      name: 'a pool nginx cannot be linked to (no compose service, no shared image)',
      filename: 'nginx/default.conf',
      code: phpSite('php:9000'),
      files: { 'php/pool.d/www.conf': pool('listen = /run/php/php8.2-fpm.sock\n') },
    },
  ],
  invalid: [
    {
      name: 'fastcgi_pass on the default port, the pool moved to 9001',
      filename: 'docker/nginx/default.conf',
      code: phpSite('php:9000'),
      files: project(pool('listen = 9001\npm = dynamic\npm.max_children = 20\n', 'shop')),
      errors: [{ messageId: 'mismatch', line: 8, column: 22, endLine: 8, endColumn: 30, related: [{ file: 'docker/php/www.conf', line: 5 }] }],
    },
    {
      name: 'a custom image with a pool bound to 127.0.0.1, and nginx in another service',
      filename: 'docker/nginx/default.conf',
      code: phpSite('php:9000'),
      files: { ...project(pool('listen = 127.0.0.1:9000\npm.max_children = 20\n', 'app')), 'docker/php/Dockerfile': 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y php8.2-fpm\nCOPY www.conf /etc/php/8.2/fpm/pool.d/www.conf\nCMD ["php-fpm8.2", "-F"]\n' },
      errors: [{ messageId: 'loopbackPool', line: 8, column: 22, endLine: 8, endColumn: 30, related: [{ file: 'docker/php/www.conf', line: 5 }] }],
    },
    {
      name: 'one image, nginx on the PHP 8.2 socket while the pool listens on the 8.3 one',
      filename: 'config/nginx.conf',
      code: `events {}\nhttp {\n${phpSite('unix:/run/php/php8.2-fpm.sock')}}\n`,
      files: {
        Dockerfile: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y nginx php8.3-fpm supervisor\nCOPY config/nginx.conf /etc/nginx/nginx.conf\nCOPY config/pool.d/ /etc/php/8.3/fpm/pool.d/\nEXPOSE 80\nCMD ["supervisord", "-n"]\n',
        'config/pool.d/www.conf': pool('listen = /run/php/php8.3-fpm.sock\nlisten.owner = www-data\npm.max_children = 30\n'),
      },
      errors: [{ messageId: 'mismatch', line: 10, column: 22, endLine: 10, endColumn: 51, related: [{ file: 'config/pool.d/www.conf', line: 5 }] }],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import { phpCompose, phpDockerfile, phpSite, pool } from '../../test/cross/php-snippets.js';
import rule from './php-fpm-max-children-low.js';

const project = () => ({ 'compose.yaml': phpCompose, 'docker/php/Dockerfile': phpDockerfile, 'docker/nginx/default.conf': phpSite('php:9000') });

new RuleTester().run(rule, {
  valid: [
    { name: 'a pool sized for the site', filename: 'docker/php/www.conf', code: pool('listen = 9000\npm = dynamic\npm.max_children = 40\n'), files: project() },
    { name: 'a small pool no nginx sends requests to', filename: 'docker/php/www.conf', code: pool('listen = 9000\npm.max_children = 5\n'), files: { 'compose.yaml': phpCompose, 'docker/php/Dockerfile': phpDockerfile } },
    { name: 'a lower threshold', filename: 'docker/php/www.conf', code: pool('listen = 9000\npm.max_children = 6\n'), files: project(), options: { min: 6 } },
  ],
  invalid: [
    {
      name: 'the stock pm.max_children = 5 on the pool that serves the site',
      filename: 'docker/php/www.conf',
      code: pool('listen = 9000\npm = dynamic\npm.max_children = 5\npm.start_servers = 2\n'),
      files: project(),
      errors: [{ messageId: 'low', line: 7, column: 19, endLine: 7, endColumn: 20, related: [{ file: 'docker/nginx/default.conf', line: 8 }] }],
    },
    {
      name: 'a static pool of 4 next to a fragment without a section',
      filename: 'docker/php/www.conf',
      code: 'listen = 9000\npm = static\npm.max_children = 4 ; one per core\n',
      files: project(),
      errors: [{ messageId: 'low', line: 3, column: 19, endLine: 3, endColumn: 20 }],
    },
  ],
});

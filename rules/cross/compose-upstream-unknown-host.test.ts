import { RuleTester } from '../../src/testing/index.js';
import rule from './compose-upstream-unknown-host.js';

const compose = `services:
  web:
    image: nginx:1.27
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
    ports:
      - "8080:80"
  php:
    build: ./php
    networks:
      default:
        aliases: [php-fpm]
  api:
    image: ghcr.io/acme/api:3
    container_name: shop-api
`;

const site = (body: string) => `server {
    listen 80;
    root /var/www/public;
    index index.php;

${body}}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'service names, a network alias and a container_name',
      filename: 'nginx/default.conf',
      code: site('    location ~ \\.php$ {\n        fastcgi_pass php-fpm:9000;\n        include fastcgi_params;\n    }\n    location /api/ { proxy_pass http://shop-api:8080; }\n    location /v2/ { proxy_pass http://api:8080; }\n'),
      files: { 'compose.yaml': compose },
    },
    {
      name: 'public hosts, IP addresses and variables are not compose names',
      filename: 'nginx/default.conf',
      code: site('    location /a/ { proxy_pass https://api.github.com; }\n    location /b/ { proxy_pass http://10.0.0.5:8080; }\n    location /c/ { resolver 127.0.0.11; set $up http://api:8080; proxy_pass $up; }\n'),
      files: { 'compose.yaml': compose },
    },
    {
      name: 'the project joins an external network: other projects\' names resolve',
      filename: 'nginx/default.conf',
      code: site('    location / { proxy_pass http://billing:8000; }\n'),
      files: { 'compose.yaml': `${compose}networks:\n  default:\n    name: shared\n    external: true\n` },
    },
    {
      name: 'an upstream the proxy image writes at build time',
      filename: 'nginx/sites/default.conf',
      code: site('    location ~ \\.php$ { fastcgi_pass php-upstream; }\n'),
      files: {
        'docker-compose.yml': 'services:\n  nginx:\n    build: ./nginx\n    ports: ["80:80"]\n  php-fpm:\n    build: ./php-fpm\n',
        'nginx/Dockerfile': 'FROM nginx:alpine\nCOPY sites /etc/nginx/sites-available\nRUN echo "upstream php-upstream { server php-fpm:9000; }" > /etc/nginx/conf.d/upstream.conf\n',
      },
    },
  ],
  invalid: [
    {
      name: 'a misspelt service name in fastcgi_pass',
      filename: 'nginx/default.conf',
      code: site('    location ~ \\.php$ {\n        fastcgi_pass phpfpm:9000;\n        include fastcgi_params;\n    }\n'),
      files: { 'compose.yaml': compose },
      errors: [{ messageId: 'unknownHost', line: 7, column: 22, endLine: 7, endColumn: 33, related: [{ file: 'compose.yaml', line: 5 }] }],
    },
    {
      name: 'an upstream server named after no service, and a proxy_pass to a renamed service (two errors)',
      filename: 'nginx/default.conf',
      code: `upstream app_pool {\n    server backend:8000;\n}\n\n${site('    location / { proxy_pass http://app_pool; }\n    location /api/ { proxy_pass http://apy:8080; }\n')}`,
      files: { 'compose.yaml': compose },
      errors: [
        { messageId: 'unknownHost', line: 2, column: 12, endLine: 2, endColumn: 24 },
        { messageId: 'unknownHost', line: 11, column: 33, endLine: 11, endColumn: 48, related: [{ file: 'compose.yaml', line: 5 }, { file: 'compose.yaml', line: 13 }] },
      ],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './compose-proxy-to-localhost.js';

const compose = (proxyPass: string) => `services:
  proxy:
    image: nginx:1.27-alpine
    volumes:
      - ./nginx/conf.d:/etc/nginx/conf.d:ro
    ports:
      - "80:80"
    depends_on:
      - app
  app:
    build: ./app
    expose:
      - "8000"
${proxyPass}`;

const site = (target: string) => `server {
    listen 80;
    server_name shop.example.com;

    location / {
        proxy_pass ${target};
        proxy_set_header Host $host;
    }
}
`;

const appDockerfile = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]\n';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the service name as the host',
      filename: 'nginx/conf.d/shop.conf',
      code: site('http://app:8000'),
      files: { 'compose.yaml': compose(''), 'app/Dockerfile': appDockerfile },
    },
    {
      name: 'nginx and the app share the network namespace',
      filename: 'nginx/conf.d/shop.conf',
      code: site('http://127.0.0.1:8000'),
      files: { 'compose.yaml': compose('').replace('    ports:\n      - "80:80"\n', '    network_mode: "service:app"\n'), 'app/Dockerfile': appDockerfile },
    },
    {
      name: 'localhost on a port nginx itself listens on (a second server block)',
      filename: 'nginx/conf.d/shop.conf',
      code: `server {\n    listen 8000;\n    location / { return 200 "ok"; }\n}\n${site('http://localhost:8000')}`,
      files: { 'compose.yaml': compose(''), 'app/Dockerfile': appDockerfile },
    },
    {
      name: 'an image that runs nginx and PHP-FPM together (supervisord) reaches its own PHP-FPM on 127.0.0.1',
      filename: 'docker/app/nginx.conf',
      code: site('http://127.0.0.1:8000'),
      files: {
        'compose.yaml': 'services:\n  web:\n    build: ./docker/app\n    ports: ["80:80"]\n  app:\n    build: ./app\n    expose: ["8000"]\n',
        'docker/app/Dockerfile': 'FROM php:8.3-fpm-alpine\nRUN apk add --no-cache nginx supervisor\nCOPY nginx.conf /etc/nginx/http.d/default.conf\nCMD ["supervisord", "-n"]\n',
        'app/Dockerfile': appDockerfile,
      },
    },
    {
      name: 'an nginx file no compose service loads',
      filename: 'deploy/nginx/shop.conf',
      code: site('http://127.0.0.1:8000'),
      files: { 'compose.yaml': compose(''), 'app/Dockerfile': appDockerfile },
    },
  ],
  invalid: [
    {
      name: 'proxy_pass to 127.0.0.1 while the app is another service',
      filename: 'nginx/conf.d/shop.conf',
      code: site('http://127.0.0.1:8000'),
      files: { 'compose.yaml': compose(''), 'app/Dockerfile': appDockerfile },
      errors: [{ messageId: 'localhost', line: 6, column: 20, endLine: 6, endColumn: 41, related: [{ file: 'compose.yaml', line: 5 }, { file: 'compose.yaml', line: 13 }] }],
    },
    {
      name: 'an upstream server on localhost, the config copied into the proxy image; the app port from EXPOSE',
      filename: 'proxy/default.conf',
      code: `upstream api {\n    server localhost:3000;\n    keepalive 16;\n}\n\n${site('http://api')}`,
      files: {
        'docker-compose.yml': 'services:\n  proxy:\n    build: ./proxy\n    ports: ["80:80"]\n  api:\n    build: ./api\n',
        'proxy/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY default.conf /etc/nginx/conf.d/default.conf\n',
        'api/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      },
      errors: [{ messageId: 'localhost', line: 2, column: 12, endLine: 2, endColumn: 26, related: [{ file: 'proxy/Dockerfile', line: 2 }, { file: 'api/Dockerfile', line: 4 }] }],
    },
  ],
});

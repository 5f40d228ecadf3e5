import { RuleTester } from '../../src/testing/index.js';
import { deployment, service } from '../../test/cross/snippets.js';
import rule from './dev-server-serves-traffic.js';

const pkg = JSON.stringify({ name: 'shop-web', version: '1.0.0', scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies: { next: '14.2.5', react: '18.3.1' } }, null, 2);

new RuleTester().run(rule, {
  valid: [
    {
      name: 'gunicorn serves the Django app',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]\n',
    },
    {
      name: 'runserver in a Dockerfile named for development',
      filename: 'Dockerfile.dev',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["python", "manage.py", "runserver", "0.0.0.0:8000"]\n',
    },
    {
      name: 'next dev in a compose override file (local development by convention)',
      filename: 'compose.override.yaml',
      code: 'services:\n  web:\n    command: npx next dev --hostname 0.0.0.0\n',
      files: {
        'compose.yaml': 'services:\n  web:\n    build: ./web\n    ports:\n      - "3000:3000"\n',
        'web/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nCMD ["npx", "next", "start"]\n',
        'web/package.json': pkg,
      },
    },
    {
      name: 'a compose service that mounts its source for live reload',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    build: ./api\n    command: flask run --host 0.0.0.0 --debug\n    volumes:\n      - ./api:/app\n    ports:\n      - "5000:5000"\n',
      files: { 'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]\n' },
    },
    {
      name: 'a development server nothing sends traffic to',
      filename: 'tools/Dockerfile',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nCMD ["npx", "nodemon", "watch.js"]\n',
    },
  ],
  invalid: [
    {
      name: 'manage.py runserver in an image that exposes its port',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD python manage.py migrate && python manage.py runserver 0.0.0.0:8000\n',
      errors: [{ messageId: 'devServer', line: 5, column: 33, endLine: 5, endColumn: 59, severity: 'warning', related: [{ file: 'Dockerfile', line: 4 }] }],
    },
    {
      name: 'flask run as the compose command of a published service',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    build: ./api\n    command: ["flask", "run", "--host", "0.0.0.0"]\n    ports:\n      - "5000:5000"\n  db:\n    image: postgres:16\n',
      files: { 'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]\n' },
      errors: [{ messageId: 'devServer', line: 4, column: 15, endLine: 4, endColumn: 29, related: [{ file: 'docker-compose.yml', line: 6 }] }],
    },
    {
      name: 'runserver as the web process of a Procfile',
      filename: 'Procfile',
      code: 'release: python manage.py migrate\nweb: python manage.py runserver 0.0.0.0:$PORT\n',
      errors: [{ messageId: 'devServer', line: 2, column: 6, endLine: 2, endColumn: 32 }],
    },
    {
      name: 'uvicorn --reload in Kubernetes args, and next dev in the web image (two errors)',
      filename: 'deploy/api.yaml',
      code: `${deployment({ name: 'api', image: 'ghcr.io/acme/api:1', port: 8000, body: '          args: ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000", "--reload"]\n' })}---\n${service('api', 80, 8000)}`,
      files: {
        'web/Dockerfile': 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nEXPOSE 3000\nCMD ["npx", "next", "dev"]\n',
        'web/package.json': pkg,
      },
      errors: [
        { messageId: 'devServer', file: 'web/Dockerfile', line: 6, column: 13, endLine: 6, endColumn: 26, related: [{ file: 'web/Dockerfile', line: 5 }] },
        { messageId: 'devServer', line: 18, column: 80, endLine: 18, endColumn: 90 },
      ],
    },
  ],
});

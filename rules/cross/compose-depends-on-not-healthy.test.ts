import { RuleTester } from '../../src/testing/index.js';
import rule from './compose-depends-on-not-healthy.js';

const app = `  app:
    build: ./app
    expose: ["8000"]
    healthcheck:
      test: ["CMD", "python", "-c", "import urllib.request; urllib.request.urlopen('http://localhost:8000/health')"]
      interval: 10s
      retries: 5
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the proxy waits for the app to be healthy',
      filename: 'compose.yaml',
      code: `services:\n  proxy:\n    image: nginx:1.27\n    ports: ["80:80"]\n    depends_on:\n      app:\n        condition: service_healthy\n${app}`,
    },
    {
      name: 'the app has no healthcheck to wait for',
      filename: 'compose.yaml',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    depends_on: [app]\n  app:\n    build: ./app\n',
    },
    {
      name: 'a worker (not a proxy) that starts with the app',
      filename: 'compose.yaml',
      code: `services:\n  worker:\n    build: ./app\n    command: celery -A shop worker\n    depends_on: [app]\n${app}`,
    },
    {
      name: 'the app healthcheck is disabled in the override',
      filename: 'compose.override.yaml',
      code: 'services:\n  app:\n    healthcheck:\n      disable: true\n',
      files: { 'compose.yaml': `services:\n  proxy:\n    image: traefik:v3.1\n    depends_on: [app]\n${app}` },
    },
  ],
  invalid: [
    {
      name: 'nginx depends on the app in the short form',
      filename: 'compose.yaml',
      code: `services:\n  proxy:\n    image: nginx:1.27-alpine\n    ports:\n      - "80:80"\n    depends_on:\n      - app\n      - redis\n  redis:\n    image: redis:7\n${app}`,
      errors: [{ messageId: 'notHealthy', line: 7, column: 9, endLine: 7, endColumn: 12, related: [{ file: 'compose.yaml', line: 14 }] }],
    },
    {
      name: 'the override adds the healthcheck; the proxy built from nginx waits for service_started',
      filename: 'docker-compose.yml',
      code: 'services:\n  edge:\n    build: ./edge\n    depends_on:\n      api:\n        condition: service_started\n  api:\n    image: ghcr.io/acme/api:2\n',
      files: {
        'docker-compose.override.yml': 'services:\n  api:\n    healthcheck:\n      test: curl -fsS http://localhost:3000/healthz\n',
        'edge/Dockerfile': 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\n',
      },
      errors: [{ messageId: 'notHealthy', line: 5, column: 7, endLine: 5, endColumn: 10, related: [{ file: 'docker-compose.override.yml', line: 3 }] }],
    },
  ],
});

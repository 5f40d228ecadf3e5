import { RuleTester } from '../../src/testing/index.js';
import { deployment, service } from '../../test/cross/snippets.js';
import rule from './nginx-upstream-unknown-service.js';

const services = {
  'deploy/k8s/api.yaml': `${deployment({ name: 'api', image: 'ghcr.io/acme/api:1', port: 3000 })}---\n${service('api', 80, 'http', 'shop')}`,
  'deploy/k8s/payments.yaml': service('payments', 8081, 8081, 'shop'),
};

const conf = (body: string) => `server {
    listen 80;
    server_name shop.example.com;

${body}}
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'bare Service names and their ports',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location /api/ { proxy_pass http://api/; }\n    location /pay/ { proxy_pass http://payments:8081; }\n'),
      files: services,
    },
    {
      name: 'cluster DNS names in an upstream block',
      filename: 'nginx/nginx.conf',
      code: `events {}\nhttp {\n    upstream pay {\n        server payments.shop.svc.cluster.local:8081;\n        server payments.shop.svc:8081 backup;\n    }\n${conf('    location / { proxy_pass http://pay; }\n')}}\n`,
      files: services,
    },
    {
      name: 'no Services in the run',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location / { proxy_pass http://backend:9000; }\n'),
      files: { 'deploy/k8s/api.yaml': deployment({ name: 'api', image: 'ghcr.io/acme/api:1' }) },
    },
    {
      name: 'IP addresses, public hosts and variables are not Services',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location /a/ { proxy_pass http://10.0.0.5:8080; }\n    location /b/ { proxy_pass https://api.github.com; }\n    location /c/ { resolver 10.96.0.10; proxy_pass http://$backend; }\n    location /d/ { proxy_pass http://api; }\n'),
      files: services,
    },
    {
      name: 'a configuration that proxies to no known Service is not taken to run in the cluster',
      filename: 'docker/nginx/default.conf',
      code: conf('    location / { proxy_pass http://app:9000; }\n'),
      files: services,
    },
    {
      name: 'a compose service name, next to a Service',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location /api/ { proxy_pass http://api; }\n    location /legacy/ { proxy_pass http://legacy:8000; }\n'),
      files: { ...services, 'docker-compose.yml': 'services:\n  legacy:\n    image: ghcr.io/acme/legacy:3\n' },
    },
    {
      name: 'a headless Service: nginx connects to the pods directly',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location /api/ { proxy_pass http://api; }\n    location /search/ { proxy_pass http://search:9200; }\n'),
      files: { ...services, 'deploy/k8s/search.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: search\nspec:\n  clusterIP: None\n  selector: { app: search }\n  ports:\n    - port: 9300\n' },
    },
  ],
  invalid: [
    {
      name: 'a misspelt Service name, next to a correct one',
      filename: 'nginx/conf.d/shop.conf',
      code: conf('    location /api/ { proxy_pass http://api; }\n    location /pay/ {\n        proxy_pass http://paymnets:8081;\n    }\n'),
      files: services,
      errors: [{ messageId: 'unknownService', line: 7, column: 20, endLine: 7, endColumn: 40, related: [{ file: 'deploy/k8s/payments.yaml', line: 4, column: 9 }] }],
    },
    {
      name: 'an upstream server on a port the Service does not have, and a namespace where it does not live (two errors)',
      filename: 'nginx/nginx.conf',
      code: `events {}\nhttp {\n    upstream api_pool {\n        server api:3000 max_fails=3;\n    }\n${conf('    location / { proxy_pass http://api_pool; }\n    location /pay/ { proxy_pass http://payments.billing:8081; }\n')}}\n`,
      files: { ...services, 'deploy/k8s/namespaces.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: billing\n' },
      errors: [
        { messageId: 'unknownPort', line: 4, column: 16, endLine: 4, endColumn: 24, related: [{ file: 'deploy/k8s/api.yaml', line: 28, column: 13 }] },
        { messageId: 'unknownService', line: 11, column: 33, endLine: 11, endColumn: 61 },
      ],
    },
  ],
});

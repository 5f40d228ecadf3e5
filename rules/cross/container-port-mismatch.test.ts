import { RuleTester } from '../../src/testing/index.js';
import { deployment, expressService, flaskDockerfile, flaskService, httpProbe, nodeDockerfile, service, springService } from '../../test/cross/snippets.js';
import rule from './container-port-mismatch.js';

const api = (port: number, body = '') => deployment({ name: 'api', image: 'ghcr.io/acme/api:1.4.2', port, body });
const env = (name: string, value: string) => `          env:\n            - name: ${name}\n              value: "${value}"\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'Jib-built Spring app (no Dockerfile) on Spring Boot\'s default 8080',
      filename: 'deploy/k8s/orders.yaml',
      code: deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2.0.1', port: 8080 }),
      files: Object.fromEntries(Object.entries(springService({ properties: 'spring.application.name=orders\n' })).filter(([p]) => !p.endsWith('/Dockerfile'))),
    },
    {
      name: 'containerPort, probe and Service agree with app.listen and EXPOSE',
      filename: 'deploy/k8s/api.yaml',
      code: `${api(3000, httpProbe('readiness', '/healthz'))}---\n${service('api', 80, 'http')}`,
      files: expressService(),
    },
    {
      name: 'the container sets PORT, which the app reads before its fallback',
      filename: 'deploy/k8s/api.yaml',
      code: api(8080, env('PORT', '8080')),
      files: expressService({ dockerfile: nodeDockerfile(8080) }),
    },
    {
      name: 'SERVER_PORT in the container overrides server.port',
      filename: 'deploy/k8s/orders.yaml',
      code: deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2', port: 9000, body: env('SERVER_PORT', '9000') }),
      files: springService({ dockerfile: 'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n' }),
    },
    {
      name: 'an extra port nothing refers to (metrics) is not checked',
      filename: 'deploy/k8s/api.yaml',
      code: `${api(3000)}            - name: metrics\n              containerPort: 9464\n`,
      files: expressService(),
    },
    {
      name: 'EXPOSE agrees with the app and lists a second server the Service uses',
      filename: 'deploy/k8s/api.yaml',
      code: `${api(3000)}---\n${service('api', 9090, 9090)}`,
      files: expressService({ dockerfile: 'FROM node:20-alpine\nCOPY . .\nEXPOSE 3000 9090\nCMD ["node", "src/server.js"]\n' }),
    },
    {
      name: 'only EXPOSE is known and traffic uses an exposed port: a second listener (https) is accepted',
      filename: 'k8s/jwt.yaml',
      code: `${deployment({ name: 'jwt-server', image: 'registry.acme.io/testing/jwt-server:0.8', port: 8000, body: '            - name: https\n              containerPort: 8443\n          args: ["-https", "8443"]\n' })}---\n${service('jwt-server', 8443, 8443)}`,
      files: { 'samples/jwt-server/Dockerfile': 'FROM golang:1.22 AS build\nCOPY . .\nRUN go build -o /jwt-server .\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /jwt-server /bin/jwt-server\nENTRYPOINT ["/bin/jwt-server"]\nEXPOSE 8000\n' },
    },
    {
      name: 'someone/caddy is a public server image, not the caddy/ folder of this repository',
      filename: 'k8s/caddy.yaml',
      code: deployment({ name: 'caddy', image: 'dockermuenster/caddy:0.9.3', port: 9102 }),
      files: { 'caddy/Dockerfile': 'FROM abiosoft/caddy:latest\nCOPY Caddyfile /etc/Caddyfile\nEXPOSE 80 443\n' },
    },
    {
      name: 'the image is not built here: silent',
      filename: 'deploy/k8s/api.yaml',
      code: deployment({ name: 'api', image: 'ghcr.io/vendor/gateway:2', port: 1234 }),
      files: expressService(),
    },
    {
      name: 'port known neither from the app nor from EXPOSE: silent',
      filename: 'deploy/k8s/api.yaml',
      code: api(4000),
      files: expressService({
        server: "const express = require('express');\nconst app = express();\napp.listen(process.env.PORT);\n",
        dockerfile: 'FROM node:20-alpine\nCOPY . .\nCMD ["node", "src/server.js"]\n',
      }),
    },
  ],
  invalid: [
    {
      name: 'Jib-built Spring app (no Dockerfile) listens on server.port 8081, the container declares 8080',
      filename: 'deploy/k8s/orders.yaml',
      code: deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2.0.1', port: 8080 }),
      files: Object.fromEntries(Object.entries(springService({ properties: 'server.port=8081\n' })).filter(([p]) => !p.endsWith('/Dockerfile'))),
      errors: [{ messageId: 'appPort', line: 17, column: 30, endLine: 17, endColumn: 34, related: [{ file: 'services/orders/src/main/resources/application.properties', line: 1, column: 13 }, { file: 'services/orders/pom.xml', line: 9, column: 15 }] }],
    },
    {
      name: 'the image sets PORT=8080 for code that falls back to 3000; the manifest says 3000',
      filename: 'deploy/k8s/api.yaml',
      code: api(3000),
      files: expressService({ dockerfile: 'FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nENV NODE_ENV=production PORT=8080\nEXPOSE 8080\nCMD ["node", "src/server.js"]\n' }),
      errors: [
        {
          messageId: 'appPort',
          line: 17,
          column: 30,
          endLine: 17,
          endColumn: 34,
          related: [
            { file: 'services/api/Dockerfile', line: 4, column: 30 },
            { file: 'services/api/Dockerfile', line: 5, column: 8 },
          ],
        },
      ],
    },
    {
      name: 'gunicorn binds 5000; containerPort, a numeric probe port and a Service targetPort say 8000 (three errors, two files)',
      filename: 'deploy/k8s/checkout.yaml',
      code: deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3', port: 8000, body: httpProbe('liveness', '/ping', 8000) }),
      files: { ...flaskService(), 'deploy/k8s/checkout-svc.yaml': service('checkout', 80, 8000) },
      errors: [
        { messageId: 'appPort', file: 'deploy/k8s/checkout-svc.yaml', line: 10, column: 19, endLine: 10, endColumn: 23 },
        { messageId: 'appPort', line: 17, column: 30, endLine: 17, endColumn: 34 },
        { messageId: 'appPort', line: 21, column: 21, endLine: 21, endColumn: 25 },
      ],
    },
    {
      name: 'a Service targetPort the container does not declare is judged against the port the app listens on',
      filename: 'deploy/k8s/checkout.yaml',
      code: deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3', port: 5000, body: httpProbe('liveness', '/ping', 8000) }),
      files: { ...flaskService(), 'deploy/k8s/checkout-svc.yaml': service('checkout', 80, 8000) },
      errors: [
        { messageId: 'appPort', file: 'deploy/k8s/checkout-svc.yaml', line: 10, column: 19, endLine: 10, endColumn: 23 },
        { messageId: 'appPort', line: 21, column: 21, endLine: 21, endColumn: 25 },
      ],
    },
    {
      name: 'gunicorn --bind=… in the Kubernetes args replaces the image CMD',
      filename: 'deploy/k8s/checkout.yaml',
      code: deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3', port: 5000, body: '          args: ["gunicorn", "--bind=0.0.0.0:8000", "app:app"]\n' }),
      files: flaskService({ dockerfile: flaskDockerfile() }),
      errors: [{ messageId: 'appPort', line: 17, column: 30, endLine: 17, endColumn: 34, related: [{ file: 'deploy/k8s/checkout.yaml', line: 18, column: 30 }, { file: 'services/checkout/Dockerfile', line: 7, column: 8 }] }],
    },
    {
      name: 'Spring Boot default port 8080, manifest 8081',
      filename: 'deploy/k8s/orders.yaml',
      code: deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2', port: 8081 }),
      files: springService({ properties: 'spring.application.name=orders\n', dockerfile: 'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nEXPOSE 8080\nENTRYPOINT ["java", "-jar", "/app.jar"]\n' }),
      errors: [{ messageId: 'appPort', line: 17, column: 30, endLine: 17, endColumn: 34 }],
    },
    {
      name: 'only EXPOSE is known (no app source in the run)',
      filename: 'k8s/proxy.yaml',
      code: deployment({ name: 'edge', image: 'ghcr.io/acme/edge:7', port: 80 }),
      files: { 'images/edge/Dockerfile': 'FROM nginxinc/nginx-unprivileged:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf\nEXPOSE 8080\n' },
      errors: [{ messageId: 'exposed', line: 17, column: 30, endLine: 17, endColumn: 32, related: [{ file: 'images/edge/Dockerfile', line: 3, column: 8 }] }],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import { deployment, expressService, flaskService, httpProbe, springService } from '../../test/cross/snippets.js';
import rule from './probe-path-not-served.js';

const api = (body: string, image = 'ghcr.io/acme/api:1.4.2') => deployment({ name: 'api', image, port: 3000, body });
const orders = (body: string) => deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2.0.1', body });
/** A service's files without its Dockerfile: the image is built by Jib, buildpacks or ko. */
const noDockerfile = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([p]) => !p.endsWith('/Dockerfile')));
const checkout = (body: string) => deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3.1', port: 5000, body });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the only app, no Dockerfile: /livez and /readyz added through SPRING_APPLICATION_JSON (as spring-petclinic does)',
      filename: 'k8s/petclinic.yml',
      code: deployment({
        name: 'petclinic',
        image: 'dsyer/petclinic',
        body: '          env:\n            - name: SPRING_APPLICATION_JSON\n              value: |\n                { "management.endpoint.health.probes.add-additional-paths": true }\n' + httpProbe('liveness', '/livez') + httpProbe('readiness', '/readyz'),
      }),
      files: { ...noDockerfile(springService()), '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/java:21\n' },
    },
    {
      name: '/readyz added in application.properties',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('readiness', '/readyz')),
      files: springService({ properties: 'management.endpoint.health.probes.add-additional-paths=true\n' }),
    },
    {
      name: 'no Dockerfile and two apps: an image named after neither is not linked',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/status'), 'ghcr.io/acme/storefront-backend:7'),
      files: { ...noDockerfile(expressService()), ...noDockerfile(flaskService()) },
    },
    {
      name: 'no Dockerfile: a public image is never linked to the only app',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/nginx-health'), 'nginx:1.27'),
      files: noDockerfile(expressService()),
    },
    {
      name: 'Express route served (Dockerfile linked by directory name)',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/healthz') + httpProbe('readiness', '/healthz?deep=1')),
      files: expressService(),
    },
    {
      name: 'Flask route with a converter',
      filename: 'deploy/k8s/checkout.yaml',
      code: checkout(httpProbe('readiness', '/status/db', 5000)),
      files: flaskService(),
    },
    {
      name: 'Actuator health groups when Actuator is a dependency',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/actuator/health/liveness') + httpProbe('readiness', '/actuator/health/readiness') + httpProbe('startup', '/orders/42')),
      files: springService(),
    },
    {
      name: 'Actuator on a separate management port',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/manage/health', 9090) + httpProbe('readiness', '/orders/1', 'http')),
      files: springService({ properties: 'server.port=8080\nmanagement.server.port=9090\nmanagement.endpoints.web.base-path=/manage\n' }),
    },
    {
      name: 'servlet context path prefixes routes and Actuator',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/shop/actuator/health') + httpProbe('readiness', '/shop/orders/7')),
      files: springService({ properties: 'server.servlet.context-path=/shop\n' }),
    },
    {
      name: 'Django path with a trailing slash (APPEND_SLASH redirects)',
      filename: 'k8s/web.yaml',
      code: deployment({ name: 'web', image: 'ghcr.io/acme/web:5', port: 8000, body: httpProbe('readiness', '/healthz') }),
      files: {
        'services/web/requirements.txt': 'Django==5.0.6\ngunicorn==22.0.0\n',
        'services/web/shop/urls.py': 'from django.urls import path\n\nfrom . import views\n\nurlpatterns = [\n    path("healthz/", views.healthz),\n]\n',
        'services/web/shop/views.py': 'from django.http import HttpResponse\n\n\ndef healthz(request):\n    return HttpResponse("ok")\n',
        'services/web/Dockerfile': 'FROM python:3.12-slim\nCOPY . /srv\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]\n',
      },
    },
    {
      name: 'routes registered dynamically: nothing is claimed',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/status')),
      files: expressService({ server: "const express = require('express');\nconst app = express();\nfor (const r of require('./routes')) app[r.method](r.path, r.handler);\napp.listen(3000);\n" }),
    },
    {
      name: 'no Dockerfile builds the image: no link, no finding',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/nope'), 'ghcr.io/acme/gateway:1.0'),
      files: { ...expressService(), 'services/worker/Dockerfile': 'FROM node:20\nCMD ["node", "worker.js"]\n' },
    },
    {
      name: 'two Dockerfiles in folders named "api": ambiguous, silent',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/nope')),
      files: { ...expressService(), ...expressService({ dir: 'legacy/api' }) },
    },
    {
      name: 'a public image is not linked to a folder of the same name',
      filename: 'deploy/k8s/redis.yaml',
      code: deployment({ name: 'redis', image: 'redis:7.2', port: 6379, body: httpProbe('liveness', '/nope') }),
      files: expressService({ dir: 'services/redis' }),
    },
    {
      name: 'a probe on another host is not the app',
      filename: 'deploy/k8s/api.yaml',
      code: api('          livenessProbe:\n            httpGet:\n              host: status.internal\n              path: /nope\n              port: 80\n'),
      files: expressService(),
    },
  ],
  invalid: [
    {
      name: 'the only app; a dev-container Dockerfile does not count as the image\'s build',
      filename: 'k8s/petclinic.yml',
      code: deployment({ name: 'petclinic', image: 'dsyer/petclinic', body: httpProbe('liveness', '/livez') }),
      files: { ...noDockerfile(springService()), '.devcontainer/Dockerfile': 'FROM mcr.microsoft.com/devcontainers/java:21\n' },
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 27 }],
    },
    {
      name: '/livez without add-additional-paths (Jib-built, linked by artifactId)',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/livez')),
      files: noDockerfile(springService()),
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 27 }],
    },
    {
      name: 'Jib: no Dockerfile, the image name is the Maven artifactId',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/actuator/health/liveness')),
      files: noDockerfile(springService({ actuator: false })),
      errors: [
        {
          messageId: 'actuatorMissing',
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 46,
          message:
            'The liveness probe of container "orders" requests GET /actuator/health/liveness, but Spring Boot Actuator is not a dependency of the app in services/orders (image "registry.acme.io/shop/orders:2.0.1" is assumed to be built from the app in services/orders/ without a Dockerfile (its name matches the Maven artifactId "orders")), so nothing serves it: the probe gets 404 and the kubelet kills and restarts the container over and over (crash loop, 503).',
          related: [{ file: 'services/orders/pom.xml', line: 9, column: 15 }],
        },
      ],
    },
    {
      name: 'buildpacks: no Dockerfile, the image name is the package.json name',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('readiness', '/ready'), 'europe-docker.pkg.dev/acme/apps/api:1.4.2'),
      files: { ...noDockerfile(expressService()), ...noDockerfile(flaskService()) },
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 27, related: [{ file: 'services/api/package.json', line: 2, column: 12 }] }],
    },
    {
      name: 'the only app of a run without a Dockerfile (image named after the product, not the package)',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/status'), 'ghcr.io/acme/storefront-backend:7'),
      files: noDockerfile(expressService()),
      errors: [
        {
          messageId: 'notServed',
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 28,
          message:
            'The liveness probe of container "api" requests GET /status, but no route of the Express app in services/api serves it (image "ghcr.io/acme/storefront-backend:7" is assumed to be built from the app in services/api/ without a Dockerfile (the only app in the run, and no Dockerfile builds images)): the probe gets 404 and the kubelet kills and restarts the container over and over (crash loop, 503).',
        },
      ],
    },
    {
      name: 'Express app without the probed route; the closest route is suggested',
      filename: 'deploy/k8s/api.yaml',
      code: api(httpProbe('liveness', '/health')),
      files: expressService(),
      errors: [
        {
          messageId: 'notServed',
          line: 20,
          column: 21,
          endLine: 20,
          endColumn: 28,
          related: [
            { file: 'services/api/Dockerfile', line: 1 },
            { file: 'services/api/src/server.js', line: 6 },
          ],
        },
      ],
    },
    {
      name: 'Spring app without Actuator, and a readiness path no controller maps (two errors)',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/actuator/health/liveness') + httpProbe('readiness', '/ready')),
      files: springService({ actuator: false }),
      errors: [
        { messageId: 'actuatorMissing', line: 20, column: 21, endLine: 20, endColumn: 46 },
        { messageId: 'notServed', line: 24, column: 21, endLine: 24, endColumn: 27 },
      ],
    },
    {
      name: 'Actuator moved to the management port: the app port does not serve it',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('liveness', '/actuator/health', 'http')),
      files: springService({ properties: 'server.port=8080\nmanagement.server.port=9090\n' }),
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 37 }],
    },
    {
      name: 'context path not in the probe path',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(httpProbe('readiness', '/actuator/health/readiness')),
      files: springService({ properties: 'server.servlet.context-path=/shop\n' }),
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 47 }],
    },
    {
      name: 'docker-compose declares the build (image name unlike the folder)',
      filename: 'deploy/checkout.yaml',
      code: deployment({ name: 'checkout', image: 'registry.acme.io/pay/checkout-svc:3.1', port: 5000, body: httpProbe('startup', '/healthz', 5000) }),
      files: {
        ...flaskService(),
        'docker-compose.yml': 'services:\n  checkout:\n    build:\n      context: ./services/checkout\n    image: registry.acme.io/pay/checkout-svc:dev\n',
      },
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 29, related: [{ file: 'docker-compose.yml', line: 4 }, { file: 'services/checkout/Dockerfile', line: 1 }] }],
    },
    {
      name: 'the only Dockerfile of the repository',
      filename: 'k8s/deployment.yaml',
      code: deployment({ name: 'shop', image: 'quay.io/acme/storefront:9', port: 3000, body: httpProbe('readiness', '/ready') }),
      files: { 'package.json': JSON.stringify({ dependencies: { express: '4.19.2' } }), 'src/server.js': "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('shop'));\napp.listen(3000);\n", Dockerfile: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "src/server.js"]\n' },
      errors: [{ messageId: 'notServed', line: 20, column: 21, endLine: 20, endColumn: 27, related: [{ file: 'Dockerfile', line: 1 }] }],
    },
  ],
});

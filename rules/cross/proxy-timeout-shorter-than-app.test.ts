import { RuleTester } from '../../src/testing/index.js';
import { deployment, flaskDockerfile, flaskService, ingress as ingressOf, service, springService } from '../../test/cross/snippets.js';
import rule from './proxy-timeout-shorter-than-app.js';

const checkoutK8s = `${deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3', port: 5000 })}---\n${service('checkout', 80, 'http')}`;
const ordersK8s = `${deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2' })}---\n${service('orders', 80, 'http')}`;
const slowCheckout = flaskService({ dockerfile: flaskDockerfile('"--bind", "0.0.0.0:5000", "--timeout", "120"') });
const slowOrders = springService({ properties: 'server.port=8080\nserver.tomcat.connection-timeout=90s\n' });

const site = (body: string) => `server {
    listen 80;
    server_name shop.example.com;
${body}}
`;

const ingress = (timeout: string, backend: string) => ingressOf({ backend, className: 'nginx', annotations: `    nginx.ingress.kubernetes.io/proxy-read-timeout: "${timeout}"\n` });

const storefront = (timeout: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Server port="8005" shutdown="SHUTDOWN">
  <Service name="Catalina">
    <Connector port="8080" protocol="HTTP/1.1" connectionTimeout="${timeout}" redirectPort="8443" />
    <Connector port="8009" protocol="AJP/1.3" secretRequired="false" />
    <Engine name="Catalina" defaultHost="localhost">
      <Host name="localhost" appBase="webapps" />
    </Engine>
  </Service>
</Server>
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'nginx waits longer than gunicorn lets a worker run',
      filename: 'nginx/conf.d/shop.conf',
      code: site('    location /checkout/ {\n        proxy_pass http://checkout;\n        proxy_read_timeout 150s;\n    }\n'),
      files: { ...slowCheckout, 'deploy/k8s/checkout.yaml': checkoutK8s },
    },
    {
      name: 'the app only has its default timeout',
      filename: 'nginx/conf.d/shop.conf',
      code: site('    location /checkout/ {\n        proxy_pass http://checkout;\n        proxy_read_timeout 10s;\n    }\n'),
      files: { ...flaskService(), 'deploy/k8s/checkout.yaml': checkoutK8s },
    },
    {
      name: 'the ingress waits 5 minutes, Spring keeps connections 90 s',
      filename: 'deploy/k8s/ingress.yaml',
      code: ingress('300', 'orders'),
      files: { ...slowOrders, 'deploy/k8s/orders.yaml': ordersK8s },
    },
    {
      name: 'a Service whose pods run an image built elsewhere',
      filename: 'nginx/conf.d/shop.conf',
      code: site('    location / {\n        proxy_pass http://checkout;\n        proxy_read_timeout 5s;\n    }\n'),
      files: { ...slowCheckout, 'deploy/k8s/checkout.yaml': checkoutK8s.replace('registry.acme.io/shop/checkout:3', 'ghcr.io/vendor/payments-gateway:8') },
    },
    {
      name: 'nginx gives up after 30 s; Spring Boot keeps idle connections 90 s: not a request timeout',
      filename: 'nginx/conf.d/shop.conf',
      code: site('    location /orders/ {\n        proxy_pass http://orders.default.svc.cluster.local;\n        proxy_read_timeout 30s;\n    }\n'),
      files: { ...slowOrders, 'deploy/k8s/orders.yaml': ordersK8s },
    },
    {
      name: 'a Tomcat connectionTimeout of 120 s behind nginx\'s default 60 s (Tomcat by folder name)',
      filename: 'nginx/conf.d/legacy.conf',
      code: site('    location / {\n        proxy_pass http://storefront:8080;\n    }\n'),
      files: { 'storefront/conf/server.xml': storefront('120000') },
    },
    {
      name: 'a Tomcat connector without a timeout (-1)',
      filename: 'nginx/conf.d/legacy.conf',
      code: site('    location / {\n        proxy_pass http://storefront:8080;\n        proxy_read_timeout 20s;\n    }\n'),
      files: { 'storefront/conf/server.xml': storefront('-1') },
    },
  ],
  invalid: [
    {
      name: 'nginx default 60 s; gunicorn.conf.py allows 120 s (host name matches the Dockerfile folder)',
      filename: 'nginx/nginx.conf',
      code: `events {}\nhttp {\n${site('    location / {\n        proxy_pass http://web:8000;\n    }\n')}}\n`,
      files: {
        'services/web/requirements.txt': 'Django==5.0.6\ngunicorn==22.0.0\n',
        'services/web/gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nworkers = 3\ntimeout = 120\n',
        'services/web/shop/urls.py': 'from django.urls import path\n\nurlpatterns = []\n',
        'services/web/Dockerfile': 'FROM python:3.12-slim\nCOPY . /srv\nEXPOSE 8000\nCMD ["gunicorn", "-c", "gunicorn.conf.py", "shop.wsgi"]\n',
      },
      errors: [{ messageId: 'nginxDefault', line: 7, column: 20, endLine: 7, endColumn: 35, related: [{ file: 'services/web/gunicorn.conf.py', line: 3, column: 11 }, { file: 'services/web/Dockerfile', line: 1, column: 6 }] }],
    },
    {
      name: 'ingress-nginx annotation below gunicorn --timeout',
      filename: 'deploy/k8s/ingress.yaml',
      code: ingress('30', 'checkout'),
      files: { ...slowCheckout, 'deploy/k8s/checkout.yaml': checkoutK8s },
      errors: [{ messageId: 'ingress', line: 6, column: 53, endLine: 6, endColumn: 57, related: [{ file: 'services/checkout/Dockerfile', line: 8, column: 57 }, { file: 'services/checkout/Dockerfile', line: 1, column: 6 }] }],
    },
    {
      name: 'two locations: Tomcat\'s connectionTimeout is not a request timeout, gunicorn\'s --timeout is',
      filename: 'nginx/conf.d/shop.conf',
      code: site('    location /legacy/ {\n        proxy_pass http://storefront:8080/;\n        proxy_read_timeout 60;\n    }\n    location /checkout/ {\n        proxy_pass http://checkout;\n        proxy_read_timeout 1m;\n    }\n'),
      files: { 'storefront/conf/server.xml': storefront('120000'), ...slowCheckout, 'deploy/k8s/checkout.yaml': checkoutK8s },
      errors: [{ messageId: 'nginx', line: 10, column: 28, endLine: 10, endColumn: 30, related: [{ file: 'services/checkout/Dockerfile', line: 8, column: 57 }, { file: 'services/checkout/Dockerfile', line: 1, column: 6 }] }],
    },
  ],
});

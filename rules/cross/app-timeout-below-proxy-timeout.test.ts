import { RuleTester } from '../../src/testing/index.js';
import { deployment, flaskDockerfile, flaskService, ingress as ingressOf, nginxWebCompose, service } from '../../test/cross/snippets.js';
import rule from './app-timeout-below-proxy-timeout.js';

const compose = nginxWebCompose;

const webDockerfile = (cmd: string) => `FROM python:3.12-slim
WORKDIR /srv
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
EXPOSE 8000
CMD ${cmd}
`;

const django = (cmd: string, extra: Record<string, string> = {}) => ({
  'services/web/requirements.txt': 'Django==5.0.6\ngunicorn==22.0.0\n',
  'services/web/shop/urls.py': 'from django.urls import path\n\nurlpatterns = []\n',
  'services/web/Dockerfile': webDockerfile(cmd),
  ...extra,
});

const site = (exportTimeout: string) => `server {
    listen 80;
    server_name shop.example.com;

    location / {
        proxy_pass http://web:8000;
    }

    location /reports/export/ {
        proxy_pass http://web:8000;
        proxy_read_timeout ${exportTimeout};
    }
}
`;

const ingress = (timeout: string) => ingressOf({ backend: 'checkout', className: 'nginx', annotations: `    nginx.ingress.kubernetes.io/proxy-read-timeout: "${timeout}"\n` });

const checkoutK8s = `${deployment({ name: 'checkout', image: 'registry.acme.io/shop/checkout:3', port: 5000 })}---\n${service('checkout', 80, 'http')}`;

const GUNICORN = '["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the export route waits 300 s, gunicorn allows 320 s',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django('["gunicorn", "--bind", "0.0.0.0:8000", "--timeout", "320", "shop.wsgi"]') },
    },
    {
      name: 'gevent workers: gunicorn\'s timeout is a heartbeat, not a request limit',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django('["gunicorn", "--bind", "0.0.0.0:8000", "-k", "gevent", "shop.wsgi"]') },
    },
    {
      name: 'four threads turn the sync worker into gthread',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django('["gunicorn", "--bind", "0.0.0.0:8000", "--threads", "4", "shop.wsgi"]') },
    },
    {
      name: 'the proxy keeps nginx\'s default (not raised on purpose)',
      filename: 'nginx/conf.d/shop.conf',
      code: site('60s'),
      files: { 'docker-compose.yml': compose(), ...django(GUNICORN) },
    },
    {
      name: 'raised, but not far above gunicorn\'s 30 s',
      filename: 'nginx/conf.d/shop.conf',
      code: site('45s'),
      files: { 'docker-compose.yml': compose(), ...django(GUNICORN) },
    },
    {
      name: 'the compose command sets --timeout over the image CMD',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose('    command: ["gunicorn", "--bind", "0.0.0.0:8000", "--timeout", "310", "shop.wsgi"]\n'), ...django(GUNICORN) },
    },
    {
      name: 'a config file the repository does not hold decides',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django('["gunicorn", "-c", "/etc/gunicorn/conf.py", "shop.wsgi"]') },
    },
    {
      name: 'gunicorn.conf.py picks gthread',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django(GUNICORN, { 'services/web/gunicorn.conf.py': 'workers = 3\nworker_class = "gthread"\nthreads = 8\n' }) },
    },
    {
      name: 'the app sets a longer timeout than the ingress waits: the other rule\'s finding, not this one',
      filename: 'deploy/k8s/ingress.yaml',
      code: ingress('120'),
      files: { ...flaskService({ dockerfile: flaskDockerfile('"--bind", "0.0.0.0:5000", "--timeout", "180"') }), 'deploy/k8s/checkout.yaml': checkoutK8s },
    },
  ],
  invalid: [
    {
      name: 'the export route waits 5 minutes; gunicorn kills the sync worker at its default 30 s',
      filename: 'nginx/conf.d/shop.conf',
      code: site('300s'),
      files: { 'docker-compose.yml': compose(), ...django(GUNICORN) },
      errors: [{ messageId: 'killedDefault', file: 'services/web/Dockerfile', line: 7, column: 6, endLine: 7, endColumn: 16, related: [{ file: 'nginx/conf.d/shop.conf', line: 11, column: 28 }, { file: 'docker-compose.yml', line: 11, column: 12 }, { file: 'services/web/Dockerfile', line: 1, column: 6 }] }],
    },
    {
      name: 'timeout = 30 in gunicorn.conf.py behind a 10-minute ingress',
      filename: 'deploy/k8s/ingress.yaml',
      code: ingress('600'),
      files: { ...flaskService(), 'services/checkout/gunicorn.conf.py': 'bind = "0.0.0.0:5000"\ntimeout = 30\n', 'deploy/k8s/checkout.yaml': checkoutK8s },
      errors: [{ messageId: 'killed', file: 'services/checkout/gunicorn.conf.py', line: 2, column: 11, endLine: 2, endColumn: 13 }],
    },
    {
      name: 'uWSGI harakiri 20 s in the compose command behind a 120 s location',
      filename: 'nginx/conf.d/shop.conf',
      code: site('120'),
      files: { 'docker-compose.yml': compose('    command: uwsgi --http :8000 --module shop.wsgi --harakiri 20\n'), ...django(GUNICORN) },
      errors: [{ messageId: 'killed', file: 'docker-compose.yml', line: 12, column: 52, endLine: 12, endColumn: 65 }],
    },
  ],
});

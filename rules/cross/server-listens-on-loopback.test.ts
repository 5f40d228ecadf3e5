import { RuleTester } from '../../src/testing/index.js';
import { deployment, service } from '../../test/cross/snippets.js';
import rule from './server-listens-on-loopback.js';

const flaskApp = `from flask import Flask

app = Flask(__name__)


@app.get("/health")
def health():
    return {"ok": True}


if __name__ == "__main__":
    app.run(host="127.0.0.1", port=5000)
`;

const requirements = 'flask==3.0.3\ngunicorn==22.0.0\n';

const flaskWsgi = 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index():\n    return "shop"\n';
const uwsgiShop = (bind: string) => `[uwsgi]\nmodule = wsgi:app\nmaster = true\nprocesses = 4\n${bind}\nharakiri = 60\nvacuum = true\n`;
const uwsgiCompose = 'services:\n  app:\n    build: ./app\n  nginx:\n    image: nginx:1.27-alpine\n    ports:\n      - "80:80"\n    volumes:\n      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro\n    depends_on:\n      - app\n';
const uwsgiNginx = 'server {\n    listen 80;\n    location / {\n        include uwsgi_params;\n        uwsgi_pass app:3031;\n    }\n}\n';
const uwsgiDockerfile = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["uwsgi", "--ini", "uwsgi.ini"]\n';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'gunicorn bound to every interface',
      filename: 'services/web/Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "shop.wsgi"]\n',
    },
    {
      name: 'flask run told its host by FLASK_RUN_HOST',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nENV FLASK_APP=app.py FLASK_RUN_HOST=0.0.0.0\nCOPY . .\nEXPOSE 5000\nCMD ["flask", "run"]\n',
    },
    {
      name: 'gunicorn in a Procfile binds 0.0.0.0:$PORT (the platform sets PORT)',
      filename: 'Procfile',
      code: 'web: gunicorn shop.wsgi --workers 3\n',
    },
    {
      name: 'flask run with FLASK_RUN_HOST in .flaskenv',
      filename: 'web/Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install flask python-dotenv\nEXPOSE 5000\nCMD ["flask", "run"]\n',
      files: { 'web/.flaskenv': 'FLASK_APP=shop\nFLASK_RUN_HOST=0.0.0.0\n' },
    },
    {
      name: 'gunicorn without --bind, but a gunicorn.conf.py in the build context may set it',
      filename: 'api/Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "api.wsgi"]\n',
      files: { 'api/gunicorn.conf.py': 'bind = "0.0.0.0:8000"\nworkers = 3\n' },
    },
    {
      name: 'gunicorn without --bind, with PORT set (gunicorn then binds 0.0.0.0:$PORT)',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nENV PORT=8080\nCOPY . .\nEXPOSE 8080\nCMD exec gunicorn app:app\n',
    },
    {
      name: 'a loopback server nothing outside the container reaches (a worker with a local admin port)',
      filename: 'worker/Dockerfile',
      code: 'FROM python:3.12-slim\nCOPY . .\nCMD ["uvicorn", "admin:app", "--host", "127.0.0.1"]\n',
    },
    {
      name: 'compose service on the host network',
      filename: 'docker-compose.yml',
      code: 'services:\n  api:\n    image: ghcr.io/acme/api:1\n    network_mode: host\n    command: uvicorn main:app --host 127.0.0.1 --port 8000\n    ports:\n      - "8000:8000"\n',
    },
    {
      name: 'a sidecar proxy in the same pod reaches the app on localhost',
      filename: 'deploy/api.yaml',
      code: `${deployment({
        name: 'api',
        image: 'ghcr.io/acme/api:1',
        port: 8080,
        body: '          args: ["uvicorn", "main:app", "--host", "127.0.0.1", "--port", "8000"]\n        - name: envoy\n          image: envoyproxy/envoy:v1.30.1\n',
      })}---\n${service('api', 80, 8080)}`,
    },
    {
      name: 'the Flask app binds 0.0.0.0 itself',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nCMD ["python", "app.py"]\n',
      files: { 'app.py': flaskApp.replace('127.0.0.1', '0.0.0.0'), 'requirements.txt': requirements },
    },
    {
      name: 'gunicorn imports the module, so its app.run() never runs',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
      files: { 'app.py': flaskApp, 'requirements.txt': requirements },
    },
    {
      name: 'the image relies on flask run\'s default, and the Deployment that runs it sets FLASK_RUN_HOST',
      filename: 'deploy/reports.yaml',
      code: `${deployment({ name: 'reports', image: 'ghcr.io/acme/reports:1', port: 5000, body: '          env:\n            - name: FLASK_RUN_HOST\n              value: 0.0.0.0\n' })}---\n${service('reports', 80, 5000)}`,
      files: { 'reports/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nCMD ["flask", "run"]\n' },
    },
    {
      name: 'uWSGI told to listen on every interface by the uwsgi.ini its command names',
      filename: 'compose.yaml',
      code: uwsgiCompose,
      files: { 'nginx/default.conf': uwsgiNginx, 'app/Dockerfile': uwsgiDockerfile, 'app/uwsgi.ini': uwsgiShop('socket = :3031'), 'app/wsgi.py': flaskWsgi, 'app/requirements.txt': 'flask==3.0.3\nuwsgi==2.0.26\n' },
    },
    {
      name: 'uWSGI on a Unix socket in uwsgi.ini, shared with nginx in the same image',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\nWORKDIR /srv\nCOPY . .\nEXPOSE 80\nCMD ["uwsgi", "--ini", "/srv/uwsgi.ini"]\n',
      files: { 'uwsgi.ini': uwsgiShop('socket = /tmp/uwsgi.sock\nchmod-socket = 666') },
    },
  ],
  invalid: [
    {
      name: 'uWSGI binds its uwsgi socket to 127.0.0.1 in uwsgi.ini while nginx in another service passes to it',
      filename: 'app/uwsgi.ini',
      code: uwsgiShop('socket = 127.0.0.1:3031'),
      files: { 'compose.yaml': uwsgiCompose, 'nginx/default.conf': uwsgiNginx, 'app/Dockerfile': uwsgiDockerfile, 'app/wsgi.py': flaskWsgi, 'app/requirements.txt': 'flask==3.0.3\nuwsgi==2.0.26\n' },
      errors: [{ messageId: 'loopback', line: 5, column: 10, endLine: 5, endColumn: 24, related: [{ file: 'compose.yaml', line: 11 }, { file: 'app/Dockerfile', line: 6 }] }],
    },
    {
      name: 'uWSGI started with its INI file as the only argument, whose http router listens on localhost',
      filename: 'deploy/uwsgi-prod.ini',
      code: '[uwsgi]\nwsgi-file = shop/wsgi.py\nhttp = localhost:8000\nprocesses = 2\n',
      files: { 'Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD uwsgi deploy/uwsgi-prod.ini\n' },
      errors: [{ messageId: 'loopback', line: 3, column: 8, endLine: 3, endColumn: 22, related: [{ file: 'Dockerfile', line: 4 }, { file: 'Dockerfile', line: 5 }] }],
    },
    {
      name: 'an image without EXPOSE, reached through the Service of the Deployment that runs it',
      filename: 'reports/Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD ["uvicorn", "main:app", "--port", "5000"]\n',
      files: { 'deploy/reports.yaml': `${deployment({ name: 'reports', image: 'ghcr.io/acme/reports:1', port: 5000 })}---\n${service('reports', 80, 5000)}` },
      errors: [{ messageId: 'loopback', line: 4, column: 6, endLine: 4, endColumn: 15, related: [{ file: 'deploy/reports.yaml', line: 22 }, { file: 'deploy/reports.yaml', line: 17 }] }],
    },
    {
      name: 'flask run with its default host in an image that exposes the port',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nENV FLASK_APP=app.py\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nCMD ["flask", "run", "--port", "5000"]\n',
      errors: [{ messageId: 'loopback', line: 6, column: 6, endLine: 6, endColumn: 20, related: [{ file: 'Dockerfile', line: 5 }] }],
    },
    {
      name: 'gunicorn bound to 127.0.0.1 by the compose command, published on the host',
      filename: 'compose.yaml',
      code: 'services:\n  web:\n    build: ./web\n    command: gunicorn --workers 3 --bind 127.0.0.1:8000 shop.wsgi\n    ports:\n      - "8000:8000"\n',
      files: { 'web/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nCMD ["gunicorn", "shop.wsgi"]\n' },
      errors: [{ messageId: 'loopback', line: 4, column: 35, endLine: 4, endColumn: 56, related: [{ file: 'compose.yaml', line: 6 }] }],
    },
    {
      name: 'the Flask app started with python binds 127.0.0.1 in app.run()',
      filename: 'app.py',
      code: flaskApp,
      files: { 'Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 5000\nCMD ["python", "app.py"]\n', 'requirements.txt': requirements },
      errors: [{ messageId: 'loopback', line: 12, column: 18, endLine: 12, endColumn: 29, related: [{ file: 'Dockerfile', line: 4 }, { file: 'Dockerfile', line: 5 }] }],
    },
    {
      name: 'runserver without an address, and uvicorn told localhost in Kubernetes args (two errors)',
      filename: 'deploy/k8s/api.yaml',
      code: `${deployment({ name: 'api', image: 'ghcr.io/acme/api:1', port: 8000, body: '          args: ["uvicorn", "main:app", "--host", "localhost", "--port", "8000"]\n' })}---\n${service('api', 80, 8000)}`,
      files: {
        'admin/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nENTRYPOINT ["python3"]\nCMD ["manage.py", "runserver"]\n',
      },
      errors: [
        { messageId: 'loopback', file: 'admin/Dockerfile', line: 6, column: 19, endLine: 6, endColumn: 30 },
        { messageId: 'loopback', line: 18, column: 41, endLine: 18, endColumn: 62, related: [{ file: 'deploy/k8s/api.yaml', line: 23 }, { file: 'deploy/k8s/api.yaml', line: 17 }] },
      ],
    },
    {
      name: 'gunicorn without --bind reads gunicorn.conf.py, which binds 127.0.0.1',
      filename: 'services/web/gunicorn.conf.py',
      code: '# gunicorn settings\nbind = "127.0.0.1:8000"\nworkers = 3\n',
      files: { 'services/web/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nEXPOSE 8000\nCMD ["gunicorn", "shop.wsgi"]\n' },
      errors: [{ messageId: 'loopback', line: 2, column: 8, endLine: 2, endColumn: 24, related: [{ file: 'services/web/Dockerfile', line: 4 }, { file: 'services/web/Dockerfile', line: 5 }] }],
    },
    {
      name: 'the web process of a Procfile runs flask run without a host',
      filename: 'Procfile',
      code: 'release: flask db upgrade\nweb: flask run --port $PORT\nworker: celery -A tasks worker\n',
      errors: [{ messageId: 'loopback', line: 2, column: 6, endLine: 2, endColumn: 15, related: [{ file: 'Procfile', line: 2 }] }],
    },
    {
      name: 'an Express app that listens on localhost in an image that exposes its port',
      filename: 'server.js',
      code: "const express = require('express');\nconst app = express();\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(3000, 'localhost', () => console.log('up'));\n",
      files: {
        'package.json': JSON.stringify({ name: 'web', version: '1.0.0', dependencies: { express: '^4.19.2' } }, null, 2),
        Dockerfile: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci --omit=dev\nEXPOSE 3000\nCMD ["node", "server.js"]\n',
      },
      errors: [{ messageId: 'loopback', line: 4, column: 18, endLine: 4, endColumn: 29, related: [{ file: 'Dockerfile', line: 5 }, { file: 'Dockerfile', line: 6 }] }],
    },
  ],
});

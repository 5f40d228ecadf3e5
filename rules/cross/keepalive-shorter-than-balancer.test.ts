import { RuleTester } from '../../src/testing/index.js';
import { deployment, expressServer, expressService, ingress, nginxWebCompose, nodeDockerfile, service } from '../../test/cross/snippets.js';
import rule from './keepalive-shorter-than-balancer.js';

const albIngress = (annotations = '', className = 'alb') => ingress({ backend: 'api', className, annotations: `    alb.ingress.kubernetes.io/scheme: internet-facing\n${annotations}` });

const apiK8s = `${deployment({ name: 'api', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', port: 3000 })}---\n${service('api', 80, 'http')}`;

const tunedServer = (keepAlive: string, headers: string) => expressServer.replace('app.listen(port);\n', `const server = app.listen(port);\nserver.keepAliveTimeout = ${keepAlive};\nserver.headersTimeout = ${headers};\n`);

const compose = nginxWebCompose();

const upstreamSite = (upstream: string, location: string) => `upstream web_app {
    server web:8000;
${upstream}}

server {
    listen 80;
    location / {
        proxy_pass http://web_app;
${location}    }
}
`;

const KEEP = '        proxy_http_version 1.1;\n        proxy_set_header Connection "";\n        proxy_set_header Host $host;\n';

const pyService = (cmd: string) => ({
  'services/web/requirements.txt': 'fastapi==0.111.0\nuvicorn==0.30.1\ngunicorn==22.0.0\n',
  'services/web/app/main.py': 'from fastapi import FastAPI\n\napp = FastAPI()\n\n\n@app.get("/health")\ndef health():\n    return {"ok": True}\n',
  'services/web/Dockerfile': `FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nEXPOSE 8000\nCMD ${cmd}\n`,
});

const nextApp = (cmd: string) => ({
  'web/package.json': JSON.stringify({ name: 'storefront', scripts: { build: 'next build', start: 'next start' }, dependencies: { next: '14.2.5', react: '18.3.1' } }, null, 2),
  'web/Dockerfile': `FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci && npm run build\nEXPOSE 3000\nCMD ${cmd}\n`,
});

const webK8s = `${deployment({ name: 'web', image: 'registry.example.com/shop/web:2.0.1', port: 3000 })}---\n${service('web', 80, 'http')}`;

const webIngress = albIngress().replace('name: api', 'name: web');

const traefikCompose = (o: { flags?: string; volumes?: string; labels?: string } = {}) => `services:
  traefik:
    image: traefik:v3.1
    command:
      - --providers.docker=true
      - --entrypoints.web.address=:80
${o.flags ?? ''}    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
${o.volumes ?? ''}  api:
    build: ./services/api
    labels:
${o.labels ?? '      - traefik.http.routers.api.rule=Host(`shop.example.com`)\n      - traefik.http.services.api.loadbalancer.server.port=3000\n'}`;

const lbService = (annotations: string) => `apiVersion: v1
kind: Service
metadata:
  name: api
  annotations:
${annotations}spec:
  type: LoadBalancer
  selector: { app: api }
  ports:
    - name: http
      port: 80
      targetPort: http
`;

const apiDeployment = deployment({ name: 'api', image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/api:1.4.2', port: 3000 });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'behind an ALB, keepAliveTimeout 65 s and headersTimeout 66 s',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress(),
      files: { ...expressService({ server: tunedServer('65000', '66000') }), 'deploy/k8s/api.yaml': apiK8s },
    },
    {
      name: 'an ingress-nginx Ingress is no ALB',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress('', 'nginx').replace('    alb.ingress.kubernetes.io/scheme: internet-facing\n', '    nginx.ingress.kubernetes.io/proxy-body-size: 8m\n'),
      files: { ...expressService(), 'deploy/k8s/api.yaml': apiK8s },
    },
    {
      name: 'the Node version is not known from the image tag (node:lts): no default claimed',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress(),
      files: { ...expressService({ dockerfile: nodeDockerfile().replace('node:20-alpine', 'node:lts-alpine') }), 'deploy/k8s/api.yaml': apiK8s },
    },
    {
      name: 'Node 26 keeps idle connections 65 s by default',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress(),
      files: { ...expressService({ dockerfile: nodeDockerfile().replace('node:20-alpine', 'node:26-alpine') }), 'deploy/k8s/api.yaml': apiK8s },
    },
    {
      name: 'the keep-alive comes from configuration the linter cannot read',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress(),
      files: { ...expressService({ server: tunedServer('Number(process.env.KEEP_ALIVE_MS)', '66000') }), 'deploy/k8s/api.yaml': apiK8s },
    },
    {
      name: 'upstream keepalive without HTTP/1.1 and a cleared Connection header: nginx closes every connection',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('    keepalive 32;\n', '        proxy_set_header Host $host;\n'),
      files: { 'docker-compose.yml': compose, ...pyService('["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "--bind", "0.0.0.0:8000", "app.main:app"]') },
    },
    {
      name: 'gunicorn\'s sync worker closes each connection: no race',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('    keepalive 32;\n', KEEP),
      files: { 'docker-compose.yml': compose, ...pyService('["gunicorn", "--bind", "0.0.0.0:8000", "app.main:app"]') },
    },
    {
      name: 'uvicorn keeps idle connections 75 s, nginx 60 s',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('    keepalive 32;\n', KEEP),
      files: { 'docker-compose.yml': compose, ...pyService('["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--timeout-keep-alive", "75"]') },
    },
    {
      name: 'no keepalive in the upstream group',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('', KEEP),
      files: { 'docker-compose.yml': compose, ...pyService('["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]') },
    },
    {
      name: 'next start --keepAliveTimeout 65000 behind an ALB',
      filename: 'deploy/k8s/ingress.yaml',
      code: webIngress,
      files: { ...nextApp('["npx", "next", "start", "--keepAliveTimeout", "65000"]'), 'deploy/k8s/web.yaml': webK8s },
    },
    {
      name: 'behind Traefik (90 s toward backends), keepAliveTimeout 95 s',
      filename: 'docker-compose.yml',
      code: traefikCompose(),
      files: expressService({ server: tunedServer('95000', '96000') }),
    },
    {
      name: 'Traefik reads a static configuration file the rule does not read',
      filename: 'docker-compose.yml',
      code: traefikCompose({ volumes: '      - ./traefik/traefik.yml:/etc/traefik/traefik.yml:ro\n' }),
      files: expressService(),
    },
    {
      name: 'Traefik exposes only enabled services, and this one has no traefik.enable',
      filename: 'docker-compose.yml',
      code: traefikCompose({ flags: '      - --providers.docker.exposedbydefault=false\n' }),
      files: expressService(),
    },
    {
      name: 'an NLB Service passes TCP through and pools nothing',
      filename: 'deploy/k8s/api-lb.yaml',
      code: lbService('    service.beta.kubernetes.io/aws-load-balancer-type: nlb\n    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http\n'),
      files: { ...expressService(), 'deploy/k8s/api.yaml': apiDeployment },
    },
    {
      name: 'a Classic Load Balancer with TCP listeners (no backend-protocol) pools nothing',
      filename: 'deploy/k8s/api-lb.yaml',
      code: lbService('    service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: "120"\n'),
      files: { ...expressService(), 'deploy/k8s/api.yaml': apiDeployment },
    },
  ],
  invalid: [
    {
      name: 'Express on Node 20 behind a Classic Load Balancer with HTTP listeners and a 120 s idle timeout',
      filename: 'deploy/k8s/api-lb.yaml',
      code: lbService('    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http\n    service.beta.kubernetes.io/aws-load-balancer-connection-idle-timeout: "120"\n'),
      files: { ...expressService(), 'deploy/k8s/api.yaml': apiDeployment },
      errors: [{ messageId: 'race', file: 'services/api/src/server.js', line: 16, column: 1, endLine: 16, endColumn: 11, related: [{ file: 'deploy/k8s/api-lb.yaml', line: 7, column: 75 }] }],
    },
    {
      name: 'Express on Node 20 behind Traefik from compose labels',
      filename: 'docker-compose.yml',
      code: traefikCompose(),
      files: expressService(),
      errors: [{ messageId: 'race', file: 'services/api/src/server.js', line: 16, column: 1, endLine: 16, endColumn: 11, related: [{ file: 'docker-compose.yml', line: 3, column: 12 }] }],
    },
    {
      name: 'Traefik idleconntimeout raised to 2m, keepAliveTimeout 95 s',
      filename: 'docker-compose.yml',
      code: traefikCompose({ flags: '      - --serverstransport.forwardingtimeouts.idleconntimeout=2m\n', labels: '      - traefik.enable=true\n' }),
      files: expressService({ server: tunedServer('95000', '96000') }),
      errors: [{ messageId: 'race', file: 'services/api/src/server.js', line: 17, column: 1, endLine: 17, endColumn: 32, related: [{ file: 'docker-compose.yml', line: 7, column: 9 }] }],
    },
    {
      name: 'next start on Node 20 behind an ALB',
      filename: 'deploy/k8s/ingress.yaml',
      code: webIngress,
      files: { ...nextApp('["npx", "next", "start"]'), 'deploy/k8s/web.yaml': webK8s },
      errors: [{ messageId: 'race', file: 'web/Dockerfile', line: 6, column: 21, endLine: 6, endColumn: 28 }],
    },
    {
      name: 'Express on Node 20 (5 s) behind an ALB (60 s by default)',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress(),
      files: { ...expressService(), 'deploy/k8s/api.yaml': apiK8s },
      errors: [{ messageId: 'race', file: 'services/api/src/server.js', line: 16, column: 1, endLine: 16, endColumn: 11, related: [{ file: 'deploy/k8s/ingress.yaml', line: 4, column: 9 }] }],
    },
    {
      name: 'keepAliveTimeout 65 s behind an ALB whose idle timeout was raised to 120 s',
      filename: 'deploy/k8s/ingress.yaml',
      code: albIngress('    alb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=120,routing.http2.enabled=true\n'),
      files: { ...expressService({ server: tunedServer('65 * 1000', '66 * 1000') }), 'deploy/k8s/api.yaml': apiK8s },
      errors: [{ messageId: 'race', file: 'services/api/src/server.js', line: 17, column: 1, endLine: 17, endColumn: 36, related: [{ file: 'deploy/k8s/ingress.yaml', line: 7, column: 57 }] }],
    },
    {
      name: 'nginx upstream keepalive (60 s default) in front of gunicorn with uvicorn workers (2 s default)',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('    keepalive 32;\n', KEEP),
      files: { 'docker-compose.yml': compose, ...pyService('["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "--bind", "0.0.0.0:8000", "app.main:app"]') },
      errors: [{ messageId: 'race', file: 'services/web/Dockerfile', line: 6, column: 6, endLine: 6, endColumn: 16, related: [{ file: 'nginx/conf.d/default.conf', line: 3, column: 5 }] }],
    },
    {
      name: 'keepalive_timeout 75s in the upstream, uvicorn --timeout-keep-alive 30',
      filename: 'nginx/conf.d/default.conf',
      code: upstreamSite('    keepalive 16;\n    keepalive_timeout 75s;\n', KEEP),
      files: { 'docker-compose.yml': compose, ...pyService('["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--timeout-keep-alive", "30"]') },
      errors: [{ messageId: 'race', file: 'services/web/Dockerfile', line: 6, column: 72, endLine: 6, endColumn: 100, related: [{ file: 'nginx/conf.d/default.conf', line: 4, column: 23 }] }],
    },
  ],
});

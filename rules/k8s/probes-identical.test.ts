import { RuleTester } from '../../src/testing/index.js';
import rule from './probes-identical.js';

const pod = (probes: string) => `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web:2.3.1
      ports:
        - name: http
          containerPort: 8000
${probes}`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from GoogleCloudPlatform/microservices-demo kubernetes-manifests/cartservice.yaml (redis-cart).
      name: 'the same TCP check for both on a datastore: a connect is answered while the server is busy',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-cart
spec:
  selector:
    matchLabels:
      app: redis-cart
  template:
    metadata:
      labels:
        app: redis-cart
    spec:
      containers:
      - name: redis
        image: redis:alpine
        ports:
        - containerPort: 6379
        readinessProbe:
          periodSeconds: 5
          tcpSocket:
            port: 6379
        livenessProbe:
          periodSeconds: 5
          tcpSocket:
            port: 6379
`,
    },
    pod(`      livenessProbe:
        httpGet: { path: /healthz, port: http }
      readinessProbe:
        httpGet: { path: /ready, port: http }
`),
    {
      name: 'same endpoint, more tolerant liveness',
      code: pod(`      livenessProbe:
        httpGet: { path: /healthz, port: http }
        failureThreshold: 6
      readinessProbe:
        httpGet: { path: /healthz, port: http }
`),
    },
    {
      name: 'only one probe',
      code: pod(`      readinessProbe:
        tcpSocket: { port: http }
`),
    },
  ],
  invalid: [
    {
      code: pod(`      livenessProbe:
        httpGet: { path: /healthz, port: http }
        periodSeconds: 10
      readinessProbe:
        httpGet: { port: http, path: /healthz }
`).replace('  name: web\n', '  name: web\n  labels: { app: web }\n'),
      files: { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec:\n  selector: { app: web }\n  ports: [{ port: 80, targetPort: http }]\n' },
      errors: [{ messageId: 'identical', line: 13, column: 7, endLine: 13, endColumn: 20, related: [{ file: 'deploy.yaml', line: 16 }] }],
    },
    {
      name: 'one anchored probe used for both, and two HTTP probes equal once defaults apply, in two Deployments of one file',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:2.3.1
          livenessProbe: &probe
            exec: { command: [cat, /tmp/healthy] }
          readinessProbe: *probe
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: admin }
spec:
  template:
    spec:
      containers:
        - name: admin
          image: ghcr.io/acme/web:2.3.1
          readinessProbe:
            httpGet:
              port: 8000
            timeoutSeconds: 1
          livenessProbe:
            httpGet:
              port: 8000
`,
      errors: [
        { messageId: 'identical', line: 10, column: 11, endLine: 10, endColumn: 24 },
        { messageId: 'identical', line: 27, column: 11, endLine: 27, endColumn: 24 },
      ],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './readiness-probe-missing.js';

const api = (ns = '', probe = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
  replicas: 2
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api, tier: backend }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports:
            - containerPort: 3000
${probe}`;

const service = (ns = '') => `apiVersion: v1
kind: Service
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 3000
`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from kubernetes/examples _archived/volumes/cinder/cinder-web.yaml: a demo pod.
      name: 'a bare Pod with a port that no Service selects',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: cinder-web
spec:
  containers:
    - name: web
      image: nginx:1.27
      ports:
        - name: web
          containerPort: 80
`,
    },
    {
      // Minimised from istio/istio samples/security/spire/sleep-spire.yaml: a client pod to exec into.
      name: 'a pod that only sleeps serves nothing, even when a Service selects it',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: sleep
spec:
  template:
    metadata:
      labels:
        app: sleep
    spec:
      containers:
      - name: sleep
        image: docker.io/curlimages/curl:8.16.0
        command: ["/bin/sleep", "infinity"]
---
apiVersion: v1
kind: Service
metadata:
  name: sleep
spec:
  selector:
    app: sleep
  ports:
  - port: 80
`,
    },
    {
      name: 'probe present, Service in another folder',
      filename: 'deploy/api/deployment.yaml',
      code: api('', '          readinessProbe:\n            httpGet: { path: /ready, port: 3000 }\n'),
      files: { 'deploy/services/api.yaml': service() },
    },
    {
      name: 'a worker without ports and no Service',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: { name: worker }
spec:
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - name: worker
          image: ghcr.io/acme/worker:1.0.0
`,
    },
    {
      name: 'a sidecar without ports in a selected pod is not the serving container',
      code: api('', '          readinessProbe: { tcpSocket: { port: 3000 } }\n        - name: log-shipper\n          image: fluent/fluent-bit:3.0.7\n'),
      files: { 'svc.yaml': service() },
    },
    {
      name: 'Jobs are exempt',
      code: `apiVersion: batch/v1
kind: Job
metadata: { name: seed }
spec:
  template:
    metadata: { labels: { app: api } }
    spec:
      restartPolicy: Never
      containers:
        - name: seed
          image: ghcr.io/acme/api:1.4.2
          ports: [{ containerPort: 3000 }]
`,
      files: { 'svc.yaml': service() },
    },
  ],
  invalid: [
    {
      name: 'cross-file: the Service in another folder selects the pod',
      filename: 'deploy/api/deployment.yaml',
      code: api(),
      files: { 'deploy/services/api.yaml': service() },
      errors: [{ messageId: 'selected', line: 14, column: 11, endLine: 14, endColumn: 20, severity: 'error', related: [{ file: 'deploy/services/api.yaml', line: 6 }] }],
    },
    {
      name: 'no Service in the run: a warning',
      code: api(),
      errors: [{ messageId: 'missing', line: 14, column: 11, endLine: 14, endColumn: 20, severity: 'warning' }],
    },
    {
      name: 'a Service in another namespace does not select the pod',
      code: api('shop'),
      files: { 'svc.yaml': service('payments') },
      errors: [{ messageId: 'missing', line: 15, column: 11, endLine: 15, endColumn: 20, severity: 'warning' }],
    },
    {
      name: 'explicit "default" namespace matches an object without one',
      code: api('default'),
      files: { 'svc.yaml': service() },
      errors: [{ messageId: 'selected', line: 15, column: 11, endLine: 15, endColumn: 20, severity: 'error' }],
    },
    {
      name: 'same file, two containers with ports and no probes',
      code: `${service()}---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports: [{ containerPort: 3000 }]
        - name: metrics
          image: prom/statsd-exporter:v0.26.1
          ports: [{ containerPort: 9102 }]
`,
      errors: [
        { messageId: 'selected', line: 22, column: 11, endLine: 22, endColumn: 20 },
        { messageId: 'selected', line: 25, column: 11, endLine: 25, endColumn: 24 },
      ],
    },
  ],
});

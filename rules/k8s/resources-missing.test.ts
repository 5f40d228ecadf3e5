import { RuleTester } from '../../src/testing/index.js';
import rule from './resources-missing.js';

const deploy = (resources: string, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web${ns ? `\n  namespace: ${ns}` : ''}
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:2.3.1
          ports: [{ containerPort: 8080 }]
${resources}`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'a batch Job and a worker that serves no request: no 5xx to speak of',
      code: `apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-report }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{ name: report, image: "ghcr.io/acme/report:1.0.2" }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: mailer }
spec:
  template:
    metadata: { labels: { app: mailer } }
    spec:
      containers: [{ name: mailer, image: "ghcr.io/acme/mailer:1.0.2", command: [python, -m, mailer.consume] }]
`,
    },
    deploy(`          resources:
            requests: { cpu: 250m, memory: 384Mi }
            limits: { memory: 384Mi }
`),
    {
      name: 'a memory limit alone: the request defaults to it; a CPU limit alone likewise',
      code: deploy(`          resources:
            limits:
              memory: 256Mi
              cpu: "1"
`),
    },
    {
      name: 'a LimitRange in the same namespace supplies defaults',
      code: deploy('', 'shop'),
      files: {
        'limits.yaml': `apiVersion: v1
kind: LimitRange
metadata: { name: defaults, namespace: shop }
spec:
  limits:
    - type: Container
      default: { memory: 512Mi }
      defaultRequest: { cpu: 100m }
`,
      },
    },
    {
      name: 'init containers are not checked',
      code: deploy(`          resources: { requests: { cpu: 100m }, limits: { memory: 128Mi } }
      initContainers:
        - name: migrate
          image: ghcr.io/acme/web:2.3.1
`),
    },
  ],
  invalid: [
    {
      name: 'no resources at all',
      code: deploy(''),
      errors: [{ messageId: 'none', line: 9, column: 11, endLine: 9, endColumn: 20 }],
    },
    {
      name: 'a LimitRange in another namespace does not count; empty resources',
      code: deploy('          resources: {}\n', 'shop'),
      files: { 'limits.yaml': 'apiVersion: v1\nkind: LimitRange\nmetadata: { name: defaults }\nspec:\n  limits:\n    - default: { memory: 512Mi, cpu: 500m }\n' },
      errors: [{ messageId: 'none', line: 13, column: 11, endLine: 13, endColumn: 20 }],
    },
    {
      name: 'requests only: no memory limit (two containers, two documents)',
      code: `${deploy(`          resources:
            requests:
              cpu: 250m
              memory: 256Mi
`)}---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: cache }
spec:
  template:
    spec:
      containers:
        - name: redis
          image: redis:7.2
          ports: [{ containerPort: 6379 }]
          resources:
            limits:
              memory: 1Gi
`,
      errors: [
        { messageId: 'memoryLimit', line: 13, column: 13, endLine: 13, endColumn: 21 },
        { messageId: 'cpuRequest', line: 28, column: 13, endLine: 28, endColumn: 19 },
      ],
    },
    {
      name: 'requests.memory only: both findings at the requests key',
      code: deploy(`          resources:
            requests:
              memory: 256Mi
`),
      errors: [
        { messageId: 'cpuRequest', line: 13, column: 13, endLine: 13, endColumn: 21 },
        { messageId: 'memoryLimit', line: 13, column: 13, endLine: 13, endColumn: 21 },
      ],
    },
  ],
});

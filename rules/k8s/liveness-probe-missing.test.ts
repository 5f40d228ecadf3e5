import { RuleTester } from '../../src/testing/index.js';
import rule from './liveness-probe-missing.js';

const deployment = (container: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
${container}`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from kubernetes/examples _archived/volumes/storageos/storageos-pvcpod.yaml.
      name: 'a bare Pod that no Service selects is a one-off test pod',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: test-storageos-redis-pvc\nspec:\n  containers:\n    - name: master\n      image: kubernetes/redis:v1\n      ports:\n        - containerPort: 6379\n',
    },
    {
      // Minimised from GoogleCloudPlatform/kubernetes-engine-samples security/wi-secrets/manifests/readonly-pod.yaml.
      name: 'a client pod that sleeps serves no request',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: readonly-test
spec:
  containers:
  - name: readonly-test
    image: google/cloud-sdk:slim
    command: ["sleep", "infinity"]
`,
    },
    {
      name: 'a Job, a queue worker no Service selects, a node agent and an exporter with a metrics port',
      code: `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{ name: migrate, image: "ghcr.io/acme/api:1.4.2", args: [migrate] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: worker }
spec:
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers: [{ name: worker, image: "ghcr.io/acme/api:1.4.2", args: [celery, worker] }]
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: log-agent }
spec:
  template:
    spec:
      containers: [{ name: fluent-bit, image: "fluent/fluent-bit:3.0.7", ports: [{ containerPort: 2020 }] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: redis-exporter }
spec:
  template:
    metadata: { labels: { app: redis-exporter } }
    spec:
      containers: [{ name: exporter, image: "oliver006/redis_exporter:v1.62.0", ports: [{ containerPort: 9121 }] }]
`,
    },
    deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          livenessProbe:
            httpGet: { path: /healthz, port: 3000 }
`),
    {
      name: 'Jobs and CronJobs run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata: { name: migrate }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/acme/api:1.4.2
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: report }
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: report
              image: ghcr.io/acme/report:2.0.0
`,
    },
    {
      name: 'init containers are exempt',
      code: deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          livenessProbe: { tcpSocket: { port: 3000 } }
      initContainers:
        - name: wait-for-db
          image: busybox:1.36
`),
    },
    {
      name: 'a run-to-completion Pod',
      code: `apiVersion: v1
kind: Pod
metadata: { name: smoke-test }
spec:
  restartPolicy: OnFailure
  containers:
    - name: curl
      image: curlimages/curl:8.8.0
`,
    },
    {
      name: 'kinds that are not workloads',
      code: `apiVersion: v1
kind: ConfigMap
metadata: { name: cfg }
data:
  containers: "none"
`,
    },
  ],
  invalid: [
    {
      code: deployment(`        - name: api
          image: ghcr.io/acme/api:1.4.2
          readinessProbe:
            httpGet: { path: /ready, port: 3000 }
`),
      errors: [{ messageId: 'missing', line: 14, column: 11, endLine: 14, endColumn: 20 }],
    },
    {
      name: 'multi-document file, an anchor reused by alias, and a List',
      filename: 'k8s/all.yaml',
      code: `# Two documents and a List
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - &pg
          name: postgres
          image: postgres:16.3
          ports: [{ containerPort: 5432 }]
---
apiVersion: v1
kind: List
items:
  - apiVersion: apps/v1
    kind: DaemonSet
    metadata: { name: log-agent }
    spec:
      template:
        spec:
          containers:
            - name: fluent-bit
              image: fluent/fluent-bit:3.0.7
`,
      errors: [{ messageId: 'missing', line: 11, column: 11, endLine: 11, endColumn: 25 }],
    },
    {
      name: 'a container without a name is reported at its first key (a Pod a Service selects)',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels: { app: web }
spec:
  containers:
  - image: nginx:1.27
    ports: [{ containerPort: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 80 }]
`,
      errors: [{ messageId: 'missing', line: 8, column: 5, endLine: 8, endColumn: 22 }],
    },
  ],
});

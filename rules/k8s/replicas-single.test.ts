import { RuleTester } from '../../src/testing/index.js';
import rule from './replicas-single.js';

const deploy = (replicas: string, kind = 'Deployment', ns = '') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
${replicas}  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
          ports: [{ containerPort: 8080 }]
`;

const hpa = (min: string, ns = '') => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: api
${min}  maxReplicas: 10
`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from GoogleCloudPlatform/kubernetes-engine-samples databases/cloud-pubsub/deployment/pubsub-hpa.yaml.
      name: 'an HPA down to one replica of a queue worker scaled on its backlog',
      filename: 'k8s/pubsub-hpa.yaml',
      code: 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: pubsub\nspec:\n  minReplicas: 1\n  maxReplicas: 5\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: pubsub\n',
      files: { 'k8s/pubsub-deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: pubsub\nspec:\n  template:\n    spec:\n      containers:\n      - name: subscriber\n        image: us-docker.pkg.dev/google-samples/containers/gke/pubsub-sample:v2\n' },
    },
    {
      // Minimised from microservices-demo/microservices-demo deploy/kubernetes/autoscaling/influxdb-deployment.yaml.
      name: 'a datastore image named with a prefix (heapster_influxdb)',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: monitoring-influxdb\nspec:\n  replicas: 1\n  template:\n    spec:\n      containers:\n      - name: influxdb\n        image: kubernetes/heapster_influxdb:v0.5\n        ports: [{ containerPort: 8086 }]\n',
    },
    {
      // Minimised from spring-projects/spring-petclinic k8s/db.yml: one postgres is one database.
      name: 'a plain datastore runs one instance by design (postgres; an NFS server in the next document)',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: demo-db
spec:
  selector:
    matchLabels:
      app: demo-db
  template:
    metadata:
      labels:
        app: demo-db
    spec:
      containers:
        - name: postgresql
          image: postgres:17
          ports:
            - containerPort: 5432
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: nfs-server
spec:
  replicas: 1
  template:
    metadata:
      labels: { role: nfs-server }
    spec:
      containers:
        - name: nfs-server
          image: registry.k8s.io/volume-nfs:0.8
          ports: [{ name: nfs, containerPort: 2049 }]
`,
    },
    {
      name: 'a queue worker no Service selects, and a Recreate Deployment',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: { name: worker }
spec:
  replicas: 1
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers: [{ name: worker, image: "ghcr.io/acme/worker:2.0.1", command: [celery, -A, tasks, worker] }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: grafana }
spec:
  replicas: 1
  strategy: { type: Recreate }
  template:
    metadata: { labels: { app: grafana } }
    spec:
      containers: [{ name: grafana, image: "grafana/grafana:11.1.0", ports: [{ containerPort: 3000 }] }]
`,
    },
    deploy('  replicas: 3\n'),
    {
      name: 'an HPA in another file keeps two or more',
      filename: 'k8s/api/deployment.yaml',
      code: deploy('  replicas: 1\n'),
      files: { 'k8s/autoscaling/api-hpa.yaml': hpa('  minReplicas: 2\n') },
    },
    { name: 'scaled to zero on purpose', code: deploy('  replicas: 0\n') },
    { name: 'DaemonSets have no replicas', code: deploy('', 'DaemonSet') },
    { name: 'replicas from a variable', code: deploy('  replicas: ${REPLICAS}\n') },
  ],
  invalid: [
    {
      code: deploy('  replicas: 1\n'),
      errors: [{ messageId: 'single', line: 6, column: 13, endLine: 6, endColumn: 14 }],
    },
    {
      name: 'unset replicas, reported at the name',
      code: deploy('', 'StatefulSet'),
      errors: [{ messageId: 'unset', line: 4, column: 9, endLine: 4, endColumn: 12 }],
    },
    {
      name: 'an HPA in another namespace does not count',
      code: deploy('  replicas: 1\n', 'Deployment', 'shop'),
      files: { 'hpa.yaml': hpa('  minReplicas: 3\n', 'payments') },
      errors: [{ messageId: 'single', line: 7, column: 13, endLine: 7, endColumn: 14 }],
    },
    {
      name: 'an HPA with minReplicas 1 (and one without minReplicas) is reported in the HPA file',
      filename: 'k8s/hpa.yaml',
      code: `${hpa('  minReplicas: 1\n')}---
${hpa('').replace('name: api\n  maxReplicas', 'name: api\n  maxReplicas').replace('metadata:\n  name: api', 'metadata:\n  name: api-burst')}`,
      files: { 'k8s/deployment.yaml': deploy('  replicas: 4\n') },
      errors: [
        { messageId: 'hpaMin', line: 10, column: 16, endLine: 10, endColumn: 17, related: [{ file: 'k8s/deployment.yaml', line: 4 }] },
        { messageId: 'hpaMin', line: 21, column: 11, endLine: 21, endColumn: 14 },
      ],
    },
  ],
});

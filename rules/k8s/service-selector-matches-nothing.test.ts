import { RuleTester } from '../../src/testing/index.js';
import rule from './service-selector-matches-nothing.js';

const deploy = (name: string, labels: string, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
spec:
  selector:
    matchLabels: ${labels}
  template:
    metadata:
      labels: ${labels}
    spec:
      containers:
        - name: ${name}
          image: ghcr.io/acme/${name}:1.0.0
`;

const service = (selector: string, ns = '') => `apiVersion: v1
kind: Service
metadata:
  name: orders${ns ? `\n  namespace: ${ns}` : ''}
spec:
  selector:
${selector}  ports:
    - port: 80
      targetPort: 8080
`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'cross-file match in another folder',
      filename: 'k8s/services/orders.yaml',
      code: service('    app: orders\n'),
      files: { 'k8s/workloads/orders.yaml': deploy('orders', '{ app: orders, tier: backend }') },
    },
    { name: 'no workloads in the run: nothing to compare with', code: service('    app: orders\n') },
    {
      name: 'no workloads in the Service namespace',
      code: service('    app: orders\n', 'shop'),
      files: { 'd.yaml': deploy('web', '{ app: web }') },
    },
    {
      name: 'a Service without selector (manual Endpoints)',
      code: 'apiVersion: v1\nkind: Service\nmetadata: { name: legacy-db }\nspec:\n  ports: [{ port: 5432 }]\n',
      files: { 'd.yaml': deploy('web', '{ app: web }') },
    },
    {
      name: 'pods created from a custom resource (a JobSet template, an operator cluster named in the selector)',
      code: service('    app: orders\n') + `---
apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: { name: batch }
spec:
  replicatedJobs:
    - name: workers
      template:
        spec:
          template:
            metadata:
              labels: { app: orders }
---
apiVersion: v1
kind: Service
metadata: { name: pg-rw }
spec:
  selector: { cnpg.io/cluster: shop-db, role: primary }
  ports: [{ port: 5432 }]
---
apiVersion: postgresql.cnpg.io/v1
kind: Cluster
metadata: { name: shop-db }
spec:
  instances: 3
`,
      files: { 'd.yaml': deploy('web', '{ app: web }') },
    },
    {
      name: 'matches a CronJob and a bare Pod too',
      code: service('    app: orders\n') + '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: orders-debug\n  labels: { app: orders }\nspec:\n  containers: [{ name: x, image: "busybox:1.36" }]\n',
    },
  ],
  invalid: [
    {
      name: 'a typo in one label, cross-file, reported at that label',
      filename: 'k8s/services/orders.yaml',
      code: service('    app: ordres\n    tier: backend\n'),
      files: { 'k8s/workloads/orders.yaml': deploy('orders', '{ app: orders, tier: backend }') },
      errors: [{
        messageId: 'nothing',
        line: 7,
        column: 5,
        endLine: 7,
        endColumn: 16,
        message:
          'Service "orders" selects app=ordres, tier=backend, but no pod template in namespace "default" carries these labels (closest: Deployment "orders" with app=orders, tier=backend): the Service has no endpoints and every request to it fails with 503.',
        related: [{ file: 'k8s/workloads/orders.yaml', line: 10 }],
      }],
    },
    {
      name: 'the matching workload is in another namespace',
      code: service('    app: orders\n', 'shop'),
      files: { 'd.yaml': deploy('orders', '{ app: orders }', 'payments') + '---\n' + deploy('web', '{ app: web }', 'shop') },
      errors: [{ messageId: 'nothing', line: 8, column: 5, endLine: 8, endColumn: 16, message: 'Service "orders" selects app=orders, but no pod template in namespace "shop" carries these labels (closest: Deployment "web" with app=web): the Service has no endpoints and every request to it fails with 503.' }],
    },
    {
      name: 'two Services in one file, pod labels written with an anchor',
      code: `${deploy('orders', '&labels { app: orders }')}---
${service('    app: order\n')}---
apiVersion: v1
kind: Service
metadata: { name: orders-admin }
spec:
  selector: { app: orders, role: admin }
  ports: [{ port: 8081 }]
`,
      errors: [
        { messageId: 'nothing', line: 22, column: 5, endLine: 22, endColumn: 15 },
        { messageId: 'nothing', line: 31, column: 28, endLine: 31, endColumn: 39 },
      ],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './rolling-update-unavailable.js';

const deploy = (replicas: string, strategy: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
${replicas}${strategy}  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web:2.3.1
          ports: [{ containerPort: 8080 }]
`;

new RuleTester().run(rule, {
  valid: [
    deploy('  replicas: 4\n', '  strategy:\n    rollingUpdate: { maxUnavailable: 25%, maxSurge: 1 }\n'),
    { name: 'default maxUnavailable (25%) rounds down', code: deploy('  replicas: 1\n', '') },
    { name: 'zero unavailable with a surge', code: deploy('  replicas: 1\n', '  strategy:\n    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 }\n') },
    { name: 'Recreate is not a rolling update', code: deploy('  replicas: 2\n', '  strategy:\n    type: Recreate\n') },
    { name: '50% of 3 rounds down to 1', code: deploy('  replicas: 3\n', '  strategy:\n    rollingUpdate:\n      maxUnavailable: 50%\n') },
    {
      name: 'an HPA keeps more replicas than maxUnavailable',
      code: deploy('', '  strategy:\n    rollingUpdate: { maxUnavailable: 1 }\n'),
      files: { 'hpa.yaml': 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: { name: web }\nspec:\n  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: web }\n  minReplicas: 3\n  maxReplicas: 6\n' },
    },
    { name: 'a DaemonSet with a count', code: deploy('', '  updateStrategy:\n    rollingUpdate: { maxUnavailable: 1 }\n', 'DaemonSet') },
  ],
  invalid: [
    {
      code: deploy('  replicas: 1\n', '  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: 1\n'),
      errors: [{ messageId: 'allDown', line: 10, column: 23, endLine: 10, endColumn: 24 }],
    },
    {
      name: 'percentages: 100% of 3, a StatefulSet with unset replicas (1), and a DaemonSet that serves through a Service',
      code: `${deploy('  replicas: 3\n', '  strategy:\n    rollingUpdate:\n      maxSurge: 0\n      maxUnavailable: 100%\n')}---
${deploy('', '  updateStrategy:\n    rollingUpdate:\n      maxUnavailable: "50%"\n', 'StatefulSet').replace('maxUnavailable: "50%"', 'maxUnavailable: 1')}---
${deploy('', '  updateStrategy:\n    rollingUpdate: { maxUnavailable: 100% }\n', 'DaemonSet').replace('  template:\n', '  template:\n    metadata: { labels: { app: edge } }\n')}`,
      files: { 'k8s/edge-svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: edge }\nspec:\n  selector: { app: edge }\n  ports: [{ port: 80 }]\n' },
      errors: [
        { messageId: 'allDown', line: 10, column: 23, endLine: 10, endColumn: 27 },
        { messageId: 'allDown', line: 25, column: 23, endLine: 25, endColumn: 24 },
        { messageId: 'allDown', line: 39, column: 38, endLine: 39, endColumn: 42 },
      ],
    },
  ],
});

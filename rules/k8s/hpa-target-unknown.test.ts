import { RuleTester } from '../../src/testing/index.js';
import rule from './hpa-target-unknown.js';

const hpa = (kind: string, name: string, ns = '', api = 'autoscaling/v2') => `apiVersion: ${api}
kind: HorizontalPodAutoscaler
metadata:
  name: orders${ns ? `\n  namespace: ${ns}` : ''}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: ${kind}
    name: ${name}
  minReplicas: 2
  maxReplicas: 8
`;

const deploy = (kind: string, name: string, ns = '') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}
spec:
  template:
    spec:
      containers: [{ name: app, image: "ghcr.io/acme/orders:3.1.0" }]
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'cross-file, different folders', filename: 'k8s/hpa/orders.yaml', code: hpa('Deployment', 'orders'), files: { 'k8s/apps/orders.yaml': deploy('Deployment', 'orders') } },
    { name: 'no workloads in the namespace', code: hpa('Deployment', 'orders', 'shop'), files: { 'd.yaml': deploy('Deployment', 'orders') } },
    { name: 'an Argo Rollout', code: hpa('Rollout', 'orders', '', 'autoscaling/v1'), files: { 'r.yaml': deploy('Rollout', 'orders').replace('apps/v1', 'argoproj.io/v1alpha1') } },
  ],
  invalid: [
    {
      name: 'a name typo',
      code: hpa('Deployment', 'order'),
      files: { 'd.yaml': deploy('Deployment', 'orders') },
      errors: [{ messageId: 'missing', line: 9, column: 11, endLine: 9, endColumn: 16 }],
    },
    {
      name: 'wrong kind, and a target in another namespace',
      code: `${hpa('Deployment', 'orders')}---
${hpa('StatefulSet', 'search', 'shop')}`,
      files: { 'd.yaml': `${deploy('StatefulSet', 'orders')}---\n${deploy('StatefulSet', 'search', 'catalog')}---\n${deploy('Deployment', 'web', 'shop')}` },
      errors: [
        { messageId: 'wrongKind', line: 8, column: 11, endLine: 8, endColumn: 21, related: [{ file: 'd.yaml', line: 2 }] },
        { messageId: 'missing', line: 22, column: 11, endLine: 22, endColumn: 17 },
      ],
    },
  ],
});

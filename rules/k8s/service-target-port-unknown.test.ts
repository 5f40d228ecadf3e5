import { RuleTester } from '../../src/testing/index.js';
import rule from './service-target-port-unknown.js';

const deploy = (ports: string, ns = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
  template:
    metadata:
      labels: { app: api }
    spec:
      containers:
        - name: api
          image: ghcr.io/acme/api:1.4.2
${ports}`;

const ports = `          ports:
            - name: http
              containerPort: 3000
`;

const service = (port: string, ns = '') => `apiVersion: v1
kind: Service
metadata:
  name: api${ns ? `\n  namespace: ${ns}` : ''}
spec:
  selector: { app: api }
  ports:
${port}`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'by name, Service and Deployment in different folders',
      filename: 'deploy/svc/api.yaml',
      code: service('    - port: 80\n      targetPort: http\n'),
      files: { 'deploy/apps/api.yaml': deploy(ports) },
    },
    { name: 'by number', code: service('    - port: 80\n      targetPort: 3000\n'), files: { 'd.yaml': deploy(ports) } },
    {
      // Minimised from istio/istio samples/grpc-echo/grpc-echo.yaml: the server listens on ports its
      // flags set, which the pod does not declare.
      name: 'a number the pod does not declare, in another folder of the same app',
      filename: 'deploy/svc/api.yaml',
      code: service('    - name: http\n      port: 80\n      targetPort: 8080\n'),
      files: { 'deploy/apps/api.yaml': deploy(ports) },
    },
    { name: 'numbers are not checked when the pod declares no ports', code: service('    - port: 80\n      targetPort: 8080\n'), files: { 'd.yaml': deploy('') } },
    { name: 'no selected pods (another rule reports that)', code: service('    - port: 80\n      targetPort: web\n'), files: { 'd.yaml': deploy(ports, 'other') } },
    { name: 'targetPort omitted: the port itself', code: service('    - port: 3000\n'), files: { 'd.yaml': deploy(ports) } },
  ],
  invalid: [
    {
      name: 'an unknown name in one namespace (an omitted targetPort that is not declared is a number: not judged here)',
      code: `${deploy(ports, 'shop')}---
${service('    - name: http\n      port: 80\n      targetPort: web\n    - name: metrics\n      port: 9090\n', 'shop')}`,
      errors: [
        { messageId: 'unknownName', line: 28, column: 19, endLine: 28, endColumn: 22, severity: 'error' },
      ],
    },
  ],
});

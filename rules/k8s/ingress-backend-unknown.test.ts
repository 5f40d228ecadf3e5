import { RuleTester } from '../../src/testing/index.js';
import rule from './ingress-backend-unknown.js';

const services = `apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports:
    - name: http
      port: 80
      targetPort: 8000
---
apiVersion: v1
kind: Service
metadata: { name: api }
spec:
  selector: { app: api }
  ports: [{ port: 80, targetPort: 3000 }]
`;

const ingressV1 = (backend: string, ns = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop${ns ? `\n  namespace: ${ns}` : ''}
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
${backend}`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from kubernetes/ingress-nginx docs/examples/openpolicyagent/tests/should-allow.yaml:
      // a test case of a policy, never applied.
      name: 'an Ingress under a tests/ folder is a test input, not a deployment',
      filename: 'examples/opa/tests/should-allow.yaml',
      code: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: simple\nspec:\n  rules:\n  - host: foo.com\n    http:\n      paths:\n      - backend:\n          service:\n            name: svc1\n            port:\n              number: 8080\n        path: /bar\n        pathType: Prefix\n',
      files: { 'examples/opa/tests/nginx.yaml': 'apiVersion: v1\nkind: Service\nmetadata: { name: nginx }\nspec:\n  selector: { app: nginx }\n  ports: [{ port: 80 }]\n' },
    },
    {
      name: 'v1 by port number and by port name, Services in another folder',
      filename: 'k8s/ingress.yaml',
      code: ingressV1('              service: { name: web, port: { name: http } }\n          - path: /api\n            pathType: Prefix\n            backend:\n              service: { name: api, port: { number: 80 } }\n'),
      files: { 'k8s/services/all.yaml': services },
    },
    {
      name: 'v1beta1 (extensions) serviceName/servicePort',
      code: `apiVersion: extensions/v1beta1
kind: Ingress
metadata: { name: legacy }
spec:
  backend: { serviceName: web, servicePort: http }
  rules:
    - http:
        paths:
          - path: /api
            backend:
              serviceName: api
              servicePort: 80
`,
      files: { 's.yaml': services },
    },
    { name: 'no Services in the namespace: nothing to compare with', code: ingressV1('              service: { name: shop, port: { number: 80 } }\n', 'edge'), files: { 's.yaml': services } },
  ],
  invalid: [
    {
      name: 'a Service that does not exist, with a suggestion',
      filename: 'k8s/ingress.yaml',
      code: ingressV1('              service:\n                name: wbe\n                port:\n                  number: 80\n'),
      files: { 'k8s/services/all.yaml': services },
      errors: [{
        messageId: 'missingService',
        line: 15,
        column: 23,
        endLine: 15,
        endColumn: 26,
        message: 'Ingress "shop" routes shop.example.com/ to Service "wbe", which is not in namespace "default" (did you mean "web"?): the ingress controller has no backend for it and answers 503.',
      }],
    },
    {
      name: 'wrong port number and wrong port name (v1beta1, default backend and rule)',
      code: `apiVersion: networking.k8s.io/v1beta1
kind: Ingress
metadata: { name: legacy, namespace: default }
spec:
  backend:
    serviceName: web
    servicePort: 8000
  rules:
    - http:
        paths:
          - backend: { serviceName: api, servicePort: http }
`,
      files: { 's.yaml': services },
      errors: [
        { messageId: 'unknownPort', line: 7, column: 18, endLine: 7, endColumn: 22, related: [{ file: 's.yaml', line: 3 }] },
        { messageId: 'unknownPort', line: 11, column: 55, endLine: 11, endColumn: 59 },
      ],
    },
  ],
});

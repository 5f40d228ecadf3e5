import { RuleTester } from '../../src/testing/index.js';
import rule from './ingress-proxy-timeout-too-low.js';

const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  annotations:
    kubernetes.io/ingress.class: nginx
${annotations}spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /api
            pathType: Prefix
            backend:
              service:
                name: api
                port:
                  number: 80
`;

new RuleTester().run(rule, {
  valid: [
    { name: 'timeouts of a minute and the connect default', filename: 'k8s/ingress.yaml', code: ingress('    nginx.ingress.kubernetes.io/proxy-read-timeout: "60"\n    nginx.ingress.kubernetes.io/proxy-connect-timeout: "5"\n') },
    { name: 'other annotations and no timeouts', filename: 'k8s/ingress.yaml', code: ingress('    nginx.ingress.kubernetes.io/proxy-body-size: 20m\n    nginx.ingress.kubernetes.io/rewrite-target: /\n') },
    { name: 'a timeout annotation on a Service is not read by ingress-nginx', filename: 'k8s/svc.yaml', code: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  annotations:\n    nginx.ingress.kubernetes.io/proxy-read-timeout: "2"\nspec:\n  selector: { app: api }\n  ports:\n    - port: 80\n' },
    { name: 'a lower threshold', filename: 'k8s/ingress.yaml', code: ingress('    nginx.ingress.kubernetes.io/proxy-read-timeout: "3"\n'), options: { minSeconds: 2 } },
  ],
  invalid: [
    {
      name: 'a 2 s read timeout',
      filename: 'k8s/ingress.yaml',
      code: ingress('    nginx.ingress.kubernetes.io/proxy-read-timeout: "2"\n'),
      errors: [{ messageId: 'low', line: 7, column: 53, endLine: 7, endColumn: 56, data: { annotation: 'nginx.ingress.kubernetes.io/proxy-read-timeout', raw: '2', directive: 'proxy_read_timeout', value: '2s', min: 5 } }],
    },
    {
      name: 'send and connect timeouts in one Ingress (two errors)',
      filename: 'k8s/ingress.yaml',
      code: ingress('    nginx.ingress.kubernetes.io/proxy-send-timeout: "3"\n    nginx.ingress.kubernetes.io/proxy-connect-timeout: "1"\n'),
      errors: [
        { messageId: 'low', line: 7, column: 53, endLine: 7, endColumn: 56 },
        { messageId: 'low', line: 8, column: 56, endLine: 8, endColumn: 59 },
      ],
    },
  ],
});

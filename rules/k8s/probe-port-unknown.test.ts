import { RuleTester } from '../../src/testing/index.js';
import rule from './probe-port-unknown.js';

const deploy = (ports: string, probes: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  template:
    spec:
      containers:
        - name: orders
          image: ghcr.io/acme/orders:3.1.0
${ports}${probes}`;

const ports = `          ports:
            - name: http
              containerPort: 8080
            - name: management
              containerPort: 8081
`;

new RuleTester().run(rule, {
  valid: [
    {
      // Minimised from kubernetes/ingress-nginx deploy/static/provider/cloud/deploy.yaml: the
      // controller serves its health check on 10254, set by a flag, and does not declare it.
      name: 'a number the container does not declare (the process listens where its flags say)',
      code: deploy(ports, `          livenessProbe:
            httpGet:
              path: /healthz
              port: 10254
`),
    },
    deploy(ports, `          livenessProbe:
            httpGet: { path: /actuator/health/liveness, port: management }
          readinessProbe:
            httpGet: { path: /actuator/health/readiness, port: 8080 }
`),
    {
      name: 'numbers are not checked when the container declares no ports',
      code: deploy('', `          readinessProbe:
            tcpSocket: { port: 5432 }
`),
    },
    {
      name: 'a quoted number is a number',
      code: deploy(ports, `          startupProbe:
            httpGet: { path: /actuator/health, port: "8081" }
`),
    },
    {
      name: 'a probe against another host',
      code: deploy(ports, `          livenessProbe:
            httpGet: { host: sidecar.local, path: /up, port: 9000 }
`),
    },
    {
      name: 'exec probes have no port',
      code: deploy(ports, `          livenessProbe:
            exec: { command: [/bin/health] }
`),
    },
  ],
  invalid: [
    {
      name: 'a port name typo',
      code: deploy(ports, `          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: managment
`),
      errors: [{ messageId: 'unknownName', line: 19, column: 21, endLine: 19, endColumn: 30, severity: 'error' }],
    },
    {
      name: 'a named port with no ports declared at all, and a TCP probe on a UDP-only port',
      code: deploy('', `          readinessProbe:
            grpc: { port: 9090 }
          startupProbe:
            tcpSocket: { port: http }
`) + `        - name: proxy
          image: envoyproxy/envoy:v1.30.2
          ports: [{ containerPort: 10000 }, { name: dns, containerPort: 53, protocol: UDP }]
          readinessProbe:
            tcpSocket: { port: 53 }
          livenessProbe:
            tcpSocket: { port: dns }
`,
      errors: [
        { messageId: 'unknownName', line: 14, column: 32, endLine: 14, endColumn: 36, severity: 'error' },
        { messageId: 'udpOnly', line: 19, column: 32, endLine: 19, endColumn: 34, severity: 'error' },
        { messageId: 'udpOnly', line: 21, column: 32, endLine: 21, endColumn: 35, severity: 'error' },
      ],
    },
  ],
});

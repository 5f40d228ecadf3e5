import { RuleTester } from '../../src/testing/index.js';
import rule from './liveness-probe-kills-slow-start.js';

const deploy = (image: string, extra: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: orders
          image: ${image}
          ports: [{ containerPort: 8080 }]
${extra}`;

const shortProbe = `          livenessProbe:
            httpGet: { path: /health, port: 8080 }
            initialDelaySeconds: 10
            periodSeconds: 5
`;

new RuleTester().run(rule, {
  valid: [
    deploy('eclipse-temurin:21-jre', `${shortProbe}          startupProbe:
            httpGet: { path: /health, port: 8080 }
            failureThreshold: 30
            periodSeconds: 5
`),
    {
      name: 'a generous budget',
      code: deploy('tomcat:10.1-jdk17', `          livenessProbe:
            httpGet: { path: /, port: 8080 }
            initialDelaySeconds: 90
`),
    },
    {
      name: 'a Node.js image starts fast',
      code: deploy('node:20-alpine', shortProbe),
    },
    {
      name: 'the budget threshold is an option',
      code: deploy('tomcat:10.1-jdk17', shortProbe),
      options: { budgetSeconds: 20 },
    },
  ],
  invalid: [
    {
      name: 'JVM image with default timing (30 s budget)',
      code: deploy('keycloak/keycloak:24.0', `          livenessProbe:
            httpGet: { path: /health/live, port: 8080 }
`),
      errors: [{ messageId: 'short', line: 13, column: 11, endLine: 13, endColumn: 24 }],
    },
    {
      name: 'Spring Boot app seen through its actuator path and JAVA_TOOL_OPTIONS, in two documents',
      code: `${deploy('ghcr.io/acme/orders:3.1.0', `          env:
            - name: JAVA_TOOL_OPTIONS
              value: -XX:MaxRAMPercentage=75
${shortProbe}`)}---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: search }
spec:
  template:
    spec:
      containers:
        - name: search
          image: ghcr.io/acme/catalog-search:1.2.0
          command: ["java", "-jar", "/app.jar"]
          ports: [{ containerPort: 8080 }]
          livenessProbe:
            httpGet: { path: /actuator/health/liveness, port: 8080 }
            failureThreshold: 2
`,
      errors: [
        { messageId: 'short', line: 16, column: 11, endLine: 16, endColumn: 24 },
        { messageId: 'short', line: 32, column: 11, endLine: 32, endColumn: 24 },
      ],
    },
    {
      name: 'an image word added by option',
      code: deploy('ghcr.io/acme/billing:1.0.0', shortProbe),
      options: { additionalSlowImages: ['billing'] },
      errors: [{ messageId: 'short', line: 13, column: 11, endLine: 13, endColumn: 24 }],
    },
  ],
});

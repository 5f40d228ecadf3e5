import { RuleTester } from '../../src/testing/index.js';
import rule from './prestop-exceeds-grace-period.js';

const deploy = (podSpec: string, lifecycle: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
${podSpec}      containers:
        - name: web
          image: ghcr.io/acme/web:3.2.1
          ports: [{ containerPort: 8080 }]
          lifecycle:
            preStop:
${lifecycle}`;

new RuleTester().run(rule, {
  valid: [
    // A sleep well inside the default 30 s.
    { filename: 'k8s/web.yaml', code: deploy('', '              exec:\n                command: ["sleep", "10"]\n') },
    // A long sleep with a grace period that covers it and the drain.
    { filename: 'k8s/web.yaml', code: deploy('      terminationGracePeriodSeconds: 90\n', '              exec:\n                command: ["/bin/sh", "-c", "sleep 60"]\n') },
    // The sleep action below the grace period.
    { filename: 'k8s/web.yaml', code: deploy('      terminationGracePeriodSeconds: 40\n', '              sleep:\n                seconds: 15\n') },
    // An httpGet hook: its duration is not known.
    { filename: 'k8s/web.yaml', code: deploy('      terminationGracePeriodSeconds: 5\n', '              httpGet:\n                path: /drain\n                port: 8080\n') },
    // A duration from a variable is not known.
    { filename: 'k8s/web.yaml', code: deploy('', '              exec:\n                command: ["sh", "-c", "sleep $DRAIN_SECONDS"]\n') },
    // A Job is not stopped by rollouts.
    {
      filename: 'k8s/job.yaml',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: migrate\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: migrate\n          image: ghcr.io/acme/migrate:1\n          lifecycle:\n            preStop:\n              exec:\n                command: ["sleep", "60"]\n',
    },
  ],
  invalid: [
    {
      name: 'sleep 30 with the default grace period',
      filename: 'k8s/web.yaml',
      code: deploy('', '              exec:\n                command: ["sleep", "30"]\n'),
      errors: [{ messageId: 'exceeds', line: 20, column: 36, endLine: 20, endColumn: 40, data: { container: 'container "web"', sleep: 30, grace: 30, defaulted: ' (the default)' } }],
    },
    {
      name: 'a shell script that sleeps, then quits nginx, above a written grace period',
      filename: 'k8s/web.yaml',
      code: deploy('      terminationGracePeriodSeconds: 20\n', '              exec:\n                command: ["/bin/sh", "-c", "sleep 15; sleep 10 && nginx -s quit"]\n'),
      errors: [{ messageId: 'exceeds', line: 21, column: 51, endLine: 21, endColumn: 53, data: { container: 'container "web"', sleep: 25, grace: 20, defaulted: '' } }],
    },
    {
      name: 'the sleep action (Kubernetes 1.29+)',
      filename: 'k8s/web.yaml',
      code: deploy('      terminationGracePeriodSeconds: 10\n', '              sleep:\n                seconds: 10\n'),
      errors: [{ messageId: 'exceeds', line: 21, column: 26, endLine: 21, endColumn: 28 }],
    },
  ],
});

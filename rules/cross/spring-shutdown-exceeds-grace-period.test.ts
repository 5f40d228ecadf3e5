import { RuleTester } from '../../src/testing/index.js';
import { deployment, springService } from '../../test/cross/snippets.js';
import rule from './spring-shutdown-exceeds-grace-period.js';

const preStop = (seconds: number) => `          lifecycle:\n            preStop:\n              exec:\n                command: ["sh", "-c", "sleep ${seconds}"]\n`;
/** The orders Deployment; `grace` goes in the pod spec before `containers:`. */
const orders = (body: string, grace?: number) => {
  const d = deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2.0.1', body });
  return grace === undefined ? d : d.replace('      containers:\n', `      terminationGracePeriodSeconds: ${grace}\n      containers:\n`);
};
const graceful = (timeout: string) => `spring.application.name=orders\nserver.port=8080\nserver.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=${timeout}\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: '20 s drain after a 10 s preStop sleep fits in the default 30 s',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(preStop(10)),
      files: springService({ properties: graceful('20s') }),
    },
    {
      name: 'a grace period raised for the drain',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(preStop(10), 45),
      files: springService({ properties: graceful('30s') }),
    },
    {
      name: 'no timeout written: the shutdown length is not the author’s',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(preStop(10)),
      files: springService({ properties: 'server.shutdown=graceful\n' }),
    },
    {
      name: 'immediate shutdown: the timeout bounds no request drain',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(''),
      files: springService({ properties: 'server.shutdown=immediate\nspring.lifecycle.timeout-per-shutdown-phase=1m\n' }),
    },
    {
      name: 'the container environment sets the timeout',
      filename: 'deploy/k8s/orders.yaml',
      code: orders('          env:\n            - name: SPRING_LIFECYCLE_TIMEOUTPERSHUTDOWNPHASE\n              value: "15s"\n'),
      files: springService({ properties: graceful('2m') }),
    },
  ],
  invalid: [
    {
      name: 'a 10 s preStop sleep plus a 30 s drain in the default grace period',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(preStop(10)),
      files: springService({ properties: graceful('30s') }),
      errors: [
        {
          messageId: 'exceeds',
          file: 'services/orders/src/main/resources/application.properties',
          line: 4,
          column: 45,
          endLine: 4,
          endColumn: 48,
          data: {
            timeoutKey: 'spring.lifecycle.timeout-per-shutdown-phase',
            timeout: '30s',
            container: 'container "orders"',
            drain: 30,
            hook: ', which its preStop hook delays by 10 s',
            total: 40,
            grace: 30,
            defaulted: ' (the default)',
          },
        },
      ],
    },
    {
      name: 'YAML configuration, a drain above a written grace period, no preStop',
      filename: 'deploy/k8s/orders.yaml',
      code: orders('', 20),
      files: {
        ...springService(),
        'services/orders/src/main/resources/application.properties': 'spring.application.name=orders\n',
        'services/orders/src/main/resources/application.yml': 'server:\n  port: 8080\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 1m\n',
      },
      errors: [{ messageId: 'exceeds', file: 'services/orders/src/main/resources/application.yml', line: 6, column: 33, endLine: 6, endColumn: 35, data: { timeoutKey: 'spring.lifecycle.timeout-per-shutdown-phase', timeout: '1m', container: 'container "orders"', drain: 60, hook: '', total: 60, grace: 20, defaulted: '' } }],
    },
  ],
});

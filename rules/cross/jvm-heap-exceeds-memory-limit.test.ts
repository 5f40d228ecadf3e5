import { RuleTester } from '../../src/testing/index.js';
import { deployment, javaDockerfile, springService } from '../../test/cross/snippets.js';
import rule from './jvm-heap-exceeds-memory-limit.js';

const limits = (memory: string) => `          resources:\n            requests: { cpu: 500m, memory: ${memory} }\n            limits: { memory: ${memory} }\n`;
const env = (name: string, value: string) => `          env:\n            - name: ${name}\n              value: "${value}"\n`;
const orders = (body: string) => deployment({ name: 'orders', image: 'registry.acme.io/shop/orders:2.0.1', body });
const temurin = (body: string, name = 'billing') => deployment({ name, image: 'eclipse-temurin:21-jre', body });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'JDK_JAVA_OPTIONS overrides JAVA_TOOL_OPTIONS: 256m heap in a 1Gi limit',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(`          env:\n            - name: JAVA_TOOL_OPTIONS\n              value: "-Xmx2g"\n            - name: JDK_JAVA_OPTIONS\n              value: "-Xmx256m"\n${limits('1Gi')}`),
    },
    {
      name: 'compose: 512m heap in mem_limit 1g; a service without a limit',
      filename: 'docker-compose.yml',
      code: 'services:\n  billing:\n    image: eclipse-temurin:21-jre\n    mem_limit: 1g\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx512m\n  reports:\n    image: eclipse-temurin:21-jre\n    environment:\n      JAVA_TOOL_OPTIONS: -Xmx8g\n',
    },
    {
      name: 'compose: an interpolated heap is not known',
      filename: 'docker-compose.yml',
      code: 'services:\n  billing:\n    image: eclipse-temurin:21-jre\n    mem_limit: 512m\n    environment:\n      JAVA_TOOL_OPTIONS: "-Xmx${HEAP:-2g}"\n',
    },
    {
      name: '-Xmx768m plus 256 MiB headroom fits exactly in 1Gi',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(limits('1Gi')),
      files: springService({ dockerfile: javaDockerfile('ENV JAVA_OPTS="-Xmx768m"') }),
    },
    {
      name: 'MaxRAMPercentage=75 of 2Gi leaves 512 MiB',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(limits('2Gi')),
      files: springService(),
    },
    {
      name: 'no memory limit',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(''),
      files: springService({ dockerfile: javaDockerfile('ENV JAVA_OPTS="-Xmx4g"') }),
    },
    {
      name: 'JAVA_OPTS that the start command never expands',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(limits('1Gi')),
      files: springService({ dockerfile: javaDockerfile('ENV JAVA_OPTS="-Xmx4g"', '["java", "-jar", "/app/app.jar"]') }),
    },
    {
      name: 'the container env replaces the image JAVA_OPTS',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(env('JAVA_OPTS', '-Xmx512m') + limits('1Gi')),
      files: springService({ dockerfile: javaDockerfile('ENV JAVA_OPTS="-Xmx2g"') }),
    },
    {
      name: 'smaller headroom configured',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(env('JAVA_TOOL_OPTIONS', '-Xmx900m') + limits('1Gi')),
      options: { headroomPercent: 10, minHeadroomMiB: 0 },
    },
    {
      name: 'container support off: the percentage is of the node, not the limit',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(env('JAVA_TOOL_OPTIONS', '-XX:-UseContainerSupport -XX:MaxRAMPercentage=90') + limits('1Gi')),
    },
    {
      name: 'a JVM left to its default (25 % of the limit)',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(limits('512Mi')),
    },
  ],
  invalid: [
    {
      name: '-Xmx768m in the image ENV, 512Mi limit in the manifest',
      filename: 'deploy/k8s/orders.yaml',
      code: orders(limits('512Mi')),
      files: springService({ dockerfile: javaDockerfile('ENV JAVA_OPTS="-Xmx768m"') }),
      errors: [{ messageId: 'exceeds', file: 'services/orders/Dockerfile', line: 3, column: 16, endLine: 3, endColumn: 24, related: [{ file: 'deploy/k8s/orders.yaml', line: 20, column: 31 }] }],
    },
    {
      name: 'JAVA_TOOL_OPTIONS in the container env, 2g heap in a 2Gi limit',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(env('JAVA_TOOL_OPTIONS', '-XX:+UseG1GC -Xmx2g') + limits('2Gi')),
      errors: [{ messageId: 'exceeds', line: 20, column: 36, endLine: 20, endColumn: 42 }],
    },
    {
      name: 'decimal units: -Xmx1g is more than 1G',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(env('JDK_JAVA_OPTIONS', '-Xmx1g') + limits('1G')),
      errors: [{ messageId: 'exceeds', line: 20, column: 23, endLine: 20, endColumn: 29 }],
    },
    {
      name: 'command-line flag in args beats JAVA_TOOL_OPTIONS; MaxRAMPercentage=90 of 4Gi (two errors)',
      filename: 'deploy/k8s/workers.yaml',
      code: `${temurin(env('JAVA_TOOL_OPTIONS', '-Xmx256m') + '          args: ["-Xmx1536m", "-jar", "/app.jar"]\n' + limits('1.5Gi'), 'reports')}---\n${temurin(env('JAVA_TOOL_OPTIONS', '-XX:MaxRAMPercentage=90.0') + limits('4Gi'), 'search')}`,
      errors: [
        { messageId: 'exceeds', line: 21, column: 19, endLine: 21, endColumn: 28 },
        { messageId: 'percentOfLimit', line: 48, column: 31, endLine: 48, endColumn: 34, related: [{ file: 'deploy/k8s/workers.yaml', line: 45, column: 23 }] },
      ],
    },
    {
      name: 'compose: JAVA_OPTS read by the image\'s own start script, 1g heap in mem_limit 1g',
      filename: 'docker-compose.yml',
      code: 'services:\n  billing:\n    image: eclipse-temurin:21-jre\n    mem_limit: 1g\n    environment:\n      JAVA_OPTS: "-Xms256m -Xmx1g"\n',
      errors: [{ messageId: 'exceeds', line: 6, column: 28, endLine: 6, endColumn: 34, related: [{ file: 'docker-compose.yml', line: 4, column: 16 }] }],
    },
    {
      name: 'compose: JDK_JAVA_OPTIONS (list form) sizes the heap at 90 % of deploy.resources.limits.memory',
      filename: 'compose.yaml',
      code: 'services:\n  search:\n    image: eclipse-temurin:21-jre\n    environment:\n      - TZ=UTC\n      - JDK_JAVA_OPTIONS=-XX:MaxRAMPercentage=90\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n',
      errors: [{ messageId: 'percentOfLimit', line: 10, column: 19, endLine: 10, endColumn: 21, related: [{ file: 'compose.yaml', line: 6, column: 26 }] }],
    },
    {
      name: 'Kubernetes expands $(JAVA_OPTS) in args: the env value is on the command line',
      filename: 'deploy/k8s/billing.yaml',
      code: temurin(env('JAVA_OPTS', '-Xmx2g') + '          command: ["java"]\n          args: ["$(JAVA_OPTS)", "-jar", "/app.jar"]\n' + limits('1Gi')),
      errors: [{ messageId: 'exceeds', line: 20, column: 23, endLine: 20, endColumn: 29 }],
    },
  ],
});

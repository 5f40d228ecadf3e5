import { RuleTester } from '../../src/testing/index.js';
import rule from './max-threads-undersized.js';

const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    // Tomcat's default (200) when nothing is written.
    '<Server port="-1">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>\n  </Service>\n</Server>\n',
    '<Server><Service name="Catalina"><Connector port="8080" maxThreads="400"/></Service></Server>',
    // The executor's 300 threads win over the connector's own (ignored) maxThreads.
    {
      name: 'executor indirection: the Executor is large enough',
      code: '<Server>\n  <Service name="Catalina">\n    <Executor name="tomcatThreadPool" namePrefix="catalina-exec-" maxThreads="300"/>\n    <Connector executor="tomcatThreadPool" port="8080" maxThreads="20"/>\n  </Service>\n</Server>\n',
    },
    // An Executor that no connector uses serves nothing.
    '<Server><Service name="Catalina"><Executor name="unused" maxThreads="10"/><Connector port="8080"/></Service></Server>',
    // Placeholders are resolved at start-up; nothing to judge.
    '<Server><Service name="Catalina"><Connector port="8080" maxThreads="${http.threads}"/></Service></Server>',
    { filename: props, code: 'server.port=8080\nserver.tomcat.threads.max=250\n' },
    { filename: props, code: 'server.tomcat.threads.max=${THREADS:50}\n' },
    { filename: 'src/test/resources/application.properties', code: 'server.tomcat.threads.max=4\n' },
    { filename: props, code: 'server.tomcat.threads.max=100\n', options: { min: 100 } },
    { filename: yml, code: 'server:\n  tomcat:\n    threads:\n      min-spare: 5\n' },
  ],
  invalid: [
    {
      code: '<Server port="8005">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1"\n               maxThreads="50"\n               connectionTimeout="20000"/>\n  </Service>\n</Server>\n',
      errors: [{ messageId: 'connector', line: 4, column: 28, endLine: 4, endColumn: 30, data: { port: ' on port 8080', value: 50, min: 200 } }],
    },
    {
      name: 'executor indirection: the Connector takes the Executor\'s small pool',
      code: '<Server>\n  <Service name="Catalina">\n    <Executor name="shared" maxThreads="25" minSpareThreads="4"/>\n    <Connector executor="shared" port="8080" maxThreads="500"/>\n    <Connector executor="shared" port="8443" SSLEnabled="true"/>\n  </Service>\n</Server>\n',
      errors: [{ messageId: 'executor', line: 3, column: 41, endLine: 3, endColumn: 43, related: [{ file: 'conf/server.xml', line: 4 }] }],
    },
    {
      name: 'an unknown executor name: Tomcat falls back to the connector\'s own threads',
      code: "<Server><Service name='Catalina'>\n<Executor name='a' maxThreads='500'/>\n<Connector executor='typo' port='8080' maxThreads='10'/>\n</Service></Server>",
      errors: [{ messageId: 'connector', line: 3, column: 52, endLine: 3, endColumn: 54 }],
    },
    {
      name: 'two connectors, two errors (HTTP and AJP)',
      code: '<Server>\n  <Service name="Catalina">\n    <Connector port="8080" maxThreads="100"/>\n    <Connector protocol="AJP/1.3" port="8009" maxThreads="40" secretRequired="false"/>\n  </Service>\n</Server>\n',
      errors: [
        { messageId: 'connector', line: 3, column: 40, endLine: 3, endColumn: 43 },
        { messageId: 'connector', line: 4, column: 59, endLine: 4, endColumn: 61 },
      ],
    },
    {
      filename: props,
      code: 'server.port=8080\nserver.tomcat.threads.max=50\n',
      errors: [{ messageId: 'spring', line: 2, column: 27, endLine: 2, endColumn: 29, data: { key: 'server.tomcat.threads.max', value: 50, min: 200 } }],
    },
    {
      name: 'legacy property name (Spring Boot < 2.3)',
      filename: props,
      code: '# tuned for the old box\nserver.tomcat.max-threads: 64\n',
      errors: [{ messageId: 'spring', line: 2, column: 28, endLine: 2, endColumn: 30, data: { key: 'server.tomcat.max-threads', value: 64, min: 200 } }],
    },
    {
      name: 'YAML, camelCase key, in a profile document',
      filename: yml,
      code: 'server:\n  port: 8080\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nserver:\n  tomcat:\n    threads:\n      max: 20\n',
      errors: [{ messageId: 'spring', line: 11, column: 12, endLine: 11, endColumn: 14 }],
    },
    {
      name: 'environment-variable form in a properties file',
      filename: 'config/application.properties',
      code: 'SERVER_TOMCAT_THREADS_MAX=16\n',
      errors: [{ messageId: 'spring', line: 1, column: 27, endLine: 1, endColumn: 29 }],
    },
    {
      filename: props,
      code: 'server.tomcat.threads.max=250\n',
      options: { min: 300 },
      errors: [{ messageId: 'spring', line: 1, column: 27, endLine: 1, endColumn: 30 }],
    },
  ],
});

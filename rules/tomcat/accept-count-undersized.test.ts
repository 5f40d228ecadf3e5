import { RuleTester } from '../../src/testing/index.js';
import rule from './accept-count-undersized.js';

const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    '<Server><Service name="Catalina"><Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/></Service></Server>',
    '<Server><Service name="Catalina"><Connector port="8080" acceptCount="200"/></Service></Server>',
    '<Server><Service name="Catalina"><Connector port="8080" acceptCount="${accept.count}"/></Service></Server>',
    // acceptCount belongs to the connector; an Executor has none.
    '<Server><Service name="Catalina"><Executor name="e" maxThreads="300"/><Connector executor="e" port="8080"/></Service></Server>',
    { filename: props, code: 'server.tomcat.accept-count=100\n' },
    { filename: yml, code: 'server:\n  tomcat:\n    accept-count: 500\n' },
    { filename: 'src/test/resources/application.yml', code: 'server:\n  tomcat:\n    accept-count: 1\n' },
    { filename: props, code: 'server.tomcat.accept-count=20\n', options: { min: 10 } },
  ],
  invalid: [
    {
      code: '<Server port="8005">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1"\n               acceptCount="10"\n               connectionTimeout="20000"/>\n  </Service>\n</Server>\n',
      errors: [{ messageId: 'connector', line: 4, column: 29, endLine: 4, endColumn: 31, data: { port: ' on port 8080', value: 10, min: 100 } }],
    },
    {
      name: 'two connectors, two errors; the executor does not matter',
      code: "<Server>\n <Service name='Catalina'>\n  <Executor name='e' maxThreads='400'/>\n  <Connector executor='e' port='8080' acceptCount='0'/>\n  <Connector port='8443' SSLEnabled='true' acceptCount='50'/>\n </Service>\n</Server>",
      errors: [
        { messageId: 'connector', line: 4, column: 52, endLine: 4, endColumn: 53 },
        { messageId: 'connector', line: 5, column: 57, endLine: 5, endColumn: 59 },
      ],
    },
    {
      filename: props,
      code: 'server.port=8080\nserver.tomcat.accept-count=25\n',
      errors: [{ messageId: 'spring', line: 2, column: 28, endLine: 2, endColumn: 30, data: { key: 'server.tomcat.accept-count', value: 25, min: 100 } }],
    },
    {
      name: 'camelCase key in YAML',
      filename: yml,
      code: 'server:\n  tomcat:\n    acceptCount: 10\n',
      errors: [{ messageId: 'spring', line: 3, column: 18, endLine: 3, endColumn: 20 }],
    },
  ],
});

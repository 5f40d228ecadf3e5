import { RuleTester } from '../../src/testing/index.js';
import rule from './connection-timeout-unbounded.js';

const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    '<Server><Service name="Catalina"><Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000" redirectPort="8443"/></Service></Server>',
    // Nothing written: HTTP defaults to 60 s; AJP's default of "no timeout" is Tomcat's choice, not the file's.
    '<Server><Service name="Catalina"><Connector port="8080"/><Connector protocol="AJP/1.3" port="8009"/></Service></Server>',
    '<Server><Service name="Catalina"><Connector port="8080" connectionTimeout="${http.timeout}"/></Service></Server>',
    '<Server><Service name="Catalina"><Connector port="8080" connectionTimeout="300000"/></Service></Server>',
    { code: '<Server><Service name="Catalina"><Connector port="8080" connectionTimeout="600000"/></Service></Server>', options: { maxSeconds: 900 } },
    { filename: props, code: 'server.tomcat.connection-timeout=20s\n' },
    { filename: props, code: 'server.tomcat.connection-timeout=20000\n' },
    { filename: yml, code: 'server:\n  tomcat:\n    connection-timeout: PT1M\n' },
    { filename: props, code: 'server.tomcat.connection-timeout=${TIMEOUT:-1}\n' },
    { filename: 'src/test/resources/application.properties', code: 'server.tomcat.connection-timeout=-1\n' },
    // Not a Tomcat setting: the keep-alive timeout is judged elsewhere.
    { filename: props, code: 'server.tomcat.keep-alive-timeout=-1\n' },
  ],
  invalid: [
    {
      code: '<Server port="8005">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1"\n               connectionTimeout="-1"\n               redirectPort="8443"/>\n  </Service>\n</Server>\n',
      errors: [{ messageId: 'unbounded', line: 4, column: 35, endLine: 4, endColumn: 37, message: 'Connector on port 8080: connectionTimeout is "-1", which means no timeout: a client that opens a connection and sends nothing (or trickles bytes) holds a request thread forever, and enough of them starve the server into 500/503s.' }],
    },
    {
      name: 'zero and too long, two errors',
      code: "<Server>\n<Service name='Catalina'>\n<Connector port='8080' connectionTimeout='0'/>\n<Connector port='8009' protocol='AJP/1.3' connectionTimeout='3600000'/>\n</Service>\n</Server>",
      errors: [
        { messageId: 'unbounded', line: 3, column: 43, endLine: 3, endColumn: 44 },
        { messageId: 'tooLong', line: 4, column: 62, endLine: 4, endColumn: 69, data: { where: 'Connector on port 8009: ', name: 'connectionTimeout', value: '"3600000"', inSeconds: ' (3600 s)', max: 300 } },
      ],
    },
    {
      filename: props,
      code: 'server.port=8080\nserver.tomcat.connection-timeout=-1\n',
      errors: [{ messageId: 'unbounded', line: 2, column: 34, endLine: 2, endColumn: 36 }],
    },
    {
      name: 'legacy server.connection-timeout, as a Duration in minutes',
      filename: props,
      code: 'server.connection-timeout=10m\n',
      errors: [{ messageId: 'tooLong', line: 1, column: 27, endLine: 1, endColumn: 30, data: { where: '', name: 'server.connection-timeout', value: '10m', inSeconds: ' (600 s)', max: 300 } }],
    },
    {
      name: 'a value already in seconds is not repeated',
      filename: props,
      code: 'server.tomcat.connection-timeout=600s\n',
      errors: [{ messageId: 'tooLong', line: 1, column: 34, endLine: 1, endColumn: 38, message: 'server.tomcat.connection-timeout is 600s, above 300 s: slow or idle clients hold request threads that long, and a few hundred of them starve the server into 500/503s.' }],
    },
    {
      name: 'YAML, ISO-8601 duration, zero',
      filename: yml,
      code: 'server:\n  tomcat:\n    connection-timeout: PT0S\n',
      errors: [{ messageId: 'unbounded', line: 3, column: 25, endLine: 3, endColumn: 29 }],
    },
  ],
});

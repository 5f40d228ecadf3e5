import { RuleTester } from '../../src/testing/index.js';
import rule from './error-report-exposes-details.js';

const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    '<Server><Service name="Catalina"><Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps">\n  <Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="false" showServerInfo="false"/>\n</Host></Engine></Service></Server>',
    // Not written at all: Tomcat's defaults are not this rule's business.
    '<Server><Service name="Catalina"><Engine name="Catalina" defaultHost="localhost"><Host name="localhost" appBase="webapps"/></Engine></Service></Server>',
    // Another valve with a same-named attribute.
    '<Server><Service name="Catalina"><Engine name="Catalina"><Host name="localhost"><Valve className="com.example.AuditValve" showReport="true"/></Host></Engine></Service></Server>',
    { filename: props, code: 'server.error.include-stacktrace=never\nserver.error.include-message=never\nserver.error.include-exception=false\n' },
    { name: 'dev profile file is exempt', filename: 'src/main/resources/application-dev.properties', code: 'server.error.include-stacktrace=always\nserver.error.include-message=always\n' },
    { name: 'dev profile document is exempt', filename: yml, code: 'server:\n  error:\n    include-stacktrace: never\n---\nspring:\n  config:\n    activate:\n      on-profile: local | dev\nserver:\n  error:\n    include-stacktrace: always\n' },
    { name: 'legacy spring.profiles document', filename: yml, code: 'spring:\n  profiles: development\nserver:\n  error:\n    include-exception: true\n' },
    { filename: 'src/test/resources/application.properties', code: 'server.error.include-stacktrace=always\n' },
    { filename: 'src/main/resources/application-qa.properties', code: 'server.error.include-stacktrace=always\n', options: { devProfiles: ['qa'] } },
  ],
  invalid: [
    {
      code: '<Server port="8005">\n  <Service name="Catalina">\n    <Engine name="Catalina" defaultHost="localhost">\n      <Host name="localhost" appBase="webapps">\n        <Valve className="org.apache.catalina.valves.ErrorReportValve"\n               showReport="true" showServerInfo="true"/>\n      </Host>\n    </Engine>\n  </Service>\n</Server>\n',
      errors: [
        { messageId: 'valve', line: 6, column: 28, endLine: 6, endColumn: 32, data: { attr: 'showReport', value: 'true', what: 'the exception message and stack trace' } },
        { messageId: 'valve', line: 6, column: 50, endLine: 6, endColumn: 54, data: { attr: 'showServerInfo', value: 'true', what: 'the Tomcat name and version' } },
      ],
    },
    {
      name: 'JSON error valve in a context file',
      filename: 'conf/Catalina/localhost/api.xml',
      code: "<Context>\n  <Valve className='org.apache.catalina.valves.JsonErrorReportValve' showServerInfo='TRUE'/>\n</Context>",
      errors: [{ messageId: 'valve', line: 2, column: 86, endLine: 2, endColumn: 90 }],
    },
    {
      filename: props,
      code: 'server.port=8080\nserver.error.include-stacktrace=always\n',
      errors: [{ messageId: 'spring', line: 2, column: 33, endLine: 2, endColumn: 39, data: { key: 'server.error.include-stacktrace', value: 'always', what: 'the stack trace', param: 'trace' } }],
    },
    {
      name: 'prod profile document and a profile that is not dev-only',
      filename: yml,
      code: 'spring:\n  config:\n    activate:\n      on-profile: "!dev"\nserver:\n  error:\n    includeMessage: ALWAYS\n---\nspring:\n  config:\n    activate:\n      on-profile: dev | prod\nserver:\n  error:\n    include-exception: true\n',
      errors: [
        { messageId: 'spring', line: 7, column: 21, endLine: 7, endColumn: 27 },
        { messageId: 'spring', line: 15, column: 24, endLine: 15, endColumn: 28 },
      ],
    },
    {
      name: 'on-param: any client can ask for the trace (legacy on-trace-param too)',
      filename: 'src/main/resources/application-prod.properties',
      code: 'server.error.include-stacktrace=on_param\n',
      errors: [{ messageId: 'onParam', line: 1, column: 33, endLine: 1, endColumn: 41, data: { key: 'server.error.include-stacktrace', value: 'on_param', what: 'the stack trace', param: 'trace' } }],
    },
    {
      filename: props,
      code: 'server.error.include-stacktrace=on-trace-param\n',
      errors: [{ messageId: 'onParam', line: 1, column: 33, endLine: 1, endColumn: 47 }],
    },
  ],
});

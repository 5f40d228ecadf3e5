import { RuleTester } from '../../src/testing/index.js';
import rule from './db-pool-wait-unbounded.js';

const ctxFile = 'conf/context.xml';
const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    { filename: ctxFile, code: '<Context>\n  <Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="50" maxWaitMillis="10000"/>\n</Context>\n' },
    // DBCP 2: 0 fails at once (pollFirst(0)), it does not wait forever.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/o" type="javax.sql.DataSource" maxTotal="50" maxWaitMillis="0"/></Context>' },
    // Tomcat JDBC pool and HikariCP default to 30 s.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/t" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" maxActive="50"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/h" type="javax.sql.DataSource" factory="com.zaxxer.hikari.HikariJNDIFactory" maximumPoolSize="20"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/l" type="javax.sql.DataSource" maxActive="20" maxWait="5000"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/p" type="javax.sql.DataSource" maxTotal="20" maxWaitMillis="${db.wait}"/></Context>' },
    '<Server><GlobalNamingResources><Resource name="UserDatabase" type="org.apache.catalina.UserDatabase" factory="org.apache.catalina.users.MemoryUserDatabaseFactory"/></GlobalNamingResources></Server>',
    { filename: props, code: 'spring.datasource.hikari.connection-timeout=5000\n' },
    // Hikari 250 ms is its minimum, not unbounded.
    { filename: props, code: 'spring.datasource.hikari.connection-timeout=250\n' },
    { filename: props, code: 'spring.datasource.dbcp2.max-wait-millis=0\n' },
    { filename: 'src/test/resources/application.properties', code: 'spring.datasource.hikari.connection-timeout=0\n' },
  ],
  invalid: [
    {
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n            maxTotal="50" maxWaitMillis="-1"/>\n</Context>\n',
      errors: [{ messageId: 'unbounded', line: 3, column: 42, endLine: 3, endColumn: 44, data: { name: 'jdbc/orders', impl: 'DBCP 2', attr: 'maxWaitMillis', value: '-1' } }],
    },
    {
      name: 'left at DBCP 2\'s default of -1',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="50"/>\n</Context>\n',
      errors: [{ messageId: 'defaultUnbounded', line: 2, column: 4, endLine: 2, endColumn: 12, data: { name: 'jdbc/orders', impl: 'DBCP 2', attr: 'maxWaitMillis', value: -1 } }],
    },
    {
      name: 'DBCP 1 name next to DBCP 2 ones: Tomcat 8+ ignores maxWait',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="50" maxWait="10000"/>\n</Context>\n',
      errors: [{ messageId: 'ignoredName', line: 2, column: 74, endLine: 2, endColumn: 81 }],
    },
    {
      name: 'legacy DBCP and the Tomcat JDBC pool, zero waits: two errors',
      code: "<Server>\n<GlobalNamingResources>\n<Resource name='jdbc/a' type='javax.sql.DataSource' maxActive='20' maxWait='0' validationQuery='SELECT 1'/>\n<Resource name='jdbc/b' type='javax.sql.DataSource' factory='org.apache.tomcat.jdbc.pool.DataSourceFactory' maxWait='-1'/>\n</GlobalNamingResources>\n</Server>",
      errors: [
        { messageId: 'unbounded', line: 3, column: 77, endLine: 3, endColumn: 78 },
        { messageId: 'unbounded', line: 4, column: 118, endLine: 4, endColumn: 120 },
      ],
    },
    {
      filename: props,
      code: 'spring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.connection-timeout=0\n',
      errors: [{ messageId: 'spring', line: 2, column: 45, endLine: 2, endColumn: 46, data: { key: 'spring.datasource.hikari.connection-timeout', value: '0' } }],
    },
    {
      name: 'YAML: DBCP 2 through Spring, and the Spring Boot 1.x Tomcat pool name',
      filename: yml,
      code: 'spring:\n  datasource:\n    dbcp2:\n      max-wait-millis: -1\n    max-wait: 0\n',
      errors: [
        { messageId: 'spring', line: 4, column: 24, endLine: 4, endColumn: 26 },
        { messageId: 'spring', line: 5, column: 15, endLine: 5, endColumn: 16 },
      ],
    },
  ],
});

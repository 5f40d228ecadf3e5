import { RuleTester } from '../../src/testing/index.js';
import rule from './db-pool-validation-missing.js';

const ctxFile = 'conf/context.xml';
const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    // Druid tests idle connections by default (testWhileIdle true).
    { filename: yml, code: 'spring:\n  datasource:\n    druid:\n      max-active: 40\n      max-wait: 3000\n' },
    { filename: props, code: 'spring.datasource.druid.test-while-idle=false\nspring.datasource.druid.test-on-borrow=true\n' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/d" type="javax.sql.DataSource" factory="com.alibaba.druid.pool.DruidDataSourceFactory" maxActive="40"/></Context>' },
    // DBCP 2 tests on borrow by default, with Connection.isValid() when there is no validationQuery.
    { filename: ctxFile, code: '<Context>\n  <Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="50" maxWaitMillis="5000"/>\n</Context>\n' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/o" type="javax.sql.DataSource" maxTotal="50" testOnBorrow="false" testWhileIdle="true" timeBetweenEvictionRunsMillis="30000"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/t" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" testOnBorrow="true" validationQuery="SELECT 1" validationInterval="30000"/></Context>' },
    // The Tomcat JDBC pool's evictor runs every 5 s by default, so testWhileIdle alone validates.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/t" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" testWhileIdle="true"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/l" type="javax.sql.DataSource" maxActive="20" maxWait="5000" validationQuery="SELECT 1"/></Context>' },
    // HikariCP always validates.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/h" type="javax.sql.DataSource" factory="com.zaxxer.hikari.HikariJNDIFactory"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/p" type="javax.sql.DataSource" maxTotal="20" testOnBorrow="${db.test}"/></Context>' },
    // Spring Boot turns testOnBorrow on for the Tomcat pool itself.
    { filename: props, code: 'spring.datasource.tomcat.max-active=50\n' },
    { filename: props, code: 'spring.datasource.tomcat.test-on-borrow=false\nspring.datasource.tomcat.test-while-idle=true\n' },
    { filename: 'src/test/resources/application.properties', code: 'spring.datasource.dbcp2.test-on-borrow=false\n' },
  ],
  invalid: [
    {
      name: 'Tomcat JDBC pool with its defaults',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n            factory="org.apache.tomcat.jdbc.pool.DataSourceFactory"\n            maxActive="50" validationQuery="SELECT 1"/>\n</Context>\n',
      errors: [{ messageId: 'noValidation', line: 2, column: 4, endLine: 2, endColumn: 12, data: { name: 'jdbc/orders', impl: 'Tomcat JDBC pool', reason: 'testOnBorrow and testWhileIdle are false (the Tomcat JDBC pool default)' } }],
    },
    {
      name: 'legacy DBCP without a validationQuery, and DBCP 2 with testOnBorrow off: two errors',
      code: '<Server>\n  <GlobalNamingResources>\n    <Resource name="jdbc/a" type="javax.sql.DataSource" maxActive="20" maxWait="5000"/>\n    <Resource name="jdbc/b" type="javax.sql.DataSource" maxTotal="20" testOnBorrow="false" testWhileIdle="true"/>\n  </GlobalNamingResources>\n</Server>\n',
      errors: [
        { messageId: 'noValidation', line: 3, column: 6, endLine: 3, endColumn: 14, data: { name: 'jdbc/a', impl: 'DBCP 1', reason: 'DBCP 1 tests nothing without a validationQuery' } },
        { messageId: 'testOnBorrowOff', line: 4, column: 85, endLine: 4, endColumn: 90 },
      ],
    },
    {
      filename: props,
      code: 'spring.datasource.url=jdbc:mysql://db/orders\nspring.datasource.tomcat.test-on-borrow=false\n',
      errors: [{ messageId: 'spring', line: 2, column: 41, endLine: 2, endColumn: 46, data: { key: 'spring.datasource.tomcat.test-on-borrow', value: 'false' } }],
    },
    {
      name: 'YAML, in a profile document only',
      filename: yml,
      code: 'spring:\n  datasource:\n    dbcp2:\n      test-on-borrow: true\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\n  datasource:\n    dbcp2:\n      testOnBorrow: false\n',
      errors: [{ messageId: 'spring', line: 12, column: 21, endLine: 12, endColumn: 26 }],
    },
    {
      name: 'Druid starter with the idle test turned off',
      filename: yml,
      code: 'spring:\n  datasource:\n    druid:\n      max-active: 40\n      test-while-idle: false\n      test-on-borrow: false\n',
      errors: [{ messageId: 'springIdleOff', line: 5, column: 24, endLine: 5, endColumn: 29 }],
    },
    {
      name: 'Druid through a Tomcat Resource with testWhileIdle="false"',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/mall" type="javax.sql.DataSource" factory="com.alibaba.druid.pool.DruidDataSourceFactory"\n            maxActive="40" maxWait="3000" testWhileIdle="false"/>\n</Context>\n',
      errors: [{ messageId: 'idleOff', line: 3, column: 58, endLine: 3, endColumn: 63, data: { name: 'jdbc/mall', impl: 'Druid', value: 'false' } }],
    },
  ],
});

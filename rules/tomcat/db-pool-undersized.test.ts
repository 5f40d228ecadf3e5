import { RuleTester } from '../../src/testing/index.js';
import rule from './db-pool-undersized.js';

const ctxFile = 'conf/context.xml';
const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    { filename: props, code: 'spring.datasource.druid.max-active=40\nspring.datasource.druid.max-wait=3000\n' },
    { filename: ctxFile, code: '<Context>\n  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n            maxTotal="50" maxIdle="10" maxWaitMillis="10000"\n            driverClassName="org.postgresql.Driver" url="jdbc:postgresql://db/orders"/>\n</Context>\n' },
    // The Tomcat JDBC pool defaults to 100 connections.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/a" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" url="jdbc:h2:mem:a"/></Context>' },
    // HikariCP through JNDI defaults to 10.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/h" type="javax.sql.DataSource" factory="com.zaxxer.hikari.HikariJNDIFactory" jdbcUrl="jdbc:h2:mem:h"/></Context>' },
    // -1 is "no limit" in DBCP.
    { filename: ctxFile, code: '<Context><Resource name="jdbc/u" type="javax.sql.DataSource" maxTotal="-1" maxWaitMillis="5000"/></Context>' },
    { filename: ctxFile, code: '<Context><Resource name="jdbc/p" type="javax.sql.DataSource" maxTotal="${db.max}"/></Context>' },
    // Not a JDBC pool.
    '<Server><GlobalNamingResources><Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase" factory="org.apache.catalina.users.MemoryUserDatabaseFactory" pathname="conf/tomcat-users.xml"/></GlobalNamingResources></Server>',
    { filename: ctxFile, code: '<Context><Resource name="mail/Session" type="jakarta.mail.Session" mail.smtp.host="localhost"/></Context>' },
    { filename: props, code: 'spring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.maximum-pool-size=20\n' },
    { filename: props, code: 'spring.datasource.hikari.maximum-pool-size=0\n' },
    { filename: props, code: 'spring.datasource.hikari.maximum-pool-size=${POOL_SIZE:5}\n' },
    { filename: 'src/test/resources/application.properties', code: 'spring.datasource.hikari.maximum-pool-size=2\n' },
    { filename: props, code: 'spring.datasource.hikari.maximum-pool-size=4\n', options: { min: 4 } },
  ],
  invalid: [
    {
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n            maxTotal="8" maxIdle="4" maxWaitMillis="10000"/>\n</Context>\n',
      errors: [{ messageId: 'small', line: 3, column: 23, endLine: 3, endColumn: 24, data: { name: 'jdbc/orders', impl: 'DBCP 2', attr: 'maxTotal', value: 8, min: 10 } }],
    },
    {
      name: 'left at the DBCP 2 default of 8',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/orders" auth="Container" type="javax.sql.DataSource"\n            username="app" password="secret" url="jdbc:mysql://db/orders"/>\n</Context>\n',
      errors: [{ messageId: 'defaultSmall', line: 2, column: 4, endLine: 2, endColumn: 12, data: { name: 'jdbc/orders', impl: 'DBCP 2', attr: 'maxTotal', value: 8, min: 10 } }],
    },
    {
      name: 'legacy DBCP (Tomcat 7 names) and the Tomcat JDBC pool in one server.xml: two errors',
      code: '<Server>\n  <GlobalNamingResources>\n    <Resource name="jdbc/legacy" type="javax.sql.DataSource" maxActive="5" maxWait="5000" validationQuery="SELECT 1"/>\n    <Resource name="jdbc/tj" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" maxActive="4"/>\n  </GlobalNamingResources>\n</Server>\n',
      errors: [
        { messageId: 'small', line: 3, column: 73, endLine: 3, endColumn: 74, data: { name: 'jdbc/legacy', impl: 'DBCP 1', attr: 'maxActive', value: 5, min: 10 } },
        { messageId: 'small', line: 4, column: 125, endLine: 4, endColumn: 126, data: { name: 'jdbc/tj', impl: 'Tomcat JDBC pool', attr: 'maxActive', value: 4, min: 10 } },
      ],
    },
    {
      name: 'legacy DBCP factory named explicitly, left at its default',
      filename: 'conf/Catalina/localhost/orders.xml',
      code: '<Context path="/orders">\n<Resource name="jdbc/o" type="javax.sql.DataSource" factory="org.apache.tomcat.dbcp.dbcp.BasicDataSourceFactory"/>\n</Context>',
      errors: [{ messageId: 'defaultSmall', line: 2, column: 2, endLine: 2, endColumn: 10, data: { name: 'jdbc/o', impl: 'DBCP 1', attr: 'maxActive', value: 8, min: 10 } }],
    },
    {
      filename: props,
      code: 'spring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.maximum-pool-size=5\n',
      errors: [{ messageId: 'spring', line: 2, column: 44, endLine: 2, endColumn: 45, data: { key: 'spring.datasource.hikari.maximum-pool-size', value: 5, min: 10 } }],
    },
    {
      name: 'YAML, camelCase, Tomcat pool and DBCP 2 in two profile documents',
      filename: yml,
      code: 'spring:\n  datasource:\n    tomcat:\n      maxActive: 6\n---\nspring:\n  config.activate.on-profile: prod\n  datasource:\n    dbcp2:\n      max-total: 3\n',
      errors: [
        { messageId: 'spring', line: 4, column: 18, endLine: 4, endColumn: 19 },
        { messageId: 'spring', line: 10, column: 18, endLine: 10, endColumn: 19 },
      ],
    },
    {
      name: 'Spring Boot 1.x name for the Tomcat pool',
      filename: props,
      code: 'spring.datasource.max-active=4\n',
      errors: [{ messageId: 'spring', line: 1, column: 30, endLine: 1, endColumn: 31 }],
    },
    {
      name: 'Druid starter with max-active 4',
      filename: yml,
      code: 'spring:\n  datasource:\n    druid:\n      max-active: 4\n      max-wait: 3000\n',
      errors: [{ messageId: 'spring', line: 4, column: 19, endLine: 4, endColumn: 20 }],
    },
    {
      name: 'Druid through a Tomcat Resource at its default size of 8',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/mall" type="javax.sql.DataSource" factory="com.alibaba.druid.pool.DruidDataSourceFactory" maxWait="3000"/>\n</Context>\n',
      errors: [{ messageId: 'defaultSmall', line: 2, column: 4, endLine: 2, endColumn: 12, data: { name: 'jdbc/mall', impl: 'Druid', attr: 'maxActive', value: 8, min: 10 } }],
    },
  ],
});

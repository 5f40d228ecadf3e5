import { RuleTester } from '../../src/testing/index.js';
import rule from './db-pool-wait-unbounded.js';

const ctxFile = 'conf/context.xml';
const props = 'src/main/resources/application.properties';
const yml = 'src/main/resources/application.yml';

new RuleTester().run(rule, {
  valid: [
    // Druid with a bounded wait; a Druid type whose pool is set up in code.
    { filename: yml, code: 'spring:\n  datasource:\n    druid:\n      max-active: 40\n      max-wait: 3000\n' },
    { filename: props, code: 'spring.datasource.type=com.alibaba.druid.pool.DruidDataSource\nspring.datasource.url=jdbc:mysql://db/mall\n' },
    { filename: props, code: 'spring.datasource.type=com.alibaba.druid.pool.DruidDataSource\nspring.datasource.druid.initial-size=5\nspring.datasource.maxWait=5000\n' },
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
    {
      name: 'Druid starter without max-wait: Druid\'s default -1 waits forever',
      filename: yml,
      code: 'spring:\n  datasource:\n    url: jdbc:mysql://db/mall\n    druid:\n      initial-size: 5\n      max-active: 40\n',
      errors: [{ messageId: 'springDruidDefault', line: 5, column: 7, endLine: 5, endColumn: 19 }],
    },
    {
      name: 'Druid max-wait of 0 (blocks: Druid polls with a timeout only above 0)',
      filename: props,
      code: 'spring.datasource.druid.max-active=40\nspring.datasource.druid.max-wait=0\n',
      errors: [{ messageId: 'spring', line: 2, column: 34, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'Druid through a Tomcat Resource without maxWait',
      filename: ctxFile,
      code: '<Context>\n  <Resource name="jdbc/mall" type="javax.sql.DataSource" factory="com.alibaba.druid.pool.DruidDataSourceFactory" maxActive="40"/>\n</Context>\n',
      errors: [{ messageId: 'defaultUnbounded', line: 2, column: 4, endLine: 2, endColumn: 12, data: { name: 'jdbc/mall', impl: 'Druid', attr: 'maxWait' } }],
    },
  ],
});

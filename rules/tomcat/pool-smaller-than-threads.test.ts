import { RuleTester } from '../../src/testing/index.js';
import rule from './pool-smaller-than-threads.js';

const server = (connector: string) => `<Server port="8005">\n  <Service name="Catalina">\n    ${connector}\n    <Engine name="Catalina" defaultHost="localhost"/>\n  </Service>\n</Server>\n`;
const context = (resources: string) => `<Context>\n  ${resources}\n</Context>\n`;

new RuleTester().run(rule, {
  valid: [
    {
      name: 'pool of 60 behind 200 threads',
      filename: 'tomcat/conf/context.xml',
      code: context('<Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="60" maxWaitMillis="5000"/>'),
      files: { 'tomcat/conf/server.xml': server('<Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>') },
    },
    {
      name: 'few threads: 30 threads over 10 connections',
      filename: 'tomcat/conf/context.xml',
      code: context('<Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="10" maxWaitMillis="5000"/>'),
      files: { 'tomcat/conf/server.xml': server('<Connector port="8080" maxThreads="30"/>') },
    },
    {
      name: 'no server.xml in the run: the threads are unknown',
      filename: 'webapp/META-INF/context.xml',
      code: context('<Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="8"/>'),
    },
    {
      name: 'server.xml and context.xml of different installations',
      filename: 'a/conf/server.xml',
      code: server('<Connector port="8080" maxThreads="400"/>'),
      files: { 'b/conf/context.xml': context('<Resource name="jdbc/x" type="javax.sql.DataSource" maxTotal="10"/>') },
    },
    {
      name: 'unlimited pool',
      filename: 'conf/context.xml',
      code: context('<Resource name="jdbc/x" type="javax.sql.DataSource" maxTotal="-1"/>'),
      files: { 'conf/server.xml': server('<Connector port="8080" maxThreads="800"/>') },
    },
    { name: 'Spring Boot defaults on both sides: nothing written to point at', filename: 'src/main/resources/application.yml', code: 'spring:\n  datasource:\n    url: jdbc:mysql://db/shop\n    username: shop\n' },
    { name: 'Druid max-active 20 behind 400 threads: 20 per connection', filename: 'src/main/resources/application.yml', code: 'server:\n  tomcat:\n    threads:\n      max: 400\nspring:\n  datasource:\n    url: jdbc:mysql://db/mall\n    druid:\n      max-active: 20\n' },
    { name: 'a Druid type set up in code (no pool keys): not judged', filename: 'src/main/resources/application.properties', code: 'server.tomcat.threads.max=400\nspring.datasource.type=com.alibaba.druid.pool.DruidDataSource\nspring.datasource.url=jdbc:mysql://db/mall\n' },
    {
      name: 'HikariCP\'s guidance: a pool of 40 behind Tomcat\'s 200 threads is healthy',
      filename: 'src/main/resources/application.properties',
      code: 'server.tomcat.threads.max=200\nspring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.maximum-pool-size=40\n',
    },
    {
      name: 'a DBCP 2 pool of 10 behind Tomcat\'s default 200 threads (20 per connection)',
      filename: 'tomcat/conf/context.xml',
      code: context('<Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="10" maxWaitMillis="5000"/>'),
      files: { 'tomcat/conf/server.xml': server('<Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>') },
    },
    { name: 'a DataSource type lint500 does not model', filename: 'src/main/resources/application.properties', code: 'server.tomcat.threads.max=400\nspring.datasource.type=oracle.ucp.jdbc.PoolDataSourceImpl\n' },
    { name: 'Spring app without a DataSource', filename: 'src/main/resources/application.properties', code: 'server.port=8080\nserver.tomcat.threads.max=400\n' },
    { name: 'Spring test configuration', filename: 'src/test/resources/application.properties', code: 'spring.datasource.hikari.maximum-pool-size=2\n' },
    { filename: 'src/main/resources/application.properties', code: 'server.tomcat.threads.max=200\nspring.datasource.hikari.maximum-pool-size=50\n' },
    { filename: 'src/main/resources/application.properties', code: 'server.tomcat.threads.max=200\nspring.datasource.hikari.maximum-pool-size=20\n', options: { ratio: 10 } },
  ],
  invalid: [
    {
      name: 'DBCP 2 pool of 5 behind Tomcat\'s default 200 threads',
      filename: 'tomcat/conf/context.xml',
      code: context('<Resource name="jdbc/orders" type="javax.sql.DataSource" maxTotal="5" maxWaitMillis="5000"/>'),
      files: { 'tomcat/conf/server.xml': server('<Connector port="8080" protocol="HTTP/1.1" connectionTimeout="20000"/>') },
      errors: [
        {
          messageId: 'ratio',
          line: 2,
          column: 70,
          endLine: 2,
          endColumn: 71,
          message: 'Up to 200 request threads (Connector on port 8080, Tomcat\'s default) share 5 database connections ("jdbc/orders", maxTotal), more than 20 threads per connection: under load most requests wait up to 5 s for a connection and then fail with a 500.',
          related: [{ file: 'tomcat/conf/server.xml', line: 3, column: 6 }],
        },
      ],
    },
    {
      name: 'executor indirection: the executor\'s threads count, pool left at the DBCP 2 default, waiting forever',
      filename: 'conf/server.xml',
      code: server('<Executor name="pool" maxThreads="400"/>\n    <Connector executor="pool" port="8080" maxThreads="10"/>'),
      files: { 'conf/Catalina/localhost/orders.xml': context('<Resource name="jdbc/orders" type="javax.sql.DataSource"/>') },
      errors: [
        {
          messageId: 'ratio',
          file: 'conf/Catalina/localhost/orders.xml',
          line: 2,
          column: 4,
          endLine: 2,
          endColumn: 12,
          message: 'Up to 400 request threads (Executor "pool" maxThreads) share 8 database connections ("jdbc/orders", DBCP 2\'s default), more than 20 threads per connection: under load most requests wait forever for a connection, hanging the server.',
          related: [{ file: 'conf/server.xml', line: 3, column: 39 }],
        },
      ],
    },
    {
      name: 'two pools, two errors; the largest connector counts',
      filename: 'conf/context.xml',
      code: context('<Resource name="jdbc/a" type="javax.sql.DataSource" maxTotal="10" maxWaitMillis="3000"/>\n  <Resource name="jdbc/b" type="javax.sql.DataSource" factory="org.apache.tomcat.jdbc.pool.DataSourceFactory" maxActive="12"/>'),
      files: { 'conf/server.xml': server('<Connector port="8080" maxThreads="120"/>\n    <Connector port="8443" maxThreads="300" SSLEnabled="true"/>') },
      errors: [
        { messageId: 'ratio', line: 2, column: 65, endLine: 2, endColumn: 67, related: [{ file: 'conf/server.xml', line: 4 }] },
        { messageId: 'ratio', line: 3, column: 122, endLine: 3, endColumn: 124, related: [{ file: 'conf/server.xml', line: 4 }] },
      ],
    },
    {
      name: 'Spring properties: Hikari 5 behind 200 threads',
      filename: 'services/orders/src/main/resources/application.properties',
      code: 'server.port=8080\nserver.tomcat.threads.max=200\nspring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.maximum-pool-size=5\n',
      errors: [
        {
          messageId: 'ratio',
          line: 4,
          column: 44,
          endLine: 4,
          endColumn: 45,
          message: 'Up to 200 request threads (server.tomcat.threads.max) share 5 database connections (spring.datasource.hikari.maximum-pool-size), more than 20 threads per connection: under load most requests wait up to 30 s for a connection and then fail with a 500.',
          related: [{ file: 'services/orders/src/main/resources/application.properties', line: 2, column: 27 }],
        },
      ],
    },
    {
      name: 'profile-specific file raises the threads over a pool that fits the default profile',
      filename: 'src/main/resources/application.yml',
      code: 'server:\n  tomcat:\n    threads:\n      max: 100\nspring:\n  datasource:\n    hikari:\n      maximum-pool-size: 15\n      connection-timeout: 2000\n',
      files: { 'src/main/resources/application-prod.properties': 'server.tomcat.max-threads=400\n' },
      errors: [
        {
          messageId: 'ratio',
          line: 8,
          column: 26,
          endLine: 8,
          endColumn: 28,
          message: 'Up to 400 request threads (server.tomcat.max-threads) share 15 database connections (spring.datasource.hikari.maximum-pool-size) with profile prod active, more than 20 threads per connection: under load most requests wait up to 2 s for a connection and then fail with a 500.',
          related: [{ file: 'src/main/resources/application-prod.properties', line: 1 }],
        },
      ],
    },
    {
      name: 'pool left at HikariCP\'s default: reported on the datasource key, related to the threads',
      filename: 'src/main/resources/application.properties',
      code: 'spring.datasource.url=jdbc:h2:tcp://db/x\nserver.tomcat.threads.max=80\n',
      options: { ratio: 2 },
      errors: [
        {
          messageId: 'ratio',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 22,
          message: 'Up to 80 request threads (server.tomcat.threads.max) share 10 database connections (HikariCP\'s default), more than 2 threads per connection: under load most requests wait up to 30 s for a connection and then fail with a 500.',
          related: [{ file: 'src/main/resources/application.properties', line: 2, column: 27 }],
        },
      ],
    },
    {
      name: 'Druid starter at its default size (8) and wait (forever) behind 400 threads',
      filename: 'src/main/resources/application.yml',
      code: 'server:\n  tomcat:\n    threads:\n      max: 400\nspring:\n  datasource:\n    url: jdbc:mysql://db/mall\n    druid:\n      initial-size: 5\n',
      errors: [
        {
          messageId: 'ratio',
          line: 7,
          column: 5,
          endLine: 7,
          endColumn: 8,
          message: 'Up to 400 request threads (server.tomcat.threads.max) share 8 database connections (Druid\'s default), more than 20 threads per connection: under load most requests wait forever for a connection, hanging the server.',
          related: [{ file: 'src/main/resources/application.yml', line: 4, column: 12 }],
        },
      ],
    },
    {
      name: 'Druid set up by hand under spring.datasource (type and maxActive)',
      filename: 'src/main/resources/application.properties',
      code: 'server.tomcat.threads.max=300\nspring.datasource.type=com.alibaba.druid.pool.DruidDataSource\nspring.datasource.maxActive=10\nspring.datasource.maxWait=3000\n',
      errors: [{ messageId: 'ratio', line: 3, column: 29, endLine: 3, endColumn: 31, related: [{ file: 'src/main/resources/application.properties', line: 1, column: 27 }] }],
    },
  ],
});

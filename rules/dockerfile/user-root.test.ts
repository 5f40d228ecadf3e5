import { RuleTester } from '../../src/testing/index.js';
import rule from './user-root.js';

new RuleTester().run(rule, {
  valid: [
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
    'FROM python:3.12-slim\nRUN useradd -r app\nUSER 10001:10001\nCMD ["gunicorn", "app.wsgi"]\n',
    // Non-root by default.
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\nCMD ["/app"]\n',
    // Entrypoints that drop privileges with gosu.
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y gosu && rm -rf /var/lib/apt/lists/*\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["redis-server"]\n',
    // A base image for others (no start command of its own).
    'FROM debian:bookworm-slim\nRUN apt-get update\n',
    // A file that ships nothing is a base image for others; ARG-driven USER cannot be checked.
    'FROM mycompany/base:2\nCMD ["app"]\n',
    'FROM node:20-slim\nARG APP_USER\nUSER ${APP_USER}\nCMD ["node", "server.js"]\n',
    // Root only for a build step, then back.
    'FROM node:20-slim\nUSER root\nRUN apt-get update\nUSER node\nCMD ["node", "server.js"]\n',
    // A Wasm module has no process user; a CI test image and a load generator serve nothing.
    'FROM rust:1.79 AS build\nRUN cargo build --target wasm32-wasi --release\nFROM scratch\nENTRYPOINT [ "kafka.wasm" ]\nCOPY --link --from=build /kafka.wasm /kafka.wasm\n',
    'FROM node:8.9-slim\nRUN yarn global add phantomjs-prebuilt\nADD . /app\nWORKDIR /app\nCMD ["/app/tests.sh"]\n',
    'FROM python:3.12-slim\nCOPY locustfile.py .\nRUN pip install --no-cache-dir locust\nENTRYPOINT ["locust", "--headless"]\n',
    // An unknown base whose (inherited) entrypoint may drop root for a datastore.
    'FROM postgis/postgis:16-3.4\nRUN git clone --recursive https://github.com/pramsey/pgsql-http.git && make -C pgsql-http install\nCMD ["postgres"]\n',
    // Base images fetch distributions and tools, not an app.
    'FROM debian:bookworm-slim\nRUN curl -fsSL -o python.tar.xz https://www.python.org/ftp/python/3.12.4/Python-3.12.4.tar.xz && tar -xJf python.tar.xz\nCMD ["python3"]\n',
  ],
  invalid: [
    {
      name: 'an unknown base image does not silence it',
      code: 'FROM java:8-jre\nCOPY target/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 16 }],
    },
    {
      name: 'an unknown company base, app copied in',
      code: 'FROM registry.example.com/platform/python-base:3.12\nCOPY . /srv/app\nCMD ["gunicorn", "app:app"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 52 }],
    },
    {
      name: 'an app fetched with git clone is an application build',
      code: 'FROM node:20-slim\nRUN git clone --depth 1 https://github.com/example/shop.git /app && cd /app && npm ci --omit=dev\nWORKDIR /app\nCMD ["npm", "start"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 18 }],
    },
    {
      name: 'an app fetched as a GitHub archive with curl',
      code: 'FROM php:8.3-cli\nRUN curl -sL https://github.com/ptrofimov/beanstalk_console/archive/master.tar.gz | tar xz -C /source\nEXPOSE 2080\nCMD ["php", "-S", "0.0.0.0:2080", "-t", "/source/public"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 17 }],
    },
    {
      code: 'FROM node:20-slim\nCOPY . .\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 18 }],
    },
    {
      name: 'USER 0 after a non-root USER, and USER in the build stage only',
      code: 'FROM node:20 AS build\nUSER node\nRUN npm ci\nFROM node:20-slim\nUSER node\nCOPY --from=build /app /app\nUSER 0:0\nCMD ["node", "/app/server.js"]\n',
      errors: [{ messageId: 'root', line: 7, column: 6, endLine: 7, endColumn: 7 }],
    },
    {
      name: 'ARG-resolved root',
      code: 'FROM python:3.12-slim\nARG RUN_AS=root\nUSER ${RUN_AS}\nCOPY app.py /app/\nCMD ["gunicorn", "app.wsgi"]\n',
      errors: [{ messageId: 'root', line: 3, column: 6, endLine: 3, endColumn: 15 }],
    },
  ],
});

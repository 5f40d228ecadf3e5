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
    // Unknown base may set USER itself; ARG-driven USER cannot be checked.
    'FROM mycompany/base:2\nCMD ["app"]\n',
    'FROM node:20-slim\nARG APP_USER\nUSER ${APP_USER}\nCMD ["node", "server.js"]\n',
    // Root only for a build step, then back.
    'FROM node:20-slim\nUSER root\nRUN apt-get update\nUSER node\nCMD ["node", "server.js"]\n',
  ],
  invalid: [
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

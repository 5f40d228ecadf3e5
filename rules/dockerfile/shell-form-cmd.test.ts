import { RuleTester } from '../../src/testing/index.js';
import rule from './shell-form-cmd.js';

new RuleTester().run(rule, {
  valid: [
    'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    'FROM eclipse-temurin:21-jre\nENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]\n',
    // The shell replaces itself with the app.
    'FROM python:3.12-slim\nCMD exec gunicorn --bind 0.0.0.0:8000 app.wsgi\n',
    'FROM python:3.12-slim\nCMD set -e; python manage.py migrate; exec gunicorn app.wsgi\n',
    // Only the final stage ships.
    'FROM node:20 AS test\nCMD npm test\nFROM node:20-slim\nCMD ["node", "index.js"]\n',
    // With an exec-form ENTRYPOINT, CMD only passes arguments.
    'FROM node:20-slim\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD node server.js\n',
    // Alpine's /bin/sh is BusyBox ash, which execs the last command of `sh -c`: node is PID 1.
    'FROM node:20-alpine\nEXPOSE 3000\nCMD node server.js\n',
    'FROM python:3.12-alpine\nEXPOSE 8000\nCMD cd /app && gunicorn -b 0.0.0.0:8000 app:app\n',
    // bash execs a single simple command: supervisord is PID 1.
    'FROM debian:bookworm-slim\nEXPOSE 9324 9325\nENTRYPOINT ["bash", "-c", "/usr/bin/supervisord"]\n',
    'FROM python:3.12-slim\nSHELL ["/bin/bash", "-c"]\nCMD gunicorn --bind 0.0.0.0:$PORT app.wsgi\n',
    // Images that do not serve: a CI test image, a load generator, a start command that is not a known server.
    'FROM node:8.9-slim\nADD . /app\nWORKDIR /app\nCMD /app/tests.sh\n',
    'FROM python:3.12-slim\nCOPY locustfile.py .\nENTRYPOINT locust --host="http://${FRONTEND_ADDR}" --headless -u "${USERS:-10}" 2>&1\n',
    'FROM python:3.12-slim\nCOPY . .\nCMD python worker.py\n',
    { code: 'FROM node:20-slim\nCOPY . .\nCMD npm run e2e\n', filename: 'result/tests/Dockerfile' },
  ],
  invalid: [
    {
      name: "Debian's dash keeps the shell as PID 1 even for the last command",
      code: 'FROM python:3.12-slim\nEXPOSE 8000\nCMD cd /app && python app.py\n',
      errors: [
        {
          messageId: 'shellForm',
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 29,
          message:
            'Shell-form CMD runs "cd /app && python app.py" under /bin/sh (dash in python:3.12-slim) as PID 1: SIGTERM stops at the shell, the app is killed after the grace period and every rollout cuts in-flight requests (502).',
        },
      ],
    },
    {
      name: 'sh -c on a Debian image: dash does not exec the single command',
      code: 'FROM node:20-slim\nEXPOSE 3000\nENTRYPOINT ["sh", "-c", "node server.js"]\n',
      errors: [{ messageId: 'shWrapper', line: 3, column: 1, endLine: 3, endColumn: 42 }],
    },
    {
      name: 'bash keeps the shell when the command has a redirection',
      code: 'FROM node:20-alpine\nEXPOSE 3000\nCMD ["bash", "-c", "node server.js > /var/log/app.log 2>&1"]\n',
      errors: [{ messageId: 'shWrapper', line: 3, column: 1, endLine: 3, endColumn: 61 }],
    },
    {
      name: 'BusyBox ash does not exec a command piped into another',
      code: 'FROM node:20-alpine\nEXPOSE 3000\nCMD node server.js | tee /tmp/app.log\n',
      errors: [{ messageId: 'shellForm', line: 3, column: 1, endLine: 3, endColumn: 38 }],
    },
    {
      name: 'simple shell form is rewritten to exec form',
      code: 'FROM node:20-slim\nWORKDIR /app\nCMD node server.js\n',
      errors: [{ messageId: 'shellForm', line: 3, column: 1, endLine: 3, endColumn: 19 }],
      output: 'FROM node:20-slim\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a trailing lint500 directive for another rule: the span ends before it, no fix (exec form cannot carry it)',
      code: 'FROM node:20-slim\nCMD node server.js   # lint500-disable-line dockerfile/user-root -- runs as root on purpose\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 19, message: 'Shell-form CMD runs "node server.js" under /bin/sh (dash in node:20-slim) as PID 1: SIGTERM stops at the shell, the app is killed after the grace period and every rollout cuts in-flight requests (502).' }],
      output: null,
    },
    {
      name: 'shell syntax: reported without a fix',
      code: 'FROM python:3.12-slim\nCMD gunicorn --bind 0.0.0.0:$PORT app.wsgi\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 43 }],
      output: null,
    },
    {
      name: 'shell-form ENTRYPOINT over a continuation line, fixed',
      code: 'FROM eclipse-temurin:21-jre\nENTRYPOINT java -XX:MaxRAMPercentage=75 \\\n    -jar /app/app.jar\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 3, endColumn: 22 }],
      output: 'FROM eclipse-temurin:21-jre\nENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]\n',
    },
    {
      name: 'sh -c without exec in exec form',
      code: 'FROM eclipse-temurin:21-jre\nENTRYPOINT ["/bin/sh", "-c", "java $JAVA_OPTS -jar /app/app.jar"]\n',
      errors: [{ messageId: 'shWrapper', line: 2, column: 1, endLine: 2, endColumn: 66 }],
    },
    {
      name: 'broken JSON falls back to shell form',
      code: "FROM node:20-slim\nCMD ['node', 'server.js']\n",
      errors: [{ messageId: 'invalidJson', line: 2, column: 1, endLine: 2, endColumn: 26 }],
    },
    {
      name: 'inherited from the parent stage, CRLF',
      code: 'FROM node:20-slim AS base\r\nCMD npm start\r\nFROM base\r\nENV NODE_ENV=production\r\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 14 }],
      output: 'FROM node:20-slim AS base\r\nCMD ["npm", "start"]\r\nFROM base\r\nENV NODE_ENV=production\r\n',
    },
    {
      name: 'a shell-form ENTRYPOINT and an ignored CMD: one finding',
      code: 'FROM ruby:3.3-slim\nENTRYPOINT bundle exec puma -C config/puma.rb\nCMD ["ignored"]\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 46 }],
      output: 'FROM ruby:3.3-slim\nENTRYPOINT ["bundle", "exec", "puma", "-C", "config/puma.rb"]\nCMD ["ignored"]\n',
    },
  ],
});

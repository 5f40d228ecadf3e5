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
  ],
  invalid: [
    {
      name: 'simple shell form is rewritten to exec form',
      code: 'FROM node:20-slim\nWORKDIR /app\nCMD node server.js\n',
      errors: [{ messageId: 'shellForm', line: 3, column: 1, endLine: 3, endColumn: 19 }],
      output: 'FROM node:20-slim\nWORKDIR /app\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'a trailing lint500 directive for another rule: the span ends before it, no fix (exec form cannot carry it)',
      code: 'FROM node:20-slim\nCMD node server.js   # lint500-disable-line dockerfile/user-root -- runs as root on purpose\n',
      errors: [{ messageId: 'shellForm', line: 2, column: 1, endLine: 2, endColumn: 19, message: 'Shell-form CMD runs "node server.js" under /bin/sh as PID 1: SIGTERM stops at the shell, the app is killed after the grace period and every rollout cuts in-flight requests (502).' }],
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

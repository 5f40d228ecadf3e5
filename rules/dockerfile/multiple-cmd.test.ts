import { RuleTester } from '../../src/testing/index.js';
import rule from './multiple-cmd.js';

new RuleTester().run(rule, {
  valid: [
    'FROM node:20-slim\nCMD ["node", "server.js"]\n',
    // One per stage is fine, and ENTRYPOINT + CMD is the usual pair.
    'FROM node:20 AS build\nCMD ["npm", "test"]\nFROM node:20-slim\nENTRYPOINT ["node"]\nCMD ["server.js"]\n',
    'FROM alpine:3.20\nONBUILD CMD ["a"]\nCMD ["b"]\n',
  ],
  invalid: [
    {
      code: 'FROM python:3.12-slim\nCMD ["python", "manage.py", "migrate"]\nCMD ["gunicorn", "app.wsgi"]\n',
      errors: [{ messageId: 'overridden', line: 2, column: 1, endLine: 2, endColumn: 39, related: [{ file: 'Dockerfile', line: 3 }] }],
    },
    {
      name: 'two ENTRYPOINTs and three CMDs over continuation lines',
      code: 'FROM eclipse-temurin:21-jre\nENTRYPOINT ["java"]\nCMD echo starting\nENTRYPOINT ["java", \\\n  "-jar", "/app.jar"]\nCMD ["--spring.profiles.active=prod"]\nCMD ["--server.port=8080"]\n',
      errors: [
        { messageId: 'overridden', line: 2, column: 1, endLine: 2, endColumn: 20 },
        { messageId: 'overridden', line: 3, column: 1, endLine: 3, endColumn: 18 },
        { messageId: 'overridden', line: 6, column: 1, endLine: 6, endColumn: 38 },
      ],
    },
  ],
});

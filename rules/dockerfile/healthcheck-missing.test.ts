import { RuleTester } from '../../src/testing/index.js';
import rule from './healthcheck-missing.js';

new RuleTester().run(rule, {
  valid: [
    'FROM node:20-slim\nHEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://localhost:3000/healthz || exit 1\nCMD ["node", "server.js"]\n',
    // Deliberately off.
    'FROM node:20-slim\nHEALTHCHECK NONE\nCMD ["node", "server.js"]\n',
    // A base image for other images leaves the check to them.
    'FROM node:20-slim\nCMD ["node"]\n',
    // Inherited from the parent stage.
    // Nothing sends traffic to a CI test image or a load generator.
    'FROM node:8.9-slim\nADD . /app\nWORKDIR /app\nCMD ["/app/tests.sh"]\n',
    'FROM python:3.12-slim\nCOPY locustfile.py .\nENTRYPOINT ["locust", "--headless", "-u", "10"]\n',
    'FROM python:3.12-slim AS base\nHEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen(\'http://localhost:8000/health\')"]\nFROM base\nCMD ["gunicorn", "app.wsgi"]\n',
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      errors: [{ messageId: 'missing', line: 1, column: 1, endLine: 1, endColumn: 18, severity: 'info' }],
    },
    {
      name: 'a HEALTHCHECK in the build stage does not reach the final one',
      code: 'FROM golang:1.22 AS build\nHEALTHCHECK CMD true\nRUN go build -o /app .\nFROM gcr.io/distroless/static-debian12 AS final\nCOPY --from=build /app /app\nCMD ["/app"]\n',
      errors: [{ messageId: 'missing', line: 4, column: 1, endLine: 4, endColumn: 48 }],
    },
  ],
});

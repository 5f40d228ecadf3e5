import { RuleTester } from '../../src/testing/index.js';
import rule from './copy-from-unknown-stage.js';

new RuleTester().run(rule, {
  valid: [
    'FROM golang:1.22 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/app /app\n',
    // Stage names compare case-insensitively; numeric indexes name earlier stages.
    'FROM maven:3.9-eclipse-temurin-21 AS Builder\nRUN mvn package\nFROM eclipse-temurin:21-jre\nCOPY --from=builder /target/app.jar /app.jar\nCOPY --from=0 /target/lib /lib\n',
    // Image references: registry paths, tags, known official images.
    'FROM alpine:3.20\nCOPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/\nCOPY --from=ghcr.io/astral-sh/uv /uv /bin/uv\nCOPY --from=busybox /bin/wget /bin/wget\n',
    // ARG-driven names cannot be checked.
    'ARG BUILDER=build\nFROM node:20 AS build\nFROM node:20-slim\nCOPY --from=${BUILDER} /app /app\n',
  ],
  invalid: [
    {
      name: 'typo of the build stage, with a suggestion',
      code: 'FROM node:20 AS build\nRUN npm ci && npm run build\n\nFROM node:20-slim\nCOPY --from=builder /app/dist /app/dist\n',
      errors: [{ messageId: 'unknown', line: 5, column: 13, endLine: 5, endColumn: 20, message: '`--from=builder` names no stage defined before this COPY (did you mean "build"?): Docker tries to pull an image called "builder", the build fails and the fix it carried never ships.' }],
    },
    {
      name: 'stage defined later, and a numeric index out of range (two errors)',
      code: 'FROM python:3.12-slim AS runtime\nCOPY --from=deps /venv /venv\nCOPY --from=7 /x /x\nFROM python:3.12 AS deps\nRUN python -m venv /venv\n',
      errors: [
        { messageId: 'later', line: 2, column: 13, endLine: 2, endColumn: 17 },
        { messageId: 'unknown', line: 3, column: 13, endLine: 3, endColumn: 14 },
      ],
    },
    {
      name: 'copy from itself',
      code: 'FROM alpine:3.20 AS app\nCOPY --from=app /etc/hosts /tmp/hosts\n',
      errors: [{ messageId: 'self', line: 2, column: 13, endLine: 2, endColumn: 16 }],
    },
    {
      name: 'CRLF file with a continuation before the flag',
      code: 'FROM rust:1.79 AS compile\r\nRUN cargo build --release\r\nFROM debian:bookworm-slim\r\nCOPY \\\r\n  --from=compiled /target/release/app /usr/local/bin/app\r\n',
      errors: [{ messageId: 'unknown', line: 5, column: 10, endLine: 5, endColumn: 18 }],
    },
  ],
});

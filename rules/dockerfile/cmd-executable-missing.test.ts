import { RuleTester } from '../../src/testing/index.js';
import rule from './cmd-executable-missing.js';

new RuleTester().run(rule, {
  valid: [
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir gunicorn\nCMD ["gunicorn", "app.wsgi"]\n',
    'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app.wsgi"]\n',
    'FROM alpine:3.20\nRUN apk add --no-cache nodejs npm\nCMD ["node", "server.js"]\n',
    'FROM eclipse-temurin:21-jre\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
    // Copied in from the build stage (a virtualenv).
    'FROM python:3.12 AS build\nRUN python -m venv /venv && /venv/bin/pip install gunicorn\nFROM python:3.12-slim\nCOPY --from=build /venv /venv\nCMD ["/venv/bin/gunicorn", "app.wsgi"]\n',
    // The build stage's environment is copied: a virtualenv on PATH, pip's --prefix, --user, uv's .venv.
    'FROM python:3.12 AS builder\nRUN python -m venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install gunicorn\nFROM python:3.12-slim\nCOPY --from=builder /opt/venv /opt/venv\nENV PATH=/opt/venv/bin:$PATH\nCMD ["gunicorn", "app:app"]\n',
    'FROM python:3.12 AS build\nCOPY requirements.txt .\nRUN pip install --prefix=/install -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\nCOPY . /app\nCMD ["gunicorn", "app:app"]\n',
    'FROM python:3.12 AS build\nRUN pip install --user celery\nFROM python:3.12-slim\nCOPY --from=build /root/.local /root/.local\nENV PATH=/root/.local/bin:$PATH\nCMD ["celery", "-A", "proj", "worker"]\n',
    'FROM ghcr.io/astral-sh/uv:python3.12-bookworm AS build\nWORKDIR /app\nCOPY . .\nRUN uv sync --frozen --no-dev\nFROM python:3.12-slim\nCOPY --from=build /app /app\nENV PATH=/app/.venv/bin:$PATH\nCMD ["uvicorn", "main:app"]\n',
    // Wheels built in one stage and installed in the final one.
    'FROM python:3.12 AS build\nRUN pip wheel -w /wheels -r requirements.txt\nFROM python:3.12-slim\nCOPY --from=build /wheels /wheels\nRUN pip install --no-cache-dir /wheels/*\nCMD ["gunicorn", "app:app"]\n',
    // Unknown base images and unknown programs are not guessed at.
    'FROM mycompany/runtime:1.4\nCMD ["gunicorn", "app.wsgi"]\n',
    'FROM alpine:3.20\nCOPY server /usr/local/bin/server\nCMD ["server"]\n',
    // Distroless python runs python, exec form needs no shell.
    'FROM gcr.io/distroless/python3-debian12\nCOPY app.py /app.py\nCMD ["python3", "/app.py"]\n',
  ],
  invalid: [
    {
      name: 'pip installs gunicorn in the builder, the final stage copies only the app',
      code: 'FROM python:3.12 AS builder\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nFROM python:3.12-slim\nWORKDIR /app\nCOPY --from=builder /app /app\nCMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n',
      errors: [
        {
          messageId: 'notCopied',
          line: 9,
          column: 6,
          endLine: 9,
          endColumn: 16,
          message:
            'CMD starts `gunicorn`, which stage `builder` installs, but the final stage copies neither the environment it was installed into nor installs it: `gunicorn` is not found at start and the pod crash-loops (503). Copy the virtualenv (or /usr/local) from `builder`, or install it in the final stage.',
        },
      ],
    },
    {
      name: 'a virtualenv built and left behind',
      code: 'FROM python:3.12 AS build\nRUN python -m venv /venv && /venv/bin/pip install uvicorn fastapi\nCOPY . /src\nFROM python:3.12-slim\nCOPY --from=build /src /src\nCMD ["uvicorn", "main:app"]\n',
      errors: [{ messageId: 'notCopied', line: 6, column: 6, endLine: 6, endColumn: 15 }],
    },
    {
      name: 'the classic: alpine final stage running gunicorn after npm install',
      code: 'FROM alpine:3.20\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app.wsgi"]\n',
      errors: [{ messageId: 'runtime', line: 5, column: 6, endLine: 5, endColumn: 16, message: 'CMD starts `gunicorn`, which needs Python, but alpine:3.20 does not provide it and the final stage does not install it: the container exits at start and the pod crash-loops (503).' }],
    },
    {
      name: 'python is there, gunicorn is not',
      code: 'FROM python:3.12-slim\nCOPY app /app\nCMD gunicorn app.wsgi\n',
      errors: [{ messageId: 'package', line: 3, column: 5, endLine: 3, endColumn: 13 }],
    },
    {
      name: 'shell form on distroless has no /bin/sh',
      code: 'FROM gcr.io/distroless/nodejs20-debian12\nCOPY . /app\nCMD node /app/server.js\n',
      errors: [
        { messageId: 'runtime', line: 3, column: 5, endLine: 3, endColumn: 24 },
      ],
    },
    {
      name: 'bash wrapper on alpine, and node missing behind it',
      code: 'FROM alpine:3.20 AS base\nFROM base\nENTRYPOINT ["bash", "-c", "exec node server.js"]\n',
      errors: [
        { messageId: 'runtime', line: 3, column: 13, endLine: 3, endColumn: 19 },
        { messageId: 'runtime', line: 3, column: 33, endLine: 3, endColumn: 37 },
      ],
    },
  ],
});

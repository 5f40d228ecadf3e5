import { RuleTester } from '../../src/testing/index.js';
import rule from './healthcheck-tool-missing.js';

const slimApi = (extra: string) => `FROM python:3.12-slim\n${extra}WORKDIR /app\nCOPY . .\nEXPOSE 8000\nHEALTHCHECK --interval=10s CMD curl -fsS http://localhost:8000/health || exit 1\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "api.wsgi"]\n`;

const goDistroless = 'FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/server ./cmd/server\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/server /server\nUSER nonroot\nEXPOSE 8080\nENTRYPOINT ["/server"]\n';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'the slim image installs curl with apt-get',
      filename: 'api/Dockerfile',
      code: slimApi('RUN apt-get update \\\n    && apt-get install -y --no-install-recommends curl \\\n    && rm -rf /var/lib/apt/lists/*\n'),
    },
    {
      name: 'the full python image ships curl (buildpack-deps)',
      filename: 'Dockerfile',
      code: slimApi('').replace('python:3.12-slim', 'python:3.12-bookworm'),
    },
    {
      name: 'a CMD-SHELL check that runs a script copied into an Alpine image',
      filename: 'compose.yaml',
      code: 'services:\n  worker:\n    build: ./worker\n    healthcheck:\n      test: ["CMD-SHELL", "/usr/local/bin/healthcheck.sh"]\n      interval: 30s\n',
      files: { 'worker/Dockerfile': 'FROM alpine:3.20\nCOPY healthcheck.sh /usr/local/bin/healthcheck.sh\nCOPY worker /usr/local/bin/worker\nCMD ["worker"]\n' },
    },
    {
      name: 'BusyBox wget in an Alpine-based node image',
      filename: 'compose.yaml',
      code: 'services:\n  web:\n    image: node:20-alpine\n    command: ["node", "server.js"]\n    healthcheck:\n      test: ["CMD", "wget", "-q", "-O", "/dev/null", "http://localhost:3000/health"]\n',
    },
    {
      name: 'the official nginx image is not judged (its contents are not in the table)',
      filename: 'compose.yaml',
      code: 'services:\n  proxy:\n    image: nginx:1.27\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost/"]\n',
    },
    {
      name: 'a Dockerfile that runs an install script from its context may add anything',
      filename: 'Dockerfile',
      code: slimApi('COPY scripts/install-tools.sh /tmp/\nRUN sh /tmp/install-tools.sh\n'),
    },
    {
      name: 'a curl binary from the build context put in place by a RUN line',
      filename: 'Dockerfile',
      code: slimApi('COPY vendor/bin/ /tmp/bin/\nRUN cp /tmp/bin/curl /usr/local/bin/ && chmod +x /usr/local/bin/curl\n'),
    },
    {
      name: 'packages read from a file by xargs may include curl',
      filename: 'Dockerfile',
      code: slimApi('COPY packages.txt /tmp/\nRUN apt-get update && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends\n'),
    },
    {
      name: 'a static curl copied from another image',
      filename: 'Dockerfile',
      code: goDistroless.replace('USER nonroot', 'COPY --from=curlimages/curl:8.10.1 /usr/bin/curl /usr/bin/curl\nUSER nonroot').replace('ENTRYPOINT', 'HEALTHCHECK CMD ["/usr/bin/curl", "-f", "http://localhost:8080/healthz"]\nENTRYPOINT'),
    },
    {
      name: 'distroless with an exec-form check of its own binary',
      filename: 'Dockerfile',
      code: goDistroless.replace('ENTRYPOINT', 'HEALTHCHECK CMD ["/server", "-healthcheck"]\nENTRYPOINT'),
    },
    {
      name: 'the compose service builds a target that is not the deployed stage',
      filename: 'compose.yaml',
      code: 'services:\n  api:\n    build:\n      context: .\n      target: build\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8080/healthz"]\n',
      files: { Dockerfile: goDistroless },
    },
    {
      name: 'a static curl mounted into the container by a volume',
      filename: 'compose.yaml',
      code: 'services:\n  api:\n    image: python:3.12-slim\n    command: ["python", "-m", "http.server", "8000"]\n    volumes:\n      - ./tools/curl:/usr/local/bin/curl:ro\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/"]\n',
    },
    {
      name: 'a disabled healthcheck and an interpolated image',
      filename: 'compose.yaml',
      code: 'services:\n  a:\n    image: python:3.12-slim\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:8000/"]\n      disable: true\n  b:\n    image: python:${PY_TAG}\n    healthcheck:\n      test: curl -f http://localhost:8000/\n',
    },
  ],
  invalid: [
    {
      name: 'a slim python image without curl, HEALTHCHECK in shell form',
      filename: 'api/Dockerfile',
      code: slimApi('COPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n'),
      errors: [{ messageId: 'missing', line: 7, column: 32, endLine: 7, endColumn: 36 }],
    },
    {
      name: 'curl in the exec form of a compose check on node:20-alpine',
      filename: 'compose.yaml',
      code: 'services:\n  cache-api:\n    image: node:20-alpine\n    command: ["node", "server.js"]\n    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:3000/health"]\n      interval: 10s\n',
      errors: [{ messageId: 'missing', line: 6, column: 21, endLine: 6, endColumn: 27 }],
    },
    {
      name: 'a CMD-SHELL check in a distroless image, which has no shell',
      filename: 'compose.yaml',
      code: 'services:\n  api:\n    build: .\n    ports:\n      - "8080:8080"\n    healthcheck:\n      test: ["CMD-SHELL", "wget -q --spider http://localhost:8080/healthz || exit 1"]\n',
      files: { Dockerfile: goDistroless },
      errors: [{ messageId: 'noShell', line: 7, column: 14, endLine: 7, endColumn: 25 }],
    },
    {
      name: 'a string check with nc on an image built from ubuntu, and the Dockerfile\'s own curl check (two errors)',
      filename: 'docker-compose.yml',
      code: 'services:\n  queue:\n    build: ./queue\n    healthcheck:\n      test: nc -z localhost 5672 || exit 1\n      interval: 15s\n',
      files: { 'queue/Dockerfile': 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\nCOPY broker /usr/local/bin/broker\nHEALTHCHECK CMD ["curl", "-f", "http://localhost:15672/"]\nCMD ["broker"]\n' },
      errors: [
        { messageId: 'missing', file: 'queue/Dockerfile', line: 4, column: 18, endLine: 4, endColumn: 24 },
        { messageId: 'missing', file: 'docker-compose.yml', line: 5, column: 13, endLine: 5, endColumn: 15 },
      ],
    },
  ],
});

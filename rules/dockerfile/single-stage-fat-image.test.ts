import { RuleTester } from '../../src/testing/index.js';
import rule from './single-stage-fat-image.js';

new RuleTester().run(rule, {
  valid: [
    'FROM maven:3.9-eclipse-temurin-21 AS build\nCOPY . .\nRUN mvn -B package\nFROM eclipse-temurin:21-jre\nCOPY --from=build /target/app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
    'FROM python:3.12-slim\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app.wsgi"]\n',
    // Toolchains removed in the same RUN do not stay in the layer.
    'FROM python:3.12-slim\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends gcc libpq-dev \\\n && pip install --no-cache-dir psycopg \\\n && apt-get purge -y gcc libpq-dev && rm -rf /var/lib/apt/lists/*\nCMD ["python", "app.py"]\n',
    'FROM python:3.12-alpine\nRUN apk add --no-cache --virtual .build-deps gcc musl-dev \\\n && pip install --no-cache-dir uwsgi \\\n && apk del .build-deps\nCMD ["uwsgi", "--ini", "app.ini"]\n',
    'FROM debian:bookworm-slim\nRUN set -eux; savedAptMark="$(apt-mark showmanual)"; apt-get update; apt-get install -y gcc make; make install; apt-mark auto \'.*\' > /dev/null; apt-mark manual $savedAptMark; apt-get purge -y --auto-remove; rm -rf /var/lib/apt/lists/*\nCMD ["myserver"]\n',
    // A base image for others (CMD opens an interpreter; no app copied in) is fat on purpose.
    'FROM eclipse-temurin:21-jdk\nRUN curl -fsSL https://dlcdn.apache.org/tomcat/tomcat-10.tar.gz | tar xz\nCOPY docker-entrypoint.sh /usr/local/bin/\nCMD ["catalina.sh", "run"]\n',
    'FROM buildpack-deps:bookworm\nRUN ./configure && make && make install\nCMD ["python3"]\n',
    // A CI test image is never scaled out.
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCMD ["go", "test", "./..."]\n',
    { code: 'FROM python:3.12\nCOPY . /app\nRUN pip install --no-cache-dir -r /app/requirements-test.txt\nCMD ["/app/run-tests.sh"]\n', filename: 'tests/Dockerfile' },
  ],
  invalid: [
    {
      name: 'a JDK image running the jar',
      code: 'FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
      errors: [{ messageId: 'fatBase', line: 1, column: 6, endLine: 1, endColumn: 24, message: 'The final image is built on a full build image (eclipse-temurin:21 is a JDK): hundreds of MB more to pull, so new pods come up late during scale-out and rollouts and the remaining ones answer 503. Build in a separate stage and copy the output into eclipse-temurin:21-jre.' }],
    },
    {
      name: 'maven image through an ARG, final stage inheriting from it',
      code: 'ARG MAVEN_TAG=3.9-eclipse-temurin-17\nFROM maven:${MAVEN_TAG} AS build\nCOPY . .\nRUN mvn package\nFROM build\nCMD ["java", "-jar", "target/app.jar"]\n',
      errors: [{ messageId: 'fatBase', line: 2, column: 6, endLine: 2, endColumn: 24 }],
    },
    {
      name: 'full python image plus build-essential (two errors)',
      code: 'FROM python:3.12\nRUN apt-get update && apt-get install -y build-essential libpq-dev && rm -rf /var/lib/apt/lists/*\nCOPY . /app\nCMD ["gunicorn", "app.wsgi"]\n',
      errors: [
        { messageId: 'fatBase', line: 1, column: 6, endLine: 1, endColumn: 17 },
        { messageId: 'toolchain', line: 2, column: 42, endLine: 2, endColumn: 57 },
      ],
    },
    {
      name: 'toolchain in a heredoc on alpine',
      code: 'FROM alpine:3.20\nCOPY . /src\nRUN <<EOF\napk add --no-cache go git\ngo build -o /usr/local/bin/api ./cmd/api\nEOF\nCMD ["api"]\n',
      errors: [{ messageId: 'toolchain', line: 4, column: 20, endLine: 4, endColumn: 22 }],
    },
  ],
});

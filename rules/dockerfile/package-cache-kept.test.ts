import { RuleTester } from '../../src/testing/index.js';
import rule from './package-cache-kept.js';

new RuleTester().run(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get install -y --no-install-recommends ca-certificates \\\n    && rm -rf /var/lib/apt/lists/*\n',
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN pip install gunicorn\n',
    'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 python -m pip install gunicorn\n',
    'FROM alpine:3.20\nRUN apk add --no-cache curl\n',
    'FROM rockylinux:9\nRUN dnf install -y nginx && dnf clean all\n',
    'FROM node:20-slim\nRUN npm ci --omit=dev && npm cache clean --force\n',
    'FROM node:20-slim\nRUN --mount=type=cache,target=/root/.npm npm ci\n',
    'FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y curl\n',
    // Caches in a build stage never reach the final image.
    'FROM node:20 AS build\nRUN npm ci && npm run build\nRUN apt-get update && apt-get install -y git\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
    // Heredoc RUN with the cleanup inside the script.
    'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    // An install without `apt-get update` in the same RUN writes no package lists.
    'FROM nginx:1.27\nCOPY vendor/extra.deb /tmp/\nRUN apt-get install -y --no-install-recommends /tmp/extra.deb\n',
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get install -y --no-install-recommends ca-certificates\n',
    // A tmpfs or cache mount over the cache folder keeps it out of the layer, for every manager.
    'FROM debian:bookworm-slim\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists apt-get update && apt-get install -y curl\n',
    'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl\n',
    'FROM fedora:41\nRUN --mount=type=cache,target=/var/cache/libdnf5 dnf5 install -y nginx\n',
    'FROM rockylinux:9\nRUN --mount=type=tmpfs,target=/var/cache/dnf dnf up -y\n',
    'FROM centos:7\nRUN --mount=type=cache,target=/var/cache/yum yum install -y httpd\n',
    'FROM opensuse/leap:15.6\nRUN --mount=type=cache,target=/var/cache/zypp zypper --non-interactive install curl\n',
    'FROM python:3.12-slim\nRUN --mount=type=tmpfs,target=/root/.cache pip install -r requirements.txt\n',
    'FROM node:20-slim\nRUN --mount=type=tmpfs,target=/root/.npm npm ci --omit=dev\n',
    'FROM node:20-slim\nRUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile\n',
    // dnf sub-command aliases with the clean after them.
    'FROM rockylinux:9\nRUN dnf up -y && dnf clean all\n',
    'FROM rockylinux:9\nRUN dnf in -y nginx && dnf rei -y tzdata && dnf clean all\n',
    // PIP_NO_CACHE_DIR exported in the RUN, from an ARG default, or set to a false value: pip
    // disables the cache for every value strtobool reads.
    'FROM python:3.12-slim\nRUN export PIP_NO_CACHE_DIR=1 && pip install -r requirements.txt\n',
    'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install gunicorn\n',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=off\nRUN pip install gunicorn\n',
    'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=false\nRUN python -m pip install -r requirements.txt\n',
    // A development environment (Docker Dev Environments' dev-envs stage) is never scaled out.
    'FROM node:20-slim AS development\nCOPY . .\nCMD ["node", "src/index.js"]\nFROM development AS dev-envs\nRUN <<EOF\napt-get update\napt-get install -y --no-install-recommends git\nEOF\n',
    // A CI test image is never scaled out.
    'FROM python:3.12-slim\nCOPY . .\nRUN pip install -r requirements.txt pytest\nCMD ["pytest", "-q"]\n',
  ],
  invalid: [
    {
      name: 'apt lists removed before the update: order matters',
      code: 'FROM debian:bookworm-slim\nRUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'apt', line: 2, column: 36, endLine: 2, endColumn: 50 }],
    },
    {
      name: 'dnf clean all before the install',
      code: 'FROM rockylinux:9\nRUN dnf clean all && dnf install -y nginx\n',
      errors: [{ messageId: 'yum', line: 2, column: 22, endLine: 2, endColumn: 33 }],
    },
    {
      name: 'dnf up (alias of upgrade) without clean',
      code: 'FROM rockylinux:9\nRUN dnf up -y\n',
      errors: [{ messageId: 'yum', line: 2, column: 5, endLine: 2, endColumn: 11 }],
    },
    {
      name: 'pip cache removed before the install',
      code: 'FROM python:3.12-slim\nRUN rm -rf /root/.cache/pip && pip install -r requirements.txt\n',
      errors: [{ messageId: 'pip', line: 2, column: 32, endLine: 2, endColumn: 43 }],
      output: 'FROM python:3.12-slim\nRUN rm -rf /root/.cache/pip && pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'npm cache cleaned before npm ci',
      code: 'FROM node:20-slim\nRUN npm cache clean --force && npm ci\n',
      errors: [{ messageId: 'npm', line: 2, column: 32, endLine: 2, endColumn: 38 }],
    },
    {
      name: 'PIP_NO_CACHE_DIR exported after the install does not count',
      code: 'FROM python:3.12-slim\nRUN pip install flask && export PIP_NO_CACHE_DIR=1\n',
      errors: [{ messageId: 'pip', line: 2, column: 5, endLine: 2, endColumn: 16 }],
      output: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir flask && export PIP_NO_CACHE_DIR=1\n',
    },
    {
      name: 'apt lists kept',
      code: 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n',
      errors: [{ messageId: 'apt', line: 2, column: 5, endLine: 2, endColumn: 19 }],
    },
    {
      name: 'pip without --no-cache-dir gets the flag',
      code: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n',
      errors: [{ messageId: 'pip', line: 3, column: 5, endLine: 3, endColumn: 16 }],
      output: 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n',
    },
    {
      name: 'apk add and python -m pip in one RUN (two errors, two fixes)',
      code: 'FROM python:3.12-alpine\nRUN apk add libpq \\\n && python3 -m pip install psycopg\n',
      errors: [
        { messageId: 'apk', line: 2, column: 5, endLine: 2, endColumn: 12 },
        { messageId: 'pip', line: 3, column: 5, endLine: 3, endColumn: 27 },
      ],
      output: 'FROM python:3.12-alpine\nRUN apk add --no-cache libpq \\\n && python3 -m pip install --no-cache-dir psycopg\n',
    },
    {
      name: 'dnf without clean all, in a parent stage of the final image',
      code: 'FROM fedora:40 AS base\nRUN dnf -y install httpd\nFROM base\nCMD ["httpd", "-DFOREGROUND"]\n',
      errors: [{ messageId: 'yum', line: 2, column: 5, endLine: 2, endColumn: 19 }],
    },
    {
      name: 'npm cache in a heredoc RUN',
      code: 'FROM node:20-slim\nWORKDIR /app\nRUN <<EOF\nnpm ci --omit=dev\nnpm run build\nEOF\n',
      errors: [{ messageId: 'npm', line: 4, column: 1, endLine: 4, endColumn: 7 }],
    },
    {
      name: 'zypper without clean',
      code: 'FROM opensuse/leap:15.6\nRUN zypper --non-interactive install java-21-openjdk-headless\n',
      errors: [{ messageId: 'zypper', line: 2, column: 5, endLine: 2, endColumn: 37 }],
    },
  ],
});

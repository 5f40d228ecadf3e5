import { RuleTester } from '../../src/testing/index.js';
import rule from './image-tag-unpinned.js';

new RuleTester().run(rule, {
  valid: [
    'FROM python:3.12-slim\n',
    'FROM node@sha256:2a3f8b4c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2\n',
    'FROM scratch\nCOPY app /app\n',
    'FROM golang:1.22 AS build\nFROM build AS test\n',
    'ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\n',
    {
      // Minimised from istio/istio istioctl/docker/Dockerfile.istioctl: the Makefile passes the version.
      name: 'a tag written as a build argument is chosen by the build, whatever its default',
      code: 'ARG BASE_VERSION=latest\nARG ISTIO_BASE_REGISTRY=registry.istio.io/release\nFROM ${ISTIO_BASE_REGISTRY}/distroless:${BASE_VERSION} AS distroless\n',
    },
    // A build argument without default is set by the build: nothing to check.
    'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n',
    'FROM --platform=$BUILDPLATFORM golang:1.22-alpine AS build\n',
  ],
  invalid: [
    {
      code: 'FROM ubuntu\nRUN echo hi\n',
      errors: [{ messageId: 'noTag', line: 1, column: 6, endLine: 1, endColumn: 12 }],
    },
    {
      name: 'latest, reported on the tag; and ARG-substituted without tag (two errors)',
      code: 'ARG RUNTIME=python\nFROM node:latest AS build\nFROM ${RUNTIME}\n',
      errors: [
        { messageId: 'latest', line: 2, column: 11, endLine: 2, endColumn: 17 },
        { messageId: 'noTag', line: 3, column: 6, endLine: 3, endColumn: 16, message: 'Base image "python" (from "${RUNTIME}") has no tag, so it means :latest: the next build silently takes a new major version, and a runtime that no longer matches the app crash-loops the new pods (503) or breaks the build.' },
      ],
    },
    {
      name: 'an image named by an ARG that resolves to a latest-tagged reference',
      code: 'ARG BASE=registry.example.com:5000/team/api:latest\nFROM ${BASE} AS base\n',
      errors: [{ messageId: 'latest', line: 2, column: 6, endLine: 2, endColumn: 13 }],
    },
  ],
});

/**
 * Effective values at deploy time (src/parsers/cross/deploy.ts): the stage and build arguments that
 * compose and skaffold build a Dockerfile with, and the user its image is run as, change what the
 * Dockerfile rules judge. Each case is minimised from a public repository (path in the comment).
 */
import { RuleTester } from '../../src/testing/index.js';
import imageTagUnpinned from '../../rules/dockerfile/image-tag-unpinned.js';
import packageCacheKept from '../../rules/dockerfile/package-cache-kept.js';
import userRoot from '../../rules/dockerfile/user-root.js';
import k8sImageTagUnpinned from '../../rules/k8s/image-tag-unpinned.js';

const tester = new RuleTester();
// Each rule's own test file covers its messages; these cases add the deploy-time layer.
const SUPPLEMENT = { supplement: true };

// docker/awesome-compose flask/: compose builds `target: builder`; a later dev stage is never deployed.
const flaskDockerfile = `# syntax=docker/dockerfile:1.4
FROM python:3.10-alpine AS builder
WORKDIR /app
COPY requirements.txt /app
RUN pip3 install --no-cache-dir -r requirements.txt
COPY . /app
ENTRYPOINT ["python3"]
CMD ["app.py"]

FROM builder as runtime
RUN apk update && apk add git
USER vscode
`;
const flaskCompose = (target: string) => `services:
  web:
    build:
      context: app
${target}    ports:
      - '8000:8000'
`;

tester.run(userRoot, {
  valid: [
    {
      // GoogleCloudPlatform/microservices-demo: the manifests run every image as a non-root user.
      name: 'every manifest that runs the image sets runAsNonRoot / runAsUser',
      filename: 'src/adservice/Dockerfile',
      code: 'FROM eclipse-temurin:21-jre-alpine\nCOPY app.jar /app/app.jar\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n',
      files: {
        'skaffold.yaml': 'apiVersion: skaffold/v4beta10\nkind: Config\nbuild:\n  artifacts:\n  - image: adservice\n    context: src/adservice\n',
        'kubernetes-manifests/adservice.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: adservice\nspec:\n  template:\n    spec:\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: 1000\n      containers:\n      - name: server\n        image: adservice\n        ports: [{ containerPort: 9555 }]\n',
      },
    },
    {
      name: 'a manifest whose image is named like the Dockerfile\'s folder runs it as non-root (no build file)',
      filename: 'src/paymentservice/Dockerfile',
      code: 'FROM node:20-alpine\nCOPY . /app\nCMD ["node", "/app/index.js"]\n',
      files: {
        'kubernetes-manifests/paymentservice.yaml':
          'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: paymentservice\nspec:\n  template:\n    spec:\n      securityContext: { runAsNonRoot: true, runAsUser: 1000 }\n      containers:\n      - { name: server, image: paymentservice }\n',
      },
    },
    {
      // The batch and ML job images of GoogleCloudPlatform/kubernetes-engine-samples.
      name: 'an image that only a CronJob runs serves no request',
      filename: 'jobs/report/Dockerfile',
      code: 'FROM python:3.12-slim\nCOPY report.py /report.py\nEXPOSE 8080\nCMD ["python", "/report.py"]\n',
      files: {
        'skaffold.yaml': 'build:\n  artifacts:\n  - image: acme/report\n    context: jobs/report\n',
        'k8s/report.yaml':
          'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: report }\nspec:\n  schedule: "0 3 * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{ name: report, image: acme/report:1.0.0 }]\n',
      },
    },
    {
      name: 'the compose service that builds the image runs it as a user',
      filename: 'api/Dockerfile',
      code: 'FROM node:20-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n',
      files: { 'compose.yaml': 'services:\n  api:\n    build: ./api\n    user: "1000:1000"\n' },
    },
  ],
  invalid: [
    {
      name: 'compose builds an earlier stage: that stage is judged, not the last one',
      filename: 'app/Dockerfile',
      code: flaskDockerfile,
      files: { 'compose.yaml': flaskCompose('      target: builder\n') },
      errors: [{ messageId: 'noUser', line: 2, column: 1, endLine: 2, endColumn: 35 }],
    },
    {
      name: 'one manifest sets a non-root user, another runs the image as it is',
      filename: 'src/api/Dockerfile',
      code: 'FROM eclipse-temurin:21-jre-alpine\nCOPY app.jar /app/app.jar\nENTRYPOINT ["java", "-jar", "/app/app.jar"]\n',
      files: {
        'skaffold.yaml': 'apiVersion: skaffold/v4beta10\nkind: Config\nbuild:\n  artifacts:\n  - image: api\n    context: src/api\n',
        'k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      securityContext: { runAsUser: 1000 }\n      containers:\n      - { name: api, image: api }\n',
        'k8s/api-canary.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api-canary\nspec:\n  template:\n    spec:\n      containers:\n      - { name: api, image: api, ports: [{ containerPort: 8080 }] }\n',
      },
      errors: [{ messageId: 'noUser', line: 1, column: 1, endLine: 1, endColumn: 35 }],
    },
  ],
}, SUPPLEMENT);

tester.run(packageCacheKept, {
  valid: [
    {
      // docker/awesome-compose react-express-mysql: compose builds `target: development` for its dev loop.
      name: 'a development target is a dev loop, not the image: the last stage stays judged',
      filename: 'backend/Dockerfile',
      code: 'FROM node:lts AS development\nRUN apk add git\nCMD ["npm", "run", "dev"]\n\nFROM node:lts-slim AS production\nCOPY . /code\nCMD ["node", "src/index.js"]\n',
      files: { 'compose.yaml': 'services:\n  backend:\n    build:\n      context: backend\n      target: development\n' },
    },
    {
      name: 'a stage after the compose build target is not in the image',
      filename: 'app/Dockerfile',
      code: flaskDockerfile,
      files: { 'compose.yaml': flaskCompose('      target: builder\n') },
    },
  ],
  invalid: [
    {
      name: 'without a target the last stage is the image',
      filename: 'app/Dockerfile',
      code: flaskDockerfile,
      files: { 'compose.yaml': flaskCompose('') },
      errors: [{ messageId: 'apk', line: 11, column: 19, endLine: 11, endColumn: 26 }],
      output: flaskDockerfile.replace('apk add git', 'apk add --no-cache git'),
    },
  ],
}, SUPPLEMENT);

tester.run(imageTagUnpinned, {
  valid: [
    {
      // laradock/laradock: mysql/compose.yml is included with `project_directory: .` and passes the
      // version from the environment, so the `latest` default never builds.
      name: 'an ARG default that every compose build overrides (compose include with project_directory)',
      filename: 'mysql/Dockerfile',
      code: 'ARG MYSQL_IMAGE=mysql:latest\nFROM ${MYSQL_IMAGE}\n',
      files: {
        'docker-compose.yml': 'include:\n  - path: mysql/compose.yml\n    project_directory: .\n    env_file: mysql/defaults.env\n',
        'mysql/compose.yml': 'services:\n  mysql:\n    build:\n      context: ./mysql\n      args:\n        - MYSQL_IMAGE=${MYSQL_IMAGE}\n',
      },
    },
    {
      name: 'skaffold buildArgs override an ARG that names the whole image',
      filename: 'svc/Dockerfile',
      code: 'ARG BASE_IMAGE=python:latest\nFROM ${BASE_IMAGE}\n',
      files: { 'skaffold.yaml': 'build:\n  artifacts:\n  - image: svc\n    context: svc\n    docker:\n      buildArgs:\n        BASE_IMAGE: python:3.12-slim\n' },
    },
  ],
  invalid: [
    {
      name: 'a compose build that passes other args leaves the default in place',
      filename: 'mysql/Dockerfile',
      code: 'ARG MYSQL_IMAGE=mysql:latest\nFROM ${MYSQL_IMAGE}\n',
      files: { 'compose.yaml': 'services:\n  mysql:\n    build:\n      context: mysql\n      args:\n        TZ: UTC\n' },
      errors: [{ messageId: 'latest', line: 2, column: 6, endLine: 2, endColumn: 20 }],
    },
  ],
}, SUPPLEMENT);

tester.run(k8sImageTagUnpinned, {
  valid: [
    {
      // GoogleCloudPlatform/microservices-demo kubernetes-manifests/adservice.yaml:46.
      name: 'an image skaffold builds (any builder) is rewritten when skaffold deploys',
      filename: 'kubernetes-manifests/adservice.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: adservice }\nspec:\n  template:\n    spec:\n      containers:\n      - { name: server, image: adservice }\n      - { name: jib, image: billing }\n',
      files: { 'skaffold.yaml': 'build:\n  artifacts:\n  - image: adservice\n    context: src/adservice\n  - image: billing\n    jib: {}\n' },
    },
    {
      // The corpus copy of microservices-demo has its manifests without skaffold.yaml.
      name: 'a bare name that is no public image is a locally built image (skaffold, Tilt, kind load)',
      filename: 'kubernetes-manifests/emailservice.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: emailservice }\nspec:\n  template:\n    spec:\n      containers:\n      - { name: server, image: emailservice }\n',
    },
  ],
  invalid: [
    {
      name: 'a skaffold file of another folder does not deploy this manifest',
      filename: 'k8s/adservice.yaml',
      code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: adservice }\nspec:\n  template:\n    spec:\n      containers:\n      - { name: server, image: acme/adservice }\n',
      files: { 'other/skaffold.yaml': 'build:\n  artifacts:\n  - image: acme/adservice\n' },
      errors: [{ messageId: 'noTag', line: 8, column: 32, endLine: 8, endColumn: 46 }],
    },
  ],
}, SUPPLEMENT);

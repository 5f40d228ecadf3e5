import { RuleTester } from '../../src/testing/index.js';
import rule from './dev-dependencies-in-final-image.js';

const PKG = JSON.stringify({ name: 'api', scripts: { start: 'node src/index.js', dev: 'nodemon src/index.js' }, dependencies: { express: '^4.19.2' }, devDependencies: { jest: '^29.7.0', eslint: '^9.0.0', nodemon: '^3.1.0' } });

new RuleTester().run(rule, {
  valid: [
    'FROM node:20-slim\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCMD ["node", "server.js"]\n',
    'FROM node:20-slim\nENV NODE_ENV=production\nRUN npm ci\nCMD ["node", "server.js"]\n',
    'FROM node:20-slim\nRUN NODE_ENV=production npm install\nCMD ["npm", "start"]\n',
    'FROM node:20-alpine\nRUN yarn install --frozen-lockfile --production\nCMD ["node", "index.js"]\n',
    'FROM node:20-slim\nRUN npm ci && npm run build && npm prune --omit=dev\nCMD ["node", "dist/main.js"]\n',
    // Dev dependencies in the build stage are fine: only its output is copied.
    'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
    // The final image does not run node (a static site built and served by nginx in one image).
    'FROM node:20\nRUN npm ci && npm run build\nCMD ["nginx", "-g", "daemon off;"]\n',
    // Global tools and named packages are not the project dependencies.
    'FROM node:20-slim\nRUN npm install -g pm2 && npm install express\nCMD ["pm2-runtime", "app.js"]\n',
    'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["gunicorn", "app.wsgi"]\n',
    'FROM python:3.12-slim\nRUN poetry install --only main --no-root\n',
    // No evidence: no package.json in the context, or one without devDependencies.
    'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
    { code: 'FROM node:20-slim\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n', files: { 'package.json': '{"name":"api","dependencies":{"express":"^4.19.2"},"devDependencies":{}}' } },
    // NODE_ENV=production from an ARG default.
    { code: 'FROM node:20-slim\nARG NODE_ENV=production\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n', files: { 'package.json': PKG } },
    // Development servers: the image is for local development, not the one that ships.
    { code: 'FROM node:20-slim\nCOPY . .\nRUN npm install\nCMD ["npm", "run", "dev"]\n', files: { 'package.json': PKG } },
    { code: 'FROM node:20-slim\nCOPY . .\nRUN npm install\nCMD ["npm", "start"]\n', files: { 'package.json': '{"scripts":{"start":"react-scripts start"},"devDependencies":{"react-scripts":"5.0.1"}}' } },
    { code: 'FROM node:20-slim\nCOPY . .\nRUN yarn install\nCMD ["yarn", "nodemon", "src/index.js"]\n', files: { 'package.json': PKG } },
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
      files: { 'package.json': PKG },
      errors: [
        {
          messageId: 'node',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 16,
          message:
            '`npm install` installs the devDependencies of package.json (jest, eslint, nodemon) into the final image that runs node (no --omit=dev and NODE_ENV is not production): a larger image pulls slowly and new pods arrive late during scale-out (503).',
        },
      ],
    },
    {
      name: 'NODE_ENV=development and yarn, shell-form CMD via npm',
      code: 'FROM node:20-alpine\nENV NODE_ENV=development\nCOPY package.json yarn.lock ./\nRUN yarn --frozen-lockfile\nCMD npm start\n',
      files: { 'package.json': PKG },
      errors: [{ messageId: 'node', line: 4, column: 5, endLine: 4, endColumn: 9 }],
    },
    {
      name: 'package.json of a subfolder named by COPY, Dockerfile in that folder',
      filename: 'backend/Dockerfile',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY src ./src\nCMD ["node", "src/index.js"]\n',
      files: { 'backend/package.json': PKG },
      errors: [{ messageId: 'node', line: 4, column: 5, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'an ARG default that is not production',
      code: 'FROM node:20-slim\nARG NODE_ENV=staging\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nCMD ["npm", "start"]\n',
      files: { 'package.json': PKG },
      errors: [{ messageId: 'node', line: 4, column: 5, endLine: 4, endColumn: 11 }],
    },
    {
      name: 'dev requirements and extras (two errors)',
      code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements/base.txt \\\n  -r requirements-dev.txt\nRUN pip install --no-cache-dir -e ".[test]"\n',
      errors: [
        { messageId: 'pythonReq', line: 3, column: 6, endLine: 3, endColumn: 26 },
        { messageId: 'pythonReq', line: 4, column: 35, endLine: 4, endColumn: 44 },
      ],
    },
    {
      name: 'poetry installs the dev group by default, in a heredoc',
      code: 'FROM python:3.12-slim\nRUN <<EOT bash\nset -eux\npip install --no-cache-dir poetry\npoetry install --no-root\nEOT\n',
      errors: [{ messageId: 'pythonTool', line: 5, column: 1, endLine: 5, endColumn: 15 }],
    },
  ],
});

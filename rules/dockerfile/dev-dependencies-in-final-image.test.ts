import { RuleTester } from '../../src/testing/index.js';
import rule from './dev-dependencies-in-final-image.js';

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
  ],
  invalid: [
    {
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm install\nCMD ["node", "server.js"]\n',
      errors: [{ messageId: 'node', line: 4, column: 5, endLine: 4, endColumn: 16 }],
    },
    {
      name: 'NODE_ENV=development and yarn, shell-form CMD via npm',
      code: 'FROM node:20-alpine\nENV NODE_ENV=development\nRUN yarn --frozen-lockfile\nCMD npm start\n',
      errors: [{ messageId: 'node', line: 3, column: 5, endLine: 3, endColumn: 9 }],
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

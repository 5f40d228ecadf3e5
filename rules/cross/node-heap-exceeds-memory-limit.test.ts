import { RuleTester } from '../../src/testing/index.js';
import { deployment, expressService, nodeDockerfile } from '../../test/cross/snippets.js';
import rule from './node-heap-exceeds-memory-limit.js';

const limits = (memory: string) => `          resources:\n            requests: { cpu: 250m, memory: ${memory} }\n            limits: { memory: ${memory} }\n`;
const env = (name: string, value: string) => `          env:\n            - name: ${name}\n              value: "${value}"\n`;
const api = (body: string) => deployment({ name: 'api', image: 'registry.acme.io/shop/api:1.4.0', port: 3000, body });
/** The Express service whose Dockerfile sets `line` before its CMD. */
const withDockerfile = (line: string, cmd = '["node", "src/server.js"]') => expressService({ dockerfile: nodeDockerfile().replace('CMD ["node", "src/server.js"]', `${line}\nCMD ${cmd}`) });

new RuleTester().run(rule, {
  valid: [
    {
      name: "Node's documented example: 1536 MiB in 2 GiB",
      filename: 'deploy/k8s/api.yaml',
      code: api(limits('2Gi')),
      files: withDockerfile('ENV NODE_OPTIONS="--max-old-space-size=1536"'),
    },
    {
      name: 'no memory limit',
      filename: 'deploy/k8s/api.yaml',
      code: api(''),
      files: withDockerfile('ENV NODE_OPTIONS="--max-old-space-size=4096"'),
    },
    {
      name: 'no flag: V8 sizes the heap itself',
      filename: 'deploy/k8s/api.yaml',
      code: api(limits('512Mi')),
      files: expressService(),
    },
    {
      name: 'the container env replaces the image NODE_OPTIONS',
      filename: 'deploy/k8s/api.yaml',
      code: api(env('NODE_OPTIONS', '--max-old-space-size=384') + limits('512Mi')),
      files: withDockerfile('ENV NODE_OPTIONS="--max-old-space-size=4096"'),
    },
    {
      name: 'a flag after the script is the script’s own argument',
      filename: 'deploy/k8s/api.yaml',
      code: api(limits('512Mi')),
      files: withDockerfile('ENV PORT=3000', '["node", "src/server.js", "--max-old-space-size=4096"]'),
    },
    {
      name: 'compose: an interpolated value is not known',
      filename: 'docker-compose.yml',
      code: 'services:\n  web:\n    image: node:20-alpine\n    command: ["node", "server.js"]\n    mem_limit: 256m\n    environment:\n      NODE_OPTIONS: "--max-old-space-size=${HEAP:-1024}"\n',
    },
  ],
  invalid: [
    {
      name: 'NODE_OPTIONS in the Dockerfile, limit in the Deployment',
      filename: 'deploy/k8s/api.yaml',
      code: api(limits('1Gi')),
      files: withDockerfile('ENV NODE_OPTIONS="--max-old-space-size=4096"'),
      errors: [
        {
          messageId: 'exceeds',
          file: 'services/api/Dockerfile',
          line: 8,
          column: 19,
          endLine: 8,
          endColumn: 44,
          data: {
            heap: '4 GiB',
            needed: '5 GiB',
            headroom: '1 GiB',
            flag: '--max-old-space-size=4096',
            source: 'ENV NODE_OPTIONS in services/api/Dockerfile',
            link: '; image "registry.acme.io/shop/api:1.4.0" is assumed to be built from services/api/Dockerfile (its name matches the Dockerfile\'s directory)',
            limit: '1Gi (1 GiB)',
            container: 'container "api"',
          },
        },
      ],
    },
    {
      name: 'on the node command line of the container args',
      filename: 'deploy/k8s/api.yaml',
      code: api(`          command: ["node"]\n          args: ["--max-old-space-size=3072", "src/server.js"]\n${limits('2Gi')}`),
      files: expressService(),
      errors: [{ messageId: 'exceeds', file: 'deploy/k8s/api.yaml', line: 19, column: 19, endLine: 19, endColumn: 44, data: { heap: '3 GiB', needed: '3.8 GiB', headroom: '768 MiB', flag: '--max-old-space-size=3072', source: 'the container command in deploy/k8s/api.yaml', link: '', limit: '2Gi (2 GiB)', container: 'container "api"' } }],
    },
    {
      name: 'compose: NODE_OPTIONS list item above mem_limit, image start command in a sh -c script',
      filename: 'docker-compose.yml',
      code: 'services:\n  web:\n    build: ./services/api\n    mem_limit: 512m\n    environment:\n      - NODE_ENV=production\n      - NODE_OPTIONS=--max-old-space-size=512\n',
      files: withDockerfile('ENV PORT=3000', '["sh", "-c", "node src/server.js"]'),
      errors: [{ messageId: 'exceeds', file: 'docker-compose.yml', line: 7, column: 22, endLine: 7, endColumn: 46, data: { heap: '512 MiB', needed: '640 MiB', headroom: '128 MiB', flag: '--max-old-space-size=512', source: 'environment NODE_OPTIONS in docker-compose.yml', link: '', limit: '512m (512 MiB)', container: 'compose service "web"' } }],
    },
    {
      name: 'a variable the start command expands',
      filename: 'docker-compose.yml',
      code: 'services:\n  web:\n    build: ./services/api\n    deploy:\n      resources:\n        limits:\n          memory: 1G\n    environment:\n      NODE_ARGS: --max_old_space_size=1024\n',
      files: withDockerfile('ENV PORT=3000', 'node $NODE_ARGS src/server.js'),
      errors: [{ messageId: 'exceeds', file: 'docker-compose.yml', line: 9, column: 18, endLine: 9, endColumn: 43, data: { heap: '1 GiB', needed: '1.3 GiB', headroom: '256 MiB', flag: '--max_old_space_size=1024', source: 'environment NODE_ARGS in docker-compose.yml', link: '', limit: '1G (1 GiB)', container: 'compose service "web"' } }],
    },
    {
      name: 'npm start runs a package.json script that sets the flag',
      filename: 'deploy/k8s/api.yaml',
      code: api(limits('1Gi')),
      files: {
        ...withDockerfile('ENV NODE_ENV=production', '["npm", "start"]'),
        'services/api/package.json': '{\n  "name": "api",\n  "scripts": {\n    "start": "node --max-old-space-size=2048 src/server.js"\n  },\n  "dependencies": { "express": "^4.19.2" }\n}\n',
      },
      errors: [{ messageId: 'exceeds', file: 'services/api/package.json', line: 4, column: 20, endLine: 4, endColumn: 45, data: { heap: '2 GiB', needed: '2.5 GiB', headroom: '512 MiB', flag: '--max-old-space-size=2048', source: 'the "start" script in services/api/package.json', link: '; image "registry.acme.io/shop/api:1.4.0" is assumed to be built from services/api/Dockerfile (its name matches the Dockerfile\'s directory)', limit: '1Gi (1 GiB)', container: 'container "api"' } }],
    },
  ],
});

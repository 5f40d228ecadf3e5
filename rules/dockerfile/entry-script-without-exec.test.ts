import { RuleTester } from '../../src/testing/index.js';
import rule from './entry-script-without-exec.js';

const dockerfile = (start: string, copy = 'COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh') => `FROM node:20-slim
WORKDIR /app
COPY package*.json ./
RUN npm ci --omit=dev
COPY . .
${copy}
EXPOSE 3000
${start}
`;
const entry = 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]';
const script = (body: string) => `#!/bin/sh\nset -e\n\n# Wait for the database, then run migrations.\nnode scripts/migrate.js\n${body}`;

new RuleTester().run(rule, {
  valid: [
    // The script hands PID 1 to the server.
    { filename: 'Dockerfile', code: dockerfile(entry), files: { 'docker-entrypoint.sh': script('exec node server.js\n') } },
    // `exec "$@"`: the CMD becomes PID 1.
    { filename: 'Dockerfile', code: dockerfile(`${entry}\nCMD ["node", "server.js"]`), files: { 'docker-entrypoint.sh': script('exec "$@"\n') } },
    // An init in front signals the group.
    { filename: 'Dockerfile', code: dockerfile('ENTRYPOINT ["dumb-init", "--", "/usr/local/bin/docker-entrypoint.sh"]'), files: { 'docker-entrypoint.sh': script('node server.js\n') } },
    // The script traps SIGTERM itself.
    { filename: 'Dockerfile', code: dockerfile(entry), files: { 'docker-entrypoint.sh': script('trap \'kill -TERM $child\' TERM\nnode server.js &\nchild=$!\nwait "$child"\n') } },
    // The last command is not a server (the server was started earlier, in the background).
    { filename: 'Dockerfile', code: dockerfile(entry), files: { 'docker-entrypoint.sh': script('echo started\n') } },
    // The script is not in the build context lint500 sees.
    { filename: 'Dockerfile', code: dockerfile(entry) },
    // An image that does not serve: a one-shot job.
    { filename: 'Dockerfile', code: 'FROM python:3.12-slim\nCOPY run.sh /run.sh\nENTRYPOINT ["/run.sh"]\n', files: { 'run.sh': '#!/bin/sh\npython backup.py\n' } },
  ],
  invalid: [
    {
      name: 'the server is the last command, without exec',
      filename: 'Dockerfile',
      code: dockerfile(entry),
      files: { 'docker-entrypoint.sh': script('node server.js\n') },
      errors: [{ messageId: 'noExec', file: 'docker-entrypoint.sh', line: 6, column: 1, endLine: 6, endColumn: 15, data: { script: '/usr/local/bin/docker-entrypoint.sh', source: 'docker-entrypoint.sh', what: 'node server.js' } }],
    },
    {
      name: '"$@" without exec runs the CMD as a child',
      filename: 'services/api/Dockerfile',
      code: dockerfile(`${entry}\nCMD ["node", "server.js"]`),
      files: { 'services/api/docker-entrypoint.sh': script('"$@"\n') },
      errors: [{ messageId: 'noExec', file: 'services/api/docker-entrypoint.sh', line: 6, column: 1, endLine: 6, endColumn: 5, data: { script: '/usr/local/bin/docker-entrypoint.sh', source: 'services/api/docker-entrypoint.sh', what: 'the CMD (node server.js)' } }],
    },
    {
      name: 'a script in the copied context run by sh, starting gunicorn through gosu',
      filename: 'Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /srv\nEXPOSE 8000\nCMD ["sh", "bin/start.sh"]\n',
      files: { 'bin/start.sh': '#!/bin/sh\npython manage.py migrate --noinput\ngosu app gunicorn --bind 0.0.0.0:8000 shop.wsgi\n' },
      errors: [{ messageId: 'noExec', file: 'bin/start.sh', line: 3, column: 1, endLine: 3, endColumn: 48 }],
    },
    {
      name: 'nginx started last by a bash startup script',
      filename: 'nginx/Dockerfile',
      code: 'FROM nginx:alpine\nCOPY nginx.conf /etc/nginx/\nCOPY ./startup.sh /opt/startup.sh\nCMD ["/bin/bash", "/opt/startup.sh"]\n',
      files: { 'nginx/startup.sh': '#!/bin/bash\nif [ ! -f /etc/nginx/ssl/default.crt ]; then\n    openssl req -x509 -nodes -subj "/CN=default" -keyout /etc/nginx/ssl/default.key -out /etc/nginx/ssl/default.crt\nfi\n\n# Start nginx in foreground\nnginx\n' },
      errors: [{ messageId: 'noExec', file: 'nginx/startup.sh', line: 7, column: 1, endLine: 7, endColumn: 6, data: { script: '/opt/startup.sh', source: 'nginx/startup.sh', what: 'nginx' } }],
    },
  ],
});

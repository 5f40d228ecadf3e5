import { RuleTester } from '../../src/testing/index.js';
import rule from './worker-connections-exceed-nofile.js';

new RuleTester().run(rule, {
  valid: [
    'worker_rlimit_nofile 65535;\nevents {\n  worker_connections 16384;\n}\nhttp {}\n',
    'events {\n  worker_connections 1024;\n}\n',
    // envsubst placeholders are filled in before nginx starts.
    'worker_rlimit_nofile ${NOFILE};\nevents { worker_connections ${WORKER_CONNECTIONS}; }\n',
    'events { worker_connections ${WORKER_CONNECTIONS}; }\n',
    // A server snippet has no events block.
    { filename: 'conf.d/shop.conf', code: 'server {\n  listen 80;\n}\n' },
  ],
  invalid: [
    {
      name: 'above worker_rlimit_nofile',
      code: 'user nginx;\nworker_processes auto;\nworker_rlimit_nofile 4096;\n\nevents {\n    worker_connections 8192;\n}\n',
      errors: [{ messageId: 'aboveLimit', line: 6, column: 24, endLine: 6, endColumn: 28, data: { connections: 8192, limit: 4096 }, related: [{ file: 'nginx.conf', line: 3 }] }],
    },
    {
      name: 'above the OS default without worker_rlimit_nofile, tab-indented',
      code: 'events {\n\tworker_connections 4096;\n\tmulti_accept on;\n}\n',
      errors: [{ messageId: 'aboveDefault', line: 2, column: 21, endLine: 2, endColumn: 25 }],
    },
    {
      name: 'the limit comes from an included file',
      filename: 'nginx/nginx.conf',
      files: { 'nginx/main.d/limits.conf': '# raised for the sale\nworker_rlimit_nofile 1024;\n' },
      code: 'include main.d/*.conf;\nevents {\n  worker_connections 2048;\n}\n',
      errors: [{ messageId: 'aboveLimit', line: 3, column: 22, endLine: 3, endColumn: 26, related: [{ file: 'nginx/main.d/limits.conf', line: 2 }] }],
    },
    {
      name: 'two front proxies, both too high',
      filename: 'edge/nginx.conf',
      files: { 'admin/nginx.conf': 'worker_rlimit_nofile 2048;\nevents { worker_connections 10000; }\n' },
      code: 'events {\n  worker_connections 65535;\n}\n',
      errors: [
        { messageId: 'aboveLimit', file: 'admin/nginx.conf', line: 2, column: 29, endLine: 2, endColumn: 34 },
        { messageId: 'aboveDefault', line: 2, column: 22, endLine: 2, endColumn: 27 },
      ],
    },
  ],
});

/**
 * Hostile inputs of the outside probe, as generators: files that grow with `n` (for the linear-time
 * suite and `npm run probe`). Each entry: a path (which decides the kind), the kind, and `make(n)`,
 * the text for size n. Kept free of imports so that tests (TypeScript) and scripts share it.
 */

const range = (n) => Array.from({ length: n }, (_, i) => i);

/** @type {{ name: string; path: string; kind: string; make: (n: number) => string }[]} */
export const GROWING = [
  { name: 'Dockerfile: n ENV lines', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `FROM node:20\n${range(n).map((i) => `ENV V${i}=${i}`).join('\n')}\nCMD ["node", "x.js"]\n` },
  { name: 'Dockerfile: ENV redefining n names twice', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `FROM node:20\n${range(2 * n).map((i) => `ENV V${i % n}=${i}`).join('\n')}\nCMD ["node", "x.js"]\n` },
  { name: 'Dockerfile: n chained stages', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `FROM node:20 AS s0\n${range(n).map((i) => `FROM s${i} AS s${i + 1}`).join('\n')}\nCMD ["node", "x.js"]\n` },
  { name: 'Dockerfile: COPY --from over n stages', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `${range(n).map((i) => `FROM node:20 AS s${i}\nCOPY --from=s0 /a /a`).join('\n')}\n` },
  { name: 'Dockerfile: EXPOSE with n ports', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `FROM node:20\nEXPOSE ${range(n).map((i) => 1 + (i % 65000)).join(' ')}\nCMD ["node", "x.js"]\n` },
  { name: 'Dockerfile: n RUN lines', path: 'Dockerfile', kind: 'dockerfile', make: (n) => `FROM node:20\n${range(n).map((i) => `RUN echo ${i}`).join('\n')}\n` },
  { name: 'Spring YAML: n profile documents', path: 'src/main/resources/application.yml', kind: 'spring', make: (n) => `server:\n  port: 8080\n${range(n).map((i) => `---\nspring:\n  config:\n    activate:\n      on-profile: p${i}\nserver:\n  port: ${8000 + (i % 1000)}\n  tomcat:\n    threads:\n      max: ${10 + (i % 50)}\n`).join('')}` },
  { name: 'Spring properties: n keys', path: 'src/main/resources/application.properties', kind: 'spring', make: (n) => range(n).map((i) => `app.key${i}=value${i}`).join('\n') + '\nserver.port=8080\n' },
  { name: 'Kubernetes: n documents', path: 'deploy.yaml', kind: 'k8s', make: (n) => range(n).map((i) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web${i}\n  template:\n    metadata:\n      labels:\n        app: web${i}\n    spec:\n      containers:\n        - name: web\n          image: web:1.${i}\n          ports:\n            - containerPort: 8080\n`).join('---\n') },
  { name: 'nginx: n server blocks', path: 'nginx.conf', kind: 'nginx', make: (n) => `events {}\nhttp {\n${range(n).map((i) => `  server {\n    listen ${8000 + (i % 1000)};\n    server_name s${i}.example;\n    location / { proxy_pass http://127.0.0.1:${3000 + (i % 1000)}; proxy_read_timeout 30s; }\n  }\n`).join('')}}\n` },
  { name: 'nginx: n locations in one server', path: 'nginx.conf', kind: 'nginx', make: (n) => `events {}\nhttp {\n  server {\n    listen 80;\n${range(n).map((i) => `    location /p${i} { proxy_pass http://127.0.0.1:3000; }\n`).join('')}  }\n}\n` },
  { name: 'Tomcat: n connectors', path: 'conf/server.xml', kind: 'tomcat', make: (n) => `<?xml version="1.0"?>\n<Server port="8005">\n<Service name="Catalina">\n${range(n).map((i) => `<Connector port="${8000 + (i % 1000)}" protocol="HTTP/1.1" connectionTimeout="20000" maxThreads="200"/>\n`).join('')}<Engine name="Catalina" defaultHost="localhost"/>\n</Service>\n</Server>\n` },
  { name: 'JavaScript: n routes', path: 'src/app.js', kind: 'js', make: (n) => `const express = require('express');\nconst app = express();\n${range(n).map((i) => `app.get('/r${i}', async (req, res) => { const x = await fetch('http://api/${i}'); res.json(await x.json()); });\n`).join('')}app.listen(3000);\n` },
  { name: 'Python: n views', path: 'app/views.py', kind: 'python', make: (n) => `from flask import Flask\napp = Flask(__name__)\n${range(n).map((i) => `@app.route('/r${i}')\ndef r${i}():\n    return str(${i})\n`).join('')}` },
  { name: 'Java: n handlers', path: 'src/main/java/com/acme/App.java', kind: 'java', make: (n) => `package com.acme;\n@RestController\npublic class App {\n${range(n).map((i) => `  @GetMapping("/r${i}")\n  public String r${i}() { return "${i}"; }\n`).join('')}}\n` },
];

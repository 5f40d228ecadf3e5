/**
 * Suppressions as the README and docs/suppressions.md describe them: a trailing
 * `lint500-disable-line` in every format that has trailing comments (Dockerfile instruction lines
 * included), the k8s annotation's list of ids with reasons, and the ignores of hadolint and
 * kube-linter for the rules that share their concept.
 */
import { describe, expect, it } from 'vitest';
import { HADOLINT_RULES, hadolintIgnore, KUBE_LINTER_CHECKS } from '../../src/core/compat.js';
import { RULE_IDS } from '../../rules/index.js';
import { parseIgnoreList } from '../../src/parsers/yaml/index.js';
import { cli, project } from '../cli/helpers.js';

interface Result {
  filePath: string;
  messages: { ruleId: string; line: number; message: string }[];
  suppressedMessages: { ruleId: string; line: number; suppressions: { kind: string; justification?: string }[] }[];
}

async function lintFiles(files: Record<string, string>): Promise<Map<string, Result>> {
  const dir = project(files);
  const r = await cli(['.', '-f', 'json'], dir);
  expect(r.stderr).toBe('');
  return new Map((JSON.parse(r.stdout) as Result[]).map((f) => [f.filePath.slice(dir.length + 1), f]));
}
const brief = (f: Result | undefined) => ({
  messages: f?.messages.map((m) => `${m.line} ${m.ruleId}`) ?? [],
  suppressed: f?.suppressedMessages.map((m) => `${m.line} ${m.ruleId}${m.suppressions[0]?.justification ? ` (${m.suppressions[0].justification})` : ''}`) ?? [],
});

const DEPLOYMENT = (annotations: string, image = 'example/web:1.4.2') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
${annotations}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ${image}
          resources: {requests: {cpu: 100m}, limits: {memory: 128Mi}}
          readinessProbe: {httpGet: {path: /r, port: 80}}
          livenessProbe: {httpGet: {path: /l, port: 80}}
          ports: [{containerPort: 80}]
`;

describe('a trailing lint500-disable-line', () => {
  it('works in Dockerfiles (CMD lines included), nginx, Kubernetes and Spring YAML, Tomcat XML, JS and Python', async () => {
    const got = await lintFiles({
      Dockerfile: 'FROM node:20.11-slim\nUSER node\nCMD node server.js   # lint500-disable-line dockerfile/shell-form-cmd -- wrapper script\n',
      'nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    listen 80;\n    location / { proxy_pass http://127.0.0.1:8080; proxy_read_timeout 1s; } # lint500-disable-line nginx/proxy-timeout-too-low\n  }\n}\n',
      'src/main/resources/application.yml': 'server:\n  tomcat:\n    threads:\n      max: 5 # lint500-disable-line tomcat/max-threads-undersized\n',
      'conf/server.xml': '<?xml version="1.0"?>\n<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1" maxThreads="5" connectionTimeout="20000" acceptCount="100"/> <!-- lint500-disable-line tomcat/max-threads-undersized - batch node -->\n  </Service>\n</Server>\n',
      'app.js': "const express = require('express');\nconst app = express();\napp.post('/x', (req, res) => { res.json(JSON.parse(req.body.raw)); }); // lint500-disable-line js/json-parse-unguarded\napp.use((err, req, res, next) => res.status(500).send('x'));\napp.listen(3000);\n",
      'shop/settings.py': 'import os\nSECRET_KEY = os.environ["K"]\nDEBUG = True  # lint500-disable-line python/django-debug-enabled\nINSTALLED_APPS = ["django.contrib.admin"]\n',
    });
    expect(brief(got.get('Dockerfile'))).toEqual({ messages: [], suppressed: ['3 dockerfile/shell-form-cmd (wrapper script)'] });
    expect(brief(got.get('nginx/nginx.conf'))).toEqual({ messages: [], suppressed: ['5 nginx/proxy-timeout-too-low'] });
    expect(brief(got.get('src/main/resources/application.yml'))).toEqual({ messages: [], suppressed: ['4 tomcat/max-threads-undersized'] });
    expect(brief(got.get('conf/server.xml'))).toEqual({ messages: [], suppressed: ['4 tomcat/max-threads-undersized (batch node)'] });
    expect(brief(got.get('app.js'))).toEqual({ messages: [], suppressed: ['3 js/json-parse-unguarded'] });
    expect(brief(got.get('shop/settings.py'))).toEqual({ messages: [], suppressed: ['3 python/django-debug-enabled'] });
    // Kubernetes on its own (the Dockerfile above would bring in cross-file port checks).
    const k8s = await lintFiles({ 'k8s/deploy.yaml': DEPLOYMENT('    team: shop').replace('  replicas: 1', '  replicas: 1 # lint500-disable-line k8s/replicas-single -- staging') });
    expect(brief(k8s.get('k8s/deploy.yaml'))).toEqual({ messages: [], suppressed: ['8 k8s/replicas-single (staging)'] });
  });
});

describe('the lint500.dev/ignore annotation', () => {
  it('reads ids separated by commas, spaces or lines, each group with its own reason (reasons may hold commas)', () => {
    expect(parseIgnoreList('k8s/replicas-single,k8s/image-tag-unpinned')).toEqual([{ ids: ['k8s/replicas-single', 'k8s/image-tag-unpinned'] }]);
    expect(parseIgnoreList('k8s/replicas-single -- staging only, scaled by hand, k8s/image-tag-unpinned -- pinned by digest in CD')).toEqual([
      { ids: ['k8s/replicas-single'], reason: 'staging only, scaled by hand' },
      { ids: ['k8s/image-tag-unpinned'], reason: 'pinned by digest in CD' },
    ]);
    expect(parseIgnoreList('k8s/replicas-single k8s/resources-missing -- batch job\nk8s/image-tag-unpinned -- digest\n')).toEqual([
      { ids: ['k8s/replicas-single', 'k8s/resources-missing'], reason: 'batch job' },
      { ids: ['k8s/image-tag-unpinned'], reason: 'digest' },
    ]);
    expect(parseIgnoreList('-- everything, for now')).toEqual([{ ids: 'all', reason: 'everything, for now' }]);
    expect(parseIgnoreList('all')).toEqual([{ ids: 'all' }]);
  });
  it('suppresses each rule of the list with its reason', async () => {
    const got = await lintFiles({
      'deploy.yaml': DEPLOYMENT('    lint500.dev/ignore: "k8s/replicas-single -- staging only, scaled by hand, k8s/image-tag-unpinned -- pinned by digest in CD"', 'example/web:latest'),
    });
    expect(brief(got.get('deploy.yaml'))).toEqual({ messages: [], suppressed: ['8 k8s/replicas-single (staging only, scaled by hand)', '15 k8s/image-tag-unpinned (pinned by digest in CD)'] });
  });
});

describe('ignores written for hadolint and kube-linter', () => {
  it('map only to rules that exist, and every documented code and check has one', () => {
    const known = new Set<string>(RULE_IDS);
    for (const ids of [...Object.values(HADOLINT_RULES), ...Object.values(KUBE_LINTER_CHECKS)]) for (const id of ids) expect(known.has(id), id).toBe(true);
    expect(hadolintIgnore(' hadolint ignore=DL3025, DL3008')).toEqual({ global: false, codes: ['DL3025', 'DL3008'], ruleIds: ['dockerfile/shell-form-cmd'] });
    expect(hadolintIgnore(' hadolint global ignore=DL3002')).toEqual({ global: true, codes: ['DL3002'], ruleIds: ['dockerfile/user-root'] });
    expect(hadolintIgnore(' hadolint shell=bash')).toBeUndefined();
  });
  it('# hadolint ignore= covers the next instruction, global ignore the file; codes without a counterpart are passed over, and none is reported unused', async () => {
    const got = await lintFiles({
      Dockerfile: 'FROM node:latest\n# hadolint ignore=DL3025,DL3008\nCMD node server.js\n',
      'Dockerfile.worker': '# hadolint global ignore=DL3025\nFROM node:20.11-slim\nUSER node\nRUN echo build\nCMD node server.js\n',
      'Dockerfile.api': '# hadolint ignore=DL3007\nFROM node:20.11-slim\nUSER node\nCMD ["node", "api.js"]\n',
    });
    expect(brief(got.get('Dockerfile'))).toEqual({ messages: ['1 dockerfile/image-tag-unpinned'], suppressed: ['3 dockerfile/shell-form-cmd (hadolint ignore=DL3025,DL3008)'] });
    expect(brief(got.get('Dockerfile.worker'))).toEqual({ messages: [], suppressed: ['5 dockerfile/shell-form-cmd (hadolint global ignore=DL3025)'] });
    // DL3007 maps to image-tag-unpinned, which has nothing to say here: no "unused suppression".
    expect(brief(got.get('Dockerfile.api'))).toEqual({ messages: [], suppressed: [] });
  });
  it("kube-linter's ignore-check annotation suppresses the rule of the same concept, with its value as the reason", async () => {
    const got = await lintFiles({
      'deploy.yaml': DEPLOYMENT('    ignore-check.kube-linter.io/minimum-three-replicas: "a singleton by design"\n    ignore-check.kube-linter.io/privileged-container: "no lint500 counterpart"'),
    });
    expect(brief(got.get('deploy.yaml'))).toEqual({ messages: [], suppressed: ['9 k8s/replicas-single (ignore-check.kube-linter.io/minimum-three-replicas: a singleton by design)'] });
  });
});

/**
 * The pre-commit hook with the real `pre-commit` (Debian's package): `pre-commit try-repo` installs
 * this repository the way `repo:` + `rev:` does (npm install, npm pack, npm install -g of the packed
 * tarball) and runs the `lint500` hook from `.pre-commit-hooks.yaml` on a temporary repository.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { git, gitEnv, gitRepo, repoRoot, tempDir } from './helpers.js';

const BAD_DOCKERFILE = `FROM node:20-slim AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM node:20-slim
COPY --from=builder /app/dist /app
USER node
CMD ["node", "/app/server.js"]
`;

const GOOD_DOCKERFILE = BAD_DOCKERFILE.replace('--from=builder', '--from=build');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: example/web:1.4.2
          livenessProbe: {httpGet: {path: /healthz, port: 8080}}
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 128Mi}}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

let home: string;
const repos: string[] = [];

beforeAll(() => {
  // Whatever pre-commit writes (its log, its store) stays under the temporary folder. try-repo installs
  // the hook into a fresh store on every call, so each call below costs one npm install.
  home = tempDir('pre-commit-home');
});
afterAll(() => {
  for (const d of [home, ...repos]) rmSync(d, { recursive: true, force: true });
});

function tryRepo(cwd: string, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('pre-commit', ['try-repo', repoRoot, 'lint500', '--color', 'never', ...args], {
    cwd,
    env: { ...gitEnv, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

function repo(files: Record<string, string>): string {
  const dir = gitRepo('pre-commit-repo', files);
  repos.push(dir);
  git(dir, 'add', '-A');
  return dir;
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares the lint500 hook the way pre-commit expects', () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'lint500', language: 'node', entry: 'lint500', pass_filenames: true, args: ['--context', '.', '--ignore-unknown'] });
    // pre-commit matches with Python's re.search on the repository-relative path: check with the same engine.
    const yes = ['Dockerfile', 'docker/Dockerfile.prod', 'api.dockerfile', 'dockerfile', 'Containerfile', 'k8s/deploy.yaml', 'k8s/svc.YML', 'nginx/nginx.conf', 'etc/nginx/sites-enabled/default', 'conf/server.xml', 'META-INF/context.xml', 'conf/Catalina/localhost/app.xml', 'src/main/resources/application-prod.properties', 'src/app.ts', 'web/handler.mjs', 'app/views.py', 'src/main/java/App.java', 'package.json', 'requirements-dev.txt', 'pyproject.toml', 'pom.xml', 'build.gradle.kts'];
    const no = ['README.md', 'notes.txt', 'logo.png', 'types/index.d.ts', 'public/vendor.min.js', 'web.xml.bak'];
    const script = 'import json, re, sys\nh = json.load(sys.stdin)\nf, e = re.compile(h["files"]), re.compile(h["exclude"])\nprint(json.dumps({p: bool(f.search(p)) and not e.search(p) for p in h["paths"]}))';
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ ...hooks[0], paths: [...yes, ...no] }), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries([...yes.map((p) => [p, true]), ...no.map((p) => [p, false])]));
  });
});

describe('pre-commit try-repo', { timeout: 900_000 }, () => {
  it('fails on a bad Dockerfile with lint500\'s message', () => {
    const dir = repo({ Dockerfile: BAD_DOCKERFILE });
    const r = tryRepo(dir, '--files', 'Dockerfile');
    expect(r.output).toMatch(/lint500\.+Failed/);
    expect(r.output).toContain('7:13  error  `--from=builder` names no stage defined before this COPY');
    expect(r.output).toContain('dockerfile/copy-from-unknown-stage');
    expect(r.status).toBe(1);
  });

  it('passes a clean Dockerfile, and YAML that is not Kubernetes', () => {
    const dir = repo({ Dockerfile: GOOD_DOCKERFILE, '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'docs/mkdocs.yaml': 'site_name: shop\n' });
    const r = tryRepo(dir, '--all-files');
    expect(r.output).toMatch(/lint500\.+Passed/);
    expect(r.status).toBe(0);
  });

  it('lets cross-file rules read the repository but reports only in the files passed', () => {
    // The Service is in the repository but not among the files passed: it is read, never reported on.
    const dir = repo({ 'k8s/deploy.yaml': DEPLOYMENT, 'k8s/service.yaml': SERVICE });
    const r = tryRepo(dir, '--files', 'k8s/deploy.yaml');
    expect(r.output).toMatch(/lint500\.+Failed/);
    expect(r.output).toMatch(/^k8s\/deploy\.yaml$/m);
    expect(r.output).toContain('14:11  error  container "web" of Deployment "web" has no readinessProbe, and Service "web" sends traffic to it');
    expect(r.output).toContain('related: k8s/service.yaml:6:3  Service "web" selects this pod here.');
    expect(r.output).not.toMatch(/^k8s\/service\.yaml$/m);
    expect(r.status).toBe(1);
  });
});

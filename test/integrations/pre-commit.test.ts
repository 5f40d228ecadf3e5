/**
 * The pre-commit hook with the real `pre-commit` (Debian's package), in every variant docs/ci.md
 * documents. This checkout's working tree is committed to a scratch repository, which each test
 * repository's `.pre-commit-config.yaml` names with `repo:` + `rev:`; pre-commit installs it once
 * into a shared store the way it installs the published hook (npm install, npm pack, npm install -g
 * of the packed tarball) and runs the `lint500` hook from `.pre-commit-hooks.yaml`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runs, toolGate } from '../system-tools.js';
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
/** A warning only (shell-form CMD): the hook passes. */
const WARNING_DOCKERFILE = GOOD_DOCKERFILE.replace('CMD ["node", "/app/server.js"]', 'CMD node /app/server.js');
const WARNING_TEXT = 'warning  Shell-form CMD runs "node /app/server.js" under /bin/sh (dash in node:20-slim) as PID 1';

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
let hookRepo: string;
let rev: string;
const repos: string[] = [];

/** The hook variants docs/ci.md documents: the configuration, then each `- id: lint500` block. */
function documentedVariants(): Record<string, unknown[]> {
  const doc = readFileSync(join(repoRoot, 'docs/ci.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## pre-commit'), doc.indexOf('\n## ', doc.indexOf('## pre-commit') + 1));
  const blocks = [...section.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
  const config = parse(blocks[0]!) as { repos: { hooks: unknown[] }[] };
  const variants: Record<string, unknown[]> = { default: config.repos[0]!.hooks };
  for (const b of blocks.slice(1)) {
    const name = /#\s*(\w+):/.exec(b)?.[1];
    if (name) variants[name] = parse(b) as unknown[];
  }
  return variants;
}
const variants = documentedVariants();

const gate = toolGate('pre-commit', runs('pre-commit', '--version'), 'pre-commit');

beforeAll(() => {
  if (gate.skip) return;
  // Whatever pre-commit writes (its log, its store) stays under the temporary folder; the store is
  // shared by every run below, so the hook is installed once.
  home = tempDir('pre-commit-home');
  // The working tree as a commit of its own (pre-commit installs hooks from a commit).
  hookRepo = tempDir('pre-commit-hook');
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    mkdirSync(dirname(join(hookRepo, f)), { recursive: true });
    try {
      copyFileSync(join(repoRoot, f), join(hookRepo, f));
    } catch {
      // deleted in the working tree
    }
  }
  git(hookRepo, 'init', '-q', '-b', 'main');
  git(hookRepo, 'add', '-A');
  git(hookRepo, 'commit', '-q', '-m', 'hook');
  rev = git(hookRepo, 'rev-parse', 'HEAD').trim();
});
afterAll(() => {
  for (const d of [home, hookRepo, ...repos]) if (d) rmSync(d, { recursive: true, force: true });
});

function repo(files: Record<string, string>): string {
  const dir = gitRepo('pre-commit-repo', files);
  repos.push(dir);
  git(dir, 'add', '-A');
  return dir;
}

/** `pre-commit run` of the lint500 hook as the named documented variant configures it. */
function runHook(cwd: string, variant: string, ...args: string[]): { status: number | null; output: string } {
  const hooks = variants[variant];
  expect(hooks, `docs/ci.md documents the ${variant} variant`).toBeDefined();
  writeFileSync(join(cwd, '.pre-commit-config.yaml'), stringify({ repos: [{ repo: hookRepo, rev, hooks }] }));
  const r = spawnSync('pre-commit', ['run', 'lint500', '--color', 'never', ...args], {
    cwd,
    env: { ...gitEnv, PRE_COMMIT_HOME: home, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 600_000,
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describe('.pre-commit-hooks.yaml', () => {
  it('declares the lint500 hook the way pre-commit expects', () => {
    const hooks = parse(readFileSync(join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ id: 'lint500', language: 'node', entry: 'lint500', pass_filenames: true, verbose: true, args: ['--context', '.', '--ignore-unknown'] });
    // pre-commit matches with Python's re.search on the repository-relative path: check with the same engine.
    const yes = ['Dockerfile', 'docker/Dockerfile.prod', 'api.dockerfile', 'dockerfile', 'Containerfile', 'k8s/deploy.yaml', 'k8s/svc.YML', 'nginx/nginx.conf', 'etc/nginx/sites-enabled/default', 'conf/server.xml', 'META-INF/context.xml', 'conf/Catalina/localhost/app.xml', 'src/main/resources/application-prod.properties', 'src/app.ts', 'web/handler.mjs', 'app/views.py', 'src/main/java/App.java', 'package.json', 'requirements-dev.txt', 'pyproject.toml', 'pom.xml', 'build.gradle.kts'];
    const no = ['README.md', 'notes.txt', 'logo.png', 'types/index.d.ts', 'public/vendor.min.js', 'web.xml.bak'];
    const script = 'import json, re, sys\nh = json.load(sys.stdin)\nf, e = re.compile(h["files"]), re.compile(h["exclude"])\nprint(json.dumps({p: bool(f.search(p)) and not e.search(p) for p in h["paths"]}))';
    const r = spawnSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ ...hooks[0], paths: [...yes, ...no] }), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(Object.fromEntries([...yes.map((p) => [p, true]), ...no.map((p) => [p, false])]));
  });
});

describe('docs/ci.md', () => {
  it('documents the default hook and a stricter and a quieter variant, each keeping --context . and --ignore-unknown', () => {
    expect(Object.keys(variants)).toEqual(['default', 'stricter', 'quieter']);
    expect(variants['default']).toEqual([{ id: 'lint500' }]);
    for (const v of ['stricter', 'quieter']) expect((variants[v]![0] as { args: string[] }).args.slice(0, 3)).toEqual(['--context', '.', '--ignore-unknown']);
  });
});

describe.skipIf(gate.skip)(gate.title, { timeout: 900_000 }, () => {
  it('default: fails on a bad Dockerfile with lint500\'s message', () => {
    const dir = repo({ Dockerfile: BAD_DOCKERFILE });
    const r = runHook(dir, 'default', '--files', 'Dockerfile');
    expect(r.output).toMatch(/lint500\.+Failed/);
    expect(r.output).toContain('7:13  error  `--from=builder` names no stage defined before this COPY');
    expect(r.output).toContain('dockerfile/copy-from-unknown-stage');
    expect(r.status).toBe(1);
  });

  it('default: passes with warnings, and shows them', () => {
    const dir = repo({ Dockerfile: WARNING_DOCKERFILE });
    const r = runHook(dir, 'default', '--files', 'Dockerfile');
    expect(r.output).toMatch(/lint500\.+Passed/);
    expect(r.output).toContain(WARNING_TEXT);
    expect(r.status).toBe(0);
  });

  it('default: passes a clean Dockerfile, YAML that is not Kubernetes, and a commit of such YAML alone', () => {
    const dir = repo({ Dockerfile: GOOD_DOCKERFILE, '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'docs/mkdocs.yaml': 'site_name: shop\n' });
    const all = runHook(dir, 'default', '--all-files');
    expect(all.output).toMatch(/lint500\.+Passed/);
    expect(all.status).toBe(0);
    const yamlOnly = runHook(dir, 'default', '--files', '.github/workflows/ci.yml', 'docs/mkdocs.yaml');
    expect(yamlOnly.output).toMatch(/lint500\.+Passed/);
    expect(yamlOnly.status).toBe(0);
  });

  it('default: lets cross-file rules read the repository but reports only in the files passed', () => {
    // The Service is in the repository but not among the files passed: it is read, never reported on.
    const dir = repo({ 'k8s/deploy.yaml': DEPLOYMENT, 'k8s/service.yaml': SERVICE });
    const r = runHook(dir, 'default', '--files', 'k8s/deploy.yaml');
    expect(r.output).toMatch(/lint500\.+Failed/);
    expect(r.output).toMatch(/^k8s\/deploy\.yaml$/m);
    expect(r.output).toContain('14:11  error  container "web" of Deployment "web" has no readinessProbe, and Service "web" sends traffic to it');
    expect(r.output).toContain('related: k8s/service.yaml:6:3  Service "web" selects this pod here.');
    expect(r.output).not.toMatch(/^k8s\/service\.yaml$/m);
    expect(r.status).toBe(1);
  });

  it('stricter: fails on a warning, and still passes a commit of YAML that is not Kubernetes', () => {
    const dir = repo({ Dockerfile: WARNING_DOCKERFILE, '.github/workflows/ci.yml': 'on: push\njobs: {}\n' });
    const r = runHook(dir, 'stricter', '--files', 'Dockerfile');
    expect(r.output).toMatch(/lint500\.+Failed/);
    expect(r.output).toContain(WARNING_TEXT);
    expect(r.status).toBe(1);
    const yamlOnly = runHook(dir, 'stricter', '--files', '.github/workflows/ci.yml');
    expect(yamlOnly.output).toMatch(/lint500\.+Passed/);
    expect(yamlOnly.status).toBe(0);
  });

  it('quieter: passes with warnings and prints nothing of them; still fails on errors', () => {
    const dir = repo({ Dockerfile: WARNING_DOCKERFILE, 'bad/Dockerfile': BAD_DOCKERFILE });
    const r = runHook(dir, 'quieter', '--files', 'Dockerfile');
    expect(r.output).toMatch(/lint500\.+Passed/);
    expect(r.output).not.toContain('Shell-form CMD');
    expect(r.status).toBe(0);
    const bad = runHook(dir, 'quieter', '--files', 'bad/Dockerfile');
    expect(bad.output).toMatch(/lint500\.+Failed/);
    expect(bad.output).toContain('`--from=builder` names no stage');
    expect(bad.status).toBe(1);
  });
});

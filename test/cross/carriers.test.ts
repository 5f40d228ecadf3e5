import { describe, expect, it } from 'vitest';
import { appServerOf, scriptCommands, type CmdWord } from '../../src/parsers/cross/app-server.js';
import { composeProjects, readCompose } from '../../src/parsers/cross/compose.js';
import { parsePhpFpm } from '../../src/parsers/cross/php-fpm.js';
import { serverRuns } from '../../src/parsers/cross/runs.js';
import { iniTarget, parseUwsgiIni } from '../../src/parsers/cross/uwsgi.js';
import { baseContents, lacks } from '../../src/parsers/cross/image-tools.js';
import { detectManifest } from '../../src/parsers/manifest/detect.js';
import dockerfileParser from '../../src/parsers/dockerfile/index.js';
import manifestParser from '../../src/parsers/manifest/index.js';
import { emptyHost } from '../../src/core/engine.js';
import type { ParsedFile, ParserModule, ProjectModel } from '../../src/core/rule.js';
import { LineIndex } from '../../src/core/text.js';
import { projectModel } from '../../src/testing/model.js';
import { annotationDirectives } from '../../src/parsers/nginx/ingress-annotations.js';

/** The words of a command line written in `text`, with their spans. */
function words(text: string): { text: string; words: CmdWord[] } {
  const ws = scriptCommands({ value: text, file: 'Procfile', span: { start: 0, end: text.length } }, () => text)[0]!;
  return { text, words: ws };
}

const at = (text: string, s: { span: { start: number; end: number } } | undefined) => (s ? text.slice(s.span.start, s.span.end) : undefined);

describe('app-server command lines', () => {
  it('reads gunicorn flags with their spans, and claims no default bind when PORT is set', () => {
    const { text, words: w } = words('gunicorn -w 4 --bind=0.0.0.0:8000 -t 120 --keep-alive 5 -k uvicorn.workers.UvicornWorker app:app');
    const s = appServerOf(w)!;
    expect(s.kind).toBe('gunicorn');
    expect(s.binds[0]!.host!.value).toBe('0.0.0.0');
    expect(s.binds[0]!.port!.value).toBe(8000);
    expect(at(text, s.binds[0]!.host)).toBe('--bind=0.0.0.0:8000');
    expect([s.workers?.value, s.timeout?.value, s.keepAlive?.value, s.workerClass?.value]).toEqual([4, 120, 5, 'uvicorn.workers.UvicornWorker']);
    expect(at(text, s.timeout)).toBe('-t 120');
    const bare = words('gunicorn app:app').words;
    expect(appServerOf(bare)!.binds[0]!.host).toMatchObject({ value: '127.0.0.1', defaulted: true });
    expect(appServerOf(bare, (n) => (n === 'PORT' ? { value: '8080', file: 'Dockerfile', span: { start: 0, end: 0 }, via: 'ENV PORT' } : undefined))!.binds).toEqual([]);
  });

  it('reads gunicorn --threads and next start --keepAliveTimeout (milliseconds, kept in seconds)', () => {
    const g = words('gunicorn --threads 4 --bind 0.0.0.0:8000 app:app');
    expect(appServerOf(g.words)!.threads?.value).toBe(4);
    expect(at(g.text, appServerOf(g.words)!.threads)).toBe('--threads 4');
    const n = words('next start -p 3000 --keepAliveTimeout 65000');
    const s = appServerOf(n.words)!;
    expect([s.kind, s.keepAlive?.value]).toEqual(['next', 65]);
    expect(at(n.text, s.keepAlive)).toBe('--keepAliveTimeout 65000');
  });

  it('knows the development servers and their default hosts', () => {
    const flask = words('python -m flask --app shop run --port 5000');
    const f = appServerOf(flask.words, undefined, () => flask.text)!;
    expect(f.kind).toBe('flask');
    expect(at(flask.text, f.development)).toBe('flask --app shop run');
    expect(f.binds[0]!.host).toMatchObject({ value: '127.0.0.1', defaulted: true });
    expect(f.binds[0]!.port!.value).toBe(5000);
    const dj = words('python manage.py runserver 0:8000');
    expect(appServerOf(dj.words)!.binds[0]!.host!.value).toBe('0.0.0.0');
    expect(appServerOf(words('python manage.py runserver').words)!.binds[0]!.host!.value).toBe('127.0.0.1');
    expect(appServerOf(words('uvicorn main:app --reload').words)!.development!.value).toBe('uvicorn --reload');
    expect(appServerOf(words('fastapi run main.py').words)!.binds[0]!.host!.value).toBe('0.0.0.0');
    expect(appServerOf(words('npx next dev -p 3000').words)!.development!.value).toBe('next dev');
    expect(appServerOf(words('next start -H 127.0.0.1').words)!.binds[0]!.host!.value).toBe('127.0.0.1');
    expect(appServerOf(words('php -S localhost:8000 -t public').words)!.binds[0]!.host!.value).toBe('localhost');
    expect(appServerOf(words('python manage.py migrate').words)).toBeUndefined();
    expect(appServerOf(words('npm start').words)).toBeUndefined();
  });

  it('reads uWSGI sockets and Unix sockets as sockets, not hosts', () => {
    const s = appServerOf(words('uwsgi --http :8000 --socket /run/app.sock --harakiri 30 --processes 4').words)!;
    expect(s.binds.map((b) => b.host?.value ?? `socket ${b.socket!.value}`)).toEqual(['', 'socket /run/app.sock']);
    expect([s.timeout?.value, s.workers?.value]).toEqual([30, 4]);
  });
});

describe('uWSGI configuration files', () => {
  const ini = `; uWSGI for the shop
[uwsgi]
module = shop.wsgi:application
master = true
processes = 4
http-socket = 127.0.0.1:8000
socket = /run/uwsgi/shop.sock
harakiri = 45 ; seconds
chdir = %(here)
http = %(host):9000

[uwsgi-prod]
http = :8000
harakiri = 120
`;
  const at = (s: { span: { start: number; end: number } } | undefined) => (s ? ini.slice(s.span.start, s.span.end) : undefined);
  it('reads binds, harakiri, processes and master of the [uwsgi] section with spans, skipping placeholders', () => {
    const c = parseUwsgiIni('deploy/uwsgi.ini', ini)!;
    expect(c.binds.map((b) => b.host?.value ?? `socket ${b.socket!.value}`)).toEqual(['127.0.0.1', 'socket /run/uwsgi/shop.sock']);
    expect(at(c.binds[0]!.host)).toBe('127.0.0.1:8000');
    expect(c.binds[0]!.host!.via).toBe('http-socket in uwsgi.ini');
    expect([c.harakiri?.value, at(c.harakiri), c.workers?.value, c.master?.value]).toEqual([45, '45', 4, true]);
  });
  it('reads the section `--ini file:section` names, and nothing from a file without it', () => {
    expect(iniTarget('/etc/uwsgi/app.ini:uwsgi-prod')).toEqual({ path: '/etc/uwsgi/app.ini', section: 'uwsgi-prod' });
    expect(iniTarget('uwsgi.ini')).toEqual({ path: 'uwsgi.ini', section: 'uwsgi' });
    const prod = parseUwsgiIni('uwsgi.ini', ini, 'uwsgi-prod')!;
    expect([prod.binds[0]!.host!.value, prod.binds[0]!.port!.value, prod.harakiri!.value]).toEqual(['', 8000, 120]);
    expect(parseUwsgiIni('setup.ini', '[metadata]\nname = shop\n')).toBeUndefined();
  });
  it('classifies uwsgi*.ini as a manifest, and other INI files not', () => {
    expect(['uwsgi.ini', 'deploy/uwsgi-prod.ini', 'conf/uwsgi/shop.ini'].map((p) => detectManifest(p, p.slice(p.lastIndexOf('/') + 1)))).toEqual([true, true, true]);
    expect(['setup.ini', 'tox.ini', 'php.ini'].map((p) => detectManifest(p, p))).toEqual([false, false, false]);
  });
  it('reads --master, a lone .ini argument and UWSGI_INI on the command line', () => {
    const m = appServerOf(words('uwsgi --master --ini app.ini:prod').words)!;
    expect([m.master?.value, m.config?.value]).toEqual([true, 'app.ini:prod']);
    expect(appServerOf(words('uwsgi uwsgi.ini').words)!.config!.value).toBe('uwsgi.ini');
    const env = appServerOf(words('uwsgi').words, (n) => (n === 'UWSGI_INI' ? { value: '/srv/uwsgi.ini', file: 'Dockerfile', span: { start: 4, end: 18 }, via: 'ENV UWSGI_INI' } : undefined))!;
    expect(env.config).toEqual({ value: '/srv/uwsgi.ini', file: 'Dockerfile', span: { start: 4, end: 18 } });
  });

  function model(files: Record<string, string>): ProjectModel {
    const parsed: ParsedFile[] = Object.entries(files).map(([path, text]) => {
      const parser = (path.endsWith('Dockerfile') ? dockerfileParser : manifestParser) as ParserModule;
      const out = parser.parse({ path, text, kind: parser.kind }, { host: emptyHost, settings: {}, runPaths: new Set() });
      return { path, kind: parser.kind, text, lines: new LineIndex(text), root: out.root, comments: out.comments } as ParsedFile;
    });
    return projectModel(parsed, emptyHost, [dockerfileParser as ParserModule]);
  }
  const uwsgiIni = '[uwsgi]\nmodule = app:app\nhttp-socket = 0.0.0.0:8000\nharakiri = 60\nprocesses = 2\n';
  it('links the INI file a Dockerfile copies and runs into the app server (harakiri becomes its timeout)', () => {
    const [run] = serverRuns(model({ 'api/Dockerfile': 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nEXPOSE 8000\nCMD ["uwsgi", "--ini", "uwsgi.ini", "--processes", "8"]\n', 'api/uwsgi.ini': uwsgiIni }));
    const s = run!.server;
    expect(s.configFile).toBe('api/uwsgi.ini');
    expect(s.timeout).toMatchObject({ value: 60, file: 'api/uwsgi.ini', via: 'harakiri in uwsgi.ini' });
    expect(uwsgiIni.slice(s.timeout!.span.start, s.timeout!.span.end)).toBe('60');
    // The command line's --processes wins over the file's.
    expect(s.workers).toMatchObject({ value: 8, file: 'api/Dockerfile' });
    expect(s.binds.map((b) => `${b.host!.value}:${b.port!.value}`)).toEqual(['0.0.0.0:8000']);
  });
  it('links an absolute --ini path through a compose bind mount, or by its name in the build context', () => {
    const mounted = serverRuns(model({
      'compose.yaml': 'services:\n  app:\n    build: ./app\n    command: uwsgi --ini /etc/uwsgi/site.ini\n    volumes:\n      - ./deploy/site.ini:/etc/uwsgi/site.ini:ro\n',
      'app/Dockerfile': 'FROM python:3.12-slim\nCOPY . /srv\n',
      'deploy/site.ini': uwsgiIni.replace('60', '30'),
    }));
    expect(mounted[0]!.server).toMatchObject({ configFile: 'deploy/site.ini', timeout: { value: 30 } });
    const copied = serverRuns(model({ 'web/Dockerfile': 'FROM python:3.12-slim\nCOPY conf/uwsgi.ini /etc/uwsgi/uwsgi.ini\nCMD uwsgi --ini /etc/uwsgi/uwsgi.ini\n', 'web/conf/uwsgi.ini': uwsgiIni }));
    expect(copied[0]!.server.configFile).toBe('web/conf/uwsgi.ini');
    // Two files of that name: which one is copied is not guessed.
    const two = serverRuns(model({ 'web/Dockerfile': 'FROM python:3.12-slim\nCMD uwsgi --ini /etc/uwsgi/uwsgi.ini\n', 'web/conf/uwsgi.ini': uwsgiIni, 'web/dev/uwsgi.ini': uwsgiIni }));
    expect(two[0]!.server.configFile).toBeUndefined();
    expect(two[0]!.server.timeout).toBeUndefined();
  });
});

describe('compose projects', () => {
  const base = 'services:\n  web:\n    build: ./web\n    command: gunicorn app:app\n    ports: ["8000:8000"]\n    environment:\n      - MODE=prod\n    depends_on: [db]\n  db:\n    image: postgres:16\n';
  const override = 'services:\n  web:\n    command: ["flask", "run"]\n    ports: ["127.0.0.1:5678:5678"]\n    environment:\n      MODE: dev\n    depends_on:\n      db:\n        condition: service_healthy\n';
  it('merges the override over the base by the Compose rules, keeping where each value came from', () => {
    const [p] = composeProjects([
      { path: 'app/compose.yaml', text: base },
      { path: 'app/compose.override.yaml', text: override },
    ]);
    const web = p!.services.get('web')!;
    expect(p!.files).toEqual(['app/compose.yaml', 'app/compose.override.yaml']);
    expect(web.command).toMatchObject({ shell: false, file: 'app/compose.override.yaml' });
    expect(web.command!.words.map((w) => w.value)).toEqual(['flask', 'run']);
    expect(web.ports.map((x) => [x.hostIp, x.published, x.target, x.file])).toEqual([
      [undefined, 8000, 8000, 'app/compose.yaml'],
      ['127.0.0.1', 5678, 5678, 'app/compose.override.yaml'],
    ]);
    expect(web.environment.get('MODE')).toMatchObject({ value: 'dev', file: 'app/compose.override.yaml' });
    expect(web.dependsOn).toEqual([expect.objectContaining({ name: 'db', condition: 'service_healthy' })]);
    expect(web.build).toMatchObject({ context: 'app/web', dockerfile: 'app/web/Dockerfile' });
  });
  it('reads another compose file of the folder as a variant over the base, and included files into the project', () => {
    const projects = composeProjects([
      { path: 'compose.yaml', text: 'include:\n  - proxy/compose.yml\nservices:\n  app:\n    image: ghcr.io/acme/app:1\n' },
      { path: 'proxy/compose.yml', text: 'services:\n  nginx:\n    image: nginx:1.27\n' },
      { path: 'docker-compose.prod.yml', text: 'services:\n  app:\n    restart: always\n' },
    ]);
    expect(projects.map((p) => [p.files, [...p.services.keys()]])).toEqual([
      [['compose.yaml', 'proxy/compose.yml'], ['nginx', 'app']],
      [['compose.yaml', 'proxy/compose.yml', 'docker-compose.prod.yml'], ['nginx', 'app']],
    ]);
    expect(projects[1]!.services.get('app')!.restart!.value).toBe('always');
  });
});

describe('one compose reading', () => {
  it('keeps each file\'s own services beside the projects, with build args, the memory limit and include project_directory', () => {
    const root = 'include:\n  - path: ../shared/compose.db.yaml\n    project_directory: ..\nservices:\n  api:\n    build:\n      context: ./api\n      args:\n        - PY_VERSION=3.12\n        - GIT_SHA\n      target: runtime\n    mem_limit: 512m\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n  web:\n';
    const db = 'services:\n  migrate:\n    build: ./db\n    deploy:\n      resources:\n        limits:\n          memory: 256M\n';
    const r = readCompose([
      { path: 'stack/compose.yaml', text: root },
      { path: 'shared/compose.db.yaml', text: db },
    ]);
    expect([...r.files.keys()]).toEqual(['stack/compose.yaml', 'shared/compose.db.yaml']);
    const api = r.files.get('stack/compose.yaml')!.services.get('api')!;
    expect(api.build).toMatchObject({ context: 'stack/api', target: 'runtime', args: { PY_VERSION: '3.12', GIT_SHA: undefined } });
    // mem_limit wins over deploy.resources.limits.memory.
    expect(api.memoryLimit!.value).toBe('512m');
    expect(r.files.get('stack/compose.yaml')!.services.get('web')!.bare).toBe(true);
    // The included file's paths resolve against the project directory its include names, not its own folder.
    const migrate = r.files.get('shared/compose.db.yaml')!.services.get('migrate')!;
    expect(migrate.build!.context).toBe('db');
    expect(migrate.memoryLimit!.value).toBe('256M');
    expect(r.projects.map((p) => p.files)).toEqual([['stack/compose.yaml', 'shared/compose.db.yaml']]);
  });
});

describe('PHP-FPM pools', () => {
  it('reads pools with the spans of their values', () => {
    const text = '[global]\npid = /run/php-fpm.pid\ninclude=/etc/php/8.3/fpm/pool.d/*.conf\n\n[www]\nlisten = /run/php/php8.3-fpm.sock ; the socket\npm = dynamic\npm.max_children = 5\nrequest_terminate_timeout = 2m\n\n[api]\nlisten = 127.0.0.1:9001\n';
    const f = parsePhpFpm('php-fpm.conf', text);
    expect(f.includes.map((i) => i.value)).toEqual(['/etc/php/8.3/fpm/pool.d/*.conf']);
    expect(f.pools.map((p) => p.name)).toEqual(['www', 'api']);
    const www = f.pools[0]!;
    expect(www.listen!.address).toEqual({ kind: 'socket', path: '/run/php/php8.3-fpm.sock' });
    expect(text.slice(www.listen!.span.start, www.listen!.span.end)).toBe('/run/php/php8.3-fpm.sock');
    expect(www.maxChildren!.count).toBe(5);
    expect(www.terminateTimeout!.seconds).toBe(120);
    expect(f.pools[1]!.listen!.address).toEqual({ kind: 'tcp', host: '127.0.0.1', port: 9001 });
  });
});

describe('ingress-nginx annotations', () => {
  it('become the directives the controller writes', () => {
    const ds = annotationDirectives(
      { 'nginx.ingress.kubernetes.io/proxy-read-timeout': '5', 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'kubernetes.io/ingress.class': 'nginx' },
      { 'nginx.ingress.kubernetes.io/proxy-read-timeout': { start: 10, end: 13 }, 'nginx.ingress.kubernetes.io/proxy-body-size': { start: 20, end: 24 }, 'kubernetes.io/ingress.class': { start: 30, end: 35 } },
    );
    expect(ds.map((d) => [d.directive, d.value])).toEqual([
      ['proxy_read_timeout', '5s'],
      ['client_max_body_size', '8m'],
    ]);
  });
});

describe('health-check programs of an image', () => {
  it('knows a few public images, and no other', () => {
    const has = (repo: string, tag?: string) => [...(baseContents(repo, tag)?.has ?? ['unknown'])].sort().join(' ');
    expect(has('python', '3.12-slim-bookworm')).toBe('sh');
    expect(has('node', '20-alpine3.20')).toBe('nc sh wget');
    expect(has('docker.io/library/alpine', '3.20')).toBe('nc sh wget');
    expect(has('gcr.io/distroless/static-debian12')).toBe('');
    expect(has('gcr.io/distroless/base-debian12', 'debug-nonroot')).toBe('nc sh wget');
    expect(has('scratch')).toBe('');
    expect(['python:3.12', 'node:20-bookworm', 'nginx:1.27', 'eclipse-temurin:21-jre', 'ghcr.io/acme/api:1'].map((r) => baseContents(r.split(':')[0]!, r.split(':')[1]))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
  it('lacks a program only when nothing the Dockerfile does can add it', () => {
    const slim = baseContents('python', '3.12-slim');
    expect(lacks(slim, undefined, 'curl')).toBe(slim);
    expect(lacks(slim, { packages: ['curl'], programs: [] }, 'curl')).toBeUndefined();
    expect(lacks(slim, { packages: ['busybox'], programs: [] }, 'wget')).toBeUndefined();
    expect(lacks(slim, { packages: ['netcat-traditional'], programs: [] }, 'nc')).toBeUndefined();
    expect(lacks(slim, { packages: [], programs: ['curl'] }, 'curl')).toBeUndefined();
    expect(lacks(slim, { packages: [], programs: [], opaque: 'RUN sh' }, 'curl')).toBeUndefined();
    expect(lacks(slim, { packages: ['git'], programs: [] }, 'curl')).toBe(slim);
    expect(lacks(baseContents('alpine', '3.20'), undefined, 'wget')).toBeUndefined();
  });
});

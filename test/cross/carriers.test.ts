import { describe, expect, it } from 'vitest';
import { appServerOf, scriptCommands, type CmdWord } from '../../src/parsers/cross/app-server.js';
import { composeProjects } from '../../src/parsers/cross/compose.js';
import { parsePhpFpm } from '../../src/parsers/cross/php-fpm.js';
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

import { describe, expect, it } from 'vitest';
import type { Route } from '../../src/parsers/app/types.js';
import { readBuildConfig } from '../../src/parsers/cross/build-config.js';
import { dockerfileNames, parseImageName } from '../../src/parsers/cross/images.js';
import { composeMemoryBytes, formatBytes, k8sMemoryBytes } from '../../src/parsers/cross/quantity.js';
import { envFallbackAt } from '../../src/parsers/cross/apps.js';
import { routeServes, underPath } from '../../src/parsers/cross/routes.js';
import { serviceNameOf } from '../../src/parsers/cross/services.js';
import type { ParsedFile } from '../../src/core/rule.js';

const MI = 1024 ** 2;

describe('k8sMemoryBytes', () => {
  it.each([
    ['512Mi', 512 * MI],
    ['1.5Gi', 1536 * MI],
    ['2G', 2e9],
    ['500M', 5e8],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['1Ki', 1024],
    ['100m', 0.1],
  ])('%s', (q, bytes) => expect(k8sMemoryBytes(q)).toBeCloseTo(bytes));
  it.each(['', 'Mi', '1 GB', '1Gb', '-1Gi', '1K', 'lots'])('rejects %j', (q) => expect(k8sMemoryBytes(q)).toBeUndefined());
  it('formats', () => {
    expect(formatBytes(768 * MI)).toBe('768 MiB');
    expect(formatBytes(1536 * MI)).toBe('1.5 GiB');
  });
});

describe('composeMemoryBytes', () => {
  it.each([
    ['512m', 512 * MI],
    ['1g', 1024 * MI],
    ['1G', 1024 * MI],
    ['1.5gb', 1536 * MI],
    ['2048k', 2 * MI],
    ['1048576', MI],
  ])('%s', (q, bytes) => expect(composeMemoryBytes(q)).toBeCloseTo(bytes));
  it.each(['', '1Gi', 'lots', '-1g'])('rejects %j', (q) => expect(composeMemoryBytes(q)).toBeUndefined());
});

describe('parseImageName', () => {
  it('splits registry, path and name; drops tag, digest and Docker Hub prefixes', () => {
    expect(parseImageName('registry.example.com:5000/shop/orders:1.4.2@sha256:abc')).toEqual({ repository: 'registry.example.com:5000/shop/orders', path: 'shop/orders', name: 'orders' });
    expect(parseImageName('docker.io/library/redis:7')).toEqual({ repository: 'redis', path: 'redis', name: 'redis' });
    expect(parseImageName('Acme/API')).toEqual({ repository: 'acme/api', path: 'acme/api', name: 'api' });
  });
  it.each(['{{ .Values.image }}', '$IMAGE', '${REGISTRY}/api:1', '', '   '])('refuses templated %j', (ref) => expect(parseImageName(ref)).toBeUndefined());
});

describe('dockerfileNames', () => {
  it.each([
    ['services/api/Dockerfile', ['api']],
    ['services/api/docker/Dockerfile', ['api']],
    ['pkg/test/echo/docker/Dockerfile.app', ['app', 'echo']],
    ['deploy/orders.Dockerfile', ['orders']],
    ['web/Dockerfile.prod', ['web']],
    ['Dockerfile', []],
    ['docker/Dockerfile', []],
  ])('%s', (path, names) => expect(dockerfileNames(path)).toEqual(names));
});

describe('envFallbackAt', () => {
  const at = (text: string, literal: string) => {
    const start = text.lastIndexOf(literal);
    return envFallbackAt(text, { start, end: start + literal.length });
  };
  it('sees the variable a literal port falls back from', () => {
    expect(at('const port = process.env.PORT || 3000;', '3000')).toBe('PORT');
    expect(at("app.listen(Number(process.env['HTTP_PORT'] ?? 8080))", '8080')).toBe('HTTP_PORT');
    expect(at('port = int(os.environ.get("PORT", 8000))', '8000')).toBe('PORT');
    expect(at('app.run(port=os.getenv("APP_PORT", "5000"))', '"5000"')).toBe('APP_PORT');
  });
  it('is undefined for a plain literal', () => {
    expect(at('app.listen(3000)', '3000')).toBeUndefined();
    expect(at('const port = process.env.PORT && 3000', '3000')).toBeUndefined();
  });
});

describe('routeServes', () => {
  const r = (path: string, framework: Route['framework'], extra: Partial<Route> = {}): Route => ({ method: 'GET', path, framework, where: { file: 'x', span: { start: 0, end: 0 } }, ...extra });
  it.each([
    [r('/users/:id', 'express'), '/users/42', true],
    [r('/users/:id', 'express'), '/users/42/orders', false],
    [r('/files/*', 'express'), '/files/a/b.txt', true],
    [r('/users/<int:id>', 'flask'), '/users/7', true],
    [r('/static/<path:p>', 'flask'), '/static/css/site.css', true],
    [r('/items/{item_id}', 'fastapi'), '/items/abc', true],
    [r('/files/{p:path}', 'fastapi'), '/files/a/b', true],
    [r('/orders/{id:\\d+}', 'spring-mvc'), '/orders/12', true],
    [r('/docs/**', 'spring-mvc'), '/docs/a/b', true],
    [r('/docs/*', 'spring-mvc'), '/docs/a/b', false],
    [r('/healthz/', 'django'), '/healthz', true],
    [r('/Health', 'spring-mvc'), '/health', true],
    [r('/admin', 'django', { prefix: true }), '/admin/login', true],
    [r('/admin', 'django', { prefix: true }), '/administrator', false],
    [r('^api/v(?P<v>[0-9]+)/ping$', 'django', { regex: true }), '/api/v2/ping', true],
    [r('/a(b', 'django', { regex: true }), '/anything', true],
    [r('/:id(\\d+)', 'express'), '/anything', true],
    [r('/ready', 'express', { method: 'POST' }), '/ready', false],
    [r('/', 'express', { method: '*', prefix: true }), '/anything/at/all', true],
  ])('%j serves %s: %s', (route, path, expected) => expect(routeServes(route, path)).toBe(expected));
  it('underPath is segment-wise', () => {
    expect(underPath('/actuator/health/liveness', '/actuator/health')).toBe(true);
    expect(underPath('/actuator/healthz', '/actuator/health')).toBe(false);
  });
});

describe('serviceNameOf', () => {
  const ns = new Set(['shop', 'default']);
  it.each([
    ['api', { name: 'api', clusterForm: false }],
    ['api.shop', { name: 'api', namespace: 'shop', clusterForm: false }],
    ['api.shop.svc', { name: 'api', namespace: 'shop', clusterForm: true }],
    ['api.shop.svc.cluster.local', { name: 'api', namespace: 'shop', clusterForm: true }],
    ['api.example', undefined],
    ['api.example.com', undefined],
    ['10.0.0.1', undefined],
    ['localhost', undefined],
    ['unix:/run/app.sock', undefined],
  ])('%s', (host, expected) => expect(serviceNameOf(host, ns)).toEqual(expected));
});

describe('readBuildConfig', () => {
  const file = (path: string, text: string) => ({ path, kind: 'manifest', text, root: { type: 'manifest', file: path, name: path, span: { start: 0, end: text.length }, text } }) as unknown as ParsedFile<'manifest'>;
  it('reads compose build contexts (string and map forms, anchors) relative to the compose file', () => {
    const text = `x-build: &build\n  context: ../services/api\n  dockerfile: docker/Dockerfile\nservices:\n  api:\n    build: *build\n    image: ghcr.io/acme/api:dev\n  web:\n    build: ../services/web\n  db:\n    image: postgres:16\n  remote:\n    build: https://github.com/acme/tool.git\n  env:\n    build: \${CTX}\n`;
    const c = readBuildConfig([file('dev/docker-compose.yml', text)]);
    expect(c.builds.map((b) => [b.name, b.context, b.dockerfile, b.image])).toEqual([
      ['api', 'services/api', 'services/api/docker/Dockerfile', 'ghcr.io/acme/api:dev'],
      ['web', 'services/web', 'services/web/Dockerfile', undefined],
    ]);
    expect(c.composeServices.map((s) => s.name)).toEqual(['api', 'web', 'db', 'remote', 'env']);
    const api = c.builds[0]!;
    expect(text.slice(api.span.start, api.span.end)).toBe('*build');
  });
  it('reads skaffold artifacts, profiles and multi-document configs; skips non-Docker builders', () => {
    const text = `apiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/api\n      context: services/api\n    - image: ghcr.io/acme/jobs\n      jib: {}\nprofiles:\n  - name: prod\n    build:\n      artifacts:\n        - image: ghcr.io/acme/web\n          context: services/web\n          docker:\n            dockerfile: Dockerfile.prod\n---\napiVersion: skaffold/v4beta6\nkind: Config\nbuild:\n  artifacts:\n    - image: ghcr.io/acme/worker\n`;
    const c = readBuildConfig([file('skaffold.yaml', text)]);
    expect(c.builds.map((b) => [b.image, b.dockerfile])).toEqual([
      ['ghcr.io/acme/api', 'services/api/Dockerfile'],
      ['ghcr.io/acme/web', 'services/web/Dockerfile.prod'],
      ['ghcr.io/acme/worker', 'Dockerfile'],
    ]);
  });
  it('does not throw on broken YAML or alias bombs', () => {
    const bomb = `a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\nservices:\n  s: *c\n  t:\n    build: [unclosed\n`;
    expect(() => readBuildConfig([file('compose.yaml', bomb), file('skaffold.yaml', ': : :\n\t- {')])).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import type { Route } from '../../../src/parsers/app/types.js';
import { expressVersion, lowestMajor, packageFor } from '../../../src/parsers/js/frameworks.js';
import { jsApps } from '../../../src/parsers/js/model.js';
import { modelOf } from './helpers.js';

const routes = (rs: Route[]) => rs.map((r) => `${r.method} ${r.path}${r.prefix ? ' (prefix)' : ''}`);

describe('lowestMajor', () => {
  it.each([
    ['^4.19.2', 4],
    ['~5.0.0', 5],
    ['4.x', 4],
    ['5', 5],
    ['>=4 <6', 4],
    ['4 || 5', 4],
    ['5.1.0 || ^4.21', 4],
    ['>4', 5],
    ['>4.1.0', 4],
    ['npm:express@^5.1.0', 5],
    ['v4.18.0', 4],
  ])('%s → %s', (range, major) => expect(lowestMajor(range)).toBe(major));
  it.each(['*', 'latest', 'next', 'workspace:*', 'file:../express', 'git+https://github.com/expressjs/express.git', 'github:expressjs/express', ''])('%s → unknown', (range) =>
    expect(lowestMajor(range)).toBeUndefined(),
  );
});

describe('packageFor', () => {
  it('walks up past a package.json without a framework, and reads through the host', async () => {
    const model = await modelOf(
      {
        'services/api/packages/web/package.json': JSON.stringify({ name: 'web', dependencies: { lodash: '^4' } }),
        'services/api/packages/web/src/a.js': 'x;\n',
        'other/b.js': 'y;\n',
      },
      { 'services/api/package.json': JSON.stringify({ dependencies: { express: '5.0.1' } }) },
    );
    const pkg = packageFor(model, 'services/api/packages/web/src/a.js');
    expect(pkg?.path).toBe('services/api/package.json');
    expect(expressVersion(pkg)).toEqual({ major: 5, source: 'express "5.0.1"' });
    expect(packageFor(model, 'other/b.js')).toBeUndefined();
    expect(expressVersion(undefined)).toBeUndefined();
  });
  it('a broken package.json is skipped', async () => {
    const model = await modelOf({ 'package.json': '{ "dependencies": ', 'a.js': 'x;\n' });
    expect(packageFor(model, 'a.js')).toBeUndefined();
  });
});

describe('jsApps', () => {
  it('Express: routers in other modules, nested mounts, route chains, static, listen port', async () => {
    const model = await modelOf({
      'api/package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
      'api/src/server.js': `const express = require('express');
const http = require('http');
const v1 = require('./routes/v1').default;
const app = express();
app.use(express.json());
app.use('/assets', express.static('public'));
app.get('/healthz', (req, res) => res.send('ok'));
app.use('/api/v1', v1);
app.route('/books').get(list).post(create);
app.all('/legacy/*', (req, res) => res.sendStatus(410));
const server = http.createServer(app);
server.listen(Number(process.env.PORT) || 8080);
function list() {}
function create() {}
`,
      'api/src/routes/v1.js': `import { Router } from 'express';
import orders from './orders.js';
const router = Router();
router.use('/orders', orders);
router.get('/status', (req, res) => res.json({ ok: true }));
export default router;
`,
      'api/src/routes/orders.js': `const express = require('express');
const router = express.Router();
router.get('/', (req, res) => res.json([]));
router.delete('/:id', (req, res) => res.status(204).end());
module.exports = router;
`,
    });
    const [app] = jsApps(model);
    expect(app?.dir).toBe('api');
    expect(app?.framework).toBe('express');
    expect(app?.frameworkVersion).toBe(4);
    expect(routes(app!.routes)).toEqual([
      '* /assets (prefix)',
      'GET /healthz',
      'GET /api/v1/orders',
      'DELETE /api/v1/orders/:id',
      'GET /api/v1/status',
      'GET /books',
      'POST /books',
      '* /legacy/*',
    ]);
    expect(app?.routesComplete).toBe(true);
    expect(app?.listenPort?.port).toBe(8080);
    expect(app?.listenPort?.where.file).toBe('api/src/server.js');
    const healthz = app!.routes.find((r) => r.path === '/healthz')!;
    expect(healthz.where.file).toBe('api/src/server.js');
    expect(model.file('api/src/server.js')!.text.slice(healthz.where.span.start, healthz.where.span.end)).toBe("(req, res) => res.send('ok')");
  });

  it('Express: routes registered by a function the app is passed to, and a const port', async () => {
    const model = await modelOf({
      'package.json': JSON.stringify({ dependencies: { express: '^4' } }),
      'index.ts': `import express from 'express';
import registerRoutes from './routes';
const PORT = process.env.PORT ?? '3000';
const app = express();
registerRoutes(app);
app.listen(PORT, () => console.log('up'));
`,
      'routes.ts': `import type { Express } from 'express';
export default function registerRoutes(app: Express) {
  app.get('/users/:id', (req, res) => { res.json({}); });
}
`,
    });
    const [app] = jsApps(model);
    expect(routes(app!.routes)).toEqual(['GET /users/:id']);
    expect(app?.routesComplete).toBe(true);
    expect(app?.listenPort?.port).toBe(3000);
  });

  it('dynamic registration makes routes incomplete', async () => {
    const cases = [
      `const app = require('express')();\nfor (const r of table) app[r.method](r.path, r.handler);\n`,
      `const app = require('express')();\napp.get(BASE + '/x', h);\n`,
      `const app = require('express')();\nfs.readdirSync('./routes').forEach((f) => app.use(require('./routes/' + f)));\n`,
      `const app = require('express')();\nconst extra = require('./missing');\napp.use('/x', extra);\n`,
      `const router = require('express').Router();\nrouter.get('/orphan', h);\nmodule.exports = router;\n`,
    ];
    for (const code of cases) {
      const model = await modelOf({ 'package.json': JSON.stringify({ dependencies: { express: '^4' } }), 'app.js': code });
      expect(jsApps(model)[0]?.routesComplete, code).toBe(false);
    }
  });

  it('Koa with @koa/router prefixes', async () => {
    const model = await modelOf({
      'package.json': JSON.stringify({ dependencies: { koa: '^2.15.0', '@koa/router': '^12' } }),
      'app.js': `const Koa = require('koa');
const Router = require('@koa/router');
const app = new Koa();
const api = new Router({ prefix: '/api' });
const users = new Router();
users.get('user', '/users/:id', (ctx) => { ctx.body = {}; });
api.use(users.routes());
api.post('/login', (ctx) => {});
app.use(api.routes()).use(api.allowedMethods());
app.listen(4000);
`,
    });
    const [app] = jsApps(model);
    expect(app?.framework).toBe('koa');
    expect(routes(app!.routes)).toEqual(['GET /api/users/:id', 'POST /api/login']);
    expect(app?.listenPort?.port).toBe(4000);
  });

  it('Fastify: shorthand, route(), plugins with prefix in other modules, listen({ port })', async () => {
    const model = await modelOf({
      'package.json': JSON.stringify({ dependencies: { fastify: '^4.28.0' } }),
      'server.mjs': `import Fastify from 'fastify';
import users from './users.mjs';
const fastify = Fastify({ logger: true });
fastify.get('/health', async () => ({ ok: true }));
fastify.route({ method: ['GET', 'HEAD'], url: '/items', handler: async () => [] });
fastify.register(users, { prefix: '/v1' });
await fastify.listen({ port: 3001, host: '0.0.0.0' });
`,
      'users.mjs': `export default async function users(app, opts) {
  app.get('/users', { schema: {} }, async () => []);
  app.post('/users', async (request, reply) => reply.code(201).send({}));
}
`,
    });
    const [app] = jsApps(model);
    expect(app?.framework).toBe('fastify');
    expect(routes(app!.routes)).toEqual(['GET /health', 'GET /items', 'HEAD /items', 'GET /v1/users', 'POST /v1/users']);
    expect(app?.routesComplete).toBe(true);
    expect(app?.listenPort?.port).toBe(3001);
  });

  it('NestJS controllers with a global prefix', async () => {
    const model = await modelOf({
      'package.json': JSON.stringify({ dependencies: { '@nestjs/core': '^10', '@nestjs/common': '^10' } }),
      'src/main.ts': `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
bootstrap();
`,
      'src/orders.controller.ts': `import { Controller, Get, Post, Param } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get()
  list() { return []; }
  @Get(':id')
  one(@Param('id') id: string) { return id; }
  @Post()
  create() {}
}
`,
    });
    const [app] = jsApps(model);
    expect(app?.framework).toBe('nestjs');
    expect(routes(app!.routes)).toEqual(['GET /api/orders', 'GET /api/orders/:id', 'POST /api/orders']);
    expect(app?.listenPort?.port).toBe(3000);
  });

  it('one app per package directory; Express 5 version', async () => {
    const model = await modelOf({
      'a/package.json': JSON.stringify({ dependencies: { express: '^5.0.0' } }),
      'a/index.js': "const app = require('express')();\napp.get('/a', h);\napp.listen(1);\n",
      'b/package.json': JSON.stringify({ dependencies: { express: '~4.21.0' } }),
      'b/index.js': "const app = require('express')();\napp.get('/b', h);\n",
      'lib/util.js': 'module.exports = () => 1;\n',
    });
    const apps = jsApps(model);
    expect(apps.map((a) => [a.dir, a.frameworkVersion, routes(a.routes)])).toEqual([
      ['a', 5, ['GET /a']],
      ['b', 4, ['GET /b']],
    ]);
    expect(jsApps(model)).toBe(apps);
  });
});

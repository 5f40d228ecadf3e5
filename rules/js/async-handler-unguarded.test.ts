import { RuleTester } from '../../src/testing/index.js';
import rule from './async-handler-unguarded.js';

const express4 = JSON.stringify({ name: 'api', dependencies: { express: '^4.19.2' } });
const express5 = JSON.stringify({ name: 'api', dependencies: { express: '^5.1.0' } });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'awaits inside try/catch that forwards to next',
      files: { 'package.json': express4 },
      code: `const express = require('express');
const app = express();
app.get('/orders', async (req, res, next) => {
  try {
    const orders = await db.orders.find({ user: req.user.id });
    res.json(orders);
  } catch (err) {
    next(err);
  }
});
`,
    },
    {
      name: 'Express 5 forwards rejections itself',
      files: { 'package.json': express5 },
      code: `const express = require('express');
const app = express();
app.get('/orders', async (req, res) => {
  res.json(await db.orders.find());
});
`,
    },
    {
      name: 'express-async-errors imported in another module of the app',
      files: {
        'package.json': express4,
        'src/server.js': `require('express-async-errors');\nconst express = require('express');\nconst app = express();\napp.use('/orders', require('./orders'));\napp.listen(3000);\n`,
      },
      filename: 'src/orders.js',
      code: `const router = require('express').Router();
router.get('/', async (req, res) => {
  res.json(await db.orders.find());
});
module.exports = router;
`,
    },
    {
      name: 'wrapped by express-async-handler',
      files: { 'package.json': express4 },
      code: `import express from 'express';
import asyncHandler from 'express-async-handler';
const router = express.Router();
router.post('/orders', asyncHandler(async (req, res) => {
  const order = await orders.create(req.body);
  res.status(201).json(order);
}));
export default router;
`,
    },
    {
      name: 'a local wrapper of the same shape',
      files: { 'package.json': express4 },
      code: `const express = require('express');
const app = express();
const wrap = (fn) => (req, res, next) => Promise.resolve(fn(req, res, next)).catch(next);
app.get('/users/:id', wrap(async (req, res) => {
  res.json(await users.get(req.params.id));
}));
`,
    },
    {
      name: 'a local wrapper with try/catch, imported from another module',
      files: {
        'package.json': express4,
        'lib/async.js': `module.exports = function catchAsync(fn) {\n  return async function (req, res, next) {\n    try {\n      await fn(req, res, next);\n    } catch (e) {\n      next(e);\n    }\n  };\n};\n`,
      },
      code: `const express = require('express');
const catchAsync = require('./lib/async');
const app = express();
app.get('/users', catchAsync(async (req, res) => res.json(await users.all())));
`,
    },
    {
      name: 'Koa middleware: rejections propagate to Koa',
      files: { 'package.json': JSON.stringify({ dependencies: { koa: '^2.15.0', '@koa/router': '^12.0.0' } }) },
      code: `const Koa = require('koa');
const Router = require('@koa/router');
const app = new Koa();
const router = new Router();
router.get('/orders', async (ctx) => {
  ctx.body = await db.orders.find();
});
app.use(router.routes());
`,
    },
    {
      name: 'Fastify awaits its handlers',
      files: { 'package.json': JSON.stringify({ dependencies: { fastify: '^4.28.0' } }) },
      code: `const fastify = require('fastify')();
fastify.get('/orders', async (request, reply) => {
  return await db.orders.find();
});
`,
    },
    {
      name: 'await of a promise that handles its own rejection',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
app.get('/report', async (req, res, next) => {
  const rows = await db.report().catch(next);
  if (rows) res.json(rows);
});
`,
    },
    {
      name: 'synchronous handler, async handler without await, app.get(setting)',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
app.get('/ping', (req, res) => res.send('pong'));
app.get('/later', async (req, res) => { res.send('ok'); });
const env = app.get('env');
`,
    },
    {
      name: 'express-promise-router handles rejections',
      files: { 'package.json': express4 },
      code: `const Router = require('express-promise-router');
const router = Router();
router.get('/orders', async (req, res) => {
  res.json(await db.orders.find());
});
module.exports = router;
`,
    },
    {
      name: 'TypeScript generics with try/catch',
      files: { 'package.json': express4 },
      filename: 'src/app.ts',
      code: `import express, { type Request, type Response, type NextFunction } from 'express';
const app = express();
app.get<{ id: string }>('/users/:id', async (req: Request<{ id: string }>, res: Response, next: NextFunction): Promise<void> => {
  try {
    res.json(await users.get<User>(req.params.id));
  } catch (err: unknown) {
    next(err);
  }
});
`,
    },
    {
      name: 'promise chain with a catch',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
app.get('/orders', (req, res, next) => db.orders.find().then((o) => res.json(o)).catch(next));
`,
    },
  ],
  invalid: [
    {
      name: 'arrow handler awaiting outside try/catch',
      files: { 'package.json': express4 },
      code: `const express = require('express');
const app = express();
app.get('/orders', async (req, res) => {
  const orders = await db.orders.find();
  res.json(orders);
});
`,
      errors: [
        {
          messageId: 'asyncUnguarded',
          line: 3,
          column: 20,
          endLine: 3,
          endColumn: 39,
          data: { what: 'handler for GET /orders', version: '4', source: 'express "^4.19.2"' },
          related: [{ file: 'app.js', line: 4, column: 18 }],
        },
      ],
    },
    {
      name: 'named function expression handler on a router, ESM, mounted from another module',
      files: {
        'package.json': express4,
        'server.mjs': `import express from 'express';\nimport orders from './routes/orders.mjs';\nconst app = express();\napp.use('/api/orders', orders);\napp.listen(3000);\n`,
      },
      filename: 'routes/orders.mjs',
      code: `import { Router } from 'express';
const router = Router();
router.post('/', async function createOrder(req, res) {
  const order = await Order.create(req.body);
  res.status(201).json(order);
});
export default router;
`,
      errors: [{ messageId: 'asyncUnguarded', line: 3, column: 18, endLine: 3, endColumn: 54, data: { what: 'handler for POST /api/orders', version: '4', source: 'express "^4.19.2"' } }],
    },
    {
      name: 'TypeScript generics, arrow with typed parameters and return type',
      files: { 'package.json': express4 },
      filename: 'src/app.ts',
      code: `import express, { Request, Response } from 'express';
const app = express();
app.get<{ id: string }>('/users/:id', async (req: Request<{ id: string }>, res: Response): Promise<void> => {
  const user = await users.get<User>(req.params.id);
  res.json(user);
});
`,
      errors: [{ messageId: 'asyncUnguarded', line: 3, column: 39, endLine: 3, endColumn: 108 }],
    },
    {
      name: 'handler defined in a controller module, registered on a router mounted elsewhere',
      files: {
        'package.json': express4,
        'src/server.js': `const express = require('express');\nconst app = express();\napp.use('/api/orders', require('./routes/orders'));\napp.listen(process.env.PORT || 3000);\n`,
        'src/controllers/orders.js': `exports.list = async (req, res) => {\n  res.json(await Order.find());\n};\n\nexports.show = async function show(req, res) {\n  try {\n    res.json(await Order.findById(req.params.id));\n  } catch (e) {\n    res.status(404).end();\n  }\n};\n`,
      },
      filename: 'src/routes/orders.js',
      code: `const express = require('express');
const { list, show } = require('../controllers/orders');
const router = express.Router();
router.get('/', list);
router.get('/:id', show);
module.exports = router;
`,
      errors: [{ messageId: 'asyncUnguarded', file: 'src/controllers/orders.js', line: 1, column: 16, endLine: 1, endColumn: 35, related: [{ file: 'src/controllers/orders.js', line: 2 }] }],
    },
    {
      name: 'two handlers; a catch that rethrows guards nothing',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
app.post('/login', async (req, res) => {
  try {
    const session = await auth.login(req.body);
    res.json(session);
  } catch (err) {
    log.warn(err);
    throw err;
  }
});
app.delete('/sessions/:id', async (req, res) => {
  try {
    await audit.record(req);
  } catch (err) {
    log.warn(err);
  }
  await sessions.remove(req.params.id);
  res.status(204).end();
});
`,
      errors: [
        { messageId: 'asyncUnguarded', line: 2, column: 20, endLine: 2, endColumn: 39 },
        { messageId: 'asyncUnguarded', line: 11, column: 29, endLine: 11, endColumn: 48, related: [{ file: 'app.js', line: 17 }] },
      ],
    },
    {
      name: 'version not readable from package.json: treated as Express 4',
      files: { 'package.json': JSON.stringify({ dependencies: { express: 'latest' } }) },
      code: `const app = require('express')();
app.put('/cart', async (req, res) => res.json(await cart.save(req.body)));
`,
      errors: [{ messageId: 'asyncUnguarded', line: 2, column: 18, endLine: 2, endColumn: 37, data: { what: 'handler for PUT /cart', version: '4', source: 'express "latest" (version unknown)' } }],
    },
    {
      name: 'no package.json at all: Express assumed 4; middleware and handler arrays',
      code: `const express = require('express');
const app = express();
app.use(async (req, res, next) => {
  req.user = await sessions.lookup(req.get('authorization'));
  next();
});
app.get('/me', [requireUser, async (req, res) => res.json(await profiles.get(req.user.id))]);
`,
      errors: [
        { messageId: 'asyncUnguarded', line: 3, column: 9, endLine: 3, endColumn: 34, data: { what: 'middleware', version: '4', source: 'Express assumed 4: no package.json declares it' } },
        { messageId: 'asyncUnguarded', line: 7, column: 30, endLine: 7, endColumn: 49 },
      ],
    },
    {
      name: 'a local wrapper that does not catch',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
function wrap(fn) {
  return (req, res, next) => fn(req, res, next);
}
app.get('/stock', wrap(async (req, res) => {
  res.json(await stock.levels());
}));
`,
      errors: [{ messageId: 'wrapperUnguarded', line: 5, column: 24, endLine: 5, endColumn: 43, data: { what: 'handler for GET /stock', wrapper: 'wrap', version: '4', source: 'express "^4.19.2"' } }],
    },
    {
      name: 'a returned promise chain without catch',
      files: { 'package.json': express4 },
      code: `const app = require('express')();
app.get('/orders', function (req, res) {
  return db.orders.find().then((orders) => res.json(orders));
});
`,
      errors: [{ messageId: 'promiseUnguarded', line: 2, column: 20, endLine: 2, endColumn: 39, data: { what: 'Handler for GET /orders', version: '4', source: 'express "^4.19.2"' } }],
    },
    {
      name: 'a router handed in as a parameter, in an Express 4 package',
      files: { 'package.json': express4 },
      filename: 'src/routes/health.ts',
      code: `import type { Router } from 'express';
export default function register(router: Router): void {
  router.get('/healthz/deep', async (_req, res) => {
    await db.ping();
    res.send('ok');
  });
}
`,
      errors: [{ messageId: 'asyncUnguarded', line: 3, column: 31, endLine: 3, endColumn: 51 }],
    },
    {
      name: 'for await outside try/catch; app.route() chain; TSX file',
      files: { 'package.json': express4 },
      filename: 'src/export.tsx',
      code: `import express from 'express';
const app = express();
app.route('/export').get(async (req, res) => {
  for await (const row of db.stream()) res.write(<Row value={row} />);
  res.end();
});
`,
      errors: [{ messageId: 'asyncUnguarded', line: 3, column: 26, endLine: 3, endColumn: 45 }],
    },
  ],
});

import { RuleTester } from '../../src/testing/index.js';
import rule from './error-middleware-missing.js';

const express4 = JSON.stringify({ name: 'api', dependencies: { express: '^4.19.2' } });

new RuleTester().run(rule, {
  valid: [
    {
      name: 'error middleware registered after the routes',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const express = require('express');
const app = express();
app.get('/orders', (req, res) => res.json([]));
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: 'internal error' });
});
app.listen(3000);
`,
    },
    {
      name: 'error middleware imported from another module, after a mounted router',
      files: {
        'package.json': express4,
        'src/middleware/errors.js': `module.exports = function onError(err, req, res, next) {\n  req.log.error(err);\n  res.status(500).json({ error: 'internal error' });\n};\n`,
        'src/routes/orders.js': `const router = require('express').Router();\nrouter.get('/', (req, res) => res.json([]));\nmodule.exports = router;\n`,
      },
      filename: 'src/server.js',
      code: `const express = require('express');
const orders = require('./routes/orders');
const onError = require('./middleware/errors');
const app = express();
app.use('/orders', orders);
app.use(onError);
`,
    },
    {
      name: 'an error handler from a package (judged by its name)',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `import express from 'express';
import * as Sentry from '@sentry/node';
const app = express();
app.get('/', (req, res) => res.send('ok'));
app.use(Sentry.Handlers.errorHandler());
`,
    },
    {
      name: 'Sentry.setupExpressErrorHandler(app)',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const Sentry = require('@sentry/node');
const app = require('express')();
app.post('/checkout', (req, res) => res.sendStatus(202));
Sentry.setupExpressErrorHandler(app);
`,
    },
    {
      name: 'an app without routes (a library setting middleware) and Koa/Fastify apps',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const express = require('express');
const app = express();
app.use(express.json());
module.exports = app;
`,
    },
    {
      name: 'Koa app is not Express',
      files: { 'package.json': JSON.stringify({ dependencies: { koa: '^2.15.0', '@koa/router': '^12.0.0' } }) },
      filename: 'app.js',
      code: `const Koa = require('koa');
const Router = require('@koa/router');
const app = new Koa();
const router = new Router();
router.get('/', (ctx) => { ctx.body = 'ok'; });
app.use(router.routes());
`,
    },
    {
      name: 'TypeScript error middleware with typed parameters',
      files: { 'package.json': express4 },
      filename: 'src/app.ts',
      code: `import express, { type ErrorRequestHandler } from 'express';
const app = express();
app.get<{ id: string }>('/users/:id', (req, res) => { res.json({ id: req.params.id }); });
const handleError: ErrorRequestHandler = (err: Error, _req, res, _next) => { res.status(500).json({ error: 'internal' }); };
app.use(handleError);
`,
    },
  ],
  invalid: [
    {
      name: 'no error middleware at all',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const express = require('express');
const app = express();
app.use(express.json());
app.get('/healthz', (req, res) => res.send('ok'));
app.post('/orders', createOrder);
app.listen(process.env.PORT || 3000);
`,
      errors: [{ messageId: 'missing', line: 2, column: 13, endLine: 2, endColumn: 22, data: { routes: 2 } }],
    },
    {
      name: 'routes only in routers mounted from other modules (ESM + TypeScript)',
      files: {
        'package.json': express4,
        'src/routes/users.ts': `import { Router } from 'express';\nconst users = Router();\nusers.get('/', (_req, res) => { res.json([]); });\nusers.get('/:id', (req, res) => { res.json({ id: req.params.id }); });\nexport default users;\n`,
      },
      filename: 'src/main.ts',
      code: `import express from 'express';
import users from './routes/users.js';

export const app = express();
app.use('/users', users);
`,
      errors: [{ messageId: 'missing', file: 'src/main.ts', line: 4, column: 20, endLine: 4, endColumn: 29, data: { routes: 2 } }],
    },
    {
      // Minimised from docker/awesome-compose react-express-mysql/backend/src: the app is created in
      // server.js and started from index.js, which is linted first.
      name: 'app created in one module and started in another',
      files: {
        'package.json': JSON.stringify({ name: 'backend', main: 'src/index.js', dependencies: { express: '^4.17.1' } }),
        'src/index.js': `const app = require("./server");\nconst server = app.listen(3000, () => console.log("ready"));\n`,
      },
      filename: 'src/server.js',
      code: `const express = require("express");
const app = express();
app.get("/", (req, res) => res.json({}));
app.get("/healthz", (req, res) => res.send("ok"));
module.exports = app;
`,
      errors: [{ messageId: 'missing', line: 2, column: 13, endLine: 2, endColumn: 22, data: { routes: 2 } }],
    },
    {
      name: 'error middleware registered before the routes',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const app = require('express')();
app.use(function (err, req, res, next) {
  res.status(500).send('Something broke');
});
app.get('/', (req, res) => res.send('home'));
app.get('/about', (req, res) => res.send('about'));
`,
      errors: [
        {
          messageId: 'beforeRoutes',
          line: 2,
          column: 9,
          endLine: 4,
          endColumn: 2,
          data: { line: 6 },
          related: [{ file: 'app.js', line: 6 }],
        },
      ],
    },
    {
      name: 'app assigned to module.exports in the same statement',
      files: { 'package.json': express4 },
      filename: 'index.js',
      code: `var express = require('express');
var app = module.exports = express();
app.get('/', function (req, res) { res.send('hello'); });
if (!module.parent) app.listen(3000);
`,
      errors: [{ messageId: 'missing', file: 'index.js', line: 2, column: 28, endLine: 2, endColumn: 37, data: { routes: 1 } }],
    },
    {
      name: 'two apps in one package, both without error middleware',
      files: { 'package.json': express4 },
      filename: 'app.js',
      code: `const express = require('express');
const api = express();
api.get('/v1/items', (req, res) => res.json([]));
const admin = express();
admin.get('/metrics', (req, res) => res.send(''));
api.listen(8080);
admin.listen(9090);
`,
      errors: [
        { messageId: 'missing', line: 2, column: 13, endLine: 2, endColumn: 22, data: { routes: 1 } },
        { messageId: 'missing', line: 4, column: 15, endLine: 4, endColumn: 24, data: { routes: 1 } },
      ],
    },
  ],
});

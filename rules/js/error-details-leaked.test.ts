import { RuleTester } from '../../src/testing/index.js';
import rule from './error-details-leaked.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'generic body, error logged server-side',
      code: `app.use((err, req, res, next) => {
  req.log.error(err);
  res.status(500).json({ error: 'internal error', requestId: req.id });
});
`,
    },
    {
      name: 'message shown only for 4xx',
      code: `router.post('/orders', async (req, res) => {
  try {
    res.status(201).json(await orders.create(req.body));
  } catch (err) {
    res.status(400).json({ error: err.message });
  }
});
`,
    },
    {
      name: 'error code and name are not internals',
      code: `app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ code: err.code, name: err.name });
});
`,
    },
    {
      name: 'stack only in development',
      code: `app.use((err, req, res, next) => {
  res.status(500).json({
    error: 'internal error',
    stack: process.env.NODE_ENV === 'development' ? err.stack : undefined,
  });
});
`,
    },
    {
      name: 'a message that is not from an error',
      code: `app.get('/fail', (req, res) => {
  const message = 'Service temporarily unavailable';
  res.status(503).json({ message });
});
`,
    },
    {
      name: 'Koa: ctx.throw keeps 5xx messages private',
      code: `app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.status || 500;
    ctx.body = { error: 'internal error' };
    ctx.app.emit('error', err, ctx);
  }
});
`,
    },
    {
      name: 'Fastify: an error sent with its own (client) status is not a 5xx leak',
      files: { 'package.json': JSON.stringify({ dependencies: { fastify: '^4.28.0' } }) },
      code: `const fastify = require('fastify')();
fastify.post('/items', async (request, reply) => {
  try {
    return await items.create(request.body);
  } catch (err) {
    reply.code(err.statusCode).send(err);
  }
});
`,
    },
  ],
  invalid: [
    {
      name: 'the textbook case in an error middleware',
      code: `app.use((err, req, res, next) => {
  res.status(500).json({ error: err.message });
});
`,
      errors: [{ messageId: 'property', line: 2, column: 33, endLine: 2, endColumn: 44, data: { expr: 'err.message', status: '500' } }],
    },
    {
      name: 'message and stack: two findings; status from err.status || 500',
      code: `function onError(err, req, res, next) {
  res.status(err.status || 500).send({
    message: err.message,
    stack: err.stack,
  });
}
`,
      errors: [
        { messageId: 'property', line: 3, column: 14, endLine: 3, endColumn: 25, data: { expr: 'err.message', status: 'err.status || 500' } },
        { messageId: 'property', line: 4, column: 12, endLine: 4, endColumn: 21, data: { expr: 'err.stack', status: 'err.status || 500' } },
      ],
    },
    {
      name: 'the whole error object in a catch block, status set on the line before',
      filename: 'src/routes/orders.ts',
      code: `router.get('/:id', async (req: Request<{ id: string }>, res: Response) => {
  try {
    res.json(await orders.get<Order>(req.params.id));
  } catch (e: unknown) {
    res.statusCode = 503;
    res.send(e);
  }
});
`,
      errors: [{ messageId: 'errorObject', line: 6, column: 14, endLine: 6, endColumn: 15, data: { expr: 'e', status: '503' } }],
    },
    {
      name: 'promise .catch callback, message copied into a variable',
      code: `app.get('/report', (req, res) => {
  reports.build(req.query).then((r) => res.json(r)).catch((error) => {
    const detail = error.message;
    res.status(500).json({ detail });
  });
});
`,
      errors: [{ messageId: 'property', line: 4, column: 28, endLine: 4, endColumn: 34, data: { expr: 'detail', status: '500' } }],
    },
    {
      name: 'Koa error middleware: ctx.body after ctx.status',
      code: `app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    ctx.status = err.statusCode || err.status || 500;
    ctx.body = { message: err.message };
  }
});
`,
      errors: [{ messageId: 'property', line: 6, column: 27, endLine: 6, endColumn: 38 }],
    },
    {
      name: 'Fastify: reply.code(500) and a sent Error',
      files: { 'package.json': JSON.stringify({ dependencies: { fastify: '^4.28.0' } }) },
      code: `const fastify = require('fastify')();
fastify.get('/items', async (request, reply) => {
  try {
    return await items.list();
  } catch (err) {
    if (err.code === 'ECONNREFUSED') return reply.code(503).send({ error: \`db down: \${err.toString()}\` });
    reply.send(err);
  }
});
`,
      errors: [
        { messageId: 'property', line: 6, column: 87, endLine: 6, endColumn: 101, data: { expr: 'err.toString()', status: '503' } },
        { messageId: 'errorObject', line: 7, column: 16, endLine: 7, endColumn: 19, data: { expr: 'err', status: '500' } },
      ],
    },
  ],
});

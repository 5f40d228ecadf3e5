import { RuleTester } from '../../src/testing/index.js';
import rule from './json-parse-unguarded.js';

new RuleTester().run(rule, {
  valid: [
    {
      name: 'inside try/catch answering 400',
      code: `app.get('/orders', (req, res) => {
  let filter;
  try {
    filter = JSON.parse(req.query.filter);
  } catch {
    return res.status(400).json({ error: 'filter is not JSON' });
  }
  res.json(orders.find(filter));
});
`,
    },
    {
      name: 'inside an array callback within try',
      code: `app.post('/batch', (req, res) => {
  try {
    const items = req.body.items.map((s) => JSON.parse(s));
    res.json(items);
  } catch (e) {
    res.status(400).end();
  }
});
`,
    },
    {
      name: 'data that does not come from the request',
      code: `const config = JSON.parse(fs.readFileSync('config.json', 'utf8'));
app.get('/config', (req, res) => res.json(JSON.parse(cache.get('config'))));
`,
    },
    {
      name: 'a helper that takes a request is not a handler',
      code: `function parseFilter(req) {
  return JSON.parse(req.query.filter);
}
`,
    },
    {
      name: 'Koa ctx.body is the response, not client input',
      code: `router.get('/x', (ctx) => {
  ctx.body = JSON.stringify({ ok: true });
  const copy = JSON.parse(ctx.body);
});
`,
    },
    {
      name: 'req.get() inside try/catch',
      code: `app.get('/x', (req, res) => {
  try {
    res.json(JSON.parse(req.get('x-payload')));
  } catch (err) {
    res.status(400).send('bad payload');
  }
});
`,
    },
  ],
  invalid: [
    {
      name: 'query string parameter',
      code: `app.get('/orders', async (req, res) => {
  const filter = JSON.parse(req.query.filter);
  res.json(await orders.find(filter));
});
`,
      errors: [{ messageId: 'unguarded', line: 2, column: 18, endLine: 2, endColumn: 46, data: { source: 'req.query.filter' } }],
    },
    {
      name: 'headers and a destructured body field: two findings',
      code: `router.post('/events', function (request, response) {
  const meta = JSON.parse(request.headers['x-event-meta']);
  const { payload } = request.body;
  const data = JSON.parse(payload);
  response.status(202).json({ meta, data });
});
`,
      errors: [
        { messageId: 'unguarded', line: 2, column: 16, endLine: 2, endColumn: 59, data: { source: "request.headers['x-event-meta']" } },
        { messageId: 'unguarded', line: 4, column: 16, endLine: 4, endColumn: 35, data: { source: 'payload' } },
      ],
    },
    {
      name: 'Koa ctx.request.body and ctx.get()',
      code: `router.post('/hooks', async (ctx) => {
  const body = JSON.parse(ctx.request.body.raw);
  const sig = JSON.parse(Buffer.from(ctx.get('x-signature'), 'base64').toString());
  ctx.body = await hooks.handle(body, sig);
});
`,
      errors: [
        { messageId: 'unguarded', line: 2, column: 16, endLine: 2, endColumn: 48 },
        { messageId: 'unguarded', line: 3, column: 15, endLine: 3, endColumn: 83 },
      ],
    },
    {
      name: 'TypeScript handler with generics, a catch that rethrows',
      filename: 'src/routes/search.ts',
      code: `router.get('/search', (req: Request<{}, unknown, unknown, { q?: string }>, res: Response) => {
  try {
    const q = JSON.parse(req.query.q as string) as Query<Doc>;
    res.json(search<Doc>(q));
  } catch (err) {
    throw err;
  }
});
`,
      errors: [{ messageId: 'unguarded', line: 3, column: 15, endLine: 3, endColumn: 48, data: { source: 'req.query.q as string' } }],
    },
    {
      name: 'handler imported by a router in another module, with an unusual parameter name',
      files: {
        'package.json': JSON.stringify({ dependencies: { express: '^5.1.0' } }),
        'src/routes.js': `const { Router } = require('express');\nconst { list } = require('./controller');\nconst router = Router();\nrouter.get('/items', list);\nmodule.exports = router;\n`,
      },
      filename: 'src/controller.js',
      code: `exports.list = (incoming, outgoing) => {
  const sort = JSON.parse(incoming.query.sort || '{}');
  outgoing.json(items.sorted(sort));
};
`,
      errors: [{ messageId: 'unguarded', line: 2, column: 16, endLine: 2, endColumn: 55 }],
    },
    {
      name: 'NestJS @Query() parameter',
      filename: 'src/orders.controller.ts',
      code: `import { Controller, Get, Query } from '@nestjs/common';
@Controller('orders')
export class OrdersController {
  @Get()
  find(@Query('filter') filter: string) {
    return this.orders.find(JSON.parse(filter));
  }
}
`,
      errors: [{ messageId: 'unguarded', line: 6, column: 29, endLine: 6, endColumn: 47 }],
    },
  ],
});

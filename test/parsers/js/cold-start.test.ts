/**
 * A run over plain JavaScript must not load ts-morph or the TypeScript compiler: both are CommonJS,
 * so once loaded (even through `import()`) they sit in the CommonJS module cache.
 */
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { AnyRule, SourceFile } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { classify } from '../../../src/project/classify.js';
import asyncHandler from '../../../rules/js/async-handler-unguarded.js';
import errorDetails from '../../../rules/js/error-details-leaked.js';
import errorMiddleware from '../../../rules/js/error-middleware-missing.js';
import jsonParse from '../../../rules/js/json-parse-unguarded.js';

const require = createRequire(import.meta.url);
const heavy = () => Object.keys(require.cache).filter((p) => /[\\/]node_modules[\\/](ts-morph|typescript|@ts-morph)[\\/]/.test(p));

it('linting a JavaScript-only tree loads neither ts-morph nor typescript', async () => {
  expect(heavy(), 'loaded before the run (by the test setup)').toEqual([]);
  const texts: Record<string, string> = {
    'package.json': JSON.stringify({ dependencies: { express: '^4.19.2' } }),
    'src/server.js': "const express = require('express');\nconst app = express();\napp.use('/orders', require('./orders'));\napp.listen(3000);\n",
    'src/orders.js':
      "const router = require('express').Router();\nrouter.get('/', async (req, res) => {\n  const f = JSON.parse(req.query.filter);\n  try { res.json(await db.find(f)); } catch (err) { res.status(500).json({ error: err.message }); }\n});\nmodule.exports = router;\n",
  };
  const files: SourceFile[] = Object.entries(texts).map(([path, text]) => ({ path, text, kind: classify(path, text)! }));
  const rules: AnyRule[] = [asyncHandler, errorDetails, errorMiddleware, jsonParse];
  const config = new ConfigResolver({ extends: 'all' }, new Map(rules.map((r) => [r.meta.id, r])));
  const results = await lint({ files, rules, config, parsers: loadParser, host: new MemoryHost(texts) });
  const ids = results.flatMap((r) => r.messages.map((m) => m.ruleId)).sort();
  expect(ids).toEqual(['js/error-details-leaked', 'js/error-middleware-missing', 'js/json-parse-unguarded']);
  expect(heavy()).toEqual([]);

  // The check can fail: loading ts-morph puts it (and typescript) in the cache.
  await import('ts-morph');
  expect(heavy().length).toBeGreaterThan(0);
});

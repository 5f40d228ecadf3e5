import { expect, it } from 'vitest';
import { runCase } from '../../../src/testing/rule-tester.js';
import javaRecursion from '../../../rules/java/unconditional-recursion.js';
import pyRecursion from '../../../rules/python/unconditional-recursion.js';

it('honours lint500 directives in # comments', async () => {
  const code = 'def f(n):\n    # lint500-disable-next-line python/unconditional-recursion -- demo\n    return f(n)\n';
  expect((await runCase(pyRecursion, { code })).messages).toEqual([]);
});

it('honours lint500 directives in // and /* */ comments', async () => {
  const line = 'class A {\n  int f(int n) {\n    return f(n); // lint500-disable-line java/unconditional-recursion -- demo\n  }\n}\n';
  expect((await runCase(javaRecursion, { code: line })).messages).toEqual([]);
  const block = 'class A {\n  int f(int n) {\n    /* lint500-disable-next-line java/unconditional-recursion -- demo */\n    return f(n);\n  }\n}\n';
  expect((await runCase(javaRecursion, { code: block })).messages).toEqual([]);
  const none = 'class A {\n  int f(int n) {\n    return f(n);\n  }\n}\n';
  expect((await runCase(javaRecursion, { code: none })).messages).toHaveLength(1);
});

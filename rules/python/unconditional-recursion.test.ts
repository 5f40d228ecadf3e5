import { RuleTester } from '../../src/testing/index.js';
import rule from './unconditional-recursion.js';

new RuleTester().run(rule, {
  valid: [
    'def factorial(n):\n    if n <= 1:\n        return 1\n    return n * factorial(n - 1)\n',
    'from django.views import View\n\nclass OrderView(View):\n    def get(self, request, *args, **kwargs):\n        return super().get(request, *args, **kwargs)\n',
    'def walk(node):\n    return walk(node.left) if node.left else node\n',
    'def visit(node, seen):\n    seen.add(node)\n    for child in node.children:\n        visit(child, seen)\n',
    'def flatten(items):\n    return [flatten(i) for i in items if isinstance(i, list)]\n',
    'def ok(x):\n    return x and ok(x[1:])\n',
    'def later():\n    callback = lambda: later()\n    return callback\n',
    'def outer():\n    def outer():\n        return 1\n    return outer()\n',
    // A generator builds a new generator; nothing runs until it is iterated.
    'def walk(tree):\n    yield tree\n    yield from walk(tree.child)\n',
    // Without await, an async function only creates a coroutine.
    'async def poll(client):\n    return poll(client)\n',
    'def reverse(name, *args):\n    from django.urls import reverse\n    return reverse(name, args=args)\n',
    'class Api:\n    def get(self, request):\n        return get(request)\n',
    'class Model:\n    @property\n    def name(self):\n        return self._name\n\n    @name.setter\n    def name(self, value):\n        self.name(value)\n',
    'def retry(fn):\n    try:\n        return fn()\n    except ConnectionError:\n        return retry(fn)\n',
    'def wait(q):\n    while q.empty():\n        wait(q)\n    return q.get()\n',
    'def loop(x):\n    while True:\n        if x.done:\n            break\n        loop(x)\n',
    'def pick(x):\n    match x:\n        case 1:\n            return pick(x)\n        case _:\n            return 0\n',
    'class A:\n    def save(self):\n        return self.other.save()\n',
  ],
  invalid: [
    {
      name: 'Django class-based view calling itself inside try',
      filename: 'shop/views.py',
      code: [
        'from django.http import Http404',
        'from django.views import View',
        '',
        'class OrderDetail(View):',
        '    def get(self, request, pk):',
        '        try:',
        '            return self.get(request, pk)',
        '        except Order.DoesNotExist:',
        '            raise Http404("no such order")',
        '',
      ].join('\n'),
      errors: [{ messageId: 'recursion', line: 7, column: 20, endLine: 7, endColumn: 41, data: { name: 'get' } }],
    },
    {
      name: 'two recursive functions',
      code: 'def total(items):\n    return total(items) + 1\n\ndef log(msg):\n    print(msg)\n    log(msg)\n',
      errors: [
        { messageId: 'recursion', line: 2, column: 12, endLine: 2, endColumn: 24 },
        { messageId: 'recursion', line: 6, column: 5, endLine: 6, endColumn: 13 },
      ],
    },
    {
      code: 'class Client:\n    async def fetch(self, url):\n        async with self.session() as s:\n            return await self.fetch(url)\n',
      errors: [{ messageId: 'recursion', line: 4, column: 26, endLine: 4, endColumn: 41 }],
    },
    {
      name: 'an if without else that does not leave falls through to the call',
      code: 'def handle(req):\n    if req.debug:\n        print(req)\n    elif req.trace:\n        trace(req)\n    return handle(req)\n',
      errors: [{ messageId: 'recursion', line: 6, column: 12, endLine: 6, endColumn: 23 }],
    },
    {
      code: 'def run(job):\n    if job.urgent:\n        return run(job)\n    else:\n        return run(job.next)\n',
      errors: [{ messageId: 'recursion', line: 3, column: 16, endLine: 3, endColumn: 24 }],
    },
    {
      code: 'class Repo:\n    @classmethod\n    def create(cls, **kw):\n        obj = cls.create(**kw)\n        return obj\n\n    @staticmethod\n    def make():\n        return Repo.make()\n',
      errors: [
        { messageId: 'recursion', line: 4, column: 15, endLine: 4, endColumn: 31 },
        { messageId: 'recursion', line: 9, column: 16, endLine: 9, endColumn: 27 },
      ],
    },
    {
      name: 'finally runs on every path',
      code: 'def close(conn):\n    try:\n        conn.flush()\n    finally:\n        close(conn)\n',
      errors: [{ messageId: 'recursion', line: 5, column: 9, endLine: 5, endColumn: 20 }],
    },
    {
      name: 'while True body',
      code: 'def pump(q):\n    while True:\n        pump(q)\n',
      errors: [{ messageId: 'recursion', line: 3, column: 9, endLine: 3, endColumn: 16 }],
    },
    {
      name: 'call in an if condition',
      code: 'def ready(svc):\n    if ready(svc):\n        return True\n    return False\n',
      errors: [{ messageId: 'recursion', line: 2, column: 8, endLine: 2, endColumn: 18 }],
    },
  ],
});

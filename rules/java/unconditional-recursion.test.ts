import { RuleTester } from '../../src/testing/index.js';
import rule from './unconditional-recursion.js';

new RuleTester().run(rule, {
  valid: [
    'class M {\n  int fact(int n) {\n    if (n <= 1) return 1;\n    return n * fact(n - 1);\n  }\n}\n',
    // An overload with the same arity may be the one called.
    'class Svc {\n  Order find(long id) { return find(Long.valueOf(id)); }\n  Order find(Long id) { return repo.findById(id); }\n}\n',
    'class C extends Base {\n  @Override public String name() { return super.name(); }\n}\n',
    'class C {\n  int size() { return items.size(); }\n  Runnable r() { return () -> r(); }\n}\n',
    'class C {\n  void drain(Queue<Job> q) {\n    while (!q.isEmpty()) drain(q);\n  }\n}\n',
    'class C {\n  int pick(int x) { return x > 0 ? pick(x - 1) : 0; }\n  boolean ok(boolean a) { return a && ok(!a); }\n}\n',
    'class C {\n  String retry() {\n    try {\n      return call();\n    } catch (IOException e) {\n      return retry();\n    }\n  }\n}\n',
    'class C {\n  void log(String... parts) { log(parts); }\n}\n',
    'class C {\n  void visit(Node n) {\n    for (Node c : n.children()) visit(c);\n  }\n}\n',
    'interface Repo {\n  Order find(long id);\n  default Order get(long id) { return find(id); }\n}\n',
  ],
  invalid: [
    {
      name: 'Spring controller method calling itself inside try',
      filename: 'src/main/java/com/shop/OrderController.java',
      code: [
        '@RestController',
        '@RequestMapping("/orders")',
        'public class OrderController {',
        '  @GetMapping("/{id}")',
        '  public Order get(@PathVariable long id) {',
        '    try {',
        '      return this.get(id);',
        '    } catch (NotFoundException e) {',
        '      throw new ResponseStatusException(HttpStatus.NOT_FOUND);',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'recursion', line: 7, column: 14, endLine: 7, endColumn: 26, data: { name: 'get' } }],
    },
    {
      name: 'two methods, one static called through the class name',
      code: 'class Util {\n  static int depth(Node n) {\n    int d = Util.depth(n) + 1;\n    return d;\n  }\n  void close() {\n    if (open) {\n      flush();\n    }\n    close();\n  }\n}\n',
      errors: [
        { messageId: 'recursion', line: 3, column: 13, endLine: 3, endColumn: 26 },
        { messageId: 'recursion', line: 10, column: 5, endLine: 10, endColumn: 12 },
      ],
    },
    {
      code: 'class C {\n  String name(Locale l) {\n    synchronized (this) {\n      if (l == null) {\n        return name(Locale.ROOT);\n      } else {\n        return name(l);\n      }\n    }\n  }\n}\n',
      errors: [{ messageId: 'recursion', line: 5, column: 16, endLine: 5, endColumn: 33 }],
    },
    {
      name: 'do-while and finally',
      code: 'class C {\n  void pump() {\n    do {\n      pump();\n    } while (running);\n  }\n  void stop() {\n    try {\n      flush();\n    } finally {\n      stop();\n    }\n  }\n}\n',
      errors: [
        { messageId: 'recursion', line: 4, column: 7, endLine: 4, endColumn: 13 },
        { messageId: 'recursion', line: 11, column: 7, endLine: 11, endColumn: 13 },
      ],
    },
  ],
});

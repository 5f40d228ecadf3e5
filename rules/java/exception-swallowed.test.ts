import { RuleTester } from '../../src/testing/index.js';
import rule from './exception-swallowed.js';

new RuleTester().run(rule, {
  valid: [
    '@Service\nclass OrderService {\n  void save(Order o) {\n    try {\n      repo.save(o);\n    } catch (DataAccessException e) {\n      log.error("save failed", e);\n      throw e;\n    }\n  }\n}\n',
    // Deliberately ignored, and named so.
    '@Service\nclass OrderService {\n  void close() {\n    try {\n      conn.close();\n    } catch (SQLException ignored) {\n      // closing is best effort\n    }\n  }\n}\n',
    // Not a controller or service.
    'class Parser {\n  int parse(String s) {\n    try {\n      return Integer.parseInt(s);\n    } catch (NumberFormatException e) {}\n    return 0;\n  }\n}\n',
  ],
  invalid: [
    {
      name: 'empty catch with only a comment in a controller',
      filename: 'src/main/java/com/shop/OrderController.java',
      code: [
        '@RestController',
        'public class OrderController {',
        '  @PostMapping("/orders")',
        '  public Order create(@RequestBody Order o) {',
        '    try {',
        '      mailer.confirm(o);',
        '    } catch (MailException e) {',
        '      // TODO',
        '    }',
        '    return o;',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'empty', line: 7, column: 7, endLine: 7, endColumn: 30, data: { type: 'MailException', cls: 'OrderController' } }],
    },
    {
      name: 'service by name, multi-catch and try-with-resources',
      code: [
        'public class PaymentService {',
        '  void pay() {',
        '    try (var c = pool.get()) {',
        '      c.charge();',
        '    } catch (IOException | IllegalStateException ex) { }',
        '    try { audit(); } catch (Exception e) {/* ignore */}',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'empty', line: 5, column: 7, endLine: 5, endColumn: 53 },
        { messageId: 'empty', line: 6, column: 22, endLine: 6, endColumn: 41 },
      ],
    },
  ],
});

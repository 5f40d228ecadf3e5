import { RuleTester } from '../../src/testing/index.js';
import rule from './exception-message-leaked.js';

new RuleTester().run(rule, {
  valid: [
    // 4xx with the validation message is meant for the client.
    '@RestControllerAdvice\nclass Errors {\n  @ExceptionHandler(IllegalArgumentException.class)\n  ResponseEntity<String> bad(IllegalArgumentException e) {\n    return ResponseEntity.badRequest().body(e.getMessage());\n  }\n}\n',
    '@RestControllerAdvice\nclass Errors {\n  @ExceptionHandler(Exception.class)\n  ResponseEntity<ApiError> all(Exception e) {\n    log.error("unhandled", e);\n    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError("internal error", e.getClass().getSimpleName()));\n  }\n}\n',
    // Not a handler method.
    'class Util {\n  ResponseEntity<String> wrap(Exception e) {\n    return ResponseEntity.status(500).body(e.getMessage());\n  }\n}\n',
    '@RestController\nclass C {\n  @GetMapping("/x")\n  ResponseEntity<String> x() {\n    try {\n      return ResponseEntity.ok(svc.run());\n    } catch (TimeoutException e) {\n      return ResponseEntity.status(503).header("Retry-After", "5").body("busy, retry later");\n    }\n  }\n}\n',
  ],
  invalid: [
    {
      name: 'catch in a handler, message in a 500 body',
      filename: 'src/main/java/com/shop/OrderController.java',
      code: [
        '@RestController',
        '@RequestMapping("/orders")',
        'public class OrderController {',
        '  @PostMapping',
        '  public ResponseEntity<?> create(@RequestBody Order order) {',
        '    try {',
        '      return ResponseEntity.ok(service.place(order));',
        '    } catch (RuntimeException ex) {',
        '      return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(ex.getMessage());',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'leaked', line: 9, column: 75, endLine: 9, endColumn: 90, data: { expr: 'ex.getMessage()', method: 'create' } }],
    },
    {
      name: 'exception handler: DTO built from a tainted local, and new ResponseEntity with the stack trace',
      code: [
        '@ControllerAdvice',
        'class ApiErrors {',
        '  @ExceptionHandler(Exception.class)',
        '  ResponseEntity<ErrorDto> all(Exception e) {',
        '    String detail = e.getCause().getMessage();',
        '    return ResponseEntity.internalServerError().body(new ErrorDto("failed", detail));',
        '  }',
        '  @ExceptionHandler(DataAccessException.class)',
        '  ResponseEntity<String> db(DataAccessException e) {',
        '    return new ResponseEntity<>(ExceptionUtils.getStackTrace(e), HttpStatus.SERVICE_UNAVAILABLE);',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [
        { messageId: 'leaked', line: 6, column: 77, endLine: 6, endColumn: 83 },
        { messageId: 'leaked', line: 10, column: 33, endLine: 10, endColumn: 64 },
      ],
    },
    {
      name: '@ResponseStatus(INTERNAL_SERVER_ERROR) handler returning a map with the exception',
      code: '@RestControllerAdvice\nclass Errors {\n  @ExceptionHandler\n  @ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)\n  Map<String, Object> failed(Throwable t) {\n    return Map.of("error", "internal", "cause", t);\n  }\n}\n',
      errors: [{ messageId: 'leaked', line: 6, column: 49, endLine: 6, endColumn: 50 }],
    },
  ],
});

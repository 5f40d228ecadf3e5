import { RuleTester } from '../../src/testing/index.js';
import rule from './exception-handler-missing.js';

const controller = (name: string, path: string) => `package com.shop;

import org.springframework.web.bind.annotation.*;

@RestController
@RequestMapping("${path}")
public class ${name} {
  @GetMapping
  public List<String> list() { return List.of(); }
}
`;

new RuleTester().run(rule, {
  valid: [
    {
      filename: 'src/main/java/com/shop/OrderController.java',
      code: controller('OrderController', '/orders'),
      files: { 'src/main/java/com/shop/ApiErrors.java': '@RestControllerAdvice\nclass ApiErrors {\n  @ExceptionHandler(Exception.class)\n  ResponseEntity<String> all(Exception e) { return ResponseEntity.status(500).body("internal error"); }\n}\n' },
    },
    {
      name: 'a local @ExceptionHandler counts',
      filename: 'src/main/java/com/shop/OrderController.java',
      code: 'package com.shop;\n\n@Controller\nclass OrderController {\n  @GetMapping("/orders")\n  String list() { return "orders"; }\n  @ExceptionHandler\n  String failed(RuntimeException e) { return "error"; }\n}\n',
    },
    // A @Controller without mappings is not serving requests itself.
    { filename: 'src/main/java/com/shop/Home.java', code: '@Controller\nclass Home {\n  String helper() { return "x"; }\n}\n' },
    {
      name: 'custom ErrorController',
      filename: 'src/main/java/com/shop/OrderController.java',
      code: controller('OrderController', '/orders'),
      files: { 'src/main/java/com/shop/Errors.java': '@Controller\nclass Errors implements ErrorController {\n  @RequestMapping("/error")\n  String error() { return "error"; }\n}\n' },
    },
  ],
  invalid: [
    {
      filename: 'src/main/java/com/shop/OrderController.java',
      code: controller('OrderController', '/orders'),
      errors: [{ messageId: 'missing', line: 5, column: 1, endLine: 5, endColumn: 16, data: { name: 'OrderController', count: 1 } }],
    },
    {
      name: 'two modules, each with controllers and no advice',
      filename: 'orders/src/main/java/com/shop/OrderController.java',
      code: controller('OrderController', '/orders'),
      files: {
        'orders/pom.xml': '<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>\n',
        'billing/build.gradle.kts': 'dependencies {\n  implementation("org.springframework.boot:spring-boot-starter-web")\n}\n',
        'billing/src/main/java/com/shop/InvoiceController.java': controller('InvoiceController', '/invoices'),
        'billing/src/main/java/com/shop/RefundController.java': '@org.springframework.stereotype.Controller\nclass RefundController {\n  @PostMapping("/refunds") String refund() { return "ok"; }\n}\n',
      },
      errors: [
        { messageId: 'missing', file: 'billing/src/main/java/com/shop/InvoiceController.java', line: 5, column: 1, endLine: 5, endColumn: 16, data: { name: 'InvoiceController', count: 2 }, related: [{ file: 'billing/src/main/java/com/shop/RefundController.java', line: 1 }] },
        { messageId: 'missing', file: 'orders/src/main/java/com/shop/OrderController.java', line: 5, column: 1, endLine: 5, endColumn: 16 },
      ],
    },
  ],
});

import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import { defineRule, type ProjectModel } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { javaApps, type JavaAppInfo } from '../../../src/parsers/java/apps.js';
import { gradleFacts, pomFacts } from '../../../src/parsers/java/manifest.js';
import { classify } from '../../../src/project/classify.js';

async function appsOf(files: Record<string, string>, hostOnly: Record<string, string> = {}): Promise<JavaAppInfo[]> {
  let seen: JavaAppInfo[] = [];
  const probe = defineRule({
    meta: { id: 'java/probe', kind: 'project', severity: 'info', recommended: false, status: 'stable', since: '0.1.0', description: 'x', causes: [], remediation: 'x', messages: { m: 'x' } },
    create: () => ({
      project(model: ProjectModel) {
        seen = javaApps(model);
        expect(javaApps(model)).toBe(seen);
      },
    }),
  });
  await lint({
    files: Object.entries(files).map(([path, text]) => ({ path, text, kind: classify(path, text)! })),
    rules: [probe],
    config: new ConfigResolver({ extends: 'all', rules: { 'java/probe': 'info' } }, new Map([['java/probe', probe]])),
    parsers: loadParser,
    host: new MemoryHost({ ...files, ...hostOnly }),
  });
  return seen;
}

const POM = `<project>
  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.2.4</version></parent>
  <dependencies>
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency>
    <!-- <dependency><artifactId>spring-boot-starter-webflux</artifactId></dependency> -->
    <dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-actuator</artifactId></dependency>
  </dependencies>
</project>
`;

describe('javaApps', () => {
  it('joins class-level @RequestMapping prefixes with method mappings and resolves constants', async () => {
    const [app] = await appsOf({
      'orders/pom.xml': POM,
      'orders/src/main/java/com/shop/Paths.java': 'package com.shop;\npublic interface Paths {\n  String API = "/api";\n}\n',
      'orders/src/main/java/com/shop/OrderController.java': [
        'package com.shop;',
        '@RestController',
        '@RequestMapping({Paths.API + "/orders", "/orders"})',
        'public class OrderController {',
        '  private static final String ONE = "/{id}";',
        '  @GetMapping public List<Order> list() { return List.of(); }',
        '  @GetMapping(ONE) public Order get(@PathVariable long id) { return null; }',
        '  @RequestMapping(path = "/{id}", method = {RequestMethod.PUT, RequestMethod.PATCH}) public void put() {}',
        '  @DeleteMapping(value = "{id}") public void del() {}',
        '}',
      ].join('\n'),
      'orders/src/main/java/com/shop/Health.java': '@Controller\nclass Health {\n  @RequestMapping("/healthz") String ok() { return "ok"; }\n}\n',
    });
    expect(app!.dir).toBe('orders');
    expect(app!.framework).toBe('spring-mvc');
    expect(app!.frameworkVersion).toBe(3);
    expect(app!.actuator).toBe(true);
    expect(app!.routesComplete).toBe(true);
    expect(app!.routes.map((r) => `${r.method} ${r.path}`)).toEqual([
      '* /healthz',
      'GET /api/orders',
      'GET /orders',
      'GET /api/orders/{id}',
      'GET /orders/{id}',
      'PUT /api/orders/{id}',
      'PUT /orders/{id}',
      'PATCH /api/orders/{id}',
      'PATCH /orders/{id}',
      'DELETE /api/orders/{id}',
      'DELETE /orders/{id}',
    ]);
    expect(app!.controllers.map((c) => c.name)).toEqual(['Health', 'OrderController']);
  });

  it('merges a parent pom read through the host, and marks unresolved paths incomplete', async () => {
    const [app] = await appsOf(
      {
        'svc/api/build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.3.0" }\ndependencies {\n  implementation(libs.spring.boot.starter.webflux)\n}\n',
        'svc/api/src/main/java/A.java': '@RestController\nclass A {\n  @GetMapping(Elsewhere.PATH) Mono<String> a() { return Mono.just("x"); }\n}\n',
      },
      { 'svc/pom.xml': '<project><dependencies><dependency><artifactId>spring-boot-starter-actuator</artifactId></dependency></dependencies></project>' },
    );
    expect(app!.framework).toBe('spring-webflux');
    expect(app!.frameworkVersion).toBe(3);
    expect(app!.actuator).toBe(true);
    expect(app!.manifests).toEqual(['svc/api/build.gradle.kts', 'svc/pom.xml']);
    expect(app!.routesComplete).toBe(false);
  });

  it('reads build files without being fooled by comments', () => {
    expect(pomFacts(POM).artifacts).toEqual(['spring-boot-starter-web', 'spring-boot-starter-actuator', 'spring-boot-starter-parent']);
    expect(gradleFacts("dependencies {\n  // implementation 'org.springframework.boot:spring-boot-starter-actuator'\n  implementation 'org.springframework.boot:spring-boot-starter-web:3.2.0'\n}\n").artifacts).toEqual(['spring-boot-starter-web']);
  });
});

/**
 * Regex safety: every rule gets 1 MB lines built to trigger super-linear regular expressions
 * (long runs that almost match, then fail at the end) in the places of its format that rules read.
 * Each rule's own time is measured by wrapping its visitors, so a slow rule is named; the bound is
 * generous because CI machines are shared, and still far below what a backtracking regex would need.
 */
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../src/core/config/resolve.js';
import { lint } from '../../src/core/engine.js';
import { MemoryHost } from '../../src/core/memory-host.js';
import { ruleKinds, type AnyRule, type FileKind } from '../../src/core/rule.js';
import { loadParser } from '../../src/parsers/index.js';
import { allRules, LONG } from '../fuzz/harness.js';

const N = 1024 * 1024;
const RULE_BOUND_MS = 5000;

/** Fills that make a backtracking regex explode when the text ends in a mismatch. */
const FILLS: Record<string, (n: number) => string> = {
  letters: (n) => 'a'.repeat(n) + '!',
  spaces: (n) => 'a' + ' '.repeat(n) + '!',
  tabs: (n) => '\t'.repeat(n) + 'x',
  assignments: (n) => 'a='.repeat(n >> 1) + '!',
  variables: (n) => '${'.repeat(n >> 1) + '!',
  dotted: (n) => 'a.'.repeat(n >> 1) + '!',
  paths: (n) => 'a/'.repeat(n >> 1) + '!',
  digits: (n) => '1'.repeat(n) + 'x',
  dashes: (n) => '-'.repeat(n) + '!',
  colons: (n) => ':'.repeat(n) + '!',
  slashes: (n) => '/'.repeat(n) + 'x',
  quotes: (n) => '"\''.repeat(n >> 1) + 'x',
};

/** Where a rule of each kind looks, with X for the pathological text (kept on one line). */
const CONTEXTS: Record<FileKind, { path: string; head: string; lines: string[]; tail: string }> = {
  nginx: {
    path: 'nginx.conf',
    head: 'events {}\nhttp {\n  server {\n    listen 80;\n',
    lines: ['    proxy_pass http://X;', '    set $v "X";', '    location ~ X { try_files $uri X; }', '    return 302 X;', '    # lint500-disable-next-line X', '    location /a { fastcgi_pass X; rewrite X X last; }'],
    tail: '  }\n}\n',
  },
  dockerfile: {
    path: 'Dockerfile',
    head: 'FROM node:20 AS build\n',
    lines: ['RUN X', 'FROM X', 'CMD X', 'HEALTHCHECK CMD X', 'ENV A=X', 'COPY --from=X X /app', '# lint500-disable-next-line X', 'RUN apt-get install -y X && pip install X'],
    tail: 'USER node\nCMD ["node", "a.js"]\n',
  },
  k8s: {
    path: 'k8s/deploy.yaml',
    head: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  annotations:\n',
    lines: ['    a: "X"', '    lint500.dev/ignore: X', '    b: X'],
    tail: 'spec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1\n          command: ["sh", "-c", "sleep 1"]\n',
  },
  tomcat: {
    path: 'conf/server.xml',
    head: '<Server port="8005">\n  <Service name="C">\n',
    lines: ['    <Connector port="8080" maxThreads="X" connectionTimeout="X"/>', '    <Resource name="jdbc/x" url="X" maxTotal="X"/>', '    <!-- lint500-disable-next-line X -->', '    <Valve className="X"/>'],
    tail: '  </Service>\n</Server>\n',
  },
  spring: {
    path: 'src/main/resources/application.properties',
    head: 'server.port=8080\n',
    lines: ['server.tomcat.threads.max=X', 'spring.datasource.hikari.maximum-pool-size=X', 'spring.datasource.url=X', 'X=1', '# lint500-disable-next-line X', 'server.error.include-stacktrace=X'],
    tail: '',
  },
  js: {
    path: 'src/server.js',
    head: "const express = require('express');\nconst app = express();\n",
    lines: ["app.get('X', async (req, res) => { res.status(500).json({ error: 'X' }); });", '// lint500-disable-next-line X', 'const s = JSON.parse("X");', '/* X */'],
    tail: 'app.listen(3000);\n',
  },
  python: {
    path: 'app/views.py',
    head: 'from flask import Flask\napp = Flask(__name__)\n',
    lines: ['@app.route("X")', 'def v():\n    return "X", 500', '# lint500-disable-next-line X', 's = """X"""'],
    tail: '',
  },
  java: {
    path: 'src/main/java/com/acme/App.java',
    head: 'package com.acme;\n@RestController\npublic class App {\n',
    lines: ['  @GetMapping("X") public String a() { return "X"; }', '  // lint500-disable-next-line X', '  /* X */', '  String s = "X";'],
    tail: '}\n',
  },
  manifest: {
    path: 'package.json',
    head: '{\n',
    lines: ['  "name": "X",', '  "dependencies": { "express": "X" },', '  "scripts": { "start": "X" },'],
    tail: '  "version": "1.0.0"\n}\n',
  },
};

/** Wraps a rule so that the time spent in its create() and visitors is added to `spent`. */
function timed(rule: AnyRule, spent: Map<string, number>): AnyRule {
  const add = (t0: number) => spent.set(rule.meta.id, (spent.get(rule.meta.id) ?? 0) + performance.now() - t0);
  return {
    meta: rule.meta,
    create(ctx: unknown, options: unknown) {
      const t0 = performance.now();
      const visitors = rule.create(ctx, options) as Record<string, (...a: unknown[]) => unknown>;
      add(t0);
      return Object.fromEntries(
        Object.entries(visitors).map(([k, fn]) => [
          k,
          (...args: unknown[]) => {
            const t1 = performance.now();
            try {
              return fn(...args);
            } finally {
              add(t1);
            }
          },
        ]),
      );
    },
  };
}

/** Files of 1 MB lines: each context gets a fill (all fills in a long run; a rotating one in CI). */
function filesFor(kind: FileKind): { name: string; text: string }[] {
  const c = CONTEXTS[kind];
  const fills = Object.entries(FILLS);
  const out: { name: string; text: string }[] = [];
  const combos = LONG ? fills.flatMap(([f]) => c.lines.map((line) => [f, line] as const)) : c.lines.map((line, i) => [fills[(i + kind.length) % fills.length]![0], line] as const);
  // Four 1 MB lines per file keep each file under the 5 MB size limit.
  for (let i = 0; i < combos.length; i += 4) {
    const chunk = combos.slice(i, i + 4);
    const body = chunk.map(([f, line]) => line.replace(/X/g, () => FILLS[f]!(Math.floor(N / (line.match(/X/g)!.length)))));
    out.push({ name: chunk.map(([f, l]) => `${f} in ${l.trim().slice(0, 30)}`).join('; '), text: `${c.head}${body.join('\n')}\n${c.tail}` });
  }
  // A second pass with the fills that hurt the most common patterns (`\s+$`, `\/+$`), on every context.
  if (!LONG)
    for (const f of ['spaces', 'slashes'])
      out.push({ name: `${f} everywhere`, text: `${c.head}${c.lines.map((line) => line.replace(/X/g, () => FILLS[f]!(N >> 3))).join('\n')}\n${c.tail}` });
  return out;
}

describe('regex safety: patterns written in the linted files', () => {
  it('an nginx location regex that backtracks exponentially is not run against URIs from the config', async () => {
    const text = `events {}\nhttp {\n  server {\n    listen 80;\n    location ~ ^/(a+)+$ { return 200; }\n    location ~* ^/(\\w|\\d)*$ { return 200; }\n    location /x { try_files $uri /${'a'.repeat(40)}!; error_page 404 /${'a'.repeat(40)}!; }\n  }\n}\n`;
    const rules = await allRules();
    const config = new ConfigResolver({ extends: 'all' }, new Map(rules.map((r) => [r.meta.id, r])));
    const t0 = performance.now();
    const results = await lint({ files: [{ path: 'nginx.conf', text, kind: 'nginx' }], rules, config, parsers: loadParser, host: new MemoryHost({}) });
    expect(performance.now() - t0).toBeLessThan(RULE_BOUND_MS);
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'internal-error')).toEqual([]);
  });

  it('route prefixes and probe paths made of 256K slashes are handled in linear time (JS, Flask, Django, Spring)', { timeout: 60_000 }, async () => {
    const sl = '/'.repeat(256 * 1024) + 'x';
    const probe = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: w}\nspec:\n  template:\n    spec:\n      containers:\n        - name: w\n          image: w:1\n          readinessProbe:\n            httpGet: {path: "${sl}", port: 80}\n`;
    const cases: [string, FileKind, string][] = [
      ['src/server.js', 'js', `const express = require('express');\nconst app = express();\nconst r = express.Router();\nr.get('${sl}', async (req, res) => { res.json(1); });\napp.use('${sl}', r);\napp.listen(3000);\n`],
      ['app/urls.py', 'python', `from django.urls import path, re_path, include\nurlpatterns = [path('${sl}', include('x.urls')), re_path(r'^(a+)+$', v)]\n`],
      ['app/app.py', 'python', `from flask import Flask, Blueprint\napp = Flask(__name__)\nbp = Blueprint('b', __name__, url_prefix='${sl}')\n@bp.route('${sl}')\ndef v():\n    return 'x'\napp.register_blueprint(bp, url_prefix='${sl}')\n`],
      ['src/main/java/A.java', 'java', `@RestController\n@RequestMapping("${sl}")\npublic class A {\n  @GetMapping("${sl}") public String a() { return "x"; }\n}\n`],
    ];
    const rules = await allRules();
    const config = new ConfigResolver({ extends: 'all' }, new Map(rules.map((r) => [r.meta.id, r])));
    for (const [path, kind, text] of cases) {
      const t0 = performance.now();
      const results = await lint({ files: [{ path, text, kind }, { path: 'k8s/d.yaml', text: probe, kind: 'k8s' }], rules, config, parsers: loadParser, host: new MemoryHost({}) });
      expect(performance.now() - t0, path).toBeLessThan(RULE_BOUND_MS);
      expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === 'internal-error').map((m) => m.message.slice(0, 200)), path).toEqual([]);
    }
  });

  it('mayBacktrack flags nested quantifiers and quantified alternations, and lets ordinary location patterns run', async () => {
    const { mayBacktrack } = await import('../../src/core/safe-regex.js');
    for (const p of ['^/(a+)+$', '(a|ab)*c', '^/([a-z]+/)*index$', '(?:x*){2,}', '((a)*)*']) expect(mayBacktrack(p), p).toBe(true);
    for (const p of ['\\.(jpg|jpeg|png)$', '^/(foo|bar)/(.*)$', '^/api/v[0-9]+/', '(/.*)?$', '[(]+x', '\\(a+\\)+', '^/(?<name>[^/]+)/?$']) expect(mayBacktrack(p), p).toBe(false);
  });
});

describe('regex safety: 1 MB pathological lines', () => {
  it.each(Object.keys(CONTEXTS).map((k) => [k as FileKind]))('every %s rule stays within the bound', { timeout: LONG ? 600_000 : 120_000 }, async (kind) => {
    const all = await allRules();
    const spent = new Map<string, number>();
    const rules = all.map((r) => timed(r, spent));
    const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'warn' }, new Map(rules.map((r) => [r.meta.id, r])));
    const mine = all.filter((r) => ruleKinds(r.meta).includes(kind)).map((r) => r.meta.id);
    const slow: string[] = [];
    for (const f of filesFor(kind)) {
      spent.clear();
      const t0 = performance.now();
      const results = await lint({ files: [{ path: CONTEXTS[kind].path, text: f.text, kind }], rules, config, parsers: loadParser, host: new MemoryHost({}) });
      const total = performance.now() - t0;
      const messages = results.flatMap((r) => r.messages);
      expect(messages.filter((m) => m.ruleId === 'internal-error' || m.ruleId === 'file-too-large').map((m) => m.message.slice(0, 300)), f.name).toEqual([]);
      for (const [id, ms] of spent) if (ms > RULE_BOUND_MS) slow.push(`${id}: ${Math.round(ms)} ms on ${f.name}`);
      if (total > 4 * RULE_BOUND_MS) slow.push(`parse + all rules: ${Math.round(total)} ms on ${f.name}`);
    }
    expect(slow).toEqual([]);
    // Every rule of the kind really ran on these files.
    for (const id of mine) if (!ruleKinds(all.find((r) => r.meta.id === id)!.meta).includes('project')) expect(spent.has(id), id).toBe(true);
  });
});

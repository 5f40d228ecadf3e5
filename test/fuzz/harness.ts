/**
 * Shared machinery of the fuzz suites: seeds (the real-world sets of test/corpus.ts, the demo project, hand-written
 * samples), per-format token vocabularies, mutations, and the checks every run must pass (no throw,
 * a time bound, diagnostic ranges inside the file, the same output twice).
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import fc from 'fast-check';
import { ConfigResolver } from '../../src/core/config/resolve.js';
import type { FileResult } from '../../src/core/diagnostics.js';
import { lint } from '../../src/core/engine.js';
import { MemoryHost } from '../../src/core/memory-host.js';
import type { AnyRule, FileKind, ParserModule, Settings } from '../../src/core/rule.js';
import { loadParser } from '../../src/parsers/index.js';
import { classify } from '../../src/project/classify.js';
import { loadRules } from '../../rules/index.js';
import { GROWING } from '../../scripts/hostile-inputs.mjs';
import { HAS_SHARED_CORPUS, REAL_WORLD, ROOT, SHARED_CORPUS, walkFiles } from '../corpus.js';

/** Cases per property: small in CI, large in `npm run fuzz`. */
export const RUNS = Math.max(1, Number(process.env['LINT500_FUZZ_RUNS'] ?? '') || 40);
/** A long session (`npm run fuzz`) gets time enough; CI keeps the default test timeout. */
export const LONG = RUNS > 500;
export const PROPERTY_TIMEOUT = LONG ? 6 * 60 * 60 * 1000 : 60_000;
/** Wall-clock bound for one parse / one lint of one input. Generous: CI machines are shared. */
export const PARSE_BOUND_MS = 3000;
export const LINT_BOUND_MS = 6000;
/** A fixed seed in CI so a failure reproduces; a long run explores. */
export const SEED = process.env['LINT500_FUZZ_SEED'] ? Number(process.env['LINT500_FUZZ_SEED']) : LONG ? Date.now() : 5005;

export { ROOT };

export const DEFAULT_NAMES: Record<FileKind, string> = {
  nginx: 'nginx.conf',
  dockerfile: 'Dockerfile',
  k8s: 'deploy.yaml',
  tomcat: 'conf/server.xml',
  spring: 'src/main/resources/application.properties',
  js: 'src/app.js',
  python: 'app/views.py',
  java: 'src/main/java/com/acme/App.java',
  manifest: 'package.json',
};

export interface Seed {
  path: string;
  text: string;
  kind: FileKind;
}

/** Hand-written samples for kinds the corpus does not cover, each with the awkward corners of its format. */
export const SAMPLES: Seed[] = [
  {
    kind: 'js',
    path: 'src/server.js',
    text: `const express = require('express');\nconst app = express();\napp.get('/orders/:id', async (req, res) => {\n  const o = await db.find(req.params.id);\n  res.json(JSON.parse(o.body));\n});\napp.use((err, req, res, next) => { res.status(500).send(err.stack); });\nconst t = \`tmpl \${a + \`nested \${b}\`}\`;\nconst re = /a[/]b\\/c/gi;\nexport default app;\n`,
  },
  {
    kind: 'js',
    path: 'src/routes/users.ts',
    text: `import { Router, type Request } from 'express';\nexport const r = Router();\nr.post('/u', async (req: Request<{ id: string }>, res) => {\n  try { res.send(await save<Map<string, number[]>>(req.body)); } catch (e: unknown) { res.status(500).json({ error: (e as Error).message }); }\n});\nclass A<T extends object = {}> { #p?: T; static { } }\n`,
  },
  {
    kind: 'python',
    path: 'app/views.py',
    text: `from flask import Flask, jsonify, request\napp = Flask(__name__)\n\n@app.route("/items/<int:id>", methods=["GET"])\ndef item(id):\n    try:\n        return jsonify(db.get(id))\n    except Exception as e:\n        return str(e), 500\n\nasync def f(x: int) -> "list[int]":\n    return [y async for y in g(x) if y]\n\ns = f"""{x!r:>{w}} \\\n"""\nclass C:\n\tdef m(self): pass\n`,
  },
  {
    kind: 'java',
    path: 'src/main/java/com/acme/App.java',
    text: `package com.acme;\n\nimport org.springframework.web.bind.annotation.*;\n\n@RestController\n@RequestMapping("/api")\npublic class App<T extends Comparable<? super T>> {\n  @GetMapping("/x/{id}")\n  public String get(@PathVariable long id) {\n    try { return repo.find(id).orElseThrow(); } catch (Exception e) { return e.getMessage(); }\n  }\n  // no base case\n  int f(int n) { return f(n - 1); } /* block\n comment */\n  String t = """\n    text block \\"""\n    """;\n  record R(int a) {}\n}\n`,
  },
  {
    kind: 'manifest',
    path: 'package.json',
    text: `{\n  "name": "api",\n  "version": "1.0.0",\n  "scripts": { "start": "node src/server.js" },\n  "dependencies": { "express": "^4.19.2" },\n  "engines": { "node": ">=20" }\n}\n`,
  },
  {
    kind: 'nginx',
    path: 'nginx.conf',
    text: `user nginx;\nevents { worker_connections 1024; }\nhttp {\n  upstream api { server 10.0.0.1:8080 max_fails=3; keepalive 16; }\n  server {\n    listen 80 default_server;\n    location ~* ^/(a|b)\\.php$ { fastcgi_pass unix:/run/php.sock; include fastcgi_params; }\n    location / { proxy_pass http://api; proxy_read_timeout 5s; if ($http_x = "y") { return 502; } }\n    set $v "a \\"quoted\\" {brace}";\n    # comment ; {\n    location = /x { try_files $uri $uri/ =404; }\n  }\n}\n`,
  },
  {
    kind: 'tomcat',
    path: 'conf/server.xml',
    text: `<?xml version="1.0" encoding="UTF-8"?>\n<!-- comment -->\n<Server port="8005" shutdown="SHUTDOWN">\n  <Service name="Catalina">\n    <Connector port="8080" protocol="HTTP/1.1" maxThreads="10" acceptCount="5" connectionTimeout="20000"/>\n    <Engine name="Catalina" defaultHost="localhost">\n      <Host name="localhost" appBase="webapps"><Valve className="org.apache.catalina.valves.ErrorReportValve" showReport="true"/></Host>\n    </Engine>\n  </Service>\n  <![CDATA[ x ]]>\n</Server>\n`,
  },
  {
    kind: 'spring',
    path: 'src/main/resources/application.yml',
    text: `server:\n  tomcat:\n    threads:\n      max: 20\nspring:\n  datasource:\n    hikari:\n      maximum-pool-size: 5\n      connection-timeout: 250ms\n---\nspring.config.activate.on-profile: prod\nbase: &b { a: 1 }\nderived: { <<: *b, c: 2 }\n`,
  },
];

let seedsCache: Seed[] | undefined;

/**
 * Every seed: each file of the real-world sets (the in-repository one, and the large corpus when
 * present; by its kind), the demo project, the samples above and the probe's hostile inputs.
 */
export function allSeeds(): Seed[] {
  if (seedsCache) return seedsCache;
  const seeds: Seed[] = [...SAMPLES];
  const add = (root: string, abs: string) => {
    const path = relative(root, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    const kind = classify(path, text);
    if (kind) seeds.push({ path, text, kind });
  };
  // The in-repository set is a subset of the large corpus (same layout): each path once.
  const sets = HAS_SHARED_CORPUS ? [SHARED_CORPUS] : [REAL_WORLD];
  for (const set of sets) for (const abs of walkFiles(set)) add(set, abs);
  const demo = resolve(ROOT, 'fixtures/projects');
  for (const abs of walkFiles(demo)) add(demo, abs);
  // The outside probe's growing inputs (scripts/hostile-inputs.mjs), small, with their other files.
  for (const g of GROWING)
    for (const [path, text] of Object.entries({ [g.path]: g.make(12), ...(g.others?.(3) ?? {}) })) {
      const kind = classify(path, text);
      if (kind) seeds.push({ path, text, kind });
    }
  seedsCache = seeds;
  return seeds;
}

export function seedsOf(kind: FileKind, maxSize = Infinity): Seed[] {
  return allSeeds().filter((s) => s.kind === kind && s.text.length <= maxSize);
}

// ---------------------------------------------------------------------------------------------
// Tokens: what a file of each format is made of, so random sequences get past the first line.

const COMMON = [' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '"', "'", '\\', '#', '{', '}', '[', ']', '(', ')', ':', ';', ',', '=', '0', '80', '-1', '99999999999999999999', 'x', 'é', '😀', '\uFFFD', '\uD800', '\u0000', '\u2028', '\uFEFF'];

export const TOKENS: Record<FileKind, string[]> = {
  nginx: [...COMMON, 'http', 'server', 'location', 'upstream', 'events', 'include', '*.conf', '../x.conf', '/etc/nginx/mime.types', 'proxy_pass', 'http://api', 'http://$host', 'listen', 'if', '($x ~ "a")', 'return', '502', 'try_files', '$uri', '=404', 'rewrite', '^/(.*)$', 'set', '$v', '${VAR}', '~*', '=', '^~', '@named', 'error_page', 'proxy_read_timeout', '1s', 'map', 'default', 'lua_block', 'content_by_lua_block'],
  dockerfile: [...COMMON, 'FROM', 'node:20', 'AS', 'build', 'RUN', 'apt-get update', '&&', 'apt-get install -y curl', 'CMD', '["node", "a.js"]', 'ENTRYPOINT', 'COPY', '--from=build', '/app', 'USER', 'root', 'HEALTHCHECK', 'NONE', 'ENV', 'A=$B', 'ARG', 'ONBUILD', '<<EOF', 'EOF', '# syntax=docker/dockerfile:1', '# escape=`', '`', 'SHELL', 'WORKDIR', 'EXPOSE', '8080/tcp', 'npm ci', 'pip install'],
  k8s: [...COMMON, 'apiVersion: apps/v1', 'kind: Deployment', 'kind: Service', 'metadata:', 'name: web', 'spec:', 'replicas: 1', 'template:', 'containers:', '- name: app', 'image: nginx', 'livenessProbe:', 'httpGet:', 'port: 8080', 'selector:', 'matchLabels:', 'app: web', '---', '...', '&a', '*a', '<<: *a', '!!str', '!!binary', '|', '>-', '? ', '- ', '%YAML 1.2', '{{ .Values.x }}'],
  tomcat: [...COMMON, '<', '>', '/>', '</', '<?xml version="1.0"?>', '<!DOCTYPE x [', '<!ENTITY a "aaaa">', '&a;', '&lt;', '&#0;', '&#x110000;', '<![CDATA[', ']]>', '<!--', '-->', 'Server', 'Connector', 'port="8080"', 'maxThreads="1"', 'Resource', 'Context', 'xmlns:x="u"', 'x:y', '=', '"', "'", '<?pi ?>', 'Engine', 'Host', 'Valve'],
  spring: [...COMMON, 'server.port=8080', 'server.tomcat.threads.max=', 'spring.datasource.hikari.maximum-pool-size', '=', ':', '!', '\\\n', '\\u0041', '\\u', 'server:', '  tomcat:', '    max-threads: 1', '---', '#---', '${X:1}', 'spring.config.activate.on-profile=prod', '[0]', 'logging.level.root=DEBUG', '- a'],
  js: [...COMMON, 'const', 'let', 'function', 'async', 'await', '=>', 'app', '.get(', "'/x'", 'req', 'res', 'res.status(500)', '.json(', 'JSON.parse(', 'try', 'catch', '(e)', 'require(', "'express'", 'import', 'from', 'export', 'default', '`', '${', '/re/g', '/*', '*/', '//', '<div>', '</div>', 'class', 'extends', '<T>', 'as', 'yield', '...', '?.', '??', '@dec'],
  python: [...COMMON, 'def', 'async def', 'class', 'return', 'try:', 'except Exception as e:', 'raise', 'import', 'from', 'flask', 'django', '@app.route("/x")', 'if', 'else:', 'lambda', 'yield', 'with', 'f"{x}"', '"""', "'''", 'pass', '    ', 'self', 'print(', 'request.json', 'jsonify(', ':=', '->', '**', 'match', 'case'],
  java: [...COMMON, 'class', 'public', 'private', 'static', 'void', 'int', 'String', 'return', 'try', 'catch', '(Exception e)', 'throw new', 'RuntimeException', '@RestController', '@GetMapping("/x")', '@ExceptionHandler', 'e.getMessage()', 'package a;', 'import a.b;', '<T>', '"""', 'record', 'switch', 'case', '->', 'yield', 'sealed', 'permits', '/*', '*/', '//', 'f(n - 1)'],
  manifest: [...COMMON, '"name"', '"dependencies"', '"express"', '"^4.0.0"', '"scripts"', '"start"', '"node a.js"', 'true', 'null', '1e999', '\\u0000', '"engines"'],
};

// ---------------------------------------------------------------------------------------------
// Mutations

const INSERTS = ['"', "'", '{', '}', '[', ']', '(', ')', '<', '>', '\u0000', '\uFFFD', '\uD800', '\uDC00', '  ', '\t', '\n', '\r', '\r\n', ';', '#', '---', '&a', '*a', '<!--', ']]>', '${', '{{', '\\', '"""', '`', '\uFEFF', '<<EOF', '- ', ': '];

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; from: number; len: number; at: number }
  | { op: 'delete'; from: number; len: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'insert'; at: number; token: string }
  | { op: 'indent'; line: number; by: string }
  | { op: 'eol'; to: '\r\n' | '\r' }
  | { op: 'invalidUtf8'; at: number; bytes: number[] };

// Positions as fractions of the text; integers, because fc.double clusters near 0 and the edits would too.
const frac = fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000);

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: frac }),
  fc.record({ op: fc.constant('duplicate' as const), from: frac, len: fc.nat(400), at: frac }),
  fc.record({ op: fc.constant('delete' as const), from: frac, len: fc.nat(200) }),
  fc.record({ op: fc.constant('swapLines' as const), a: frac, b: frac }),
  fc.record({ op: fc.constant('insert' as const), at: frac, token: fc.constantFrom(...INSERTS) }),
  fc.record({ op: fc.constant('indent' as const), line: frac, by: fc.constantFrom('  ', '\t', ' ', '    ', '') }),
  fc.record({ op: fc.constant('eol' as const), to: fc.constantFrom('\r\n' as const, '\r' as const) }),
  fc.record({ op: fc.constant('invalidUtf8' as const), at: frac, bytes: fc.array(fc.integer({ min: 0x80, max: 0xff }), { minLength: 1, maxLength: 4 }) }),
);

const lossy = new TextDecoder('utf-8', { fatal: false });

/** Applies mutations as byte-level edits would arrive after decoding (invalid UTF-8 becomes U+FFFD). */
export function mutate(text: string, muts: readonly Mutation[]): string {
  let t = text;
  const pos = (f: number) => Math.floor(f * (t.length + 1));
  for (const m of muts) {
    switch (m.op) {
      case 'truncate':
        t = t.slice(0, pos(m.at));
        break;
      case 'duplicate': {
        const from = pos(m.from);
        const piece = t.slice(from, from + m.len);
        const at = pos(m.at);
        t = t.slice(0, at) + piece + t.slice(at);
        break;
      }
      case 'delete': {
        const from = pos(m.from);
        t = t.slice(0, from) + t.slice(from + m.len);
        break;
      }
      case 'swapLines': {
        const lines = t.split('\n');
        const a = Math.floor(m.a * lines.length);
        const b = Math.floor(m.b * lines.length);
        [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        t = lines.join('\n');
        break;
      }
      case 'insert': {
        const at = pos(m.at);
        t = t.slice(0, at) + m.token + t.slice(at);
        break;
      }
      case 'indent': {
        const lines = t.split('\n');
        const i = Math.floor(m.line * lines.length);
        lines[i] = m.by + lines[i]!.trimStart();
        t = lines.join('\n');
        break;
      }
      case 'eol':
        t = t.replace(/\r?\n/g, m.to);
        break;
      case 'invalidUtf8': {
        const at = pos(m.at);
        const bytes = Buffer.concat([Buffer.from(t.slice(0, at)), Buffer.from(m.bytes), Buffer.from(t.slice(at))]);
        t = lossy.decode(bytes);
        break;
      }
    }
  }
  return t;
}

/** Random bytes decoded as the reader decodes files. `size: 'max'`: fast-check would otherwise keep arrays to a few elements. */
export const bytesArb = fc.uint8Array({ maxLength: 2048, size: 'max' }).map((b) => lossy.decode(b));

export function tokensArb(kind: FileKind): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...TOKENS[kind]), { maxLength: 300, size: 'max' }).map((ts) => ts.join(''));
}

export interface Mutated {
  seed: Seed;
  muts: Mutation[];
  text: string;
}

/** A seed file with a few mutations; a counterexample prints as the seed's path and the mutations. */
export function mutatedArb(seeds: Seed[]): fc.Arbitrary<Mutated> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { minLength: 1, maxLength: 5 })).map(([seed, muts]) => ({
    seed,
    muts,
    text: mutate(seed.text, muts),
    [fc.toStringMethod]: () => `${seed.path} mutated by ${JSON.stringify(muts)}`,
  }));
}

// ---------------------------------------------------------------------------------------------
// Checks

const parsers = new Map<FileKind, ParserModule>();

export async function parserFor(kind: FileKind): Promise<ParserModule> {
  let p = parsers.get(kind);
  if (!p) {
    p = (await loadParser(kind))!;
    await p.init?.();
    parsers.set(kind, p);
  }
  return p;
}

export interface ParseCheck {
  ms: number;
  summary: string;
}

function spanProblem(span: { start: number; end: number } | undefined, length: number): string | undefined {
  if (!span) return 'missing span';
  const { start, end } = span;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `non-integer span ${start}-${end}`;
  if (start < 0 || end < start || end > length) return `span ${start}-${end} outside 0-${length}`;
  return undefined;
}

/**
 * Parses once and traverses the tree; throws (failing the property) when the parser throws, a
 * diagnostic lies outside its file, or the parse is over the time bound. Returns a summary for the
 * determinism check.
 */
export function checkParse(parser: ParserModule, path: string, text: string, files: Record<string, string> = {}, settings: Settings = {}): ParseCheck {
  const host = new MemoryHost({ ...files, [path]: text });
  const t0 = performance.now();
  const out = parser.parse({ path, text, kind: parser.kind }, { host, settings, runPaths: new Set([path]) });
  let nodes = 0;
  parser.traverse(out.root, () => nodes++, () => undefined);
  const ms = performance.now() - t0;
  const lengthOf = (file: string | undefined) => (file === undefined || file === path ? text.length : (out.texts?.[file] ?? files[file])?.length);
  for (const d of out.diagnostics) {
    const len = lengthOf(d.file);
    if (len === undefined) throw new Error(`diagnostic ${d.code} in unknown file ${d.file}`);
    const bad = spanProblem(d.span, len);
    if (bad) throw new Error(`diagnostic ${d.code} "${d.message}": ${bad}`);
    if (typeof d.message !== 'string' || !d.message) throw new Error(`diagnostic ${d.code} without a message`);
  }
  for (const c of out.comments) {
    const len = lengthOf(c.file);
    if (len === undefined) continue;
    const bad = spanProblem(c.span, len);
    if (bad) throw new Error(`comment: ${bad}`);
  }
  parser.dispose?.(out.root);
  if (ms > PARSE_BOUND_MS) throw new Error(`parse took ${Math.round(ms)} ms (bound ${PARSE_BOUND_MS} ms) for ${text.length} chars`);
  const summary = JSON.stringify([out.diagnostics, out.comments, out.includes ?? [], nodes]);
  return { ms, summary };
}

/** Parses twice: both must pass `checkParse` and agree. */
export function checkParseTwice(parser: ParserModule, path: string, text: string, files?: Record<string, string>): void {
  const a = checkParse(parser, path, text, files);
  const b = checkParse(parser, path, text, files);
  if (a.summary !== b.summary) throw new Error('parse output differs between two runs of the same input');
}

let rulesCache: AnyRule[] | undefined;
export async function allRules(): Promise<AnyRule[]> {
  rulesCache ??= await loadRules();
  return rulesCache;
}

export async function lintTexts(files: { path: string; text: string; kind: FileKind }[], settings: Settings = {}): Promise<FileResult[]> {
  const rules = await allRules();
  const config = new ConfigResolver({ extends: 'all', settings }, new Map(rules.map((r) => [r.meta.id, r])));
  return lint({ files, rules, config, parsers: loadParser, host: new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text]))) });
}

/** Lints with every rule; checks no internal error, ranges inside files, the time bound and determinism. */
export async function checkLint(files: { path: string; text: string; kind: FileKind }[]): Promise<void> {
  const t0 = performance.now();
  const a = await lintTexts(files);
  const ms = performance.now() - t0;
  const texts = new Map(files.map((f) => [f.path, f.text]));
  for (const r of a) {
    const len = texts.get(r.filePath)?.length ?? r.source.length;
    for (const m of [...r.messages, ...r.suppressedMessages]) {
      if (m.ruleId === 'internal-error') throw new Error(`${r.filePath}: ${m.message}`);
      const bad = spanProblem(m.span, len);
      if (bad) throw new Error(`${r.filePath}: ${m.ruleId} "${m.message}": ${bad}`);
      if (m.line < 1 || m.column < 1 || m.endLine < m.line || (m.endLine === m.line && m.endColumn < m.column)) throw new Error(`${r.filePath}: ${m.ruleId}: bad position ${m.line}:${m.column}-${m.endLine}:${m.endColumn}`);
      for (const e of m.fix ?? []) {
        const flen = texts.get(e.file ?? r.filePath)?.length;
        const fbad = flen === undefined ? undefined : spanProblem(e.span, flen);
        if (fbad) throw new Error(`${r.filePath}: ${m.ruleId} fix: ${fbad}`);
      }
    }
  }
  if (ms > LINT_BOUND_MS) throw new Error(`lint took ${Math.round(ms)} ms (bound ${LINT_BOUND_MS} ms)`);
  const b = await lintTexts(files);
  const strip = (rs: FileResult[]) => JSON.stringify(rs.map((r) => ({ ...r, source: undefined })));
  if (strip(a) !== strip(b)) throw new Error('lint output differs between two runs of the same input');
}

export const fcParams = (extra: Partial<fc.Parameters<unknown>> = {}): fc.Parameters<unknown> => ({ numRuns: RUNS, seed: SEED, endOnFailure: true, ...extra });

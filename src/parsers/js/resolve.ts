/**
 * A small, bounded value resolver over Babel ASTs: what does this expression refer to? A package
 * (`require('express').Router`), an app or router object (`express()`, `new Router({ prefix })`,
 * `fastify()`), a function (possibly in another module of the run), a string or number. It follows
 * lexical scopes, `require`/`import` of relative modules (CommonJS and ESM exports) and values passed
 * into functions (`require('./routes')(app)`, Fastify `register(plugin, { prefix })`).
 *
 * It is deliberately shallow: anything it cannot follow within a few steps is `undefined`, and
 * callers treat that as "unknown" (routes incomplete, handler not judged).
 */
import type * as t from '@babel/types';
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import { dirnameOf, joinPath } from '../../core/memory-host.js';
import { LineIndex, type Span } from '../../core/text.js';
import { childrenOf, isCall, isFunction, memberPath, parentOf, propName, stringValue, unwrap, walk, type JsFunction, type JsNode } from './ast.js';
import { parseJs, type JsRoot } from './index.js';

export type HostKind = 'express-app' | 'express-router' | 'koa-app' | 'koa-router' | 'fastify' | 'nest-app';

/** An object routes are registered on. */
export interface Host {
  kind: HostKind;
  /** Where it is created (`express()`, `new Router()`, or the `register` call of a Fastify plugin). */
  file: string;
  node: JsNode;
  /** A prefix the object applies itself (koa-router `prefix`, Fastify `register(…, { prefix })`). */
  prefix: string;
  /** `express-promise-router`: handlers' rejections reach `next`. */
  promiseAware?: boolean;
  /** The Fastify instance a plugin is registered on. */
  parent?: Host;
}

export type Value =
  | { t: 'package'; name: string; member: string[] }
  | { t: 'host'; host: Host }
  | { t: 'chain'; host: Host; path: JsNode; file: string }
  | { t: 'function'; fn: JsFunction; file: string }
  | { t: 'wrapped'; call: JsNode; callee: Value | undefined; inner: JsNode; file: string }
  | { t: 'namespace'; file: string }
  | { t: 'object'; node: NodeOfObject; file: string }
  | { t: 'string'; value: string }
  | { t: 'number'; value: number }
  | { t: 'param'; fn: JsFunction; index: number; file: string };

type NodeOfObject = t.ObjectExpression & { span: { start: number; end: number } };

export type Decl =
  | { kind: 'var'; id: JsNode; init?: JsNode; path: string[] }
  | { kind: 'param'; fn: JsFunction; index: number; path: string[] }
  | { kind: 'import'; source: string; imported: string }
  | { kind: 'function'; fn: JsFunction }
  | { kind: 'catch'; clause: JsNode; path: string[] }
  | { kind: 'other' };

interface ModuleExports {
  cjs?: JsNode;
  cjsNamed: Map<string, JsNode>;
  esmDefault?: JsNode;
  esmNamed: Map<string, JsNode | { from: string; name: string }>;
  star: string[];
}

export interface MemberCall {
  call: JsNode & (t.CallExpression | t.OptionalCallExpression);
  receiver: JsNode;
  /** The method name, undefined when computed (`app[method](…)`). */
  method?: string;
  file: string;
}

export interface FileFacts {
  file: ParsedFile<'js'>;
  /** Module specifiers imported or required (static ones). */
  imports: Set<string>;
  /** `require(expr)` / `import(expr)` with a computed specifier. */
  dynamicRequire: boolean;
  memberCalls: MemberCall[];
  /** Calls with at least one argument, for values passed into functions. */
  calls: (JsNode & (t.CallExpression | t.OptionalCallExpression | t.NewExpression))[];
  /** `x.keepAliveTimeout = …` / `{ keepAliveTimeout: … }` (and `headersTimeout`): Node HTTP server timeouts. */
  serverTimeouts: { name: 'keepAliveTimeout' | 'headersTimeout'; ms: number | undefined; span: Span }[];
}

const SERVER_TIMEOUTS = new Set(['keepAliveTimeout', 'headersTimeout']);

/** An object passed to `createServer(…)` (node:http, node:https). */
function isServerOptions(obj: JsNode | undefined): boolean {
  const call = obj ? parentOf(obj) : undefined;
  if (!call || call.type !== 'CallExpression') return false;
  const path = memberPath(call.callee);
  return path?.at(-1) === 'createServer';
}

/** A number written as a literal or a product of literals (`65 * 1000`). */
function literalNumber(n: t.Node | null | undefined): number | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'NumericLiteral') return u.value;
  if (u.type === 'BinaryExpression' && u.operator === '*') {
    const a = literalNumber(u.left);
    const b = literalNumber(u.right);
    return a !== undefined && b !== undefined ? a * b : undefined;
  }
  return undefined;
}

const MAX_DEPTH = 12;
const EXTENSIONS = ['', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx', '.mts', '.cts', '/index.js', '/index.ts', '/index.mjs', '/index.cjs'];

function isRequire(n: JsNode | undefined): n is JsNode & t.CallExpression {
  return !!n && n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1;
}

function isScope(n: JsNode): boolean {
  switch (n.type) {
    case 'Program':
    case 'BlockStatement':
    case 'StaticBlock':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
    case 'CatchClause':
    case 'SwitchStatement':
      return true;
    default:
      return isFunction(n);
  }
}

/** Names a binding pattern declares, with the property path to each (`{ a: { b } }` → b at ['a','b']). */
function patternNames(p: t.Node | null | undefined, path: string[], out: { id: JsNode; path: string[] }[], depth = 0): void {
  if (!p || depth > 8) return;
  switch (p.type) {
    case 'Identifier':
      out.push({ id: p as JsNode, path });
      return;
    case 'AssignmentPattern':
      patternNames(p.left, path, out, depth + 1);
      return;
    case 'ObjectPattern':
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') patternNames(prop.argument, [...path, '*'], out, depth + 1);
        else {
          const key = propName(prop.key, prop.computed);
          patternNames(prop.value, [...path, key ?? '*'], out, depth + 1);
        }
      }
      return;
    case 'ArrayPattern':
      p.elements.forEach((el, i) => patternNames(el, [...path, String(i)], out, depth + 1));
      return;
    case 'RestElement':
      patternNames(p.argument, [...path, '*'], out, depth + 1);
      return;
    case 'TSParameterProperty':
      patternNames(p.parameter, path, out, depth + 1);
      return;
    default:
      return;
  }
}

export class Resolver {
  private readonly scopes = new WeakMap<JsNode, Map<string, Decl>>();
  private readonly values = new WeakMap<JsNode, Value | null | 'pending'>();
  private readonly hosts = new WeakMap<JsNode, Host>();
  private readonly exportsOf = new Map<string, ModuleExports>();
  private readonly extraFiles = new Map<string, ParsedFile<'js'> | null>();
  private readonly facts = new Map<string, FileFacts>();
  private readonly fileOfNode = new WeakMap<JsNode, string>();
  private callSites?: Map<JsFunction, { call: JsNode & (t.CallExpression | t.OptionalCallExpression | t.NewExpression); file: string }[]>;
  private registerSites?: Map<JsFunction, { call: JsNode; receiver: JsNode; file: string }[]>;
  /** Files whose facts feed the call-site index (the package being analysed). */
  private group: string[] = [];

  constructor(private readonly model: ProjectModel) {}

  /** Restricts call-site search (values passed into functions) to these files. */
  setGroup(paths: string[]): void {
    this.group = paths;
    this.callSites = undefined;
    this.registerSites = undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Files

  parsed(path: string): ParsedFile<'js'> | undefined {
    const f = this.model.file(path);
    if (f) return f.kind === 'js' ? (f as ParsedFile<'js'>) : undefined;
    if (this.extraFiles.has(path)) return this.extraFiles.get(path) ?? undefined;
    // Modules outside the linted set (an LSP buffer's neighbours) are parsed on demand.
    const text = this.model.host.readFile(path);
    let pf: ParsedFile<'js'> | null = null;
    if (text !== undefined && text.length < 2_000_000) {
      const out = parseJs({ path, text, kind: 'js' });
      if (!out.diagnostics.length) pf = { path, kind: 'js', text, lines: new LineIndex(text), root: out.root, comments: out.comments };
    }
    this.extraFiles.set(path, pf);
    return pf ?? undefined;
  }

  resolveModule(fromFile: string, spec: string): string | undefined {
    if (!spec.startsWith('.') && !spec.startsWith('/')) return undefined;
    const base = joinPath(dirnameOf(fromFile), spec);
    const candidates = [...EXTENSIONS.map((e) => base + e)];
    // TypeScript ESM writes `./x.js` for `./x.ts`.
    const m = /\.(m|c)?js$/.exec(base);
    if (m) for (const e of ['ts', 'tsx', 'mts', 'cts']) candidates.push(base.slice(0, -m[0].length) + '.' + e);
    for (const c of candidates) {
      const f = this.model.file(c);
      if (f?.kind === 'js') return c;
    }
    for (const c of candidates) if (/\.[cm]?[jt]sx?$/.test(c) && this.parsed(c)) return c;
    return undefined;
  }

  factsOf(path: string): FileFacts | undefined {
    const cached = this.facts.get(path);
    if (cached) return cached;
    const file = this.parsed(path);
    if (!file) return undefined;
    const facts: FileFacts = { file, imports: new Set(), dynamicRequire: false, memberCalls: [], calls: [], serverTimeouts: [] };
    walk(file.root, (n) => {
      this.fileOfNode.set(n, path);
      if (n.type === 'ImportDeclaration') facts.imports.add(n.source.value);
      else if (n.type === 'ImportExpression' || (n.type === 'CallExpression' && (n.callee.type === 'Import' || (n.callee.type === 'Identifier' && n.callee.name === 'require')))) {
        const arg = n.type === 'ImportExpression' ? n.source : n.arguments[0];
        const spec = stringValue(arg);
        if (spec !== undefined) facts.imports.add(spec);
        else if (arg) facts.dynamicRequire = true;
      }
      if (n.type === 'CallExpression' || n.type === 'OptionalCallExpression') {
        const callee = unwrap(n.callee);
        if (callee && (callee.type === 'MemberExpression' || callee.type === 'OptionalMemberExpression')) {
          const name = propName(callee.property, callee.computed);
          facts.memberCalls.push({ call: n, receiver: unwrap(callee.object)!, method: name, file: path });
        }
      }
      if ((n.type === 'CallExpression' || n.type === 'OptionalCallExpression' || n.type === 'NewExpression') && n.arguments.length) facts.calls.push(n);
      if (n.type === 'AssignmentExpression' && n.operator === '=' && n.left.type === 'MemberExpression') {
        const name = propName(n.left.property, n.left.computed);
        if (name && SERVER_TIMEOUTS.has(name)) facts.serverTimeouts.push({ name: name as 'keepAliveTimeout', ms: literalNumber(n.right), span: n.span });
      }
      // Options of `http.createServer({ keepAliveTimeout })` only: clients (undici) have options of that name too.
      if (n.type === 'ObjectProperty' && !n.computed && isServerOptions(parentOf(n))) {
        const name = propName(n.key);
        if (name && SERVER_TIMEOUTS.has(name)) facts.serverTimeouts.push({ name: name as 'keepAliveTimeout', ms: literalNumber(n.value as t.Node), span: n.span });
      }
    });
    this.facts.set(path, facts);
    return facts;
  }

  fileOf(node: JsNode): string | undefined {
    return this.fileOfNode.get(node);
  }

  // ---------------------------------------------------------------------------------------------
  // Scopes

  private declsOf(scope: JsNode): Map<string, Decl> {
    let m = this.scopes.get(scope);
    if (m) return m;
    m = new Map();
    const add = (id: JsNode, d: Decl) => {
      if (id.type === 'Identifier' && !m!.has(id.name)) m!.set(id.name, d);
    };
    const declare = (stmt: t.Node) => {
      if (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') {
        if (stmt.declaration) declare(stmt.declaration);
        return;
      }
      if (stmt.type === 'VariableDeclaration') {
        for (const d of stmt.declarations) {
          const names: { id: JsNode; path: string[] }[] = [];
          patternNames(d.id, [], names);
          for (const n of names) add(n.id, { kind: 'var', id: n.id, init: (d.init as JsNode | null) ?? undefined, path: n.path });
        }
      } else if (stmt.type === 'FunctionDeclaration' && stmt.id) add(stmt.id as JsNode, { kind: 'function', fn: stmt as JsFunction });
      else if ((stmt.type === 'ClassDeclaration' || stmt.type === 'TSEnumDeclaration') && stmt.id) add(stmt.id as JsNode, { kind: 'other' });
      else if (stmt.type === 'ImportDeclaration') {
        for (const s of stmt.specifiers) {
          const imported = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : (propName(s.imported) ?? '*');
          add(s.local as JsNode, { kind: 'import', source: stmt.source.value, imported });
        }
      } else if (stmt.type === 'TSImportEqualsDeclaration' && stmt.moduleReference.type === 'TSExternalModuleReference') {
        add(stmt.id as JsNode, { kind: 'import', source: stmt.moduleReference.expression.value, imported: '*' });
      }
    };
    if (isFunction(scope)) {
      scope.params.forEach((p, index) => {
        const names: { id: JsNode; path: string[] }[] = [];
        patternNames(p, [], names);
        for (const n of names) add(n.id, { kind: 'param', fn: scope, index, path: n.path });
      });
      if (scope.type === 'FunctionExpression' && scope.id) add(scope.id as JsNode, { kind: 'function', fn: scope });
    } else if (scope.type === 'Program' || scope.type === 'BlockStatement' || scope.type === 'StaticBlock') {
      for (const s of scope.body) declare(s);
    } else if (scope.type === 'SwitchStatement') {
      for (const c of scope.cases) for (const s of c.consequent) declare(s);
    } else if (scope.type === 'ForStatement') {
      if (scope.init) declare(scope.init);
    } else if (scope.type === 'ForInStatement' || scope.type === 'ForOfStatement') {
      declare(scope.left);
    } else if (scope.type === 'CatchClause' && scope.param) {
      const names: { id: JsNode; path: string[] }[] = [];
      patternNames(scope.param, [], names);
      for (const n of names) add(n.id, { kind: 'catch', clause: scope, path: n.path });
    }
    this.scopes.set(scope, m);
    return m;
  }

  /** The declaration an identifier refers to, searching enclosing scopes. */
  lookup(id: JsNode & t.Identifier): Decl | undefined {
    for (let cur = parentOf(id), i = 0; cur && i < 500; cur = parentOf(cur), i++) {
      if (!isScope(cur)) continue;
      const d = this.declsOf(cur).get(id.name);
      if (d) return d;
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  private moduleValue(fromFile: string, spec: string, imported: string, depth: number): Value | undefined {
    const target = this.resolveModule(fromFile, spec);
    if (!target) {
      if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
      const name = spec.replace(/^node:/, '');
      return { t: 'package', name, member: imported === 'default' || imported === '*' ? [] : [imported] };
    }
    if (imported === '*') return this.wholeModule(target, depth);
    return this.exportValue(target, imported, depth);
  }

  private exportsFor(path: string): ModuleExports | undefined {
    const cached = this.exportsOf.get(path);
    if (cached) return cached;
    // Through the file's facts, so that every node reached from its exports knows its file (a host
    // created in a module that another module starts must be reported in the module that creates it).
    const file = this.factsOf(path)?.file;
    if (!file) return undefined;
    const ex: ModuleExports = { cjsNamed: new Map(), esmNamed: new Map(), star: [] };
    for (const stmt of file.root.program.body as JsNode[]) {
      if (stmt.type === 'ExpressionStatement' && stmt.expression.type === 'AssignmentExpression' && stmt.expression.operator === '=') {
        // module.exports = X; module.exports.a = X; exports.a = X; module.exports = exports = X
        let right = stmt.expression.right as JsNode;
        const targets: JsNode[] = [stmt.expression.left as JsNode];
        for (let i = 0; right.type === 'AssignmentExpression' && i < 5; i++) {
          targets.push(right.left as JsNode);
          right = right.right as JsNode;
        }
        for (const target of targets) {
          const mp = memberPath(target);
          if (!mp) continue;
          if (mp.length === 2 && mp[0] === 'module' && mp[1] === 'exports') ex.cjs = right;
          else if (mp.length === 3 && mp[0] === 'module' && mp[1] === 'exports') ex.cjsNamed.set(mp[2]!, right);
          else if (mp.length === 2 && mp[0] === 'exports') ex.cjsNamed.set(mp[1]!, right);
        }
      } else if (stmt.type === 'ExportDefaultDeclaration') {
        ex.esmDefault = stmt.declaration as JsNode;
      } else if (stmt.type === 'TSExportAssignment') {
        ex.cjs = stmt.expression as JsNode;
      } else if (stmt.type === 'ExportNamedDeclaration') {
        const decl = stmt.declaration as JsNode | null;
        if (decl?.type === 'VariableDeclaration') {
          for (const d of decl.declarations) {
            const names: { id: JsNode; path: string[] }[] = [];
            patternNames(d.id, [], names);
            for (const n of names) if (n.id.type === 'Identifier') ex.esmNamed.set(n.id.name, n.id);
          }
        } else if (decl && (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id) ex.esmNamed.set(decl.id.name, decl);
        for (const s of stmt.specifiers) {
          if (s.type !== 'ExportSpecifier') continue;
          const exported = propName(s.exported);
          if (!exported) continue;
          if (stmt.source) ex.esmNamed.set(exported, { from: stmt.source.value, name: s.local.name });
          else ex.esmNamed.set(exported, s.local as JsNode);
        }
      } else if (stmt.type === 'ExportAllDeclaration') {
        ex.star.push(stmt.source.value);
      }
    }
    this.exportsOf.set(path, ex);
    return ex;
  }

  /** `require('./x')` or `import * as x`: CommonJS `module.exports`, else the module's namespace. */
  private wholeModule(path: string, depth: number): Value | undefined {
    const ex = this.exportsFor(path);
    if (!ex) return undefined;
    if (ex.cjs) return this.value(ex.cjs, depth + 1);
    return { t: 'namespace', file: path };
  }

  exportValue(path: string, name: string, depth: number): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const ex = this.exportsFor(path);
    if (!ex) return undefined;
    if (name === 'default') {
      if (ex.esmDefault) return this.value(ex.esmDefault, depth + 1);
      if (ex.cjs) return this.value(ex.cjs, depth + 1);
      return undefined;
    }
    const named = ex.esmNamed.get(name);
    if (named) {
      if ('from' in named) return this.moduleValue(path, named.from, named.name, depth + 1);
      return this.value(named, depth + 1);
    }
    const cjsNamed = ex.cjsNamed.get(name);
    if (cjsNamed) return this.value(cjsNamed, depth + 1);
    if (ex.cjs) return this.property(this.value(ex.cjs, depth + 1), name, depth + 1);
    for (const spec of ex.star) {
      const target = this.resolveModule(path, spec);
      const v = target ? this.exportValue(target, name, depth + 1) : undefined;
      if (v) return v;
    }
    return undefined;
  }

  private property(obj: Value | undefined, name: string, depth: number): Value | undefined {
    if (!obj || depth > MAX_DEPTH) return undefined;
    if (obj.t === 'package') return { t: 'package', name: obj.name, member: [...obj.member, name] };
    if (obj.t === 'namespace') return this.exportValue(obj.file, name, depth + 1);
    if (obj.t === 'object') {
      for (const p of obj.node.properties) {
        if (p.type === 'ObjectProperty' && propName(p.key, p.computed) === name) return this.value(p.value as JsNode, depth + 1);
        if (p.type === 'ObjectMethod' && propName(p.key, p.computed) === name) return { t: 'function', fn: p as JsFunction, file: obj.file };
      }
    }
    return undefined;
  }

  private hostFor(node: JsNode, kind: HostKind, extra: Partial<Host> = {}): Host {
    let h = this.hosts.get(node);
    if (!h) {
      h = { kind, file: this.fileOf(node) ?? '', node, prefix: '', ...extra };
      this.hosts.set(node, h);
    }
    return h;
  }

  /** What an expression refers to, or undefined when it cannot be told. */
  value(node: t.Node | null | undefined, depth = 0): Value | undefined {
    const n = unwrap(node);
    if (!n || depth > MAX_DEPTH) return undefined;
    const memo = this.values.get(n);
    if (memo === 'pending') return undefined;
    if (memo !== undefined) return memo ?? undefined;
    this.values.set(n, 'pending');
    let v: Value | undefined;
    try {
      v = this.compute(n, depth);
    } catch {
      v = undefined;
    }
    this.values.set(n, v ?? null);
    return v;
  }

  private compute(n: JsNode, depth: number): Value | undefined {
    const file = this.fileOf(n) ?? '';
    switch (n.type) {
      case 'Identifier': {
        const d = this.lookup(n);
        if (!d) return undefined;
        if (d.kind === 'function') return { t: 'function', fn: d.fn, file: this.fileOf(d.fn) ?? file };
        if (d.kind === 'import') return this.moduleValue(file, d.source, d.imported, depth + 1);
        if (d.kind === 'var') {
          if (!d.init) return undefined;
          let v = this.value(d.init, depth + 1);
          for (const key of d.path) v = this.property(v, key, depth + 1);
          return v;
        }
        if (d.kind === 'param' && d.path.length === 0) return this.param(d.fn, d.index, depth + 1);
        return undefined;
      }
      case 'StringLiteral':
        return { t: 'string', value: n.value };
      case 'TemplateLiteral':
        return n.expressions.length === 0 ? { t: 'string', value: n.quasis[0]?.value.cooked ?? '' } : undefined;
      case 'NumericLiteral':
        return { t: 'number', value: n.value };
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'FunctionDeclaration':
        return { t: 'function', fn: n as JsFunction, file };
      case 'ObjectExpression':
        return { t: 'object', node: n as NodeOfObject, file };
      case 'AwaitExpression':
        return this.value(n.argument, depth + 1);
      case 'AssignmentExpression':
        // `var app = module.exports = express()`
        return n.operator === '=' ? this.value(n.right, depth + 1) : undefined;
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const name = propName(n.property, n.computed);
        if (name === undefined) return undefined;
        const obj = unwrap(n.object);
        if (isRequire(obj)) {
          const spec = stringValue(obj.arguments[0]);
          return spec === undefined ? undefined : this.moduleValue(file, spec, name, depth + 1);
        }
        return this.property(this.value(obj, depth + 1), name, depth + 1);
      }
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        return this.callValue(n, file, depth);
      default:
        return undefined;
    }
  }

  private callValue(n: JsNode & (t.CallExpression | t.OptionalCallExpression | t.NewExpression), file: string, depth: number): Value | undefined {
    if (isRequire(n)) {
      const spec = stringValue(n.arguments[0]);
      return spec === undefined ? undefined : this.moduleValue(file, spec, '*', depth + 1);
    }
    const calleeNode = unwrap(n.callee as t.Node);
    const callee = this.value(calleeNode, depth + 1);
    const isNew = n.type === 'NewExpression';
    if (callee?.t === 'package') {
      const key = [callee.name, ...callee.member].join('.');
      switch (key) {
        case 'express':
        case 'express.default':
          return { t: 'host', host: this.hostFor(n, 'express-app') };
        case 'express.Router':
        case 'express.default.Router':
          return { t: 'host', host: this.hostFor(n, 'express-router') };
        case 'express-promise-router':
        case 'express-promise-router.default':
          return { t: 'host', host: this.hostFor(n, 'express-router', { promiseAware: true }) };
        case 'koa':
        case 'koa.default':
          return { t: 'host', host: this.hostFor(n, 'koa-app') };
        case 'koa-router':
        case 'koa-router.default':
        case '@koa/router':
        case '@koa/router.default':
        case 'koa-router.Router':
        case '@koa/router.Router': {
          const opts = this.value(n.arguments[0] as JsNode, depth + 1);
          const prefix = opts?.t === 'object' ? this.stringProp(opts, 'prefix', depth) : undefined;
          return { t: 'host', host: this.hostFor(n, 'koa-router', { prefix: prefix ?? '' }) };
        }
        case 'fastify':
        case 'fastify.default':
        case 'fastify.fastify':
          return { t: 'host', host: this.hostFor(n, 'fastify') };
        case '@nestjs/core.NestFactory.create':
          return { t: 'host', host: this.hostFor(n, 'nest-app') };
        case 'fastify-plugin':
        case 'fastify-plugin.default':
          return this.value(n.arguments[0] as JsNode, depth + 1);
        case 'http.createServer':
        case 'https.createServer':
        case 'http2.createServer':
        case 'http2.createSecureServer': {
          const last = n.arguments[n.arguments.length - 1] as JsNode | undefined;
          const v = this.value(last, depth + 1);
          // A server wrapping an app: `server.listen(port)` is the app's port.
          if (v?.t === 'host') return v;
          if (last && last.type === 'CallExpression') {
            const cb = unwrap(last.callee);
            if (cb?.type === 'MemberExpression' && propName(cb.property, cb.computed) === 'callback') {
              const inner = this.value(cb.object, depth + 1);
              if (inner?.t === 'host') return inner;
            }
          }
          return undefined;
        }
        default:
          break;
      }
      if (!isNew && n.arguments.length >= 1) {
        const inner = unwrap(n.arguments[0] as JsNode);
        if (inner && (isFunction(inner) || inner.type === 'Identifier' || inner.type === 'MemberExpression')) return { t: 'wrapped', call: n, callee, inner, file };
      }
      return undefined;
    }
    if (calleeNode && (calleeNode.type === 'MemberExpression' || calleeNode.type === 'OptionalMemberExpression')) {
      const method = propName(calleeNode.property, calleeNode.computed);
      const recv = this.value(calleeNode.object, depth + 1);
      if (recv?.t === 'host') {
        if (method === 'route' && recv.host.kind.startsWith('express') && n.arguments.length >= 1) return { t: 'chain', host: recv.host, path: n.arguments[0] as JsNode, file };
        if ((method === 'routes' || method === 'middleware') && recv.host.kind === 'koa-router') return recv;
      }
      if (recv?.t === 'chain' && method && method !== 'route') return recv;
    }
    if (!isNew && n.arguments.length >= 1 && callee?.t === 'function') {
      const inner = unwrap(n.arguments[0] as JsNode);
      if (inner && (isFunction(inner) || inner.type === 'Identifier' || inner.type === 'MemberExpression')) return { t: 'wrapped', call: n, callee, inner, file };
    }
    return undefined;
  }

  stringProp(obj: Value & { t: 'object' }, name: string, depth = 0): string | undefined {
    const v = this.property(obj, name, depth + 1);
    return v?.t === 'string' ? v.value : undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Values passed into functions

  private buildSites(): void {
    const calls = new Map<JsFunction, { call: JsNode & (t.CallExpression | t.OptionalCallExpression | t.NewExpression); file: string }[]>();
    const registers = new Map<JsFunction, { call: JsNode; receiver: JsNode; file: string }[]>();
    this.callSites = calls;
    this.registerSites = registers;
    if (!this.group.length) this.group = this.jsPaths();
    for (const path of this.group) {
      const facts = this.factsOf(path);
      if (!facts) continue;
      for (const c of facts.calls) {
        if (c.type === 'NewExpression') continue;
        const callee = unwrap(c.callee as t.Node);
        if (!callee || isRequire(c)) continue;
        // Only calls that could pass an app along: a plain function call, or `.register(plugin)`.
        if (callee.type === 'MemberExpression' && propName(callee.property, callee.computed) === 'register') {
          const v = this.value(c.arguments[0] as JsNode);
          const fn = v?.t === 'function' ? v.fn : v?.t === 'wrapped' && v.callee?.t === 'package' ? this.fnOf(this.value(v.inner)) : undefined;
          if (fn) {
            let list = registers.get(fn);
            if (!list) registers.set(fn, (list = []));
            list.push({ call: c, receiver: unwrap(callee.object)!, file: path });
          }
          continue;
        }
        if (!c.arguments.some((a) => a.type === 'Identifier')) continue;
        const v = this.value(callee);
        if (v?.t !== 'function') continue;
        let list = calls.get(v.fn);
        if (!list) calls.set(v.fn, (list = []));
        list.push({ call: c, file: path });
      }
    }
  }

  private fnOf(v: Value | undefined): JsFunction | undefined {
    return v?.t === 'function' ? v.fn : undefined;
  }

  private param(fn: JsFunction, index: number, depth: number): Value | undefined {
    const file = this.fileOf(fn) ?? '';
    if (!this.callSites) this.buildSites();
    if (index === 0) {
      const reg = this.registerSites!.get(fn)?.[0];
      if (reg) {
        const parent = this.value(reg.receiver, depth + 1);
        const call = reg.call as JsNode & t.CallExpression;
        const opts = this.value(call.arguments[1] as JsNode, depth + 1);
        const prefix = opts?.t === 'object' ? this.stringProp(opts, 'prefix', depth) : undefined;
        return { t: 'host', host: this.hostFor(reg.call, 'fastify', { prefix: prefix ?? '', parent: parent?.t === 'host' ? parent.host : undefined }) };
      }
    }
    for (const site of this.callSites!.get(fn) ?? []) {
      const v = this.value(site.call.arguments[index] as JsNode, depth + 1);
      if (v?.t === 'host') return v;
    }
    return { t: 'param', fn, index, file };
  }

  /** The app object created at a node (`express()`, or a Fastify `register` call), once something resolved it. */
  hostAt(node: JsNode): Host | undefined {
    return this.hosts.get(node);
  }

  /** The function a handler expression refers to, following identifiers and imports. */
  functionOf(node: t.Node | null | undefined): { fn: JsFunction; file: string } | undefined {
    const v = this.value(node);
    return v?.t === 'function' ? { fn: v.fn, file: v.file } : undefined;
  }

  /** Files of the run's js kind. */
  jsPaths(): string[] {
    return this.model.filesOf('js').map((f) => f.path);
  }
}

export function resolverFor(model: ProjectModel): Resolver {
  return model.memo('js:resolver', () => new Resolver(model));
}

const SYNC_CALLBACK_METHODS = new Set(['map', 'forEach', 'filter', 'reduce', 'reduceRight', 'some', 'every', 'find', 'findIndex', 'flatMap', 'sort', 'from']);

/** A function passed to an array method (`ids.map(id => …)`): it runs synchronously inside its caller. */
function syncCallback(fn: JsNode): boolean {
  if ((fn as { async?: boolean }).async) return false;
  const call = parentOf(fn);
  if (!call || (call.type !== 'CallExpression' && call.type !== 'OptionalCallExpression')) return false;
  const callee = unwrap(call.callee);
  if (!callee || (callee.type !== 'MemberExpression' && callee.type !== 'OptionalMemberExpression')) return false;
  const m = propName(callee.property, callee.computed);
  return !!m && SYNC_CALLBACK_METHODS.has(m) && call.arguments.includes(fn as never);
}

/**
 * Whether `node` sits in the `block` of a try statement with a catch clause that does not rethrow.
 * The search stops at the enclosing function, or with `syncCallbacks` goes on through functions
 * passed to array methods, which run inside their caller's try.
 */
export function insideTryCatch(node: JsNode, opts: { syncCallbacks?: boolean } = {}): boolean {
  let child: JsNode = node;
  for (let cur = parentOf(node), i = 0; cur && i < 500; child = cur, cur = parentOf(cur), i++) {
    if (cur.type === 'TryStatement' && cur.block === child && cur.handler && !rethrows(cur.handler as JsNode)) return true;
    if (isFunction(cur) && !(opts.syncCallbacks && syncCallback(cur))) return false;
  }
  return false;
}

/** A catch clause whose body ends by throwing again (`catch (e) { log(e); throw e; }`) guards nothing. */
export function rethrows(handler: JsNode): boolean {
  if (handler.type !== 'CatchClause') return false;
  const body = handler.body.body;
  const last = body[body.length - 1];
  return !!last && last.type === 'ThrowStatement';
}

/** The nearest enclosing function of a node. */
export function enclosingFunction(node: JsNode): JsFunction | undefined {
  for (let cur = parentOf(node), i = 0; cur && i < 1000; cur = parentOf(cur), i++) if (isFunction(cur)) return cur;
  return undefined;
}

export { childrenOf, isCall, type JsRoot };

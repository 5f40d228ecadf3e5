/**
 * Python app facts for project and cross-layer rules: which framework each app uses (from its
 * manifest, else from imports), its routes (Django urls.py with `path`/`re_path`/`include` chains,
 * Flask routes and blueprints, FastAPI routers), the functions and classes those routes reach, and a
 * literal listen port (gunicorn `bind`, `--bind` in a Procfile, `app.run(port=…)`).
 *
 * Module resolution is by path: `shop.views` is `shop/views.py` or `shop/views/__init__.py` under the
 * importing file's directory or any of its ancestors; relative imports follow the package layout.
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { AppInfo, Framework, Route, SourceRef } from '../app/types.js';
import type { TsNode } from '../treesitter/index.js';
import { callArgs, calleeName, definitionOf, dottedName, stringValue } from './ast.js';
import { bindInCommand, dirOf, joinDir, portFromBind, pyFramework, pyManifestFor } from './manifest.js';
import { appendAll } from '../../core/append.js';

export interface PythonAppInfo extends AppInfo {
  /** Python files of this app (paths in the run). */
  files: string[];
  /** Manifest files the framework was read from. */
  manifests: string[];
  /** Flask apps created in this app's source (`Flask(__name__)`), for rules that report at them. */
  flaskApps: SourceRef[];
  /** Flask error handlers that catch unhandled exceptions (500, Exception, InternalServerError…). */
  flaskErrorHandlers: SourceRef[];
}

export interface PythonFacts {
  apps: PythonAppInfo[];
  /** Functions a route reaches (`path:start` of the function_definition). */
  viewFunctions: Set<string>;
  /** Classes routed through `.as_view()` (`path:start` of the class_definition). */
  viewClasses: Set<string>;
}

export function nodeKey(path: string, node: TsNode): string {
  return `${path}:${node.span.start}`;
}

type Binding =
  | { kind: 'import'; module: string; level: number }
  | { kind: 'from'; module: string; level: number; name: string }
  | { kind: 'def'; node: TsNode }
  | { kind: 'value'; node: TsNode };

type Resolved = { kind: 'module'; path: string } | { kind: 'def'; path: string; node: TsNode } | { kind: 'value'; path: string; name: string; node: TsNode };

const MAX_DEPTH = 12;

class PyIndex {
  readonly files = new Map<string, ParsedFile<'python'>>();
  private readonly bindingCache = new Map<string, Map<string, Binding>>();
  constructor(model: ProjectModel) {
    for (const f of model.filesOf('python')) if (f.root) this.files.set(f.path, f);
  }

  bindings(path: string): Map<string, Binding> {
    let b = this.bindingCache.get(path);
    if (b) return b;
    b = new Map();
    this.bindingCache.set(path, b);
    const root = this.files.get(path)?.root;
    if (root) collectBindings(root, b, 0);
    return b;
  }

  moduleFile(fromPath: string, dotted: string, level: number): string | undefined {
    const rel = dotted.replace(/\./g, '/');
    const candidates = (base: string) => (rel ? [joinDir(base, `${rel}.py`), joinDir(base, `${rel}/__init__.py`)] : [joinDir(base, '__init__.py')]);
    if (level > 0) {
      let base = dirOf(fromPath);
      for (let i = 1; i < level; i++) base = dirOf(base);
      return candidates(base).find((p) => this.files.has(p));
    }
    let base = dirOf(fromPath);
    for (let guard = 0; guard < 64; guard++) {
      const hit = candidates(base).find((p) => this.files.has(p));
      if (hit) return hit;
      if (!base) break;
      base = dirOf(base);
    }
    return undefined;
  }

  resolveName(path: string, name: string, depth = 0): Resolved | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const b = this.bindings(path).get(name);
    if (!b) return undefined;
    if (b.kind === 'def') return { kind: 'def', path, node: b.node };
    if (b.kind === 'value') return { kind: 'value', path, name, node: b.node };
    if (b.kind === 'import') {
      const p = this.moduleFile(path, b.module, b.level);
      return p ? { kind: 'module', path: p } : undefined;
    }
    const mod = this.moduleFile(path, b.module, b.level);
    if (mod) {
      const inner = this.resolveName(mod, b.name, depth + 1);
      if (inner) return inner;
    }
    const sub = this.moduleFile(path, b.module ? `${b.module}.${b.name}` : b.name, b.level);
    return sub ? { kind: 'module', path: sub } : undefined;
  }

  resolveExpr(path: string, expr: TsNode | undefined, depth = 0): Resolved | undefined {
    if (!expr || depth > MAX_DEPTH) return undefined;
    if (expr.type === 'identifier') return this.resolveName(path, expr.text, depth);
    if (expr.type === 'attribute') {
      const obj = this.resolveExpr(path, expr.child('object'), depth + 1);
      const attr = expr.child('attribute')?.text;
      if (!obj || !attr) return undefined;
      if (obj.kind === 'module') return this.resolveName(obj.path, attr, depth + 1) ?? subModule(this, obj.path, attr);
      if (obj.kind === 'def' && obj.node.type === 'class_definition') {
        for (const s of obj.node.child('body')?.namedChildren ?? []) {
          const d = definitionOf(s);
          if ((d.type === 'function_definition' || d.type === 'class_definition') && d.child('name')?.text === attr) return { kind: 'def', path: obj.path, node: d };
        }
      }
    }
    return undefined;
  }
}

function subModule(index: PyIndex, pkgPath: string, name: string): Resolved | undefined {
  if (!pkgPath.endsWith('/__init__.py') && pkgPath !== '__init__.py') return undefined;
  const dir = dirOf(pkgPath);
  for (const p of [joinDir(dir, `${name}.py`), joinDir(dir, `${name}/__init__.py`)]) if (index.files.has(p)) return { kind: 'module', path: p };
  return undefined;
}

function importLevel(moduleNode: TsNode): { module: string; level: number } {
  if (moduleNode.type === 'relative_import') {
    const prefix = moduleNode.childOfType('import_prefix')?.text ?? '';
    const name = moduleNode.childOfType('dotted_name')?.text ?? '';
    return { module: name.replace(/\s+/g, ''), level: prefix.length };
  }
  return { module: moduleNode.text.replace(/\s+/g, ''), level: 0 };
}

/** Module-level bindings; statements under top-level `if`/`try` blocks count too. */
function collectBindings(block: TsNode, out: Map<string, Binding>, depth: number): void {
  if (depth > 4) return;
  for (const s of block.namedChildren) {
    switch (s.type) {
      case 'import_statement':
        for (const n of s.childrenOf('name')) {
          if (n.type === 'aliased_import') {
            const alias = n.child('alias')?.text;
            const mod = n.child('name')?.text;
            if (alias && mod) out.set(alias, { kind: 'import', module: mod, level: 0 });
          } else {
            const first = n.text.split('.')[0]!;
            out.set(first, { kind: 'import', module: first, level: 0 });
          }
        }
        break;
      case 'import_from_statement': {
        const m = s.child('module_name');
        if (!m) break;
        const { module, level } = importLevel(m);
        for (const n of s.childrenOf('name')) {
          if (n.type === 'aliased_import') {
            const alias = n.child('alias')?.text;
            const name = n.child('name')?.text;
            if (alias && name) out.set(alias, { kind: 'from', module, level, name });
          } else out.set(n.text, { kind: 'from', module, level, name: n.text });
        }
        break;
      }
      case 'decorated_definition':
      case 'function_definition':
      case 'class_definition': {
        const d = definitionOf(s);
        const name = d.child('name')?.text;
        if (name) out.set(name, { kind: 'def', node: d });
        break;
      }
      case 'expression_statement': {
        const a = s.namedChildren[0];
        if (a?.type === 'assignment') {
          const left = a.child('left');
          const right = a.child('right');
          if (left?.type === 'identifier' && right) out.set(left.text, { kind: 'value', node: right });
        }
        break;
      }
      case 'if_statement':
      case 'try_statement':
        for (const c of s.namedChildren) {
          if (c.type === 'block') collectBindings(c, out, depth + 1);
          else if (['else_clause', 'elif_clause', 'except_clause', 'finally_clause'].includes(c.type)) {
            const blk = c.childOfType('block');
            if (blk) collectBindings(blk, out, depth + 1);
          }
        }
        break;
    }
  }
}

function* walk(node: TsNode, depthLimit = 400): Generator<TsNode> {
  const stack: [TsNode, number][] = [[node, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    yield n;
    if (d >= depthLimit) continue;
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i]!, d + 1]);
  }
}

function ref(path: string, node: { span: Span }): SourceRef {
  return { file: path, span: { start: node.span.start, end: node.span.end } };
}

function joinUrl(prefix: string, path: string): string {
  if (!prefix) return path;
  if (!path) return prefix;
  return prefix.replace(/(?<!\/)\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

// -------------------------------------------------------------------------------------------------
// Django

interface DjangoCtx {
  index: PyIndex;
  routes: Route[];
  views: Set<string>;
  classes: Set<string>;
  complete: boolean;
  included: Set<string>;
  visited: Set<string>;
}

function urlpatternElements(ctx: DjangoCtx, path: string): { elements: TsNode[]; found: boolean } {
  const root = ctx.index.files.get(path)?.root;
  const elements: TsNode[] = [];
  let found = false;
  if (!root) return { elements, found };
  const addValue = (v: TsNode | undefined, depth = 0): void => {
    if (!v || depth > 8) return;
    if (v.type === 'list' || v.type === 'tuple') appendAll(elements, v.namedChildren);
    else if (v.type === 'binary_operator') {
      addValue(v.child('left'), depth + 1);
      addValue(v.child('right'), depth + 1);
    } else if (v.type === 'call' && calleeName(v) === 'i18n_patterns') {
      for (const a of callArgs(v).positional) elements.push(a);
    } else if (v.type === 'call' && calleeName(v) === 'static') {
      // static() serves media in development only; it adds no application route.
    } else if (v.type === 'parenthesized_expression') addValue(v.namedChildren[0], depth + 1);
    else ctx.complete = false;
  };
  for (const s of root.namedChildren) {
    const e = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
    if (!e) continue;
    if ((e.type === 'assignment' || e.type === 'augmented_assignment') && e.child('left')?.text === 'urlpatterns') {
      found = true;
      addValue(e.child('right'));
    } else if (e.type === 'call') {
      const f = e.child('function');
      if (f?.type === 'attribute' && f.child('object')?.text === 'urlpatterns') {
        const m = f.child('attribute')?.text;
        const args = callArgs(e).positional;
        if (m === 'append' && args[0]) elements.push(args[0]);
        else if (m === 'extend') addValue(args[0]);
        else if (m === 'insert' && args[1]) elements.push(args[1]);
      }
    }
  }
  return { elements, found };
}

function walkPatterns(ctx: DjangoCtx, path: string, elements: TsNode[], prefix: string, regex: boolean, depth: number): void {
  if (depth > MAX_DEPTH) {
    ctx.complete = false;
    return;
  }
  for (const el of elements) {
    if (el.type !== 'call') {
      ctx.complete = false;
      continue;
    }
    const name = calleeName(el);
    if (name !== 'path' && name !== 're_path' && name !== 'url') {
      ctx.complete = false;
      continue;
    }
    const args = callArgs(el);
    const routeNode = args.positional[0] ?? args.keyword.get('route');
    const route = stringValue(routeNode);
    if (route === undefined) {
      ctx.complete = false;
      continue;
    }
    const isRegex = name !== 'path';
    const piece = isRegex ? route.replace(/^\^/, '') : route;
    const full = prefix + piece;
    const view = args.positional[1] ?? args.keyword.get('view');
    if (view?.type === 'call' && calleeName(view) === 'include') {
      includeTarget(ctx, path, callArgs(view).positional[0], full, regex || isRegex, depth);
      continue;
    }
    if (view?.type === 'tuple' || view?.type === 'list') {
      // path('x/', ([...], 'app', 'ns')): what include() returns, written out.
      const first = view.namedChildren[0];
      if (first?.type === 'list') walkPatterns(ctx, path, first.namedChildren, full, regex || isRegex, depth + 1);
      else ctx.complete = false;
      continue;
    }
    const r: Route = { method: '*', path: '/' + full, framework: 'django', where: ref(path, el) };
    if (regex || isRegex) r.regex = true;
    ctx.routes.push(r);
    markView(ctx, path, view);
  }
}

function markView(ctx: DjangoCtx, path: string, view: TsNode | undefined): void {
  if (!view) return;
  if (view.type === 'call') {
    const f = view.child('function');
    if (f?.type === 'attribute' && f.child('attribute')?.text === 'as_view') {
      const cls = ctx.index.resolveExpr(path, f.child('object'));
      if (cls?.kind === 'def' && cls.node.type === 'class_definition') ctx.classes.add(nodeKey(cls.path, cls.node));
      return;
    }
    // A decorator applied inline: path('x/', login_required(views.home)).
    const inner = callArgs(view).positional[0];
    if (inner) markView(ctx, path, inner);
    return;
  }
  const target = ctx.index.resolveExpr(path, view);
  if (target?.kind === 'def' && target.node.type === 'function_definition') ctx.views.add(nodeKey(target.path, target.node));
}

function includeTarget(ctx: DjangoCtx, path: string, arg: TsNode | undefined, prefix: string, regex: boolean, depth: number): void {
  if (!arg) {
    ctx.complete = false;
    return;
  }
  const s = stringValue(arg);
  if (s !== undefined) {
    const mod = ctx.index.moduleFile(path, s, 0);
    if (mod) walkUrlconf(ctx, mod, prefix, regex, depth + 1);
    else ctx.complete = false;
    return;
  }
  if (arg.type === 'list') return walkPatterns(ctx, path, arg.namedChildren, prefix, regex, depth + 1);
  if (arg.type === 'tuple') return includeTarget(ctx, path, arg.namedChildren[0], prefix, regex, depth + 1);
  const r = ctx.index.resolveExpr(path, arg);
  if (r?.kind === 'module') return walkUrlconf(ctx, r.path, prefix, regex, depth + 1);
  if (r?.kind === 'value') {
    if (r.node.type === 'list') return walkPatterns(ctx, r.path, r.node.namedChildren, prefix, regex, depth + 1);
    if (r.node.type === 'tuple') return includeTarget(ctx, r.path, r.node.namedChildren[0], prefix, regex, depth + 1);
  }
  ctx.complete = false;
}

function walkUrlconf(ctx: DjangoCtx, path: string, prefix: string, regex: boolean, depth: number): void {
  ctx.included.add(path);
  const key = `${path}\u0000${prefix}`;
  if (ctx.visited.has(key) || depth > MAX_DEPTH) return;
  ctx.visited.add(key);
  const { elements, found } = urlpatternElements(ctx, path);
  if (!found) ctx.complete = false;
  walkPatterns(ctx, path, elements, prefix, regex, depth);
}

function djangoRoutes(index: PyIndex, files: string[]): { routes: Route[]; views: Set<string>; classes: Set<string>; complete: boolean } {
  const ctx: DjangoCtx = { index, routes: [], views: new Set(), classes: new Set(), complete: true, included: new Set(), visited: new Set() };
  const roots: string[] = [];
  for (const path of files) {
    const root = index.files.get(path)?.root;
    if (!root) continue;
    for (const s of root.namedChildren) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      if (a?.type === 'assignment' && a.child('left')?.text === 'ROOT_URLCONF') {
        const mod = stringValue(a.child('right'));
        const target = mod ? index.moduleFile(path, mod, 0) : undefined;
        if (target && !roots.includes(target)) roots.push(target);
      }
    }
  }
  for (const r of roots) walkUrlconf(ctx, r, '', false, 0);
  if (!roots.length) {
    // No ROOT_URLCONF in the run: every urls.py that no other one includes is a root.
    const urlFiles = files.filter((p) => /(^|\/)urls\.py$/.test(p));
    const probe: DjangoCtx = { ...ctx, routes: [], views: new Set(), classes: new Set(), included: new Set(), visited: new Set() };
    for (const p of urlFiles) {
      const { elements } = urlpatternElements(probe, p);
      walkPatterns(probe, p, elements, '', false, 0);
    }
    const includedElsewhere = new Set([...probe.included]);
    for (const p of urlFiles) if (!includedElsewhere.has(p)) walkUrlconf(ctx, p, '', false, 0);
    if (urlFiles.length) ctx.complete = ctx.complete && urlFiles.every((p) => ctx.included.has(p));
    else ctx.complete = false;
  }
  return ctx;
}

// -------------------------------------------------------------------------------------------------
// Flask and FastAPI

interface AppObject {
  key: string;
  path: string;
  name: string;
  kind: 'flask' | 'blueprint' | 'fastapi' | 'router';
  prefix: string;
  node: TsNode;
}

interface Registration {
  parent: AppObject;
  child: AppObject;
  prefix?: string;
}

const ROUTE_DECORATORS: Record<string, string[]> = {
  route: ['GET'],
  get: ['GET'],
  post: ['POST'],
  put: ['PUT'],
  patch: ['PATCH'],
  delete: ['DELETE'],
  head: ['HEAD'],
  options: ['OPTIONS'],
  api_route: ['*'],
  websocket: ['GET'],
};

const CONSTRUCTORS: Record<string, AppObject['kind']> = { Flask: 'flask', Blueprint: 'blueprint', FastAPI: 'fastapi', APIRouter: 'router' };

const CATCH_ALL = new Set(['500', 'Exception', 'BaseException', 'InternalServerError', 'HTTPException']);

function methodsArg(node: TsNode | undefined): string[] | undefined {
  if (!node || (node.type !== 'list' && node.type !== 'tuple' && node.type !== 'set')) return undefined;
  const out: string[] = [];
  for (const c of node.namedChildren) {
    const v = stringValue(c);
    if (v === undefined) return undefined;
    out.push(v.toUpperCase());
  }
  return out;
}

interface MicroResult {
  routes: Route[];
  views: Set<string>;
  complete: boolean;
  flaskApps: SourceRef[];
  errorHandlers: SourceRef[];
  port?: { port: number; where: SourceRef };
  host?: NonNullable<AppInfo['listenHost']>;
}

function microRoutes(index: PyIndex, files: string[]): MicroResult {
  const objects = new Map<string, AppObject>();
  const out: MicroResult = { routes: [], views: new Set(), complete: true, flaskApps: [], errorHandlers: [] };
  for (const path of files) {
    const root = index.files.get(path)!.root;
    for (const n of walk(root)) {
      if (n.type !== 'assignment') continue;
      const left = n.child('left');
      const right = n.child('right');
      if (left?.type !== 'identifier' || right?.type !== 'call') continue;
      const ctor = dottedName(right.child('function'))?.split('.').pop();
      const kind = ctor ? CONSTRUCTORS[ctor] : undefined;
      if (!kind) continue;
      const args = callArgs(right);
      const prefix = stringValue(args.keyword.get(kind === 'blueprint' ? 'url_prefix' : 'prefix') ?? (kind === 'fastapi' ? args.keyword.get('root_path') : undefined)) ?? '';
      const obj: AppObject = { key: `${path}#${left.text}`, path, name: left.text, kind, prefix: kind === 'fastapi' ? '' : prefix, node: right };
      objects.set(obj.key, obj);
      if (kind === 'flask') out.flaskApps.push(ref(path, right));
    }
  }
  const resolveObject = (path: string, expr: TsNode | undefined): AppObject | undefined => {
    if (!expr) return undefined;
    if (expr.type === 'identifier') {
      const own = objects.get(`${path}#${expr.text}`);
      if (own) return own;
    }
    const r = index.resolveExpr(path, expr);
    return r?.kind === 'value' ? objects.get(`${r.path}#${r.name}`) : undefined;
  };
  const registrations: Registration[] = [];
  const decorated: { obj: AppObject; methods: string[]; route: string; fn: TsNode; path: string; where: TsNode }[] = [];
  for (const path of files) {
    const root = index.files.get(path)!.root;
    for (const n of walk(root)) {
      if (n.type === 'call') {
        const f = n.child('function');
        if (f?.type !== 'attribute') continue;
        const m = f.child('attribute')?.text;
        if (m === 'register_blueprint' || m === 'include_router') {
          const parent = resolveObject(path, f.child('object'));
          const args = callArgs(n);
          const child = resolveObject(path, args.positional[0]);
          if (!parent || !child) {
            if (parent) out.complete = false;
            continue;
          }
          const p = stringValue(args.keyword.get(m === 'register_blueprint' ? 'url_prefix' : 'prefix'));
          registrations.push(p !== undefined ? { parent, child, prefix: p } : { parent, child });
        } else if (m === 'register_error_handler' || m === 'add_exception_handler') {
          const code = callArgs(n).positional[0];
          if (code && CATCH_ALL.has(code.text.split('.').pop()!)) out.errorHandlers.push(ref(path, n));
        } else if (m === 'add_url_rule' || m === 'add_api_route') {
          const obj = resolveObject(path, f.child('object'));
          if (!obj) continue;
          const args = callArgs(n);
          const rule = stringValue(args.positional[0] ?? args.keyword.get(m === 'add_url_rule' ? 'rule' : 'path'));
          if (rule === undefined) {
            out.complete = false;
            continue;
          }
          const view = args.keyword.get(m === 'add_url_rule' ? 'view_func' : 'endpoint') ?? args.positional[m === 'add_url_rule' ? 2 : 1];
          const target = index.resolveExpr(path, view);
          const fn = target?.kind === 'def' ? target.node : undefined;
          if (fn) out.views.add(nodeKey(target!.path, fn));
          const methods = methodsArg(args.keyword.get('methods')) ?? ['GET'];
          decorated.push({ obj, methods, route: rule, fn: fn ?? n, path, where: n });
        } else if (m === 'run' || m === 'serve') {
          const args = callArgs(n);
          const port = args.keyword.get('port');
          if (port?.type === 'integer' && !out.port) out.port = { port: Number(port.text), where: ref(path, port) };
          // Flask's `app.run()` binds 127.0.0.1 unless given a host.
          const obj = resolveObject(path, f.child('object'));
          if (obj?.kind === 'flask' && !out.host) {
            const host = args.keyword.get('host') ?? args.positional[0];
            const h = host ? stringValue(host) : undefined;
            if (host && h !== undefined) out.host = { host: h, where: ref(path, host), written: true };
            else if (!host && !args.spread) out.host = { host: '127.0.0.1', where: ref(path, n), written: false };
          }
        }
      } else if (n.type === 'decorated_definition') {
        const def = n.child('definition');
        if (def?.type !== 'function_definition') continue;
        for (const d of n.children) {
          if (d.type !== 'decorator') continue;
          const call = d.namedChildren[0];
          if (call?.type !== 'call') continue;
          const f = call.child('function');
          if (f?.type !== 'attribute') continue;
          const m = f.child('attribute')?.text ?? '';
          const obj = resolveObject(path, f.child('object'));
          if (!obj) continue;
          const args = callArgs(call);
          if (m === 'errorhandler' || m === 'app_errorhandler' || m === 'exception_handler') {
            const code = args.positional[0];
            if (code && CATCH_ALL.has(code.text.split('.').pop()!)) out.errorHandlers.push(ref(path, call));
            continue;
          }
          const defaults = ROUTE_DECORATORS[m];
          if (!defaults) continue;
          const route = stringValue(args.positional[0] ?? args.keyword.get(obj.kind === 'flask' || obj.kind === 'blueprint' ? 'rule' : 'path'));
          if (route === undefined) {
            out.complete = false;
            continue;
          }
          const methods = m === 'route' || m === 'api_route' ? (methodsArg(args.keyword.get('methods')) ?? defaults) : defaults;
          decorated.push({ obj, methods, route, fn: def, path, where: call });
          out.views.add(nodeKey(path, def));
        }
      }
    }
  }
  // Prefixes an object is served under, through its registrations (cycles cut by depth).
  const prefixesOf = (obj: AppObject, depth: number): string[] => {
    if (obj.kind === 'flask' || obj.kind === 'fastapi') return [''];
    if (depth > 8) return [];
    const regs = registrations.filter((r) => r.child === obj);
    if (!regs.length) return [obj.prefix];
    return regs.flatMap((r) => {
      const own = obj.kind === 'blueprint' ? (r.prefix ?? obj.prefix) : joinUrl(r.prefix ?? '', obj.prefix);
      return prefixesOf(r.parent, depth + 1).map((p) => joinUrl(p, own));
    });
  };
  for (const d of decorated) {
    const framework: Framework = d.obj.kind === 'flask' || d.obj.kind === 'blueprint' ? 'flask' : 'fastapi';
    for (const prefix of prefixesOf(d.obj, 0)) {
      for (const method of d.methods) out.routes.push({ method, path: joinUrl(prefix, d.route) || '/', framework, where: ref(d.path, d.where) });
    }
  }
  return out;
}

// -------------------------------------------------------------------------------------------------
// Listen port

function gunicornPort(model: ProjectModel, index: PyIndex, appDir: string, files: string[]): { port: number; where: SourceRef } | undefined {
  for (const path of files) {
    if (!/(^|\/)gunicorn[\w.-]*\.py$/.test(path)) continue;
    const root = index.files.get(path)!.root;
    for (const s of root.namedChildren) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      if (a?.type !== 'assignment' || a.child('left')?.text !== 'bind') continue;
      let v = a.child('right');
      if (v?.type === 'list' || v?.type === 'tuple') v = v.namedChildren[0];
      const s2 = stringValue(v);
      const port = s2 !== undefined ? portFromBind(s2) : undefined;
      if (port !== undefined && v) return { port, where: ref(path, v) };
    }
  }
  const procfile = appDir ? `${appDir}/Procfile` : 'Procfile';
  const text = model.file(procfile)?.text ?? (model.host.isInside(procfile) ? model.host.readFile(procfile) : undefined);
  if (text !== undefined) {
    let offset = 0;
    for (const line of text.split('\n')) {
      const b = /\bgunicorn\b/.test(line) ? bindInCommand(line) : undefined;
      if (b) return { port: b.port, where: { file: procfile, span: { start: offset + b.index, end: offset + b.index + b.length } } };
      offset += line.length + 1;
    }
  }
  return undefined;
}

// -------------------------------------------------------------------------------------------------

function importedFramework(index: PyIndex, files: string[]): Framework | undefined {
  const seen = new Set<string>();
  for (const path of files) {
    for (const s of index.files.get(path)!.root.namedChildren) {
      const m = s.type === 'import_from_statement' ? s.child('module_name')?.text : s.type === 'import_statement' ? s.child('name')?.text : undefined;
      const top = m?.split('.')[0]?.trim();
      if (top) seen.add(top);
    }
  }
  return seen.has('django') ? 'django' : seen.has('fastapi') ? 'fastapi' : seen.has('flask') ? 'flask' : undefined;
}

/** Every Python app of the run, memoised on the model. */
export function pythonFacts(model: ProjectModel): PythonFacts {
  return model.memo('python:apps', () => {
    const index = new PyIndex(model);
    const groups = new Map<string, { files: string[]; manifests: string[]; fw?: { framework: Framework; major?: number } }>();
    for (const path of [...index.files.keys()].sort()) {
      const m = pyManifestFor(model, dirOf(path));
      const dir = m?.dir ?? '';
      let g = groups.get(dir);
      if (!g) {
        const fw = pyFramework(m);
        groups.set(dir, (g = { files: [], manifests: m?.files ?? [], ...(fw ? { fw } : {}) }));
      }
      g.files.push(path);
    }
    const facts: PythonFacts = { apps: [], viewFunctions: new Set(), viewClasses: new Set() };
    for (const [dir, g] of groups) {
      const framework = g.fw?.framework ?? importedFramework(index, g.files);
      const dj = djangoRoutes(index, g.files);
      const micro = microRoutes(index, g.files);
      for (const v of dj.views) facts.viewFunctions.add(v);
      for (const v of micro.views) facts.viewFunctions.add(v);
      for (const c of dj.classes) facts.viewClasses.add(c);
      const routes = [...dj.routes, ...micro.routes];
      const app: PythonAppInfo = {
        dir,
        routes,
        routesComplete: framework === 'django' ? dj.complete : framework ? micro.complete : false,
        files: g.files,
        manifests: g.manifests,
        flaskApps: micro.flaskApps,
        flaskErrorHandlers: micro.errorHandlers,
      };
      if (framework) app.framework = framework;
      if (g.fw?.major !== undefined) app.frameworkVersion = g.fw.major;
      const port = gunicornPort(model, index, dir, g.files) ?? micro.port;
      if (port) app.listenPort = port;
      if (micro.host) app.listenHost = micro.host;
      facts.apps.push(app);
    }
    return facts;
  });
}

/** The Python apps of the run (`AppInfo` for cross-layer rules). */
export function pythonApps(model: ProjectModel): PythonAppInfo[] {
  return pythonFacts(model).apps;
}

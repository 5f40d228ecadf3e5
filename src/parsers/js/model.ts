/**
 * App facts from JavaScript/TypeScript sources: which apps exist (one per package.json directory),
 * their framework and version, routes with mount prefixes applied (Express, Koa with koa-router,
 * Fastify, NestJS controllers), and the port they listen on. Cross-layer rules read `jsApps`; the JS
 * rules read the richer `jsAppDetails` (every route and middleware registration, with its handlers).
 */
import type * as t from '@babel/types';
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { AppInfo, Framework, Route, SourceRef } from '../app/types.js';
import { memberPath, propName, stringValue, unwrap, type JsNode } from './ast.js';
import { packageFor, type PackageInfo } from './frameworks.js';
import { resolverFor, type Host, type Resolver } from './resolve.js';

export const HTTP_VERBS = new Set(['get', 'post', 'put', 'delete', 'del', 'patch', 'head', 'options', 'all']);

export type CallNode = JsNode & (t.CallExpression | t.OptionalCallExpression);

/** One `X.get(path, …handlers)`, `X.use([path,] …middleware)`, `X.route(…)`, `X.register(…)` or `X.listen(…)`. */
export interface Registration {
  call: CallNode;
  file: string;
  /** The object it is registered on; undefined when unknown (an Express-looking call on a parameter). */
  host?: Host;
  /** Lower-case method name (`get`, `use`, `route`, `register`, `listen`); undefined when computed. */
  method?: string;
  /** The path argument, when there is one. */
  path?: JsNode;
  pathValue?: string;
  /** Handler and middleware arguments (arrays flattened). */
  handlers: JsNode[];
}

export interface JsAppDetail {
  info: AppInfo;
  pkg?: PackageInfo;
  /** Source files of this app (js kind, in the run). */
  files: string[];
  /** Module specifiers imported anywhere in the app. */
  imports: Set<string>;
  roots: Host[];
  /** Routes reached from each app object. */
  routesByRoot: Map<Host, Route[]>;
  registrations: Registration[];
}

interface AppsIndex {
  apps: JsAppDetail[];
  byFile: Map<string, JsAppDetail>;
  byCall: WeakMap<JsNode, Registration>;
}

function joinRoute(prefix: string, path: string): string {
  const a = prefix.replace(/(?<!\/)\/+$/, '');
  if (!path || path === '/') return a || '/';
  return a + (path.startsWith('/') ? path : `/${path}`);
}

function flatten(args: readonly t.Node[]): JsNode[] {
  const out: JsNode[] = [];
  for (const a of args) {
    const u = unwrap(a);
    if (!u) continue;
    if (u.type === 'ArrayExpression') {
      for (const el of u.elements) if (el && el.type !== 'SpreadElement') out.push(unwrap(el)!);
    } else if (u.type !== 'SpreadElement') out.push(u);
  }
  return out;
}

function looksLikePath(s: string | undefined): boolean {
  return s !== undefined && (s.startsWith('/') || s === '*');
}

function toRegistration(r: Resolver, call: CallNode, receiver: JsNode, method: string | undefined, file: string): Registration | undefined {
  const recv = r.value(receiver);
  const args = call.arguments as t.Node[];
  if (recv?.t === 'chain') {
    if (!method || !HTTP_VERBS.has(method)) return undefined;
    return { call, file, host: recv.host, method, path: unwrap(recv.path), pathValue: stringValue(recv.path), handlers: flatten(args) };
  }
  const host = recv?.t === 'host' ? recv.host : undefined;
  if (!host) {
    // An Express-style call on something we cannot follow (a router passed in from elsewhere):
    // kept for the rules when the path is a literal route path and handlers follow.
    if (!method || !HTTP_VERBS.has(method) || args.length < 2 || !looksLikePath(stringValue(args[0]))) return undefined;
    return { call, file, method, path: unwrap(args[0]), pathValue: stringValue(args[0]), handlers: flatten(args.slice(1)) };
  }
  if (method === undefined) return { call, file, host, handlers: [] };
  if (HTTP_VERBS.has(method)) {
    if (args.length < 2) return undefined; // `app.get('env')` reads a setting
    // koa-router's named routes: router.get('user', '/users/:id', handler).
    if (host.kind === 'koa-router' && args.length >= 3 && stringValue(args[0]) !== undefined && stringValue(args[1]) !== undefined) {
      return { call, file, host, method, path: unwrap(args[1]), pathValue: stringValue(args[1]), handlers: flatten(args.slice(2)) };
    }
    const pathArg = unwrap(args[0]);
    const handlers = flatten(args.slice(1)).filter((h) => !(host.kind === 'fastify' && h.type === 'ObjectExpression' && h !== unwrap(args[args.length - 1])));
    return { call, file, host, method, path: pathArg, pathValue: stringValue(pathArg), handlers };
  }
  if (method === 'use') {
    const first = unwrap(args[0]);
    const p = stringValue(first);
    const hasPath = p !== undefined || (first?.type === 'ArrayExpression' && first.elements.every((e) => stringValue(e) !== undefined)) || first?.type === 'RegExpLiteral';
    return { call, file, host, method, path: hasPath ? first : undefined, pathValue: p, handlers: flatten(hasPath ? args.slice(1) : args) };
  }
  if (method === 'route' && host.kind !== 'fastify') return undefined;
  if (method === 'route' || method === 'register' || method === 'listen' || method === 'setGlobalPrefix' || method === 'setErrorHandler') {
    return { call, file, host, method, handlers: flatten(args) };
  }
  return undefined;
}

function portOf(r: Resolver, node: t.Node | null | undefined, file: string, depth = 0): SourceRef & { port: number } | undefined {
  const n = unwrap(node);
  if (!n || depth > 6) return undefined;
  switch (n.type) {
    case 'NumericLiteral':
      return Number.isInteger(n.value) && n.value > 0 && n.value < 65536 ? { port: n.value, file, span: n.span } : undefined;
    case 'StringLiteral':
      return /^\d{1,5}$/.test(n.value) ? portOf(r, { ...n, type: 'NumericLiteral', value: Number(n.value) } as never, file, depth + 1) : undefined;
    case 'LogicalExpression':
      return n.operator === '&&' ? undefined : (portOf(r, n.right, file, depth + 1) ?? portOf(r, n.left, file, depth + 1));
    case 'CallExpression': {
      const callee = memberPath(n.callee)?.join('.');
      if (callee === 'Number' || callee === 'parseInt' || callee === 'Number.parseInt') return portOf(r, n.arguments[0], file, depth + 1);
      return undefined;
    }
    case 'UnaryExpression':
      return n.operator === '+' ? portOf(r, n.argument, file, depth + 1) : undefined;
    case 'ObjectExpression':
      for (const p of n.properties) if (p.type === 'ObjectProperty' && propName(p.key, p.computed) === 'port') return portOf(r, p.value, file, depth + 1);
      return undefined;
    case 'Identifier': {
      const d = r.lookup(n);
      return d?.kind === 'var' && d.init && d.path.length === 0 ? portOf(r, d.init, r.fileOf(d.init) ?? file, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

const STATIC_PACKAGES = new Set(['express.static', 'serve-static', 'koa-static', 'koa-static.default', 'serve-static.default']);

function buildApps(model: ProjectModel): AppsIndex {
  const r = resolverFor(model);
  const jsFiles = model.filesOf('js');
  const groups = new Map<string, { pkg?: PackageInfo; files: ParsedFile<'js'>[] }>();
  for (const f of jsFiles) {
    const pkg = packageFor(model, f.path);
    const key = pkg?.dir ?? '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { pkg, files: [] }));
    g.files.push(f);
  }
  const apps: JsAppDetail[] = [];
  const byFile = new Map<string, JsAppDetail>();
  const byCall = new WeakMap<JsNode, Registration>();

  for (const [dir, g] of groups) {
    const imports = new Set<string>();
    const registrations: Registration[] = [];
    let complete = true;
    for (const f of g.files) {
      const facts = r.factsOf(f.path);
      if (!facts) continue;
      for (const i of facts.imports) imports.add(i);
      if (facts.dynamicRequire) complete = false;
      // Chained calls (`app.route('/x').get(a).post(b)`) in the order their methods are written.
      const calls = [...facts.memberCalls].sort((a, b) => (a.call.callee.end ?? 0) - (b.call.callee.end ?? 0));
      for (const mc of calls) {
        const reg = toRegistration(r, mc.call, mc.receiver, mc.method, f.path);
        if (!reg) continue;
        registrations.push(reg);
        byCall.set(mc.call, reg);
      }
    }
    const regsByHost = new Map<Host, Registration[]>();
    for (const reg of registrations) {
      if (!reg.host) continue;
      let list = regsByHost.get(reg.host);
      if (!list) regsByHost.set(reg.host, (list = []));
      list.push(reg);
    }
    const roots = [...regsByHost.keys()].filter((h) => h.kind === 'express-app' || h.kind === 'koa-app' || h.kind === 'nest-app' || (h.kind === 'fastify' && !h.parent));
    const routes: Route[] = [];
    const visited = new Set<Host>();
    const frameworkOf = (h: Host): Framework => (h.kind.startsWith('express') ? 'express' : h.kind.startsWith('koa') ? 'koa' : h.kind === 'fastify' ? 'fastify' : 'nestjs');
    const route = (h: Host, method: string, path: string, where: SourceRef, extra: Partial<Route> = {}) =>
      routes.push({ method, path, framework: frameworkOf(h), where, ...extra });
    const whereOf = (reg: Registration): SourceRef => {
      const h = reg.handlers[reg.handlers.length - 1] ?? reg.call;
      return { file: reg.file, span: h.span };
    };
    let globalPrefix = '';
    let listen: AppInfo['listenPort'];
    let listenHost: AppInfo['listenHost'];
    let listenCall: AppInfo['listenCall'];

    const collect = (h: Host, prefix: string, depth: number): void => {
      if (visited.has(h) || depth > 12) return;
      visited.add(h);
      const base = joinRoute(prefix, h.prefix);
      for (const reg of regsByHost.get(h) ?? []) {
        const m = reg.method;
        if (m === undefined) {
          complete = false;
          continue;
        }
        if (HTTP_VERBS.has(m)) {
          if (reg.pathValue === undefined) {
            complete = false;
            continue;
          }
          const method = m === 'all' ? '*' : m === 'del' ? 'DELETE' : m.toUpperCase();
          route(h, method, joinRoute(base, reg.pathValue), whereOf(reg));
          continue;
        }
        if (m === 'use') {
          if (reg.path && reg.pathValue === undefined) complete = false;
          const mount = joinRoute(base, reg.pathValue ?? '');
          for (const hd of reg.handlers) {
            const v = r.value(hd);
            if (v?.t === 'host') {
              collect(v.host, mount, depth + 1);
              continue;
            }
            if (hd.type === 'CallExpression') {
              const cv = r.value(hd.callee);
              const key = cv?.t === 'package' ? [cv.name, ...cv.member].join('.') : '';
              if (STATIC_PACKAGES.has(key)) route(h, '*', mount, { file: reg.file, span: hd.span }, { prefix: true });
              continue;
            }
            if (v?.t === 'function') {
              // Middleware that takes no `next` answers every request under its mount point.
              const nextIndex = h.kind.startsWith('koa') ? 1 : 2;
              if (reg.pathValue !== undefined || v.fn.params.length <= nextIndex) route(h, '*', mount, { file: reg.file, span: hd.span }, { prefix: true });
              continue;
            }
            if (!v && (hd.type === 'Identifier' || hd.type === 'MemberExpression')) complete = false;
          }
          continue;
        }
        if (m === 'route') {
          const opts = r.value(reg.handlers[0]);
          if (opts?.t !== 'object') {
            complete = false;
            continue;
          }
          const url = r.stringProp(opts, 'url') ?? r.stringProp(opts, 'path');
          const methodNode = opts.node.properties.find((p) => p.type === 'ObjectProperty' && propName(p.key, p.computed) === 'method') as t.ObjectProperty | undefined;
          const mv = unwrap(methodNode?.value);
          const methods = mv?.type === 'ArrayExpression' ? mv.elements.map((e) => stringValue(e)) : [stringValue(mv)];
          if (url === undefined || methods.some((x) => x === undefined)) {
            complete = false;
            continue;
          }
          for (const x of methods) route(h, x!.toUpperCase(), joinRoute(base, url), { file: reg.file, span: reg.call.span });
          continue;
        }
        if (m === 'register') {
          const child = r.hostAt(reg.call);
          if (child) collect(child, base, depth + 1);
          else {
            const pv = r.value(reg.handlers[0]);
            // Known plugin packages add hooks, not routes; autoload and unresolved modules add routes we cannot see.
            if (!(pv?.t === 'package' && !/autoload/.test(pv.name))) complete = false;
          }
          continue;
        }
        if (m === 'setGlobalPrefix') {
          globalPrefix = stringValue(reg.handlers[0]) ?? globalPrefix;
          continue;
        }
        if (m === 'listen' && !listen && !h.kind.endsWith('router')) {
          listenCall ??= { file: reg.file, span: (reg.call.callee as JsNode).span };
          const p = portOf(r, reg.handlers[0], reg.file);
          if (p) listen = { port: p.port, where: { file: p.file, span: p.span } };
          // listen(port, host) / listen({ port, host }): Node binds every interface unless given a host.
          const first = unwrap(reg.handlers[0]);
          const hostNode =
            first?.type === 'ObjectExpression'
              ? first.properties.find((x): x is t.ObjectProperty => x.type === 'ObjectProperty' && propName(x.key, x.computed) === 'host')?.value
              : unwrap(reg.handlers[1]);
          const host = hostNode ? stringValue(hostNode as t.Node) : undefined;
          if (hostNode && host !== undefined) listenHost = { host, where: { file: reg.file, span: (hostNode as JsNode).span }, written: true };
        }
      }
    };
    const routesByRoot = new Map<Host, Route[]>();
    for (const root of roots) {
      const before = routes.length;
      collect(root, '', 0);
      routesByRoot.set(root, routes.slice(before));
    }
    // Routers whose mount we could not follow: their routes exist, but not at a known path.
    for (const h of regsByHost.keys()) {
      if (visited.has(h)) continue;
      const hasRoutes = (regsByHost.get(h) ?? []).some((reg) => reg.method && (HTTP_VERBS.has(reg.method) || reg.method === 'route'));
      if (!hasRoutes) continue;
      complete = false;
      collect(h, '', 0);
    }
    const nest = nestRoutes(r, g.files.map((f) => f.path));
    if (nest.length || roots.some((h) => h.kind === 'nest-app')) {
      for (const nr of nest) routes.push({ ...nr, path: joinRoute(globalPrefix ? `/${globalPrefix.replace(/^\/+/, '')}` : '', nr.path) });
    }

    const serverTimeouts: NonNullable<AppInfo['serverTimeouts']> = {};
    for (const f of g.files)
      for (const st of r.factsOf(f.path)?.serverTimeouts ?? []) {
        const prev = serverTimeouts[st.name];
        // Two different values in one app: which one the server gets is not known.
        serverTimeouts[st.name] = prev && prev.ms !== st.ms ? { ms: undefined, where: prev.where } : { ms: st.ms, where: { file: f.path, span: st.span } };
      }
    const pkg = g.pkg;
    const fws = pkg?.frameworks ?? {};
    let framework: Framework | undefined = fws.nestjs ? 'nestjs' : fws.express ? 'express' : fws.koa ? 'koa' : fws.fastify ? 'fastify' : fws.next ? 'next' : undefined;
    framework ??= roots[0] ? frameworkOf(roots[0]) : undefined;
    if (!framework && !routes.length) continue;
    if (!roots.length && !nest.length) complete = false;
    if (framework === 'next') complete = false;
    const dep = framework === 'nestjs' ? fws.nestjs : framework === 'express' ? fws.express : framework === 'koa' ? fws.koa : framework === 'fastify' ? fws.fastify : framework === 'next' ? fws.next : undefined;
    const info: AppInfo = {
      dir,
      framework,
      ...(dep?.major !== undefined ? { frameworkVersion: dep.major } : {}),
      routes,
      routesComplete: complete,
      ...(listen ? { listenPort: listen } : {}),
      ...(listenHost ? { listenHost } : {}),
      ...(listenCall ? { listenCall } : {}),
      ...(Object.keys(serverTimeouts).length ? { serverTimeouts } : {}),
    };
    const detail: JsAppDetail = { info, pkg, files: g.files.map((f) => f.path), imports, roots, routesByRoot, registrations };
    apps.push(detail);
    for (const f of g.files) byFile.set(f.path, detail);
  }
  return { apps, byFile, byCall };
}

const NEST_VERBS: Record<string, string> = { Get: 'GET', Post: 'POST', Put: 'PUT', Delete: 'DELETE', Patch: 'PATCH', Head: 'HEAD', Options: 'OPTIONS', All: '*' };

/** NestJS `@Controller('prefix')` classes and their `@Get(':id')`-style methods. */
function nestRoutes(r: Resolver, files: string[]): Route[] {
  const routes: Route[] = [];
  for (const path of files) {
    const facts = r.factsOf(path);
    if (!facts || !facts.imports.has('@nestjs/common')) continue;
    for (const stmt of facts.file.root.program.body) {
      const cls = (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration' ? stmt.declaration : stmt) as t.Node | null;
      if (!cls || cls.type !== 'ClassDeclaration') continue;
      const ctrl = cls.decorators?.find((d) => d.expression.type === 'CallExpression' && memberPath(d.expression.callee)?.join('.') === 'Controller');
      if (!ctrl) continue;
      const arg = (ctrl.expression as t.CallExpression).arguments[0];
      const prefix = arg ? (stringValue(arg) ?? (arg.type === 'ObjectExpression' ? nestPathProp(arg) : undefined)) : '';
      if (prefix === undefined) continue;
      for (const member of cls.body.body) {
        if (member.type !== 'ClassMethod') continue;
        for (const d of member.decorators ?? []) {
          if (d.expression.type !== 'CallExpression') continue;
          const name = memberPath(d.expression.callee)?.join('.');
          const verb = name ? NEST_VERBS[name] : undefined;
          if (!verb) continue;
          const sub = d.expression.arguments[0] ? stringValue(d.expression.arguments[0]) : '';
          if (sub === undefined) continue;
          routes.push({ method: verb, path: joinRoute(joinRoute('', prefix), sub), framework: 'nestjs', where: { file: path, span: (member.key as JsNode).span } });
        }
      }
    }
  }
  return routes;
}

function nestPathProp(obj: t.ObjectExpression): string | undefined {
  for (const p of obj.properties) if (p.type === 'ObjectProperty' && propName(p.key, p.computed) === 'path') return stringValue(p.value);
  return undefined;
}

function index(model: ProjectModel): AppsIndex {
  return model.memo('js:apps', () => buildApps(model));
}

/** Apps found in the run's JavaScript/TypeScript, one per package directory. */
export function jsApps(model: ProjectModel): AppInfo[] {
  return model.memo('js:app-infos', () => index(model).apps.map((a) => a.info));
}

export function jsAppDetails(model: ProjectModel): JsAppDetail[] {
  return index(model).apps;
}

export function appOfFile(model: ProjectModel, path: string): JsAppDetail | undefined {
  return index(model).byFile.get(path);
}

/** The registration a call expression makes, if it is one. */
export function registrationAt(model: ProjectModel, call: JsNode): Registration | undefined {
  return index(model).byCall.get(call);
}

/**
 * What runs inside an image: the application whose sources sit in the image's build context, the
 * environment it starts with, the port it listens on and its own request timeout. Everything is read
 * from the families' models (apps, Spring configuration, Tomcat connectors, Dockerfile facts); the
 * only new reading is a look at the words right before a port literal, to see that it is an
 * environment variable's fallback (`process.env.PORT || 3000`).
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { AppInfo, SourceRef } from '../app/types.js';
import { dockerModel, type DockerImageFacts } from '../dockerfile/model.js';
import { javaApps } from '../java/apps.js';
import { jsApps } from '../js/model.js';
import type { SpringConfig, SpringEntry } from '../properties/index.js';
import { resolveEntries, springServer } from '../properties/spring-model.js';
import { uniformKey } from '../properties/relaxed.js';
import { pythonApps } from '../python/apps.js';
import { stringValue } from '../python/ast.js';
import { portFromBind } from '../python/manifest.js';
import type { TsNode } from '../treesitter/index.js';
import { springBase, type JvmConnector } from '../xml/model.js';
import type { Container } from '../yaml/objects.js';
import { serverInCommand, type EnvLookup } from './app-server.js';
import { effectiveRuntime, k8sOverrides, type Located, type Runtime, type Word } from './effective.js';
import { isPublicImage, parseImageName, type AppBuildLink } from './images.js';

export type { Located, Runtime, Word } from './effective.js';

export type AppKind = 'js' | 'python' | 'java';

export interface SpringView {
  files: string[];
  entries: Map<string, SpringEntry>;
  fileOf(e: SpringEntry): string;
  connector: JvmConnector;
  active: string[];
}

export interface LinkedApp {
  info: AppInfo;
  kind: AppKind;
  /** Spring Boot configuration found in the same build context. */
  spring?: SpringView;
}

function within(dir: string, context: string): boolean {
  return context === '' || dir === context || dir.startsWith(`${context}/`);
}

/** Every app of the run with its family. */
export function allApps(model: ProjectModel): { info: AppInfo; kind: AppKind }[] {
  return model.memo('cross:apps', () => {
    const out: { info: AppInfo; kind: AppKind }[] = [];
    for (const a of jsApps(model)) out.push({ info: a, kind: 'js' });
    for (const a of pythonApps(model)) out.push({ info: a, kind: 'python' });
    for (const a of javaApps(model)) out.push({ info: a, kind: 'java' });
    return out;
  });
}

/** Spring configuration roots by base directory (`…/src/main/resources`), deployed ones only. */
function springGroups(model: ProjectModel): Map<string, ParsedFile<'spring'>[]> {
  return model.memo('cross:spring-groups', () => {
    const out = new Map<string, ParsedFile<'spring'>[]>();
    for (const f of model.filesOf('spring')) {
      if (!f.root || f.root.test) continue;
      const dir = springBase(f.path);
      const list = out.get(dir) ?? [];
      list.push(f);
      out.set(dir, list);
    }
    return out;
  });
}

/** The Spring configuration of the one Spring app in `context`, with the profiles `active`. */
export function springIn(model: ProjectModel, context: string, active: readonly string[] = []): SpringView | undefined {
  const dirs = [...springGroups(model).keys()].filter((d) => within(d, context));
  if (dirs.length !== 1) return undefined;
  const files = springGroups(model).get(dirs[0]!)!;
  const roots: SpringConfig[] = files.map((f) => f.root);
  const entries = resolveEntries(roots, active);
  const paths = new Map<SpringEntry, string>();
  for (const r of roots) for (const d of r.documents) for (const e of d.entries) paths.set(e, r.file);
  return { files: files.map((f) => f.path), entries, fileOf: (e) => paths.get(e) ?? files[0]!.path, connector: springServer(roots, active).connector, active: [...active] };
}

/**
 * The app built into an image whose context is `context`: exactly one app with a known framework
 * in the context (or, for a context at the root, in the whole run). Several candidates: none.
 */
export function appIn(model: ProjectModel, context: string, runtime?: Runtime): LinkedApp | undefined {
  const apps = allApps(model).filter((a) => within(a.info.dir, context) && (a.info.framework || a.info.routes.length || a.info.listenPort));
  if (apps.length !== 1) return undefined;
  const a = apps[0]!;
  const profiles = runtime?.env.get('SPRING_PROFILES_ACTIVE')?.value.split(',').map((p) => p.trim()).filter(Boolean) ?? [];
  const spring = a.kind === 'java' ? springIn(model, context, profiles) : undefined;
  return { ...a, ...(spring ? { spring } : {}) };
}

// ---------------------------------------------------------------------------------------------
// Images built from an app without a Dockerfile

interface DeclaredName {
  name: string;
  /** `package.json name`, `Maven artifactId`, `Jib to.image`, `pyproject name`. */
  what: string;
  file: string;
  span: Span;
}

/** The text with the matches of `re` blanked out (same length, line breaks kept), so offsets stay exact. */
function blank(text: string, re: RegExp): string {
  return text.replace(re, (m) => m.replace(/[^\n\r]/g, ' '));
}

function join(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}

/** The names an app declares for itself, which a Jib, buildpacks or npm build gives its image by default. */
function declaredNames(model: ProjectModel, dir: string): DeclaredName[] {
  const out: DeclaredName[] = [];
  const pkgPath = join(dir, 'package.json');
  const pkg = model.text(pkgPath);
  if (pkg !== undefined) {
    let name: unknown;
    try {
      name = (JSON.parse(pkg) as { name?: unknown }).name;
    } catch {
      name = undefined;
    }
    const full = typeof name === 'string' ? name : undefined;
    const m = full ? new RegExp(`"name"\\s*:\\s*"(${full.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')})"`).exec(pkg) : null;
    if (full && m) {
      const bare = full.replace(/^@[^/]+\//, '');
      const at = m.index + m[0].length - 1 - bare.length;
      out.push({ name: bare, what: 'package.json name', file: pkgPath, span: { start: at, end: at + bare.length } });
    }
  }
  const pomPath = join(dir, 'pom.xml');
  const pom = model.text(pomPath);
  if (pom !== undefined) {
    const own = blank(blank(pom, /<!--[\s\S]*?-->/g), /<(parent|dependencies|dependencyManagement|build|profiles|reporting|modules)\b[\s\S]*?<\/\1>/g);
    const a = /<artifactId>\s*([\w.-]+)\s*<\/artifactId>/.exec(own);
    if (a) {
      const at = a.index + a[0].indexOf(a[1]!);
      out.push({ name: a[1]!, what: 'Maven artifactId', file: pomPath, span: { start: at, end: at + a[1]!.length } });
    }
    const jib = /<to>\s*<image>\s*([^<\s]+)\s*<\/image>/.exec(blank(pom, /<!--[\s\S]*?-->/g));
    const jibName = jib ? parseImageName(jib[1]!)?.name : undefined;
    if (jib && jibName) {
      const at = jib.index + jib[0].indexOf(jib[1]!);
      out.push({ name: jibName, what: 'Jib to.image', file: pomPath, span: { start: at, end: at + jib[1]!.length } });
    }
  }
  const pyPath = join(dir, 'pyproject.toml');
  const py = model.text(pyPath);
  if (py !== undefined) {
    let section = '';
    let offset = 0;
    for (const line of py.split(/(?<=\n)/)) {
      const h = /^\s*\[([^\]]+)\]/.exec(line);
      if (h) section = h[1]!.trim();
      const m = section === 'project' || section === 'tool.poetry' ? /^\s*name\s*=\s*["']([^"']+)["']/.exec(line) : null;
      if (m) {
        const at = offset + m[0].length - 1 - m[1]!.length;
        out.push({ name: m[1]!, what: 'pyproject name', file: pyPath, span: { start: at, end: at + m[1]!.length } });
        break;
      }
      offset += line.length;
    }
  }
  return out;
}

/** Names compared the way registries and package indexes fold them: case, `_` and `.` do not matter. */
function foldName(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}

/**
 * The app an image is built from when no Dockerfile builds it: the one app whose declared name
 * (package.json `name`, Maven `artifactId` or Jib `to.image`, pyproject `name`) is the image's name,
 * or else the only app of a run that has no Dockerfile at all. Public images are never linked.
 */
export function appImageLink(model: ProjectModel, ref: string): AppBuildLink | undefined {
  const n = parseImageName(ref);
  if (!n || isPublicImage(n)) return undefined;
  const what = `image "${ref.trim()}"`;
  const { byName, dirs, dockerfiles } = appNames(model);
  const hits = byName.get(foldName(n.name)) ?? [];
  if (hits.length === 1) {
    const { dir, d } = hits[0]!;
    return { context: dir, how: 'app-name', declared: { file: d.file, span: d.span }, assumption: `${what} is assumed to be built from the app in ${dir || '.'}/ without a Dockerfile (its name matches the ${d.what} "${d.name}")` };
  }
  if (hits.length > 1) return undefined;
  if (dirs.size === 1 && dockerfiles === 0) {
    const dir = [...dirs][0]!;
    return { context: dir, how: 'single-app', assumption: `${what} is assumed to be built from the app in ${dir || '.'}/ without a Dockerfile (the only app in the run, and no Dockerfile builds images)` };
  }
  return undefined;
}

/**
 * What `appImageLink` looks up, built once per run: the apps that serve, by each name they declare
 * (folded; the first declaration per app folder), their folders, and how many Dockerfiles build
 * images. Scanning every app and Dockerfile per container made large runs grow with their product.
 */
function appNames(model: ProjectModel): { byName: Map<string, { dir: string; d: DeclaredName }[]>; dirs: Set<string>; dockerfiles: number } {
  return model.memo('cross:app-names', () => {
    const apps = allApps(model).filter((a) => a.info.framework || a.info.routes.length || a.info.listenPort);
    const byName = new Map<string, { dir: string; d: DeclaredName }[]>();
    for (const a of apps)
      for (const d of declaredNames(model, a.info.dir)) {
        const key = foldName(d.name);
        const list = byName.get(key) ?? [];
        if (list.some((h) => h.dir === a.info.dir)) continue;
        list.push({ dir: a.info.dir, d });
        byName.set(key, list);
      }
    const dirs = new Set(apps.map((a) => a.info.dir));
    // A dev-container Dockerfile builds an editor environment, never the deployed image.
    const dockerfiles = dockerModel(model).images.filter((i) => !/(^|\/)\.devcontainer\//.test(i.path)).length;
    return { byName, dirs, dockerfiles };
  });
}

// ---------------------------------------------------------------------------------------------
// Runtime: environment and argv

/** The environment and argv a Kubernetes container starts with (see `effectiveRuntime`). */
export function runtimeOf(image: DockerImageFacts | undefined, container: Container | undefined): Runtime {
  return effectiveRuntime(image, container ? k8sOverrides(container) : undefined);
}

// ---------------------------------------------------------------------------------------------
// Listen port

const JS_ENV_FALLBACK = /process\.env(?:\.([A-Za-z_]\w*)|\[\s*['"]([A-Za-z_]\w*)['"]\s*\])\s*(?:\|\||\?\?)\s*\(?\s*$/;
const PY_ENV_FALLBACK = /(?:os\.environ\.get|os\.getenv|environ\.get|getenv)\(\s*['"]([A-Za-z_]\w*)['"]\s*,\s*$/;

/** The environment variable a literal at `span` is the fallback of, if any. */
export function envFallbackAt(text: string, span: Span): string | undefined {
  const before = text.slice(Math.max(0, span.start - 160), span.start);
  const m = JS_ENV_FALLBACK.exec(before);
  if (m) return m[1] ?? m[2];
  return PY_ENV_FALLBACK.exec(before)?.[1];
}

function portNumber(v: string): number | undefined {
  if (!/^\d{1,5}$/.test(v.trim())) return undefined;
  const n = Number(v.trim());
  return n > 0 && n < 65536 ? n : undefined;
}

/** `--server.port=9000` / `-Dserver.port=9000` in the start command. */
function springPortArg(argv: Word[]): Located<number> | undefined {
  for (const w of argv) {
    const m = /(?:^|\s)(?:--|-D)server\.port=(\d{1,5})\b/.exec(w.value);
    if (m) return { value: Number(m[1]), file: w.file, span: w.span, via: 'server.port argument' };
  }
  return undefined;
}

/** gunicorn `--bind` / `-b` in the start command. */
function gunicornBindArg(argv: Word[]): Located<number> | undefined {
  if (!argv.some((w) => /(^|\/)gunicorn$/.test(w.value) || /\bgunicorn\b/.test(w.value))) return undefined;
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i]!;
    let value: Word | undefined;
    if (w.value === '--bind' || w.value === '-b') value = argv[i + 1];
    else if (w.value.startsWith('--bind=')) value = { ...w, value: w.value.slice(7) };
    else if (/^-b\S/.test(w.value)) value = { ...w, value: w.value.slice(2) };
    const port = value ? portFromBind(value.value) : undefined;
    if (port !== undefined && value) return { value: port, file: value.file, span: value.span, via: 'gunicorn --bind' };
  }
  return undefined;
}

/**
 * The port the container's app listens on: the start command (gunicorn `--bind`, Spring
 * `--server.port`), the environment (`SERVER_PORT`, a `PORT` the code falls back from), then the
 * app's own configuration (`app.listen(3000)`, `server.port`, gunicorn.conf.py `bind`), then
 * Spring Boot's default 8080 for a Spring Boot app.
 */
export function listenPortOf(model: ProjectModel, app: LinkedApp | undefined, runtime: Runtime): Located<number> | undefined {
  const bind = gunicornBindArg(runtime.argv);
  if (bind) return bind;
  if (app?.spring) {
    const arg = springPortArg(runtime.argv);
    if (arg) return arg;
    const env = runtime.env.get('SERVER_PORT');
    const envPort = env ? portNumber(env.value) : undefined;
    if (env && envPort !== undefined) return { value: envPort, file: env.file, span: env.span, via: env.via };
    const entry = app.spring.entries.get(uniformKey('server.port'));
    if (entry) {
      const ph = /^\$\{([A-Za-z_][\w.]*)(?::\s*(\d{1,5}))?\s*\}$/.exec(entry.value.trim());
      if (ph) {
        const e = runtime.env.get(ph[1]!);
        const p = e ? portNumber(e.value) : undefined;
        if (e && p !== undefined) return { value: p, file: e.file, span: e.span, via: e.via };
        if (e || ph[2] === undefined) return undefined;
        return { value: Number(ph[2]), file: app.spring.fileOf(entry), span: entry.valueSpan, via: 'server.port' };
      }
      const p = portNumber(entry.value);
      return p !== undefined ? { value: p, file: app.spring.fileOf(entry), span: entry.valueSpan, via: 'server.port' } : undefined;
    }
  }
  const lp = app?.info.listenPort;
  if (lp) {
    const text = model.text(lp.where.file);
    const name = text !== undefined ? envFallbackAt(text, lp.where.span) : undefined;
    if (name) {
      const e = runtime.env.get(name);
      if (e) {
        const p = portNumber(e.value);
        return p !== undefined ? { value: p, file: e.file, span: e.span, via: e.via } : undefined;
      }
    }
    return { value: lp.port, file: lp.where.file, span: lp.where.span, via: app.kind === 'js' ? 'listen' : 'bind' };
  }
  if (app?.spring && app.kind === 'java' && app.info.frameworkVersion !== undefined && (app.info.framework === 'spring-mvc' || app.info.framework === 'spring-webflux')) {
    const c = app.spring.connector;
    if (!c.file) return undefined;
    return { value: 8080, file: c.file, span: c.anchor, via: 'Spring Boot default' };
  }
  return undefined;
}

/** Spring Boot `management.server.port`, where Actuator listens when it is set. */
export function managementPortOf(app: LinkedApp | undefined): Located<number> | undefined {
  const e = app?.spring?.entries.get(uniformKey('management.server.port'));
  const p = e ? portNumber(e.value) : undefined;
  return e && p !== undefined ? { value: p, file: app!.spring!.fileOf(e), span: e.valueSpan, via: 'management.server.port' } : undefined;
}

// ---------------------------------------------------------------------------------------------
// Request timeout

export interface AppTimeout {
  seconds: number;
  /** `gunicorn --timeout`, `gunicorn timeout`. */
  setting: string;
  raw: string;
  file: string;
  span: Span;
}

export function pyNumber(n: TsNode | undefined): number | undefined {
  if (!n || (n.type !== 'integer' && n.type !== 'float')) return undefined;
  const v = Number(n.text);
  return Number.isFinite(v) ? v : undefined;
}

/** Top-level `name = value` assignments of the gunicorn config files (`gunicorn*.py`) of a build context. */
function gunicornConfAssignments(model: ProjectModel, context: string, name: string): { file: string; value: TsNode }[] {
  const out: { file: string; value: TsNode }[] = [];
  for (const f of model.filesOf('python')) {
    if (!f.root || !/(^|\/)gunicorn[\w.-]*\.py$/.test(f.path) || !within(f.path.slice(0, Math.max(0, f.path.lastIndexOf('/'))), context)) continue;
    for (const s of f.root.namedChildren) {
      const a = s.type === 'expression_statement' ? s.namedChildren[0] : undefined;
      const right = a?.type === 'assignment' && a.child('left')?.text === name ? a.child('right') : undefined;
      if (right) out.push({ file: f.path, value: right });
    }
  }
  return out;
}

/** `timeout = 120` in a gunicorn config file of the context. */
function gunicornConfTimeout(model: ProjectModel, context: string): AppTimeout | undefined {
  const hits: AppTimeout[] = [];
  for (const { file, value } of gunicornConfAssignments(model, context, 'timeout')) {
    const v = pyNumber(value);
    if (v !== undefined) hits.push({ seconds: v, setting: 'gunicorn timeout', raw: value.text, file, span: { start: value.span.start, end: value.span.end } });
  }
  return hits.length === 1 ? hits[0] : undefined;
}

/** `bind = "127.0.0.1:8000"` (or the first of a list) in the one gunicorn config file of the context. */
export function gunicornConfBind(model: ProjectModel, context: string): Located<string> | undefined {
  const hits = gunicornConfAssignments(model, context, 'bind');
  if (hits.length !== 1) return undefined;
  let v: TsNode | undefined = hits[0]!.value;
  if (v.type === 'list' || v.type === 'tuple') v = v.namedChildren.length === 1 ? v.namedChildren[0] : undefined;
  const text = v ? stringValue(v) : undefined;
  return v && text !== undefined ? { value: text, file: hits[0]!.file, span: { start: v.span.start, end: v.span.end }, via: 'gunicorn.conf.py bind' } : undefined;
}

/** gunicorn `--timeout` / `-t` in the start command. */
function gunicornTimeoutArg(argv: Word[], image: DockerImageFacts | undefined): AppTimeout | undefined {
  if (argv.some((w) => /\bgunicorn\b/.test(w.value))) {
    for (let i = 0; i < argv.length; i++) {
      const w = argv[i]!;
      let value: Word | undefined;
      if (w.value === '--timeout' || w.value === '-t') value = argv[i + 1];
      else if (w.value.startsWith('--timeout=')) value = { ...w, value: w.value.slice(10) };
      if (value && /^\d+(\.\d+)?$/.test(value.value)) return { seconds: Number(value.value), setting: 'gunicorn --timeout', raw: value.value, file: value.file, span: value.span };
    }
  }
  const t = image?.gunicorn?.timeout;
  if (t && image && /^\d+(\.\d+)?$/.test(t.value)) return { seconds: Number(t.value), setting: 'gunicorn --timeout', raw: t.value, file: image.path, span: t.span };
  return undefined;
}

/**
 * The request timeout the app itself sets, when written: gunicorn's `--timeout` (command line over
 * gunicorn.conf.py). Defaults are not used: where a platform default is the only value, nothing was
 * decided that a proxy could contradict. Tomcat's `connectionTimeout` (Spring Boot
 * `server.tomcat.connection-timeout`) is not one: it bounds the wait for the request line of a new
 * connection and the idle time between keep-alive requests, not the time a request may take.
 */
export function appTimeoutOf(model: ProjectModel, context: string, app: LinkedApp | undefined, runtime: Runtime, image: DockerImageFacts | undefined): AppTimeout | undefined {
  const g = gunicornTimeoutArg(runtime.argv, image) ?? (app?.kind === 'python' || !app ? gunicornConfTimeout(model, context) : undefined);
  return g && g.seconds > 0 ? g : undefined;
}

export type { SourceRef };

/**
 * A limit that kills the worker serving a request while it still works on it: gunicorn's `timeout`
 * for the sync worker class (written, or its documented default of 30 s), uWSGI's `--harakiri`. The
 * proxy in front then gets a closed connection: 502. Undefined when the server or its settings are
 * not fully known (a gunicorn config file that cannot be read, `GUNICORN_CMD_ARGS`), and for
 * gunicorn's other worker classes, whose timeout is a heartbeat and does not bound a request.
 */
export interface WorkerLimit extends AppTimeout {
  /** gunicorn's default, nothing written. */
  defaulted: boolean;
}

const GUNICORN_DEFAULT_TIMEOUT = 30;

export function confValue(model: ProjectModel, context: string, name: string): { file: string; value: TsNode } | 'unknown' | undefined {
  const hits = gunicornConfAssignments(model, context, name);
  if (hits.length > 1) return 'unknown';
  return hits[0];
}

/** Whether a gunicorn config file sits in the context (gunicorn reads `gunicorn.conf.py` from its working directory). */
export function hasGunicornConf(model: ProjectModel, context: string): boolean {
  return model.filesOf('python').some((f) => /(^|\/)gunicorn[\w.-]*\.py$/.test(f.path) && within(f.path.slice(0, Math.max(0, f.path.lastIndexOf('/'))), context));
}

export function workerLimitOf(model: ProjectModel, context: string, runtime: Runtime): WorkerLimit | undefined {
  const env: EnvLookup = (name) => {
    const e = runtime.env.get(name);
    return e ? { value: e.value, file: e.file, span: e.span, via: e.via } : undefined;
  };
  const s = serverInCommand(runtime.argv, (f) => model.text(f), env);
  if (!s) return undefined;
  if (s.kind === 'uwsgi') return s.timeout && s.timeout.value > 0 ? { seconds: s.timeout.value, setting: 'uWSGI --harakiri', raw: String(s.timeout.value), file: s.timeout.file, span: s.timeout.span, defaulted: false } : undefined;
  if (s.kind !== 'gunicorn' || env('GUNICORN_CMD_ARGS')) return undefined;
  const conf = hasGunicornConf(model, context);
  if (s.config && !conf) return undefined;
  const wc = s.workerClass?.value ?? (conf ? confValue(model, context, 'worker_class') : undefined);
  const threads = s.threads?.value ?? (conf ? confValue(model, context, 'threads') : undefined);
  if (wc === 'unknown' || threads === 'unknown') return undefined;
  const cls = typeof wc === 'string' ? wc : wc ? stringValue(wc.value) : 'sync';
  const th = typeof threads === 'number' ? threads : threads ? pyNumber(threads.value) : 1;
  // More than one thread turns the sync worker into gthread (gunicorn's `threads` setting).
  if (cls === undefined || th === undefined || !/^(sync|gunicorn\.workers\.sync\.SyncWorker)$/.test(cls) || th > 1) return undefined;
  if (s.timeout) return s.timeout.value > 0 ? { seconds: s.timeout.value, setting: 'gunicorn --timeout', raw: String(s.timeout.value), file: s.timeout.file, span: s.timeout.span, defaulted: false } : undefined;
  const t = conf ? confValue(model, context, 'timeout') : undefined;
  if (t === 'unknown') return undefined;
  if (t) {
    const v = pyNumber(t.value);
    return v !== undefined && v > 0 ? { seconds: v, setting: 'gunicorn timeout', raw: t.value.text, file: t.file, span: { start: t.value.span.start, end: t.value.span.end }, defaulted: false } : undefined;
  }
  return { seconds: GUNICORN_DEFAULT_TIMEOUT, setting: 'gunicorn timeout', raw: 'default', file: s.program.file, span: s.program.span, defaulted: true };
}

/**
 * docker-compose projects with positions. A project is a folder's compose files as `docker compose`
 * reads them without `-f`: the first of `compose.yaml`, `compose.yml`, `docker-compose.yaml`,
 * `docker-compose.yml`, then its override file (`compose.override.yaml`, …). Any other compose file
 * of the folder (`docker-compose.prod.yml`) is a variant: the base file with that one merged over
 * it, as `docker compose -f base -f other` reads it.
 *
 * Files are merged with the Compose specification's rules (compose-spec, "Merge and override"):
 * mappings merge key by key, `command`, `entrypoint` and `healthcheck.test` are replaced, `ports` and
 * `expose` are appended, `environment` and `depends_on` merge by name, `volumes` by target path.
 * Every value keeps the file and span it came from. Pure: file texts in, projects out.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { joinPath } from '../yaml/model.js';
import type { CmdWord } from './app-server.js';

export interface Val<T> {
  value: T;
  file: string;
  span: Span;
}

export interface ComposePort {
  /** The published host port (undefined when only the container port is given). */
  published?: number;
  /** The container port. */
  target?: number;
  /** The host address it is published on (`127.0.0.1:8080:80`). */
  hostIp?: string;
  file: string;
  span: Span;
}

export interface ComposeVolume {
  source?: string;
  target: string;
  file: string;
  span: Span;
}

export interface ComposeDependency {
  name: string;
  /** `service_started` (the default), `service_healthy`, `service_completed_successfully`. */
  condition?: string;
  file: string;
  span: Span;
}

export interface ComposeHealthcheck {
  /** `["CMD", "curl", …]`, `["CMD-SHELL", "…"]`, a string (shell), or `["NONE"]`. */
  test?: CmdWord[];
  disabled: boolean;
  file: string;
  span: Span;
}

export interface ComposeServiceModel {
  name: string;
  /** The file and span of the service's first definition (its name key). */
  file: string;
  span: Span;
  image?: Val<string>;
  build?: {
    context: string;
    dockerfile: string;
    target?: string;
    /** Build arguments (map or list form): a literal value, or undefined when interpolated or taken from the environment. */
    args?: Record<string, string | undefined>;
    file: string;
    /** From the `build` key to the end of its value. */
    span: Span;
    /** The value as written (an alias such as `*build` keeps its own span). */
    valueSpan: Span;
  };
  /** The service has a `build:` key, whatever it builds (also a remote context or an inline Dockerfile). */
  buildDeclared?: boolean;
  /** `mem_limit`, else `deploy.resources.limits.memory`, as written. */
  memoryLimit?: Val<string>;
  /** The service's value is not a mapping (`web:` with nothing under it). */
  bare?: boolean;
  /** Exec words; a string command is one word with `shell: true`. */
  command?: { words: CmdWord[]; shell: boolean; file: string; span: Span };
  entrypoint?: { words: CmdWord[]; shell: boolean; file: string; span: Span };
  ports: ComposePort[];
  expose: Val<number>[];
  environment: Map<string, Val<string | undefined>>;
  /** `labels` (map or `KEY=VALUE` list), merged by name like `environment`. */
  labels: Map<string, Val<string | undefined>>;
  envFiles: Val<string>[];
  user?: Val<string>;
  healthcheck?: ComposeHealthcheck;
  dependsOn: ComposeDependency[];
  restart?: Val<string>;
  volumes: ComposeVolume[];
  containerName?: Val<string>;
  /** Network aliases (`networks: { front: { aliases: [api] } }`) and `links` aliases. */
  aliases: string[];
  networkMode?: string;
  /** Files that define or override the service. */
  files: string[];
}

export interface ComposeProject {
  /** The folder, relative to the run ('' for the root). */
  dir: string;
  /** A service joins a network declared `external: true`: hosts of other projects are reachable by name. */
  externalNetworks: boolean;
  /** The files merged, in order. */
  files: string[];
  services: Map<string, ComposeServiceModel>;
}

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
const OVERRIDE_NAMES = ['compose.override.yaml', 'compose.override.yml', 'docker-compose.override.yaml', 'docker-compose.override.yml'];

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path written in a compose file, relative to the run; absolute paths stay as they are. */
export function joinRel(base: string, rel: string): string {
  return rel.startsWith('/') ? rel.replace(/^\/+/, '/') : joinPath(base, rel);
}

/** `${VAR:-default}` → default; other interpolations leave the value unknown. */
export function interpolate(v: string): string | undefined {
  const out = v.replace(/\$\{[A-Za-z_]\w*:?-([^}]*)\}/g, '$1');
  // `$$` is a literal dollar sign; any other `$` is a variable whose value is not known here.
  if (/\$(?!\$)/.test(out.replace(/\$\$/g, ''))) return undefined;
  return out.replace(/\$\$/g, '$');
}

interface Ctx {
  doc: Document;
  file: string;
}

function deref(c: Ctx, n: unknown): unknown {
  return isAlias(n) ? n.resolve(c.doc) : n;
}

function get(c: Ctx, map: unknown, key: string): YamlNode | undefined {
  const m = deref(c, map);
  if (!isMap(m)) return undefined;
  return (deref(c, (m as YAMLMap).get(key, true)) as YamlNode | undefined) ?? undefined;
}

/** Pairs of a map, `<<` merge keys expanded (explicit keys win); `written` is the value before aliases are resolved. */
function pairs(c: Ctx, map: unknown): { key: string; keyNode: YamlNode; value: YamlNode | undefined; written: YamlNode | undefined }[] {
  const m = deref(c, map);
  if (!isMap(m)) return [];
  const out: { key: string; keyNode: YamlNode; value: YamlNode | undefined; written: YamlNode | undefined }[] = [];
  const seen = new Set<string>();
  const merges: unknown[] = [];
  for (const p of m.items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const k = String(p.key.value);
    if (k === '<<') {
      const v = deref(c, p.value);
      if (isSeq(v)) merges.push(...v.items.map((x) => deref(c, x)));
      else merges.push(v);
      continue;
    }
    seen.add(k);
    out.push({ key: k, keyNode: p.key as YamlNode, value: (deref(c, p.value) as YamlNode | undefined) ?? undefined, written: (p.value as YamlNode | null) ?? undefined });
  }
  for (const mm of merges)
    for (const p of pairs(c, mm))
      if (!seen.has(p.key)) {
        seen.add(p.key);
        out.push(p);
      }
  return out;
}

function spanOf(n: YamlNode | undefined | null, fallback: Span = { start: 0, end: 0 }): Span {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

function text(n: YamlNode | undefined): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function val(c: Ctx, n: YamlNode | undefined): Val<string> | undefined {
  const t = text(n);
  return t === undefined ? undefined : { value: t, file: c.file, span: spanOf(n) };
}

function words(c: Ctx, n: YamlNode | undefined): { words: CmdWord[]; shell: boolean; file: string; span: Span } | undefined {
  if (!n) return undefined;
  if (isSeq(n)) {
    const ws = n.items.map((x) => deref(c, x) as YamlNode).filter((x) => text(x) !== undefined).map((x) => ({ value: text(x)!, file: c.file, span: spanOf(x) }));
    return { words: ws, shell: false, file: c.file, span: spanOf(n) };
  }
  const t = text(n);
  return t === undefined ? undefined : { words: [{ value: t, file: c.file, span: spanOf(n) }], shell: true, file: c.file, span: spanOf(n) };
}

function portNumber(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d{1,5}$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 && n < 65536 ? n : undefined;
}

/** `"8080:80"`, `"127.0.0.1:8080:80/tcp"`, `80`, `"3000-3005"`, or the long form. */
function readPort(c: Ctx, n: YamlNode): ComposePort | undefined {
  const span = spanOf(n);
  if (isMap(n)) {
    const target = portNumber(interpolate(text(get(c, n, 'target')) ?? ''));
    const published = portNumber(interpolate(text(get(c, n, 'published')) ?? ''));
    const hostIp = text(get(c, n, 'host_ip'));
    return { ...(target ? { target } : {}), ...(published ? { published } : {}), ...(hostIp ? { hostIp } : {}), file: c.file, span };
  }
  const raw = text(n);
  const t = raw !== undefined ? interpolate(raw) : undefined;
  if (t === undefined) return { file: c.file, span };
  const noProto = t.replace(/\/(tcp|udp|sctp)$/, '');
  const m = /^(?:(\[[^\]]+\]|[\d.]+|[\w.-]+):)?(?:(\d+(?:-\d+)?):)?(\d+(?:-\d+)?)$/.exec(noProto);
  if (!m) return { file: c.file, span };
  const first = (x: string | undefined) => (x ? portNumber(x.split('-')[0]) : undefined);
  // `a:b` with a number first is published:target; a non-number first is a host IP with one port.
  let hostIp = m[1]?.replace(/^\[|\]$/g, '');
  let published = first(m[2]);
  if (hostIp !== undefined && m[2] === undefined && /^\d+$/.test(hostIp)) {
    published = portNumber(hostIp);
    hostIp = undefined;
  }
  const target = first(m[3]);
  return { ...(target ? { target } : {}), ...(published ? { published } : {}), ...(hostIp ? { hostIp } : {}), file: c.file, span };
}

/** A value without interpolation (`${REGISTRY}/api` is not known here), trimmed; undefined when empty. */
export function literal(v: string | undefined): string | undefined {
  return v !== undefined && !/[${}]/.test(v) && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Build arguments as Compose (and skaffold) write them: a map (`NAME: value`) or a list (`- NAME=value`,
 * `- NAME` to pass the variable of the environment). An interpolated value is undefined.
 */
export function buildArgs(n: unknown, resolve: (x: unknown) => unknown): Record<string, string | undefined> | undefined {
  const node = resolve(n);
  const out: Record<string, string | undefined> = {};
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? text(pair.key as YamlNode) : undefined;
      if (key === undefined) continue;
      const v = resolve(pair.value);
      out[key] = v === null || v === undefined ? undefined : literal(stringText(v as YamlNode));
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const t = stringText(resolve(item) as YamlNode);
      if (t === undefined) continue;
      const eq = t.indexOf('=');
      if (eq < 0) out[t.trim()] = undefined;
      else out[t.slice(0, eq).trim()] = literal(t.slice(eq + 1));
    }
  } else return undefined;
  return out;
}

/** A string or number scalar's text (booleans are not build-argument values). */
function stringText(n: YamlNode | undefined): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** A compose `KEY: value` map or `KEY=VALUE` list (`environment`, `labels`) into `into`, with value spans. */
function readKeyValues(c: Ctx, value: YamlNode | undefined, into: Map<string, Val<string | undefined>>): void {
  if (isMap(value)) for (const p of pairs(c, value)) into.set(p.key, { value: text(p.value), file: c.file, span: spanOf(p.value, spanOf(p.keyNode)) });
  else if (isSeq(value))
    for (const it of value.items) {
      const n = deref(c, it) as YamlNode;
      const t = text(n);
      if (t === undefined) continue;
      const eq = t.indexOf('=');
      const sp = spanOf(n);
      if (eq < 0) into.set(t, { value: undefined, file: c.file, span: sp });
      else {
        const quoted = c.doc && isScalar(n) && n.type !== 'PLAIN' ? 1 : 0;
        into.set(t.slice(0, eq), { value: t.slice(eq + 1), file: c.file, span: { start: sp.start + quoted + eq + 1, end: sp.end - quoted } });
      }
    }
}

function readService(c: Ctx, name: string, keyNode: YamlNode, body: YamlNode | undefined, base: string): ComposeServiceModel {
  const s: ComposeServiceModel = { name, file: c.file, span: spanOf(keyNode), ports: [], expose: [], environment: new Map(), labels: new Map(), envFiles: [], dependsOn: [], volumes: [], aliases: [], files: [c.file] };
  if (!isMap(body)) s.bare = true;
  let memLimit: Val<string> | undefined;
  let deployMemory: Val<string> | undefined;
  for (const { key, keyNode: k, value, written } of pairs(c, body)) {
    switch (key) {
      case 'image': {
        const v = val(c, value);
        if (v) s.image = v;
        break;
      }
      case 'build': {
        s.buildDeclared = true;
        let context: string | undefined;
        let dockerfile = 'Dockerfile';
        let target: string | undefined;
        let args: Record<string, string | undefined> | undefined;
        if (isScalar(value)) context = interpolate(text(value) ?? '');
        else if (isMap(value)) {
          context = interpolate(text(get(c, value, 'context')) ?? '.');
          dockerfile = interpolate(text(get(c, value, 'dockerfile')) ?? 'Dockerfile') ?? 'Dockerfile';
          target = text(get(c, value, 'target'));
          args = buildArgs(get(c, value, 'args'), (x) => deref(c, x));
          if (get(c, value, 'dockerfile_inline')) context = undefined;
        }
        if (context !== undefined && !/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@')) {
          const ctx = joinRel(base, context);
          s.build = { context: ctx, dockerfile: joinRel(ctx, dockerfile), ...(target ? { target } : {}), ...(args ? { args } : {}), file: c.file, span: { start: spanOf(k).start, end: spanOf(value, spanOf(k)).end }, valueSpan: spanOf(written ?? value, spanOf(k)) };
        }
        break;
      }
      case 'mem_limit':
        memLimit = val(c, value);
        break;
      case 'deploy':
        deployMemory = val(c, get(c, get(c, get(c, value, 'resources'), 'limits'), 'memory'));
        break;
      case 'command':
      case 'entrypoint': {
        const w = words(c, value);
        if (w) s[key] = w;
        break;
      }
      case 'ports':
        if (isSeq(value)) for (const it of value.items) {
          const p = readPort(c, deref(c, it) as YamlNode);
          if (p) s.ports.push(p);
        }
        break;
      case 'expose':
        if (isSeq(value)) for (const it of value.items) {
          const n = deref(c, it) as YamlNode;
          const p = portNumber(text(n)?.replace(/\/(tcp|udp)$/, '').split('-')[0]);
          if (p) s.expose.push({ value: p, file: c.file, span: spanOf(n) });
        }
        break;
      case 'environment':
        readKeyValues(c, value, s.environment);
        break;
      case 'labels':
        readKeyValues(c, value, s.labels);
        break;
      case 'env_file':
        for (const n of isSeq(value) ? value.items.map((x) => deref(c, x) as YamlNode) : [value]) {
          const v = val(c, isMap(n) ? get(c, n, 'path') : n);
          if (v) s.envFiles.push({ ...v, value: joinRel(base, v.value) });
        }
        break;
      case 'user': {
        const v = val(c, value);
        if (v) s.user = v;
        break;
      }
      case 'restart': {
        const v = val(c, value);
        if (v) s.restart = v;
        break;
      }
      case 'container_name': {
        const v = val(c, value);
        if (v) s.containerName = v;
        break;
      }
      case 'network_mode': {
        const v = text(value);
        if (v) s.networkMode = v;
        break;
      }
      case 'healthcheck': {
        const test = get(c, value, 'test');
        const w = words(c, test);
        const disabled = text(get(c, value, 'disable')) === 'true' || (w !== undefined && w.words[0]?.value === 'NONE');
        s.healthcheck = { ...(w ? { test: w.shell ? [{ value: 'CMD-SHELL', file: c.file, span: w.span }, ...w.words] : w.words } : {}), disabled, file: c.file, span: spanOf(k) };
        break;
      }
      case 'depends_on':
        if (isSeq(value)) for (const it of value.items) {
          const n = deref(c, it) as YamlNode;
          const t = text(n);
          if (t) s.dependsOn.push({ name: t, file: c.file, span: spanOf(n) });
        }
        else for (const p of pairs(c, value)) {
          const cond = text(get(c, p.value, 'condition'));
          s.dependsOn.push({ name: p.key, ...(cond ? { condition: cond } : {}), file: c.file, span: spanOf(p.keyNode) });
        }
        break;
      case 'volumes':
        if (isSeq(value)) for (const it of value.items) {
          const n = deref(c, it) as YamlNode;
          const sp = spanOf(n);
          if (isMap(n)) {
            const target = text(get(c, n, 'target'));
            const source = text(get(c, n, 'source'));
            if (target) s.volumes.push({ target, ...(source ? { source: volumeSource(base, source) } : {}), file: c.file, span: sp });
          } else {
            const t = text(n);
            if (!t) continue;
            const parts = t.split(':');
            if (parts.length === 1) s.volumes.push({ target: parts[0]!, file: c.file, span: sp });
            else s.volumes.push({ source: volumeSource(base, parts[0]!), target: parts[1]!, file: c.file, span: sp });
          }
        }
        break;
      case 'networks':
        for (const p of pairs(c, value)) {
          const al = get(c, p.value, 'aliases');
          if (isSeq(al)) for (const a of al.items) {
            const t = text(deref(c, a) as YamlNode);
            if (t) s.aliases.push(t);
          }
        }
        break;
      case 'links':
        if (isSeq(value)) for (const it of value.items) {
          const t = text(deref(c, it) as YamlNode);
          const alias = t?.split(':')[1];
          if (alias) s.aliases.push(alias);
        }
        break;
    }
  }
  const mem = memLimit ?? deployMemory;
  if (mem) s.memoryLimit = mem;
  return s;
}

/** A bind mount's source as a run-relative path (`./nginx/default.conf` → `nginx/default.conf`); a named volume stays a name. */
function volumeSource(base: string, source: string): string {
  const v = interpolate(source) ?? source;
  if (v.startsWith('.') || v.startsWith('/')) return v.startsWith('/') ? v : joinRel(base, v);
  return v.includes('/') ? joinRel(base, v) : v;
}

/** Merges `over` into `into` by the Compose specification's rules. */
function mergeService(into: ComposeServiceModel, over: ComposeServiceModel): ComposeServiceModel {
  const out: ComposeServiceModel = { ...into, environment: new Map(into.environment), files: [...into.files, over.file] };
  for (const k of ['image', 'build', 'buildDeclared', 'memoryLimit', 'command', 'entrypoint', 'user', 'restart', 'containerName', 'networkMode'] as const) if (over[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = over[k];
  if (over.healthcheck) out.healthcheck = into.healthcheck && !over.healthcheck.test ? { ...into.healthcheck, disabled: over.healthcheck.disabled || into.healthcheck.disabled } : over.healthcheck;
  out.ports = [...into.ports, ...over.ports];
  out.expose = [...into.expose, ...over.expose];
  for (const [k, v] of over.environment) out.environment.set(k, v);
  out.labels = new Map(into.labels);
  for (const [k, v] of over.labels) out.labels.set(k, v);
  out.envFiles = [...into.envFiles, ...over.envFiles];
  const deps = new Map(into.dependsOn.map((d) => [d.name, d]));
  for (const d of over.dependsOn) deps.set(d.name, d);
  out.dependsOn = [...deps.values()];
  const vols = new Map(into.volumes.map((v) => [v.target, v]));
  for (const v of over.volumes) vols.set(v.target, v);
  out.volumes = [...vols.values()];
  out.aliases = [...new Set([...into.aliases, ...over.aliases])];
  if (!over.bare) delete out.bare;
  return out;
}

export interface ComposeFile {
  path: string;
  /** The services this file defines, unmerged with other files (documents of one file merged in order). */
  services: Map<string, ComposeServiceModel>;
  /** Files pulled in by the top-level `include:` (run-relative), with the project directory their paths resolve against. */
  includes: { path: string; projectDirectory?: string }[];
  externalNetworks: boolean;
}

/** Every compose file of a run, read once: each file's own services, and the projects they form. */
export interface ComposeRead {
  /** By path, in the order the files were given. */
  files: Map<string, ComposeFile>;
  projects: ComposeProject[];
}

const MAX_DOCS = 50;

function parseDocs(source: string): Document[] {
  try {
    const docs = parseAllDocuments(source, { prettyErrors: false, uniqueKeys: false, merge: false }) as unknown as Document[];
    return Array.isArray(docs) ? docs.slice(0, MAX_DOCS) : [];
  } catch {
    return [];
  }
}

/** The top-level `include:` entries of a compose file. */
function includesOf(path: string, docs: Document[]): ComposeFile['includes'] {
  const out: ComposeFile['includes'] = [];
  const base = dirname(path);
  for (const doc of docs) {
    const c: Ctx = { doc, file: path };
    const inc = get(c, doc.contents, 'include');
    if (!isSeq(inc)) continue;
    for (const it of inc.items) {
      const n = deref(c, it) as YamlNode;
      const p = isMap(n) ? get(c, n, 'path') : n;
      const dir = isMap(n) ? text(get(c, n, 'project_directory')) : undefined;
      const projectDir = dir !== undefined ? interpolate(dir) : undefined;
      for (const x of isSeq(p) ? p.items.map((y) => deref(c, y) as YamlNode) : [p]) {
        const t = text(x);
        const v = t !== undefined ? interpolate(t) : undefined;
        if (v) out.push({ path: joinRel(base, v), ...(projectDir ? { projectDirectory: joinRel(base, projectDir) } : {}) });
      }
    }
  }
  return out;
}

/**
 * The services one compose file defines, unmerged, and the files it includes. Relative paths
 * resolve against `base`: the file's folder, or the `project_directory` of the `include:` that pulls
 * it in (Compose specification, "include").
 */
export function readComposeFile(path: string, source: string, base = dirname(path), docs = parseDocs(source)): ComposeFile {
  const out = new Map<string, ComposeServiceModel>();
  const file: ComposeFile = { path, services: out, includes: includesOf(path, docs), externalNetworks: false };
  for (const doc of docs) {
    const c: Ctx = { doc, file: path };
    for (const n of pairs(c, get(c, doc.contents, 'networks'))) if (text(get(c, n.value, 'external')) === 'true' || isMap(get(c, n.value, 'external'))) file.externalNetworks = true;
    const svcs = get(c, doc.contents, 'services');
    for (const p of pairs(c, svcs)) {
      if (!isMap(p.value) && p.value !== undefined && !(isScalar(p.value) && p.value.value === null)) continue;
      const s = readService(c, p.key, p.keyNode, p.value, base);
      const prev = out.get(p.key);
      out.set(p.key, prev ? mergeService(prev, s) : s);
    }
  }
  return file;
}

export function isCompose(path: string): boolean {
  return /^(docker-)?compose([\w.-]*)?\.ya?ml$/i.test(basename(path));
}

/**
 * The compose projects of a run: per folder, the default project (base file and its override) and
 * one variant per other compose file (the base file with it merged over).
 */
export function composeProjects(files: readonly { path: string; text: string }[]): ComposeProject[] {
  return readCompose(files).projects;
}

/** Reads every compose file of the run once (see `ComposeRead`). */
export function readCompose(files: readonly { path: string; text: string }[]): ComposeRead {
  const composeFiles = files.filter((f) => isCompose(f.path));
  const docs = new Map(composeFiles.map((f) => [f.path, parseDocs(f.text)]));
  // Files another compose file includes belong to that project, not to one of their own; their paths resolve against its project directory.
  const included = new Map<string, string | undefined>();
  for (const f of composeFiles) for (const i of includesOf(f.path, docs.get(f.path)!)) included.set(i.path, i.projectDirectory);
  const read = new Map<string, ComposeFile>();
  for (const f of composeFiles) read.set(f.path, readComposeFile(f.path, f.text, included.get(f.path) ?? dirname(f.path), docs.get(f.path)));
  const byDir = new Map<string, ComposeFile[]>();
  for (const f of read.values()) {
    const d = dirname(f.path);
    const list = byDir.get(d) ?? [];
    list.push(f);
    byDir.set(d, list);
  }
  const out: ComposeProject[] = [];
  const merge = (dir: string, list: ComposeFile[]): ComposeProject => {
    const services = new Map<string, ComposeServiceModel>();
    const paths: string[] = [];
    let external = false;
    const add = (r: ComposeFile, depth: number) => {
      if (paths.includes(r.path) || depth > 4) return;
      paths.push(r.path);
      external ||= r.externalNetworks;
      for (const i of r.includes) {
        const g = read.get(i.path);
        if (g) add(g, depth + 1);
      }
      for (const [name, s] of r.services) {
        const prev = services.get(name);
        services.set(name, prev ? mergeService(prev, s) : s);
      }
    };
    for (const f of list) add(f, 0);
    return { dir, externalNetworks: external, files: paths, services };
  };
  for (const [dir, all] of [...byDir].sort((a, b) => a[0].localeCompare(b[0]))) {
    const list = all.filter((f) => !included.has(f.path));
    const find = (names: string[]) => names.map((n) => list.find((f) => basename(f.path) === n)).find((f) => f !== undefined);
    const base = find(BASE_NAMES);
    const override = find(OVERRIDE_NAMES);
    const others = list.filter((f) => f !== base && f !== override && !BASE_NAMES.includes(basename(f.path)) && !OVERRIDE_NAMES.includes(basename(f.path)));
    if (base) out.push(merge(dir, override ? [base, override] : [base]));
    else if (override) out.push(merge(dir, [override]));
    for (const o of others.sort((a, b) => a.path.localeCompare(b.path))) out.push(merge(dir, base ? [base, o] : [o]));
  }
  return { files: read, projects: out };
}

/** The run's compose files, read once and memoised on the model (compose files are `manifest` files). */
export function composeOf(model: ProjectModel): ComposeRead {
  return model.memo('cross:compose', () => readCompose(model.filesOf('manifest').map((f) => ({ path: f.path, text: f.text }))));
}

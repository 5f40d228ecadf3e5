/**
 * Which Dockerfile builds which image, as docker-compose and skaffold declare it. Both files are
 * `manifest` files (the manifest parser keeps their text); they are read here once per run with the
 * `yaml` library, keeping the spans of the `build:` / `image:` values for related locations.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { joinPath } from '../yaml/model.js';
import { appendAll } from '../../core/append.js';

/** One image build a compose service or skaffold artifact declares. */
export interface DeclaredBuild {
  source: 'compose' | 'skaffold';
  /** The file that declares it. */
  file: string;
  /** Compose: the service name; skaffold: the artifact's image. */
  name: string;
  /** The image reference (compose `image:`, skaffold artifact `image`), when given. */
  image?: string;
  /** Build context directory, relative to the run (`''` for the root). */
  context: string;
  /** Path of the Dockerfile, relative to the run. */
  dockerfile: string;
  /** Where the build is declared: the `build:` value (compose) or the artifact's `image` value (skaffold). */
  span: Span;
  /** The stage built (compose `build.target`, skaffold `docker.target`), when set. */
  target?: string;
  /** Build arguments the build passes (compose `build.args`, skaffold `docker.buildArgs`): a literal value, or undefined when interpolated. */
  args?: Record<string, string | undefined>;
}

/** A compose service, built or pulled, for name lookups (nginx `proxy_pass http://<service>`). */
export interface ComposeService {
  file: string;
  name: string;
  span: Span;
  image?: string;
  build?: DeclaredBuild;
  /** `user:` of the service, when set: the user its container runs as. */
  user?: { value: string; span: Span };
}

export interface BuildConfig {
  builds: DeclaredBuild[];
  composeServices: ComposeService[];
  /** Images skaffold builds with any builder (Dockerfile, Jib, Buildpacks, ko…): it rewrites their references in what it deploys. */
  skaffoldImages: { file: string; image: string; span: Span }[];
}

const MAX_DOCS = 50;

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function spanOf(n: YamlNode | undefined | null, fallback: Span): Span {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** The node under `key`, with one level of alias resolved (anchors are common in compose files). */
export function child(doc: Document, map: unknown, key: string): YamlNode | undefined {
  if (!isMap(map)) return undefined;
  let n = (map as YAMLMap).get(key, true) as YamlNode | undefined;
  if (isAlias(n)) n = n.resolve(doc) as YamlNode | undefined;
  return n ?? undefined;
}

export function scalarText(n: YamlNode | undefined): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

export function deref(doc: Document, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

/** Interpolated values (`${REGISTRY}/api`) are not linked: the value is not known here. */
function literal(v: string | undefined): string | undefined {
  return v !== undefined && !/[${}]/.test(v) && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * Compose `include:` entries: the included file's relative paths resolve against its
 * `project_directory` (default: the included file's own folder), per the Compose specification.
 */
function readIncludes(path: string, docs: Document[], out: Map<string, string>): void {
  const base = dirname(path);
  for (const doc of docs) {
    const list = deref(doc, child(doc, doc.contents, 'include'));
    if (!isSeq(list)) continue;
    for (const item of list.items) {
      const entry = deref(doc, item);
      const paths = isScalar(entry) ? [entry] : isMap(entry) ? [deref(doc, child(doc, entry, 'path'))].flatMap((p) => (isSeq(p) ? p.items : [p])) : [];
      const project = isMap(entry) ? literal(scalarText(child(doc, entry, 'project_directory'))) : undefined;
      for (const p of paths) {
        const rel = literal(scalarText(p as YamlNode));
        if (!rel) continue;
        const included = joinPath(base, rel);
        out.set(included, project !== undefined ? joinPath(base, project) : dirname(included));
      }
    }
  }
}

function readCompose(path: string, docs: Document[], base = dirname(path)): { builds: DeclaredBuild[]; services: ComposeService[] } {
  const builds: DeclaredBuild[] = [];
  const services: ComposeService[] = [];
  for (const doc of docs) {
    const svcs = child(doc, doc.contents, 'services');
    if (!isMap(svcs)) continue;
    for (const pair of svcs.items) {
      const name = scalarText(pair.key as YamlNode);
      const body = deref(doc, pair.value);
      if (!name || !isMap(body)) continue;
      const nameSpan = spanOf(pair.key as YamlNode, { start: 0, end: 0 });
      const imageNode = child(doc, body, 'image');
      const image = literal(scalarText(imageNode));
      const svc: ComposeService = { file: path, name, span: nameSpan, ...(image ? { image } : {}) };
      const userNode = child(doc, body, 'user');
      const user = scalarText(userNode);
      if (user !== undefined) svc.user = { value: user, span: spanOf(userNode, nameSpan) };
      const build = child(doc, body, 'build');
      let context: string | undefined;
      let dockerfile = 'Dockerfile';
      let target: string | undefined;
      let args: Record<string, string | undefined> | undefined;
      if (isScalar(build)) context = literal(scalarText(build));
      else if (isMap(build)) {
        context = literal(scalarText(child(doc, build, 'context'))) ?? '.';
        dockerfile = literal(scalarText(child(doc, build, 'dockerfile'))) ?? 'Dockerfile';
        // An inline Dockerfile or a remote context builds nothing in this tree.
        if (child(doc, build, 'dockerfile_inline')) context = undefined;
        target = literal(scalarText(child(doc, build, 'target')));
        args = argsOf(doc, child(doc, build, 'args'));
      }
      if (context !== undefined && !/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@')) {
        const ctx = joinPath(base, context);
        // The span of `build:` as written in this service (an alias, not the anchored map it names).
        const written = (body as YAMLMap).get('build', true) as YamlNode | undefined;
        const b: DeclaredBuild = { source: 'compose', file: path, name, ...(image ? { image } : {}), context: ctx, dockerfile: joinPath(ctx, dockerfile), span: spanOf(written ?? build, nameSpan), ...(target ? { target } : {}), ...(args ? { args } : {}) };
        builds.push(b);
        svc.build = b;
      }
      services.push(svc);
    }
  }
  return { builds, services };
}

/**
 * Build arguments as Compose and skaffold write them: a map (`NAME: value`) or, in Compose, a list
 * (`- NAME=value`, `- NAME` to pass the variable of the environment). An interpolated value
 * (`${VERSION}`) is passed but not known here: undefined.
 */
function argsOf(doc: Document, node: unknown): Record<string, string | undefined> | undefined {
  const n = deref(doc, node);
  const out: Record<string, string | undefined> = {};
  if (isMap(n)) {
    for (const pair of n.items) {
      const key = scalarText(pair.key as YamlNode);
      if (key === undefined) continue;
      const v = deref(doc, pair.value);
      out[key] = v === null || v === undefined ? undefined : literal(scalarText(v as YamlNode));
    }
  } else if (isSeq(n)) {
    for (const item of n.items) {
      const text = scalarText(deref(doc, item) as YamlNode);
      if (text === undefined) continue;
      const eq = text.indexOf('=');
      if (eq < 0) out[text.trim()] = undefined;
      else out[text.slice(0, eq).trim()] = literal(text.slice(eq + 1));
    }
  } else return undefined;
  return out;
}

function readSkaffoldArtifacts(path: string, doc: Document, artifacts: unknown, out: DeclaredBuild[], images: BuildConfig['skaffoldImages']): void {
  const base = dirname(path);
  const list = deref(doc, artifacts);
  if (!isSeq(list)) return;
  for (const item of list.items) {
    const a = deref(doc, item);
    if (!isMap(a)) continue;
    const imageNode = child(doc, a, 'image');
    const image = literal(scalarText(imageNode));
    if (!image) continue;
    images.push({ file: path, image, span: spanOf(imageNode, { start: 0, end: 0 }) });
    // Jib, Buildpacks, Bazel and ko artifacts have no Dockerfile.
    if (['jib', 'buildpacks', 'bazel', 'ko', 'custom'].some((k) => child(doc, a, k))) continue;
    const ctx = joinPath(base, literal(scalarText(child(doc, a, 'context'))) ?? '.');
    const docker = child(doc, a, 'docker');
    const dockerfile = literal(scalarText(child(doc, docker, 'dockerfile'))) ?? 'Dockerfile';
    const target = literal(scalarText(child(doc, docker, 'target')));
    const args = argsOf(doc, child(doc, docker, 'buildArgs'));
    out.push({ source: 'skaffold', file: path, name: image, image, context: ctx, dockerfile: joinPath(ctx, dockerfile), span: spanOf(imageNode, { start: 0, end: 0 }), ...(target ? { target } : {}), ...(args ? { args } : {}) });
  }
}

function readSkaffold(path: string, docs: Document[], images: BuildConfig['skaffoldImages']): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    readSkaffoldArtifacts(path, doc, child(doc, child(doc, root, 'build'), 'artifacts'), out, images);
    const profiles = child(doc, root, 'profiles');
    if (isSeq(profiles)) for (const p of profiles.items) readSkaffoldArtifacts(path, doc, child(doc, child(doc, deref(doc, p), 'build'), 'artifacts'), out, images);
  }
  return out;
}

export function isComposeFile(path: string): boolean {
  return /(^|\/)(docker-)?compose([\w.-]*)?\.ya?ml$/i.test(path);
}

export function isSkaffoldFile(path: string): boolean {
  return /(^|\/)skaffold\.ya?ml$/i.test(path);
}

/** The run's build config, read once. */
export function buildConfigOf(model: ProjectModel): BuildConfig {
  return model.memo('cross:build-config', () => readBuildConfig(model.filesOf('manifest').filter((f) => f.root)));
}

/** Builds declared by the run's compose and skaffold files. Broken YAML yields what could be read. */
export function readBuildConfig(files: readonly ParsedFile<'manifest'>[]): BuildConfig {
  const builds: DeclaredBuild[] = [];
  const composeServices: ComposeService[] = [];
  const skaffoldImages: BuildConfig['skaffoldImages'] = [];
  const parsed: { f: ParsedFile<'manifest'>; docs: Document[]; compose: boolean }[] = [];
  const includes = new Map<string, string>();
  for (const f of files) {
    const compose = isComposeFile(f.path);
    if (!compose && !isSkaffoldFile(f.path)) continue;
    let docs: Document[];
    try {
      docs = parseAllDocuments(f.text, { prettyErrors: false, uniqueKeys: false }) as unknown as Document[];
    } catch {
      continue;
    }
    if (!Array.isArray(docs)) continue;
    docs = docs.slice(0, MAX_DOCS);
    parsed.push({ f, docs, compose });
    if (compose) readIncludes(f.path, docs, includes);
  }
  for (const { f, docs, compose } of parsed) {
    if (compose) {
      const r = readCompose(f.path, docs, includes.get(f.path));
      appendAll(builds, r.builds);
      appendAll(composeServices, r.services);
    } else appendAll(builds, readSkaffold(f.path, docs, skaffoldImages));
  }
  return { builds, composeServices, skaffoldImages };
}

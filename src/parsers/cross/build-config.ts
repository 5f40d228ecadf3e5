/**
 * Which Dockerfile builds which image, as docker-compose and skaffold declare it. Both files are
 * `manifest` files (the manifest parser keeps their text); they are read here once per run with the
 * `yaml` library, keeping the spans of the `build:` / `image:` values for related locations.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ParsedFile } from '../../core/rule.js';
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
}

/** A compose service, built or pulled, for name lookups (nginx `proxy_pass http://<service>`). */
export interface ComposeService {
  file: string;
  name: string;
  span: Span;
  image?: string;
  build?: DeclaredBuild;
}

export interface BuildConfig {
  builds: DeclaredBuild[];
  composeServices: ComposeService[];
}

const MAX_DOCS = 50;

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function spanOf(n: YamlNode | undefined | null, fallback: Span): Span {
  const r = n?.range;
  return r ? { start: r[0], end: r[1] } : fallback;
}

/** The node under `key`, with one level of alias resolved (anchors are common in compose files). */
function child(doc: Document, map: unknown, key: string): YamlNode | undefined {
  if (!isMap(map)) return undefined;
  let n = (map as YAMLMap).get(key, true) as YamlNode | undefined;
  if (isAlias(n)) n = n.resolve(doc) as YamlNode | undefined;
  return n ?? undefined;
}

function scalarText(n: YamlNode | undefined): string | undefined {
  if (!isScalar(n)) return undefined;
  const v = n.value;
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function deref(doc: Document, n: unknown): unknown {
  return isAlias(n) ? n.resolve(doc) : n;
}

/** Interpolated values (`${REGISTRY}/api`) are not linked: the value is not known here. */
function literal(v: string | undefined): string | undefined {
  return v !== undefined && !/[${}]/.test(v) && v.trim() !== '' ? v.trim() : undefined;
}

function readCompose(path: string, docs: Document[]): { builds: DeclaredBuild[]; services: ComposeService[] } {
  const builds: DeclaredBuild[] = [];
  const services: ComposeService[] = [];
  const base = dirname(path);
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
      const build = child(doc, body, 'build');
      let context: string | undefined;
      let dockerfile = 'Dockerfile';
      if (isScalar(build)) context = literal(scalarText(build));
      else if (isMap(build)) {
        context = literal(scalarText(child(doc, build, 'context'))) ?? '.';
        dockerfile = literal(scalarText(child(doc, build, 'dockerfile'))) ?? 'Dockerfile';
        // An inline Dockerfile or a remote context builds nothing in this tree.
        if (child(doc, build, 'dockerfile_inline')) context = undefined;
      }
      if (context !== undefined && !/^[a-z]+:\/\//i.test(context) && !context.startsWith('git@')) {
        const ctx = joinPath(base, context);
        // The span of `build:` as written in this service (an alias, not the anchored map it names).
        const written = (body as YAMLMap).get('build', true) as YamlNode | undefined;
        const b: DeclaredBuild = { source: 'compose', file: path, name, ...(image ? { image } : {}), context: ctx, dockerfile: joinPath(ctx, dockerfile), span: spanOf(written ?? build, nameSpan) };
        builds.push(b);
        svc.build = b;
      }
      services.push(svc);
    }
  }
  return { builds, services };
}

function readSkaffoldArtifacts(path: string, doc: Document, artifacts: unknown, out: DeclaredBuild[]): void {
  const base = dirname(path);
  const list = deref(doc, artifacts);
  if (!isSeq(list)) return;
  for (const item of list.items) {
    const a = deref(doc, item);
    if (!isMap(a)) continue;
    const imageNode = child(doc, a, 'image');
    const image = literal(scalarText(imageNode));
    if (!image) continue;
    // Jib, Buildpacks, Bazel and ko artifacts have no Dockerfile.
    if (['jib', 'buildpacks', 'bazel', 'ko', 'custom'].some((k) => child(doc, a, k))) continue;
    const ctx = joinPath(base, literal(scalarText(child(doc, a, 'context'))) ?? '.');
    const dockerfile = literal(scalarText(child(doc, child(doc, a, 'docker'), 'dockerfile'))) ?? 'Dockerfile';
    out.push({ source: 'skaffold', file: path, name: image, image, context: ctx, dockerfile: joinPath(ctx, dockerfile), span: spanOf(imageNode, { start: 0, end: 0 }) });
  }
}

function readSkaffold(path: string, docs: Document[]): DeclaredBuild[] {
  const out: DeclaredBuild[] = [];
  for (const doc of docs) {
    const root = doc.contents;
    readSkaffoldArtifacts(path, doc, child(doc, child(doc, root, 'build'), 'artifacts'), out);
    const profiles = child(doc, root, 'profiles');
    if (isSeq(profiles)) for (const p of profiles.items) readSkaffoldArtifacts(path, doc, child(doc, child(doc, deref(doc, p), 'build'), 'artifacts'), out);
  }
  return out;
}

export function isComposeFile(path: string): boolean {
  return /(^|\/)(docker-)?compose([\w.-]*)?\.ya?ml$/i.test(path);
}

export function isSkaffoldFile(path: string): boolean {
  return /(^|\/)skaffold\.ya?ml$/i.test(path);
}

/** Builds declared by the run's compose and skaffold files. Broken YAML yields what could be read. */
export function readBuildConfig(files: readonly ParsedFile<'manifest'>[]): BuildConfig {
  const builds: DeclaredBuild[] = [];
  const composeServices: ComposeService[] = [];
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
    if (compose) {
      const r = readCompose(f.path, docs);
      appendAll(builds, r.builds);
      appendAll(composeServices, r.services);
    } else appendAll(builds, readSkaffold(f.path, docs));
  }
  return { builds, composeServices };
}

/**
 * Which Dockerfile builds which image, as docker-compose and skaffold declare it. Both files are
 * `manifest` files (the manifest parser keeps their text). Compose files come from the run's one
 * compose reading (`compose.ts`), each file's services on their own; skaffold files are read here
 * with the `yaml` library. Spans of the `build:` / `image:` values serve as related locations.
 */
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { joinPath } from '../yaml/model.js';
import { appendAll } from '../../core/append.js';
import { buildArgs, literal, readCompose, composeOf, type ComposeRead } from './compose.js';

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
    const args = buildArgs(child(doc, docker, 'buildArgs'), (x) => deref(doc, x));
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

export function isSkaffoldFile(path: string): boolean {
  return /(^|\/)skaffold\.ya?ml$/i.test(path);
}

/** The run's build config, read once (compose files through the run's one compose reading). */
export function buildConfigOf(model: ProjectModel): BuildConfig {
  return model.memo('cross:build-config', () => readBuildConfig(model.filesOf('manifest').filter((f) => f.root), composeOf(model)));
}

/** The builds and services compose files declare, each file on its own (not merged). */
function composeBuilds(compose: ComposeRead): { builds: DeclaredBuild[]; services: ComposeService[] } {
  const builds: DeclaredBuild[] = [];
  const services: ComposeService[] = [];
  for (const f of compose.files.values())
    for (const s of f.services.values()) {
      if (s.bare) continue;
      const image = literal(s.image?.value);
      const svc: ComposeService = { file: f.path, name: s.name, span: s.span, ...(image ? { image } : {}) };
      if (s.user) svc.user = { value: s.user.value, span: s.user.span };
      if (s.build) {
        const target = literal(s.build.target);
        const b: DeclaredBuild = { source: 'compose', file: f.path, name: s.name, ...(image ? { image } : {}), context: s.build.context, dockerfile: s.build.dockerfile, span: s.build.valueSpan, ...(target ? { target } : {}), ...(s.build.args ? { args: s.build.args } : {}) };
        builds.push(b);
        svc.build = b;
      }
      services.push(svc);
    }
  return { builds, services };
}

/** Builds declared by the run's compose and skaffold files. Broken YAML yields what could be read. */
export function readBuildConfig(files: readonly ParsedFile<'manifest'>[], compose: ComposeRead = readCompose(files)): BuildConfig {
  const { builds, services: composeServices } = composeBuilds(compose);
  const skaffoldImages: BuildConfig['skaffoldImages'] = [];
  for (const f of files) {
    if (!isSkaffoldFile(f.path)) continue;
    let docs: Document[];
    try {
      docs = parseAllDocuments(f.text, { prettyErrors: false, uniqueKeys: false }) as unknown as Document[];
    } catch {
      continue;
    }
    if (!Array.isArray(docs)) continue;
    appendAll(builds, readSkaffold(f.path, docs.slice(0, MAX_DOCS), skaffoldImages));
  }
  return { builds, composeServices, skaffoldImages };
}

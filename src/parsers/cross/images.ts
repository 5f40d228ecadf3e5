/**
 * Image ↔ Dockerfile links. A container's image is linked to the Dockerfile that builds it, in this
 * order of trust:
 *
 * 1. declared: a docker-compose service (`build:` with `image:`) or a skaffold artifact names it;
 * 2. by name: the image's last path segment equals the name of exactly one Dockerfile's directory
 *    (`registry/shop/orders:1.4` ↔ `services/orders/Dockerfile`, or `Dockerfile.orders`);
 * 3. the single Dockerfile of the run, when it sits at the root (or in a folder such as `docker/`
 *    that names no service), for an image that is not a well-known public one.
 *
 * 2 and 3 are guesses: every link carries a sentence that says what was assumed, and rules put it
 * in their messages. When a name matches several Dockerfiles equally well, nothing is linked.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { isKnownImageName, normalizeRepository, splitReference } from '../dockerfile/images.js';
import { dockerModel, type DockerImageFacts } from '../dockerfile/model.js';
import { buildConfigOf, type BuildConfig, type ComposeService, type DeclaredBuild } from './build-config.js';
import { pushTo } from '../../core/append.js';

export type LinkKind = 'compose' | 'skaffold' | 'name' | 'single';

/**
 * An image built from an app without a Dockerfile (Jib, Cloud Native Buildpacks, `spring-boot:build-image`,
 * ko): linked to the app by its declared name, or as the only app of the run. Always a guess, named in
 * `assumption`.
 */
export interface AppBuildLink {
  image?: undefined;
  /** The app's directory: the build context such a build reads. */
  context: string;
  how: 'app-name' | 'single-app';
  /** Where the app's name is declared (package.json `name`, Maven `artifactId`, pyproject `name`). */
  declared?: { file: string; span: Span };
  assumption: string;
}

/** How a container's image reaches the app it runs: through a Dockerfile, or straight from the app. */
export type ImageSource = BuildLink | AppBuildLink;

export interface BuildLink {
  image: DockerImageFacts;
  /** Build context directory (`''` for the run's root). */
  context: string;
  how: LinkKind;
  /** The compose `build:` or skaffold `image:` that declares the link. */
  declared?: { file: string; span: Span };
  /** Says what links the reference to the Dockerfile, for messages. */
  assumption: string;
}

export interface ImageName {
  /** Repository without tag or digest, Docker Hub prefixes removed (`ghcr.io/acme/api`, `redis`). */
  repository: string;
  /** Without the registry host (`acme/api`). */
  path: string;
  /** The last path segment (`api`). */
  name: string;
}

/** Parses an image reference; undefined for templated or empty ones (`{{ .Values.image }}`, `$IMAGE`). */
export function parseImageName(ref: string): ImageName | undefined {
  const r = ref.trim();
  if (!r || /[\s{}$<>]/.test(r)) return undefined;
  const repository = normalizeRepository(splitReference(r).repository);
  if (!/^[a-z0-9][a-z0-9._\-/:]*$/.test(repository)) return undefined;
  const segs = repository.split('/');
  const first = segs[0]!;
  const hasRegistry = segs.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  const path = hasRegistry ? segs.slice(1).join('/') : repository;
  const name = segs[segs.length - 1]!;
  if (!name) return undefined;
  return { repository, path, name };
}

/** Directory names that say how an image is built rather than which one it is. */
const GENERIC_DIRS = new Set(['docker', 'dockerfiles', 'build', 'deploy', 'deployment', 'ci', '.docker', 'container', 'containers', 'image', 'images', 'src', 'app', '.', '']);

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The names a Dockerfile is known by: `Dockerfile.orders` / `orders.Dockerfile`, else its directory (skipping generic ones). */
export function dockerfileNames(path: string): string[] {
  const file = basename(path);
  const out: string[] = [];
  const suffix = /^(?:Dockerfile|Containerfile)[.-]([\w.-]+)$/i.exec(file)?.[1];
  const prefix = /^([\w.-]+)[.-](?:Dockerfile|Containerfile)$/i.exec(file)?.[1];
  const named = suffix ?? prefix;
  if (named && !/^(dev|prod|production|local|test|ci|debug|build|release|alpine|slim)$/i.test(named)) out.push(named.toLowerCase());
  const segs = dirname(path).split('/').filter(Boolean);
  for (let i = segs.length - 1; i >= 0; i--) {
    const s = segs[i]!.toLowerCase();
    if (GENERIC_DIRS.has(s)) continue;
    out.push(s);
    break;
  }
  return out;
}

function commonPrefixLength(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let n = 0;
  while (n < x.length - 1 && n < y.length - 1 && x[n] === y[n]) n++;
  return n;
}

/** Of several candidates, the one strictly nearest to `from` in the tree; undefined on a tie. */
function nearest<T>(cands: T[], pathOf: (t: T) => string, from: string): T | undefined {
  if (cands.length === 1) return cands[0];
  if (!cands.length || !from) return undefined;
  const scored = cands.map((c) => ({ c, n: commonPrefixLength(pathOf(c), from) })).sort((a, b) => b.n - a.n);
  return scored[0]!.n > scored[1]!.n ? scored[0]!.c : undefined;
}

export interface ImageLinker {
  config: BuildConfig;
  /** The Dockerfile that builds `ref`, as seen from the file at `from` (ties go to the nearer Dockerfile). */
  forImage(ref: string, from: string): BuildLink | undefined;
  /** The Dockerfile of a service reached by host name (nginx `proxy_pass http://orders:8080`). */
  forHost(host: string, from: string): BuildLink | undefined;
  /** The compose service of that name, when a compose file declares one. */
  composeService(name: string): ComposeService | undefined;
}

function fromDeclared(b: DeclaredBuild, image: DockerImageFacts, what: string): BuildLink {
  const where = b.source === 'compose' ? `service "${b.name}" of ${b.file}` : `an artifact of ${b.file}`;
  const verb = what.startsWith('host') ? 'served by the image of' : 'built from';
  return { image, context: b.context, how: b.source, declared: { file: b.file, span: b.span }, assumption: `${what} is ${verb} ${image.path} (${where})` };
}

function build(model: ProjectModel): ImageLinker {
  const docker = dockerModel(model);
  const config = buildConfigOf(model);
  const images = docker.images;
  const byName = new Map<string, DockerImageFacts[]>();
  for (const img of images)
    for (const n of dockerfileNames(img.path)) {
      const list = byName.get(n) ?? [];
      list.push(img);
      byName.set(n, list);
    }
  const declared = config.builds.filter((b) => docker.byPath.has(b.dockerfile));
  // Declared builds by the repository and by the path of the image they make, each image parsed once
  // (a filter per container made large runs grow with containers × builds).
  const declaredBy = { repository: new Map<string, DeclaredBuild[]>(), path: new Map<string, DeclaredBuild[]>() };
  for (const b of declared) {
    const n = b.image ? parseImageName(b.image) : undefined;
    if (!n) continue;
    pushTo(declaredBy.repository, n.repository, b);
    pushTo(declaredBy.path, n.path, b);
  }

  const byNameLink = (name: string, from: string, what: string): BuildLink | undefined => {
    const hit = nearest(byName.get(name.toLowerCase()) ?? [], (i) => i.path, from);
    if (!hit) return undefined;
    const verb = what.startsWith('host') ? 'served by the image of' : 'built from';
    return { image: hit, context: dirname(hit.path), how: 'name', assumption: `${what} is assumed to be ${verb} ${hit.path} (its name matches the Dockerfile's directory)` };
  };

  return {
    config,
    forImage(ref, from) {
      const n = parseImageName(ref);
      if (!n) return undefined;
      const what = `image "${ref.trim()}"`;
      const exact = declaredBy.repository.get(n.repository) ?? [];
      const byPath = exact.length ? exact : (declaredBy.path.get(n.path) ?? []);
      // compose and skaffold often both declare the same build; skaffold is the one that deploys to Kubernetes.
      const dockerfiles = new Set(byPath.map((b) => b.dockerfile));
      const d = dockerfiles.size === 1 ? (byPath.find((b) => b.source === 'skaffold') ?? byPath[0]) : nearest(byPath, (b) => b.file, from);
      if (d) return fromDeclared(d, docker.byPath.get(d.dockerfile)!, what);
      if (byPath.length > 1) return undefined;
      // Public images (redis, postgres, bitnami/…) are not what the repository builds, whatever its folder names.
      // `someone/caddy` is a packaging of a public server, not this repository's `caddy/` folder.
      if (isPublicImage(n)) return undefined;
      const named = byNameLink(n.name, from, what);
      if (named) return named;
      if ((byName.get(n.name) ?? []).length > 1) return undefined;
      // A Dockerfile in a named folder says which image it builds; only a root-level one is taken for any image.
      if (images.length === 1 && !declared.length && !dockerfileNames(images[0]!.path).length) {
        const only = images[0]!;
        return { image: only, context: dirname(only.path), how: 'single', assumption: `${what} is assumed to be built from ${only.path} (the only Dockerfile in the run)` };
      }
      return undefined;
    },
    forHost(host, from) {
      const h = host.toLowerCase();
      const svc = config.composeServices.filter((s) => s.name.toLowerCase() === h);
      if (svc.length === 1) {
        const b = svc[0]!.build;
        if (b && docker.byPath.has(b.dockerfile)) return fromDeclared(b, docker.byPath.get(b.dockerfile)!, `host "${host}"`);
        return svc[0]!.image ? this.forImage(svc[0]!.image, from) : undefined;
      }
      if (svc.length > 1) return undefined;
      return byNameLink(h, from, `host "${host}"`);
    },
    composeService(name) {
      const hits = config.composeServices.filter((s) => s.name === name);
      return hits.length === 1 ? hits[0] : undefined;
    },
  };
}

/** Docker Hub official images a repository deploys but does not build. */
const KNOWN_OFFICIAL = new Set([
  'nginx', 'httpd', 'redis', 'postgres', 'mysql', 'mariadb', 'mongo', 'memcached', 'rabbitmq', 'elasticsearch', 'haproxy', 'traefik', 'caddy',
  'busybox', 'alpine', 'envoy', 'jaeger', 'minio', 'etcd', 'fluentd', 'fluent-bit', 'kibana', 'logstash', 'mailhog', 'adminer', 'phpmyadmin', 'sonarqube', 'jenkins', 'gitlab', 'neo4j', 'couchdb', 'solr', 'nats', 'keycloak', 'ubuntu', 'debian', 'centos', 'fedora', 'node', 'python', 'openjdk', 'eclipse-temurin', 'tomcat', 'golang', 'ruby', 'php',
  'wordpress', 'registry', 'vault', 'consul', 'zookeeper', 'kafka', 'cassandra', 'influxdb', 'telegraf', 'grafana', 'prometheus',
]);

/** Whether an image is a well-known public one (redis, postgres, bitnami/…) rather than something the repository builds. */
export function isPublicImage(n: ImageName): boolean {
  return isKnownImageName(n.repository) || KNOWN_OFFICIAL.has(n.name);
}

/** The run's image links, built once. */
export function imageLinker(model: ProjectModel): ImageLinker {
  return model.memo('cross:images', () => build(model));
}

/**
 * Base-image families: what an image provides, read from its repository and tag.
 *
 * | family            | examples                                          | shell | runtime         | pkg mgr | fat (build toolchain)          |
 * |-------------------|---------------------------------------------------|-------|-----------------|---------|--------------------------------|
 * | scratch           | `scratch`                                         | none  | –               | –       | –                              |
 * | distroless        | `gcr.io/distroless/static`, `…/python3-debian12`  | none¹ | by name         | –       | –                              |
 * | chainguard        | `cgr.dev/chainguard/python`                       | none² | by name         | –       | –                              |
 * | alpine / busybox  | `alpine:3.20`, `busybox`                          | sh    | –               | apk / – | –                              |
 * | debian / ubuntu   | `debian:bookworm-slim`, `ubuntu:24.04`            | bash  | –               | apt     | –                              |
 * | buildpack-deps    | `buildpack-deps:bookworm` (not `-curl`, `-scm`)   | bash  | –               | apt     | gcc, make, -dev headers        |
 * | rhel-like         | `fedora`, `rockylinux`, `ubi9/ubi`, `ubi-minimal` | bash  | –               | yum     | –                              |
 * | suse              | `opensuse/leap`, `registry.suse.com/bci/*`        | bash  | –               | zypper  | –                              |
 * | python/node/ruby  | `python:3.12` vs `-slim` / `-alpine`              | bash³ | the language    | apt/apk | full tag: gcc, make, headers   |
 * | php               | `php:8.3-fpm`, `php:8.3-fpm-alpine`               | bash³ | php             | apt/apk | –                              |
 * | golang / rust     | `golang:1.22`, `rust:1.79-slim`                   | bash³ | –               | apt/apk | the Go / Rust toolchain        |
 * | jdk               | `eclipse-temurin:21`, `…-jdk`, `openjdk`, `java` (deprecated), `amazoncorretto` | bash | java (JDK) | apt/yum | JDK instead of a JRE |
 * | jre               | `eclipse-temurin:21-jre`, `…-jre-alpine`          | bash³ | java (JRE)      | apt/apk | –                              |
 * | maven / gradle    | `maven:3.9-eclipse-temurin-21`, `gradle:8-jdk21`  | bash  | java (JDK)      | apt     | JDK and Maven / Gradle         |
 * | dotnet            | `mcr.microsoft.com/dotnet/sdk` vs `aspnet`/`runtime` | bash³ | dotnet       | apt/apk | the .NET SDK                   |
 * | servers           | `nginx`, `httpd`, `tomcat`, `redis`, `postgres` … | bash³ | tomcat: java    | apt/apk | –                              |
 * | windows           | `mcr.microsoft.com/windows/servercore`, `*-windowsservercore-*` | cmd/powershell | – | – | –               |
 *
 * ¹ `:debug` tags add a busybox shell. ² `-dev` tags add a shell and apk. ³ `sh` (busybox) and apk for
 * `-alpine` tags. Images not in the table are `known: false`: rules that reason about what an image
 * provides skip them rather than guess.
 */
import type { ImageRef } from './ast.js';

export interface ImageInfo {
  family: string;
  known: boolean;
  shell: 'bash' | 'sh' | 'none' | 'windows';
  python: boolean;
  node: boolean;
  java?: 'jdk' | 'jre';
  ruby: boolean;
  php: boolean;
  dotnet?: 'sdk' | 'runtime';
  packageManager?: 'apt' | 'apk' | 'yum' | 'zypper';
  /** Build toolchains the image ships: `gcc`, `make`, `jdk`, `maven`, `gradle`, `go`, `rust`, `dotnet-sdk`. */
  toolchains: string[];
  /** Why the image is a full SDK/build image, for messages; undefined for runtime images. */
  fat?: string;
  /** The runtime image to copy build output into instead. */
  runtime?: string;
  /** The image runs as a non-root user by default. */
  nonRoot: boolean;
}

export const UNKNOWN_IMAGE: ImageInfo = { family: 'unknown', known: false, shell: 'sh', python: false, node: false, ruby: false, php: false, toolchains: [], nonRoot: false };

/** `docker.io/library/python` → `python`; registries other than Docker Hub are kept. */
export function normalizeRepository(repo: string): string {
  let r = repo.toLowerCase();
  r = r.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  r = r.replace(/^library\//, '');
  return r;
}

/** Splits a resolved reference into repository, tag and digest (offsets relative to the text). */
export function splitReference(ref: string): { repository: string; tag?: string; digest?: string; tagAt?: number; digestAt?: number } {
  let rest = ref;
  let digest: string | undefined;
  let digestAt: number | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    digestAt = at + 1;
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  let tagAt: number | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    tagAt = colon + 1;
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag, digest, tagAt, digestAt };
}

function base(family: string, over: Partial<ImageInfo>): ImageInfo {
  return { ...UNKNOWN_IMAGE, family, known: true, shell: 'bash', ...over };
}

/** Variant from the tag: alpine, slim, windows or the full default. */
function variant(tag: string): 'alpine' | 'slim' | 'windows' | 'full' {
  if (/windowsservercore|nanoserver|ltsc\d{4}|windows/.test(tag)) return 'windows';
  if (/alpine/.test(tag)) return 'alpine';
  if (/slim|minimal|chiseled|distroless/.test(tag)) return 'slim';
  return 'full';
}

function distro(tag: string): Pick<ImageInfo, 'shell' | 'packageManager'> {
  const v = variant(tag);
  if (v === 'windows') return { shell: 'windows', packageManager: undefined };
  if (v === 'alpine') return { shell: 'sh', packageManager: 'apk' };
  if (/ubi\d|ubi-minimal|centos|rocky|alma|oracle|amazonlinux|al20\d\d/.test(tag)) return { shell: 'bash', packageManager: 'yum' };
  return { shell: 'bash', packageManager: 'apt' };
}

/** The leading version of a tag (`3.12-slim` → `3.12`), or '' when the tag starts otherwise. */
function version(tag: string): string {
  return /^\d+(\.\d+)*/.exec(tag)?.[0] ?? '';
}

function withVersion(repo: string, ver: string, suffix: string): string {
  return `${repo}:${ver ? `${ver}-` : ''}${suffix}`;
}

const SERVERS = new Set(['nginx', 'httpd', 'redis', 'postgres', 'mongo', 'mysql', 'mariadb', 'rabbitmq', 'memcached', 'haproxy', 'traefik', 'caddy', 'openresty/openresty', 'envoyproxy/envoy', 'elasticsearch', 'nginxinc/nginx-unprivileged']);

/** What the image `ref` provides; `known: false` when it is not in the table. */
export function imageInfo(ref: Pick<ImageRef, 'repository' | 'tag'> | undefined): ImageInfo {
  if (!ref) return UNKNOWN_IMAGE;
  const repo = ref.repository;
  const tag = (ref.tag ?? 'latest').toLowerCase();
  const name = repo.slice(repo.lastIndexOf('/') + 1);
  const ver = version(tag);

  if (repo === 'scratch') return base('scratch', { shell: 'none' });

  if (repo.startsWith('gcr.io/distroless/')) {
    return base('distroless', {
      shell: tag.includes('debug') ? 'sh' : 'none',
      python: name.startsWith('python'),
      node: name.startsWith('nodejs'),
      java: name.startsWith('java') ? 'jre' : undefined,
      nonRoot: tag.includes('nonroot'),
    });
  }
  if (repo.startsWith('cgr.dev/chainguard/')) {
    const dev = tag.includes('-dev') || tag === 'latest-dev';
    return base('chainguard', {
      shell: dev ? 'sh' : 'none',
      packageManager: dev ? 'apk' : undefined,
      python: name === 'python',
      node: name === 'node',
      java: name === 'jre' ? 'jre' : name === 'jdk' ? 'jdk' : undefined,
      nonRoot: true,
    });
  }
  if (repo === 'alpine') return base('alpine', { shell: 'sh', packageManager: 'apk' });
  if (repo === 'busybox') return base('busybox', { shell: 'sh' });
  if (repo === 'debian' || repo === 'ubuntu') return base(repo, { packageManager: 'apt' });
  if (repo === 'buildpack-deps') {
    if (/curl|scm/.test(tag)) return base('buildpack-deps', { packageManager: 'apt' });
    const suite = /^[a-z]+/.exec(tag)?.[0];
    return base('buildpack-deps', {
      packageManager: 'apt',
      toolchains: ['gcc', 'make'],
      fat: `${repo}:${tag} ships gcc, make and -dev headers`,
      runtime: suite && suite !== 'latest' ? `debian:${suite}-slim` : 'debian:bookworm-slim',
    });
  }
  if (/^(centos|rockylinux|rockylinux\/rockylinux|almalinux|fedora|amazonlinux|oraclelinux)$/.test(repo) || /(^|\/)ubi\d*(-minimal|-init)?$/.test(repo) || /^redhat\/ubi\d+/.test(repo)) {
    if (/ubi\d*-micro$/.test(repo)) return base('rhel-like', { shell: 'bash' });
    return base('rhel-like', { packageManager: 'yum' });
  }
  if (repo.startsWith('opensuse/') || repo.startsWith('registry.suse.com/')) return base('suse', { packageManager: 'zypper' });

  if (repo === 'python' || repo === 'node' || repo === 'ruby') {
    const v = variant(tag);
    const lang = { python: repo === 'python', node: repo === 'node', ruby: repo === 'ruby' };
    if (v !== 'full') return base(repo, { ...distro(tag), ...lang });
    return base(repo, {
      ...distro(tag),
      ...lang,
      toolchains: ['gcc', 'make'],
      fat: `${repo}:${tag} is the full image with gcc, make and -dev headers`,
      runtime: withVersion(repo, ver, 'slim'),
    });
  }
  if (repo === 'php') return base('php', { ...distro(tag), php: true });
  if (repo === 'golang') {
    return base('golang', { ...distro(tag), toolchains: ['go', 'gcc'], fat: `${repo}:${tag} ships the Go toolchain`, runtime: 'gcr.io/distroless/static-debian12' });
  }
  if (repo === 'rust') {
    return base('rust', { ...distro(tag), toolchains: ['rust', 'gcc'], fat: `${repo}:${tag} ships the Rust toolchain`, runtime: 'debian:bookworm-slim' });
  }
  if (repo === 'maven' || repo === 'gradle') {
    const jv = /(?:temurin|jdk|corretto|semeru|openjdk|sapmachine|liberica|graal)-?(\d+)/.exec(tag)?.[1] ?? '21';
    return base(repo, {
      ...distro(tag),
      java: 'jdk',
      toolchains: ['jdk', repo],
      fat: `${repo}:${tag} ships a JDK and ${repo === 'maven' ? 'Maven' : 'Gradle'}`,
      runtime: `eclipse-temurin:${jv}-jre`,
    });
  }
  if (/^(eclipse-temurin|openjdk|java|amazoncorretto|ibm-semeru-runtimes|sapmachine|azul\/zulu-openjdk(-alpine|-debian)?|bellsoft\/liberica-openjdk-\w+|bellsoft\/liberica-runtime-container|ibmjava|adoptopenjdk(\/openjdk\d+)?)$/.test(repo)) {
    const jre = /jre/.test(tag) || /jre/.test(name);
    const jv = ver.split('.')[0] || (/(\d+)/.exec(tag)?.[1] ?? '21');
    return base('jdk', {
      ...distro(tag),
      java: jre ? 'jre' : 'jdk',
      toolchains: jre ? [] : ['jdk'],
      fat: jre ? undefined : `${repo}:${tag} is a JDK`,
      runtime: jre ? undefined : `eclipse-temurin:${jv}-jre`,
    });
  }
  if (repo === 'tomcat' || repo === 'jetty') return base(repo, { ...distro(tag), java: /jre/.test(tag) ? 'jre' : 'jdk' });
  if (repo === 'mcr.microsoft.com/dotnet/sdk') {
    const dv = ver || '8.0';
    return base('dotnet', { ...distro(tag), dotnet: 'sdk', toolchains: ['dotnet-sdk'], fat: `${repo}:${tag} is the .NET SDK`, runtime: `mcr.microsoft.com/dotnet/aspnet:${dv}` });
  }
  if (/^mcr\.microsoft\.com\/dotnet\/(core\/)?(aspnet|runtime|runtime-deps)$/.test(repo)) {
    const chiseled = /chiseled|distroless/.test(tag);
    return base('dotnet', { ...(chiseled ? { shell: 'none' as const } : distro(tag)), dotnet: name === 'runtime-deps' ? undefined : 'runtime', nonRoot: chiseled });
  }
  if (/^mcr\.microsoft\.com\/(windows|powershell)/.test(repo) || /^microsoft\/(windowsservercore|nanoserver)$/.test(repo)) return base('windows', { shell: 'windows' });
  if (SERVERS.has(repo)) return base(repo, { ...distro(tag), nonRoot: repo === 'nginxinc/nginx-unprivileged' });
  if (repo.startsWith('bitnami/')) return base('bitnami', { packageManager: 'apt', nonRoot: true, python: name === 'python', node: name === 'node', java: name === 'java' ? 'jdk' : undefined });
  return UNKNOWN_IMAGE;
}

/** Official image names that `COPY --from=<name>` may pull without a tag or registry. */
export function isKnownImageName(name: string): boolean {
  return imageInfo({ repository: normalizeRepository(name), tag: 'latest' }).known;
}

// ---------------------------------------------------------------------------------------------
// Packages that are build toolchains (for single-stage-fat-image)

/** Why an OS package counts as a build toolchain, or undefined. */
export function toolchainPackage(name: string): string | undefined {
  const n = name.toLowerCase();
  if (/^(build-essential|build-base|alpine-sdk|gcc|g\+\+|gcc-c\+\+|clang|llvm|make|cmake|autoconf|automake|libtool|musl-dev|libc6-dev|libc-dev|linux-headers|pkg-config|pkgconf)$/.test(n)) return n;
  if (/^(gcc|g\+\+|clang)-\d+$/.test(n)) return n;
  if (/-(dev|devel)$/.test(n)) return n;
  if (/^(openjdk-\d+-jdk(-headless)?|default-jdk(-headless)?|java-\d+(\.\d+)*-openjdk-devel|openjdk\d+(-jdk)?|temurin-\d+-jdk|maven|gradle)$/.test(n)) return n;
  if (/^(golang(-\d+(\.\d+)*)?(-go)?|go|rustc|cargo|rust)$/.test(n)) return n;
  if (/^dotnet-sdk-[\d.]+$/.test(n)) return n;
  return undefined;
}

/**
 * The program behind `/bin/sh` in an image, which decides whether `sh -c '… cmd'` replaces itself
 * with its last command: Debian and Ubuntu link it to dash (Debian builds dash without that
 * optimisation), Alpine, BusyBox and distroless `:debug` to BusyBox ash, the Red Hat and SUSE
 * families to bash. Undefined when the image is not known or has no shell.
 */
export function binShOf(info: ImageInfo): 'dash' | 'busybox' | 'bash' | undefined {
  if (!info.known) return undefined;
  if (info.shell === 'sh') return 'busybox';
  if (info.shell !== 'bash') return undefined;
  if (info.packageManager === 'apt') return 'dash';
  if (info.packageManager === 'yum' || info.packageManager === 'zypper' || info.family === 'rhel-like') return 'bash';
  return undefined;
}

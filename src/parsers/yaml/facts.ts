/**
 * Small, pure readings of Kubernetes values that several rules (and the cross-layer rules) share:
 * image references, resource quantities, int-or-percent fields, and what a container runs.
 */
import type { Container } from './objects.js';

export interface ImageRef {
  /** Registry and repository, without tag or digest (`ghcr.io/acme/api`). */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

/** Splits `registry:5000/org/app:1.2@sha256:…`; a `:` before the last `/` is a registry port. */
export function parseImage(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  return { repository: rest, tag: tag || undefined, digest: digest || undefined };
}

/** Whether an image string is filled in at deploy time (`$(IMAGE)`, `${TAG}`, `{{ }}`). */
export function isPlaceholderImage(ref: string): boolean {
  return ref.includes('$(') || ref.includes('${') || ref.includes('{{') || ref.includes('<') || ref.trim() === '';
}

const BINARY_SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL_SUFFIX: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** A Kubernetes quantity (`512Mi`, `1G`, `250m`, `1e3`) as a number of base units, or undefined. */
export function parseQuantity(q: string | number | undefined): number | undefined {
  if (q === undefined) return undefined;
  if (typeof q === 'number') return Number.isFinite(q) ? q : undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|K|M|G|T|P|E)|[eE]([+-]?\d+))?$/.exec(q.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suffix = m[2] ?? '';
  return n * (BINARY_SUFFIX[suffix] ?? DECIMAL_SUFFIX[suffix] ?? 1);
}

/**
 * An int-or-percent field (`maxUnavailable: 25%`) resolved against a total, rounding as the
 * Deployment controller does (down for maxUnavailable, up for maxSurge).
 */
export function resolveIntOrPercent(value: number | string, total: number, roundUp: boolean): number | undefined {
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)%$/.exec(value.trim());
  if (m) {
    const v = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(v) : Math.floor(v);
  }
  return /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/** Image-name words that mean a JVM (or similarly slow-starting) server. */
export const SLOW_START_IMAGES = [
  'java',
  'openjdk',
  'jdk',
  'jre',
  'temurin',
  'corretto',
  'zulu',
  'spring',
  'springboot',
  'tomcat',
  'jetty',
  'wildfly',
  'jboss',
  'keycloak',
  'payara',
  'glassfish',
  'liberty',
  'websphere',
  'weblogic',
  'elasticsearch',
  'opensearch',
  'logstash',
  'kafka',
  'zookeeper',
  'cassandra',
  'solr',
  'jenkins',
  'sonarqube',
  'nexus',
  'artifactory',
  'liferay',
  'confluence',
  'jira',
];

const JVM_ENV = /^(JAVA_OPTS|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|_JAVA_OPTIONS|CATALINA_OPTS|JVM_OPTS|JAVA_OPTIONS|SPRING_PROFILES_ACTIVE|SPRING_APPLICATION_JSON)$/;

/**
 * Why a container looks like a slow-starting JVM app, or undefined: an image word, a JVM
 * environment variable, a `java` command, or a Spring Boot actuator probe path.
 */
export function slowStartEvidence(c: Container, imageWords: readonly string[]): string | undefined {
  const image = c.image?.value;
  if (image) {
    const { repository } = parseImage(image);
    const words = repository.toLowerCase().split(/[/._-]+/);
    const hit = imageWords.find((w) => words.includes(w.toLowerCase()));
    if (hit) return `image ${image}`;
  }
  const env = c.env.find((e) => JVM_ENV.test(e.name));
  if (env) return `env ${env.name}`;
  const cmd = [...c.command, ...c.args];
  const java = cmd.find((a) => /(^|[/\s])java(\s|$)/.test(a) || /(^|\s)-Xm[xs]\d/.test(a));
  if (java) return `command ${java.length > 40 ? `${java.slice(0, 40)}…` : java}`;
  for (const p of [c.probes.liveness, c.probes.readiness]) {
    const path = p?.path?.value;
    if (path && path.startsWith('/actuator/')) return `Spring Boot actuator probe ${path}`;
  }
  return undefined;
}

/** The port names and numbers a container declares, for messages. */
export function declaredPorts(containers: readonly Container[]): string {
  const parts: string[] = [];
  for (const c of containers)
    for (const p of c.ports) {
      const n = p.containerPort?.value;
      const name = p.name?.value;
      parts.push(name && n !== undefined ? `${name}=${n}` : name ?? String(n ?? '?'));
    }
  return parts.length ? parts.join(', ') : 'none';
}

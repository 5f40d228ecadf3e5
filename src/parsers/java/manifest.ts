/**
 * Java framework detection from build files: Maven pom.xml (dependencies and the Spring Boot parent,
 * comments ignored, parent poms above a module merged) and Gradle build.gradle / build.gradle.kts
 * (dependency notations and version-catalog accessors). Build files in the run are read from the
 * model; the others through the host, walking up from a source file.
 */
import type { ProjectModel } from '../../core/rule.js';

export interface JavaManifest {
  dir: string;
  files: string[];
  /** Artifact ids of declared dependencies (and of the parent pom). */
  artifacts: Set<string>;
  /** Spring Boot major version when the parent or plugin says it. */
  bootMajor?: number;
}

const BUILD_FILES = ['pom.xml', 'build.gradle', 'build.gradle.kts'];

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Removes `<!-- … -->` without regular expressions over user text. */
function stripXmlComments(text: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const s = text.indexOf('<!--', i);
    if (s < 0) return out + text.slice(i);
    out += text.slice(i, s);
    const e = text.indexOf('-->', s + 4);
    if (e < 0) return out;
    i = e + 3;
  }
}

function blocks(text: string, tag: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const s = text.indexOf(`<${tag}>`, i);
    if (s < 0) return out;
    const e = text.indexOf(`</${tag}>`, s);
    if (e < 0) return out;
    out.push(text.slice(s + tag.length + 2, e));
    i = e + tag.length + 3;
  }
}

function element(block: string, tag: string): string | undefined {
  const s = block.indexOf(`<${tag}>`);
  if (s < 0) return undefined;
  const e = block.indexOf(`</${tag}>`, s);
  return e < 0 ? undefined : block.slice(s + tag.length + 2, e).trim();
}

export function pomFacts(text: string): { artifacts: string[]; bootMajor?: number } {
  const clean = stripXmlComments(text);
  const artifacts: string[] = [];
  let bootMajor: number | undefined;
  for (const dep of blocks(clean, 'dependency')) {
    const a = element(dep, 'artifactId');
    if (a) artifacts.push(a);
  }
  const parent = blocks(clean, 'parent')[0];
  if (parent) {
    const a = element(parent, 'artifactId');
    if (a) artifacts.push(a);
    const v = a === 'spring-boot-starter-parent' ? element(parent, 'version') : undefined;
    if (v && /^\d+/.test(v)) bootMajor = Number(/^\d+/.exec(v)![0]);
  }
  return bootMajor !== undefined ? { artifacts, bootMajor } : { artifacts };
}

export function gradleFacts(text: string): { artifacts: string[]; bootMajor?: number } {
  const artifacts: string[] = [];
  let bootMajor: number | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const code = line.replace(/\/\/.*$/, '');
    for (const m of code.matchAll(/["']([\w.-]+):([\w.-]+)(?::([\w.+-]*))?["']/g)) artifacts.push(m[2]!);
    for (const m of code.matchAll(/\blibs\.((?:[a-zA-Z0-9]+\.)*[a-zA-Z0-9]+)/g)) artifacts.push(m[1]!.replace(/\./g, '-'));
    const boot = /org\.springframework\.boot["']?\)?\s*version\s*\(?["'](\d+)/.exec(code);
    if (boot) bootMajor = Number(boot[1]);
  }
  return bootMajor !== undefined ? { artifacts, bootMajor } : { artifacts };
}

function buildFileAt(model: ProjectModel, dir: string): { path: string; text: string } | undefined {
  for (const name of BUILD_FILES) {
    const path = dir ? `${dir}/${name}` : name;
    const inRun = model.file(path);
    if (inRun) return { path, text: inRun.text };
    if (!model.host.isInside(path)) continue;
    const text = model.host.readFile(path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** The build file that owns a directory, with the dependencies of parent builds above it merged. */
export function javaManifestFor(model: ProjectModel, fileDir: string): JavaManifest | undefined {
  const cache = model.memo('java:manifests', () => new Map<string, JavaManifest | null>());
  const hit = cache.get(fileDir);
  if (hit !== undefined) return hit ?? undefined;
  let result: JavaManifest | undefined;
  let dir = fileDir;
  for (let guard = 0; guard < 64; guard++) {
    const found = buildFileAt(model, dir);
    if (found) {
      const facts = found.path.endsWith('pom.xml') ? pomFacts(found.text) : gradleFacts(found.text);
      if (!result) {
        result = { dir, files: [found.path], artifacts: new Set(facts.artifacts) };
        if (facts.bootMajor !== undefined) result.bootMajor = facts.bootMajor;
      } else {
        // A parent build (multi-module project): its dependencies apply to the module too.
        result.files.push(found.path);
        for (const a of facts.artifacts) result.artifacts.add(a);
        if (result.bootMajor === undefined && facts.bootMajor !== undefined) result.bootMajor = facts.bootMajor;
      }
    }
    if (!dir) break;
    dir = dirOf(dir);
  }
  cache.set(fileDir, result ?? null);
  return result;
}

export function springFlavour(m: JavaManifest | undefined): { framework?: 'spring-mvc' | 'spring-webflux'; actuator: boolean } {
  if (!m) return { actuator: false };
  const has = (...names: string[]) => names.some((n) => m.artifacts.has(n));
  const actuator = has('spring-boot-starter-actuator', 'spring-boot-actuator', 'spring-boot-actuator-autoconfigure');
  if (has('spring-boot-starter-web', 'spring-webmvc', 'spring-boot-starter-jersey')) return { framework: 'spring-mvc', actuator };
  if (has('spring-boot-starter-webflux', 'spring-webflux')) return { framework: 'spring-webflux', actuator };
  return { actuator };
}

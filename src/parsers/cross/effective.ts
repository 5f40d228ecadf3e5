/**
 * The effective environment and argv of a container: what the process really starts with, from the
 * image (Dockerfile `ENV`, `ENTRYPOINT`, `CMD`) and the orchestrator's overrides, with the
 * orchestrator's semantics:
 *
 * - environment: the image's `ENV`, then the container's own variables (Kubernetes `env`, compose
 *   `environment`) replace them by name; a variable whose value is not literal (`valueFrom`, a
 *   compose `${VAR}` interpolation, a bare `- NAME` list item) is unknown and hides the image's;
 *   Kubernetes expands `$(NAME)` references to earlier variables in `env` values;
 * - argv: Kubernetes `command` (compose `entrypoint`) replaces the image's ENTRYPOINT and drops its
 *   CMD; Kubernetes `args` (compose `command`) replaces CMD and keeps ENTRYPOINT.
 *
 * Rules that need an effective value (a JVM flag, a port, a timeout) read it here, so Kubernetes and
 * compose containers are judged alike. Pure: compose files are read from the run's manifest texts.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type YAMLMap } from 'yaml';
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { DockerImageFacts } from '../dockerfile/model.js';
import type { Container } from '../yaml/objects.js';
import { child, deref, isComposeFile, scalarText, spanOf } from './build-config.js';

export interface Located<T> {
  value: T;
  file: string;
  span: Span;
  /** How the value was found, for messages (`server.port`, `ENV PORT`, `app.listen`). */
  via: string;
}

/** A word of a start command with its position. */
export interface Word {
  value: string;
  file: string;
  span: Span;
}

/** The process a container starts: its environment and argv, the orchestrator overriding the image. */
export interface Runtime {
  /** Environment variables with literal values: the image's ENV, then the container's own. */
  env: Map<string, Located<string>>;
  /** ENTRYPOINT + CMD of the image, with the orchestrator's command / args applied. */
  argv: Word[];
}

/** What an orchestrator sets on top of an image. `undefined` value: set, but not to a literal. */
export interface ContainerOverrides {
  file: string;
  env: { name: string; value: string | undefined; span: Span | undefined }[];
  /** Replaces ENTRYPOINT and drops CMD (Kubernetes `command`, compose `entrypoint`). */
  entrypoint?: Word[];
  /** Replaces CMD (Kubernetes `args`, compose `command`). */
  cmd?: Word[];
  /** `env ` (Kubernetes) or `environment ` (compose), for `via` texts. */
  envLabel: string;
  /** Kubernetes expands `$(NAME)` in env values from the variables defined before. */
  expandRefs: boolean;
}

const REF = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;

/** The effective environment and argv of a container started from `image` with `overrides`. */
export function effectiveRuntime(image: DockerImageFacts | undefined, overrides: ContainerOverrides | undefined): Runtime {
  const env = new Map<string, Located<string>>();
  if (image) for (const e of image.env) env.set(e.name, { value: e.value, file: image.path, span: e.valueSpan, via: `ENV ${e.name}` });
  for (const e of overrides?.env ?? []) {
    if (e.value === undefined || !e.span) {
      env.delete(e.name);
      continue;
    }
    const value = overrides!.expandRefs ? e.value.replace(REF, (all, n: string) => env.get(n)?.value ?? all) : e.value;
    env.set(e.name, { value, file: overrides!.file, span: e.span, via: `${overrides!.envLabel}${e.name}` });
  }
  const fromImage = (s: DockerImageFacts['cmd']): Word[] => (s && image ? s.argv.map((w) => ({ value: w.value, file: image.path, span: w.span })) : []);
  const entrypoint = overrides?.entrypoint;
  const cmd = overrides?.cmd;
  let argv: Word[];
  if (entrypoint?.length) argv = [...entrypoint, ...(cmd ?? [])];
  else if (cmd?.length) argv = [...fromImage(image?.entrypoint), ...cmd];
  else argv = [...fromImage(image?.entrypoint), ...fromImage(image?.cmd)];
  return { env, argv };
}

/** A Kubernetes container's overrides. */
export function k8sOverrides(c: Container): ContainerOverrides {
  const words = (ws: Container['commandWords']): Word[] => ws.map((w) => ({ value: w.value, file: c.file, span: w.span }));
  return {
    file: c.file,
    env: c.env.map((e) => ({ name: e.name, value: e.valueField ? e.value : undefined, span: e.valueField?.span })),
    entrypoint: words(c.commandWords),
    cmd: words(c.argsWords),
    envLabel: 'env ',
    expandRefs: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Compose services

export interface ComposeContainer {
  file: string;
  /** The service name. */
  name: string;
  nameSpan: Span;
  image?: string;
  /** Whether the service has a `build:` (its image is built from a Dockerfile of the run). */
  built: boolean;
  overrides: ContainerOverrides;
  /** `mem_limit` or `deploy.resources.limits.memory`, as written. */
  memoryLimit?: { value: string; span: Span };
  /** `services.<name>` for messages. */
  label: string;
}

/** Interpolated compose values (`${HEAP}`) are not known here. */
function composeLiteral(v: string | undefined): string | undefined {
  return v !== undefined && !/\$\{?[A-Za-z_]/.test(v) ? v : undefined;
}

/** Words of a compose `command` / `entrypoint`: a list, or a string split on spaces (as compose does, without a shell). */
function composeWords(file: string, text: string, n: YamlNode | undefined): Word[] | undefined {
  if (isSeq(n)) {
    const out: Word[] = [];
    for (const it of n.items) {
      const v = scalarText(it as YamlNode);
      if (v === undefined) return undefined;
      out.push({ value: v, file, span: spanOf(it as YamlNode, { start: 0, end: 0 }) });
    }
    return out;
  }
  const s = scalarText(n);
  if (s === undefined || !isScalar(n) || !n.range) return undefined;
  const raw = text.slice(n.range[0], n.range[1]);
  const quoted = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  const out: Word[] = [];
  for (const m of s.matchAll(/\S+/g)) {
    // Positions are exact for plain and simply quoted scalars; escapes shift them, so fall back to the whole value.
    const at = raw.indexOf(m[0], quoted + (out.length ? out[out.length - 1]!.span.end - n.range[0] : 0));
    const span = at >= 0 ? { start: n.range[0] + at, end: n.range[0] + at + m[0].length } : { start: n.range[0], end: n.range[1] };
    out.push({ value: m[0], file, span });
  }
  return out;
}

function composeEnv(doc: Document, text: string, node: unknown): ContainerOverrides['env'] {
  const out: ContainerOverrides['env'] = [];
  const n = deref(doc, node);
  if (isMap(n)) {
    for (const p of (n as YAMLMap).items) {
      const name = scalarText(p.key as YamlNode);
      if (!name) continue;
      const v = p.value as YamlNode | null;
      const value = composeLiteral(v ? scalarText(v) : undefined);
      out.push({ name, value, span: v && value !== undefined ? spanOf(v, { start: 0, end: 0 }) : undefined });
    }
  } else if (isSeq(n)) {
    for (const it of n.items) {
      const s = scalarText(it as YamlNode);
      const r = (it as YamlNode).range;
      if (s === undefined || !r) continue;
      const eq = s.indexOf('=');
      const name = eq < 0 ? s : s.slice(0, eq);
      const value = eq < 0 ? undefined : composeLiteral(s.slice(eq + 1));
      // `- NAME=value`: the value starts after the first `=` of the raw text (quotes only around the whole item).
      const rawEq = text.slice(r[0], r[1]).indexOf('=');
      out.push({ name, value, span: value !== undefined && rawEq >= 0 ? { start: r[0] + rawEq + 1, end: r[0] + rawEq + 1 + value.length } : undefined });
    }
  }
  return out;
}

function readComposeFile(path: string, text: string): ComposeContainer[] {
  let docs: Document[];
  try {
    docs = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as unknown as Document[];
  } catch {
    return [];
  }
  if (!Array.isArray(docs)) return [];
  const out: ComposeContainer[] = [];
  for (const doc of docs.slice(0, 50)) {
    const svcs = child(doc, doc.contents, 'services');
    if (!isMap(svcs)) continue;
    for (const pair of svcs.items) {
      const name = scalarText(pair.key as YamlNode);
      const body = deref(doc, pair.value);
      if (!name || !isMap(body)) continue;
      const image = composeLiteral(scalarText(child(doc, body, 'image')));
      const mem = child(doc, body, 'mem_limit') ?? child(doc, child(doc, child(doc, child(doc, body, 'deploy'), 'resources'), 'limits'), 'memory');
      const memText = composeLiteral(scalarText(mem));
      const entrypoint = composeWords(path, text, child(doc, body, 'entrypoint'));
      const cmd = composeWords(path, text, child(doc, body, 'command'));
      out.push({
        file: path,
        name,
        nameSpan: spanOf(pair.key as YamlNode, { start: 0, end: 0 }),
        ...(image ? { image: image.trim() } : {}),
        built: child(doc, body, 'build') !== undefined,
        overrides: { file: path, env: composeEnv(doc, text, child(doc, body, 'environment')), ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}), envLabel: 'environment ', expandRefs: false },
        ...(memText && mem ? { memoryLimit: { value: memText.trim(), span: spanOf(mem, { start: 0, end: 0 }) } } : {}),
        label: `compose service "${name}"`,
      });
    }
  }
  return out;
}

/** Every service of the run's compose files, with its overrides and memory limit. */
export function composeContainers(model: ProjectModel): ComposeContainer[] {
  return model.memo('cross:compose-containers', () => model.filesOf('manifest').filter((f) => f.root && isComposeFile(f.path)).flatMap((f) => readComposeFile(f.path, f.text)));
}

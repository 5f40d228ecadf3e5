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
 * compose containers are judged alike. Pure: compose services come from the run's one compose reading.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { DockerImageFacts } from '../dockerfile/model.js';
import type { Container } from '../yaml/objects.js';
import { composeOf, type ComposeServiceModel } from './compose.js';

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
function composeWords(text: string | undefined, c: ComposeServiceModel['command']): Word[] | undefined {
  if (!c) return undefined;
  if (!c.shell) return c.words.map((w) => ({ value: w.value, file: w.file, span: w.span }));
  const w = c.words[0];
  if (!w) return undefined;
  const raw = text?.slice(w.span.start, w.span.end) ?? '';
  const quoted = raw.startsWith('"') || raw.startsWith("'") ? 1 : 0;
  const out: Word[] = [];
  for (const m of w.value.matchAll(/\S+/g)) {
    // Positions are exact for plain and simply quoted scalars; escapes shift them, so fall back to the whole value.
    const at = raw.indexOf(m[0], quoted + (out.length ? out[out.length - 1]!.span.end - w.span.start : 0));
    const span = at >= 0 ? { start: w.span.start + at, end: w.span.start + at + m[0].length } : w.span;
    out.push({ value: m[0], file: w.file, span });
  }
  return out;
}

function composeContainer(text: string | undefined, s: ComposeServiceModel): ComposeContainer {
  const image = composeLiteral(s.image?.value);
  const env: ContainerOverrides['env'] = [...s.environment].map(([name, v]) => {
    const value = composeLiteral(v.value);
    return { name, value, span: value !== undefined ? v.span : undefined };
  });
  const entrypoint = composeWords(text, s.entrypoint);
  const cmd = composeWords(text, s.command);
  const mem = s.memoryLimit ? composeLiteral(s.memoryLimit.value) : undefined;
  return {
    file: s.file,
    name: s.name,
    nameSpan: s.span,
    ...(image ? { image: image.trim() } : {}),
    built: s.buildDeclared === true,
    overrides: { file: s.file, env, ...(entrypoint ? { entrypoint } : {}), ...(cmd ? { cmd } : {}), envLabel: 'environment ', expandRefs: false },
    ...(mem && s.memoryLimit ? { memoryLimit: { value: mem.trim(), span: s.memoryLimit.span } } : {}),
    label: `compose service "${s.name}"`,
  };
}

/** Every service of the run's compose files (each file on its own), with its overrides and memory limit. */
export function composeContainers(model: ProjectModel): ComposeContainer[] {
  return model.memo('cross:compose-containers', () => [...composeOf(model).files.values()].flatMap((f) => [...f.services.values()].filter((s) => !s.bare).map((s) => composeContainer(model.text(f.path), s))));
}

/**
 * Where app servers run: every container the run describes — an image built by a Dockerfile, a
 * compose service, a Kubernetes container — with the command it really starts (image ENTRYPOINT/CMD
 * under the compose or Kubernetes override), the environment it starts with, the app server that
 * command starts and what shows that something outside the container sends it traffic (EXPOSE,
 * published or exposed ports, a Service). Built from the families' models, memoised on the model.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { ArgvWord, DockerImageFacts, StartCommand } from '../dockerfile/model.js';
import { dockerModel } from '../dockerfile/model.js';
import { basename } from '../dockerfile/shell.js';
import { k8sModel } from '../yaml/model.js';
import type { Container } from '../yaml/objects.js';
import { appServerOf, commandsOf, pickServer, scriptCommands, type AppServer, type CmdWord, type EnvLookup } from './app-server.js';
import { appIn, type LinkedApp } from './apps.js';
import { composeOf, joinRel, type ComposeProject, type ComposeServiceModel, type ComposeVolume } from './compose.js';
import { imageLinker } from './images.js';
import { isUwsgiIniPath } from '../manifest/detect.js';
import { iniTarget, parseUwsgiIni, withUwsgiConfig } from './uwsgi.js';
import { pushTo } from '../../core/append.js';

/** Something that sends the container traffic from outside it. */
export interface Reach {
  file: string;
  span: Span;
  /** `EXPOSE 8000`, `ports "8000:8000"`, `Service "api"`. */
  what: string;
}

export interface ServerRun {
  /** `the image of api/Dockerfile`, `compose service "web"`, `container "api" of Deployment/api`. */
  label: string;
  where: 'image' | 'compose' | 'k8s' | 'procfile';
  image?: DockerImageFacts;
  /** The build context of the image (`''` for the root). */
  context?: string;
  server: AppServer;
  app?: LinkedApp;
  reach: Reach[];
  env: EnvLookup;
  /** The container shares its network with others (`network_mode: host` / `service:…`, a pod with several containers). */
  sharedNetwork: boolean;
  /** The files say this setup is for development (`Dockerfile.dev`, `docker-compose.dev.yml`, a `dev` build target, `FLASK_ENV=development`). */
  devIntent: boolean;
  compose?: { project: ComposeProject; service: ComposeServiceModel };
  /** The Kubernetes container, for runs of `where: 'k8s'`. */
  container?: Container;
}

interface Cmd {
  /** Exec form: its words; shell form: undefined. */
  exec?: CmdWord[];
  commands: CmdWord[][];
}

function fromImage(s: StartCommand | undefined, file: string): Cmd | undefined {
  if (!s) return undefined;
  const w = (ws: ArgvWord[]): CmdWord[] => ws.map((x) => ({ value: x.value, file, span: x.span }));
  return { ...(s.form === 'exec' ? { exec: w(s.argv) } : {}), commands: (s.commands ?? []).map(w) };
}

function fromWords(words: CmdWord[], shell: boolean, textOf: (f: string) => string | undefined): Cmd {
  if (shell) return { commands: words[0] ? scriptCommands(words[0], textOf) : [] };
  return { exec: words, commands: commandsOf(words, textOf) };
}

const WRAPPER = /(^|[-_.])(entrypoint|docker-entrypoint|start|run|init)(\.sh)?$|\.sh$|^(tini|dumb-init|gosu|su-exec|catatonit|s6-svscan)$/;

/** The app server an ENTRYPOINT and CMD start, as Docker combines them. */
export function serverOf(ep: Cmd | undefined, cmd: Cmd | undefined, textOf: (f: string) => string | undefined, env: EnvLookup): AppServer | undefined {
  const first = (cmds: CmdWord[][]) => pickServer(cmds.map((c) => appServerOf(c, env, textOf)));
  if (!ep) return cmd ? first(cmd.commands) : undefined;
  if (!ep.exec) return first(ep.commands);
  if (cmd?.exec) {
    const s = first(commandsOf([...ep.exec, ...cmd.exec], textOf));
    if (s) return s;
  }
  const s = first(ep.commands);
  if (s) return s;
  const prog = ep.exec[0] ? basename(ep.exec[0].value) : '';
  return cmd && WRAPPER.test(prog) ? first(cmd.commands.map((c) => (c[0]?.value === '--' ? c.slice(1) : c))) : undefined;
}

function envOf(image: DockerImageFacts | undefined, extra: Map<string, { value: string | undefined; file: string; span: Span; via: string }>, unknown: boolean): EnvLookup {
  return (name) => {
    const e = extra.get(name);
    if (e) return e.value === undefined ? { value: '', file: e.file, span: e.span, via: e.via } : { value: e.value, file: e.file, span: e.span, via: e.via };
    const i = image?.env.find((x) => x.name === name);
    if (i && image) return { value: i.value, file: image.path, span: i.valueSpan, via: `ENV ${name}` };
    // An env_file may set anything: the value is unknown, so no default is claimed.
    return unknown ? { value: '', file: '', span: { start: 0, end: 0 }, via: 'env_file' } : undefined;
  };
}

const DEV_NAME = /(^|[^a-z])(dev|devel|develop|development|local|debug)([^a-z]|$)/i;

function imageDevIntent(image: DockerImageFacts | undefined): boolean {
  if (!image) return false;
  if (DEV_NAME.test(basename(image.path)) || /(^|\/)(dev|development|\.devcontainer)(\/|$)/i.test(image.path)) return true;
  if (image.stageNames.some((n) => DEV_NAME.test(n))) return true;
  return image.env.some((e) => (/^(FLASK_ENV|NODE_ENV|APP_ENV|DJANGO_ENV|ENVIRONMENT|ENV)$/.test(e.name) && /^dev(elopment)?$/i.test(e.value)) || (/^(FLASK_DEBUG|DEBUG)$/.test(e.name) && /^(1|true)$/i.test(e.value)));
}

function textOfModel(model: ProjectModel): (f: string) => string | undefined {
  return (f) => model.text(f);
}

/** The compose projects of the run (compose files are `manifest` files). */
export function composeModel(model: ProjectModel): ComposeProject[] {
  return composeOf(model).projects;
}

function under(path: string, dir: string | undefined): boolean {
  return dir === undefined || dir === '' || path.startsWith(`${dir}/`);
}

/**
 * A uWSGI server with the settings of the INI file its command names (`--ini`, a lone `app.ini`,
 * `UWSGI_INI`): the file a compose volume mounts at that path, the path in the build context (a
 * relative path under `COPY . .`), else the one file of that name in the build context.
 */
function linkConfig(model: ProjectModel, server: AppServer, context: string | undefined, volumes: readonly ComposeVolume[] = []): AppServer {
  if (server.kind !== 'uwsgi' || !server.config || /[$%@]\(|\$\{?[A-Za-z_]/.test(server.config.value)) return server;
  const { path, section } = iniTarget(server.config.value.trim());
  const candidates: string[] = [];
  for (const v of volumes) if (v.source && /[/.]/.test(v.source) && path.startsWith('/') && (path === v.target || path.startsWith(`${v.target.replace(/\/+$/, '')}/`))) candidates.push(v.source + path.slice(v.target.replace(/\/+$/, '').length));
  if (!path.startsWith('/') && context !== undefined) candidates.push(joinRel(context, path));
  if (context !== undefined) {
    const name = basename(path);
    const hits = model.filesOf('manifest').filter((f) => isUwsgiIniPath(f.path) && basename(f.path) === name && under(f.path, context));
    if (hits.length === 1) candidates.push(hits[0]!.path);
  }
  for (const c of candidates) {
    const text = model.text(c);
    const conf = text !== undefined ? parseUwsgiIni(c, text, section) : undefined;
    if (conf) return withUwsgiConfig(server, conf);
  }
  return server;
}

function fromImageRun(model: ProjectModel, image: DockerImageFacts): ServerRun | undefined {
  const env = envOf(image, new Map(), false);
  const found = serverOf(fromImage(image.entrypoint, image.path), fromImage(image.cmd, image.path), textOfModel(model), env);
  if (!found) return undefined;
  const context = image.path.includes('/') ? image.path.slice(0, image.path.lastIndexOf('/')) : '';
  const server = linkConfig(model, found, context);
  const app = appIn(model, context);
  const reach: Reach[] = image.expose.filter((e) => e.port !== undefined).map((e) => ({ file: image.path, span: e.span, what: `EXPOSE ${e.text}` }));
  return { label: `the image of ${image.path}`, where: 'image', image, context, server, ...(app ? { app } : {}), reach, env, sharedNetwork: false, devIntent: imageDevIntent(image) };
}

/** The services that depend on each service name, in file order: one pass per project, not one per service. */
const dependents = new WeakMap<ComposeProject, Map<string, { other: ComposeServiceModel; d: ComposeServiceModel['dependsOn'][number] }[]>>();
function dependentsOf(project: ComposeProject): Map<string, { other: ComposeServiceModel; d: ComposeServiceModel['dependsOn'][number] }[]> {
  let index = dependents.get(project);
  if (!index) {
    index = new Map();
    for (const other of project.services.values())
      for (const d of other.dependsOn) {
        pushTo(index, d.name, { other, d });
      }
    dependents.set(project, index);
  }
  return index;
}

function fromCompose(model: ProjectModel, project: ComposeProject, svc: ComposeServiceModel): ServerRun | undefined {
  const docker = dockerModel(model);
  let image: DockerImageFacts | undefined;
  let context: string | undefined;
  if (svc.build) {
    const facts = docker.byPath.get(svc.build.dockerfile);
    const target = svc.build.target?.toLowerCase();
    if (facts && (!target || facts.stageNames[facts.stageNames.length - 1] === target)) image = facts;
    else if (facts) {
      // A build target runs that stage: its command, environment and ports.
      const t = facts.targets.find((x) => x.name === target);
      if (t) image = { ...facts, expose: t.expose, env: t.env, stageNames: t.chain, ...(t.entrypoint ? { entrypoint: t.entrypoint } : { entrypoint: undefined }), ...(t.cmd ? { cmd: t.cmd } : { cmd: undefined }) } as DockerImageFacts;
    }
    context = svc.build.context;
  } else if (svc.image) {
    const link = imageLinker(model).forImage(svc.image.value, svc.file);
    if (link && link.how !== 'single' && link.how !== 'name') {
      image = link.image;
      context = link.context;
    }
  }
  const extra = new Map<string, { value: string | undefined; file: string; span: Span; via: string }>();
  for (const [k, v] of svc.environment) extra.set(k, { ...v, via: `environment ${k}` });
  const env = envOf(image, extra, svc.envFiles.length > 0);
  const textOf = textOfModel(model);
  let ep = image ? fromImage(image.entrypoint, image.path) : undefined;
  let cmd = image ? fromImage(image.cmd, image.path) : undefined;
  if (svc.entrypoint) {
    ep = fromWords(svc.entrypoint.words, svc.entrypoint.shell, textOf);
    cmd = undefined;
  }
  if (svc.command) cmd = fromWords(svc.command.words, svc.command.shell, textOf);
  if (!svc.entrypoint && !svc.command && !image) return undefined;
  const found = serverOf(ep, cmd, textOf, env);
  if (!found) return undefined;
  const server = linkConfig(model, found, context, svc.volumes);
  const app = context !== undefined ? appIn(model, context) : undefined;
  const reach: Reach[] = [
    ...svc.ports.filter((p) => p.target !== undefined).map((p) => ({ file: p.file, span: p.span, what: `ports ${JSON.stringify(model.text(p.file)?.slice(p.span.start, p.span.end).replace(/^["']|["']$/g, '') ?? String(p.target))}` })),
    ...svc.expose.map((e) => ({ file: e.file, span: e.span, what: `expose ${e.value}` })),
  ];
  for (const { other, d } of dependentsOf(project).get(svc.name) ?? []) {
    if (other !== svc && /nginx|proxy|traefik|caddy|haproxy|web/.test(other.image?.value ?? other.name)) reach.push({ file: d.file, span: d.span, what: `service "${other.name}" (a proxy that depends on it)` });
  }
  // A bind mount of the build context (live code), or a command set in an override file, is a development setup.
  const liveCode = svc.build !== undefined && svc.volumes.some((v) => v.source !== undefined && (v.source === svc.build!.context || svc.build!.context.startsWith(`${v.source}/`) || (svc.build!.context === '' && v.source === '')));
  const inOverride = [svc.command?.file, svc.entrypoint?.file].some((f) => f !== undefined && /\.override\.ya?ml$/i.test(f));
  const devIntent = liveCode || inOverride || project.files.some((f) => DEV_NAME.test(basename(f))) || (svc.build?.target !== undefined && DEV_NAME.test(svc.build.target)) || imageDevIntent(image) || [...svc.environment].some(([k, v]) => /^(FLASK_ENV|NODE_ENV|APP_ENV|DJANGO_ENV|ENVIRONMENT)$/.test(k) && /^dev(elopment)?$/i.test(v.value ?? ''));
  const shared = svc.networkMode !== undefined && /^(host|service:|container:)/.test(svc.networkMode);
  return {
    label: `compose service "${svc.name}"`,
    where: 'compose',
    ...(image ? { image } : {}),
    ...(context !== undefined ? { context } : {}),
    server,
    ...(app ? { app } : {}),
    reach,
    env,
    sharedNetwork: shared,
    devIntent,
    compose: { project, service: svc },
  };
}

function fromK8s(model: ProjectModel, c: Container): ServerRun | undefined {
  const w = c.owner;
  const link = c.image ? imageLinker(model).forImage(c.image.value, c.file) : undefined;
  const image = link?.image;
  const extra = new Map<string, { value: string | undefined; file: string; span: Span; via: string }>();
  for (const e of c.env) extra.set(e.name, { value: e.value ?? '', file: c.file, span: e.valueField?.span ?? e.nameField.span, via: `env ${e.name}` });
  const env = envOf(image, extra, false);
  const textOf = textOfModel(model);
  const words = (ws: Container['commandWords']): CmdWord[] => ws.map((x) => ({ value: x.value, file: c.file, span: x.span }));
  let ep = image ? fromImage(image.entrypoint, image.path) : undefined;
  let cmd = image ? fromImage(image.cmd, image.path) : undefined;
  if (c.commandWords.length) {
    ep = fromWords(words(c.commandWords), false, textOf);
    cmd = undefined;
  }
  if (c.argsWords.length) cmd = fromWords(words(c.argsWords), false, textOf);
  const found = serverOf(ep, cmd, textOf, env);
  if (!found) return undefined;
  const server = linkConfig(model, found, link?.context);
  const index = k8sModel(model);
  const reach: Reach[] = [
    ...index.servicesFor(w).map((s) => ({ file: s.file, span: s.nameField?.span ?? { start: 0, end: 0 }, what: s.label })),
    ...c.ports.filter((p) => p.containerPort).map((p) => ({ file: c.file, span: p.containerPort!.span, what: `containerPort ${p.containerPort!.value}` })),
  ];
  const app = link ? appIn(model, link.context) : undefined;
  return {
    label: `${c.label} of ${w.kind}/${w.name ?? ''}`,
    where: 'k8s',
    ...(image ? { image, context: link!.context } : {}),
    server,
    ...(app ? { app } : {}),
    reach,
    env,
    sharedNetwork: (w.template?.containers.length ?? 1) > 1,
    devIntent: false,
    container: c,
  };
}

/**
 * The `web` process of a Procfile (Heroku, Dokku, Cloud Native Buildpacks): the platform's router
 * sends it HTTP traffic on `$PORT`, which the platform sets.
 */
function fromProcfile(model: ProjectModel, path: string, text: string): ServerRun | undefined {
  const m = /^web[ \t]*:[ \t]*(.*?)[ \t]*$/m.exec(text);
  if (!m || !m[1]) return undefined;
  const start = m.index + m[0].indexOf(m[1], m[0].indexOf(':') + 1);
  const word: CmdWord = { value: m[1], file: path, span: { start, end: start + m[1].length } };
  const platform = { value: '', file: path, span: { start: m.index, end: m.index + 3 }, via: 'the platform' };
  const env: EnvLookup = (name) => (name === 'PORT' ? { ...platform, value: '$PORT' } : undefined);
  const found = pickServer(scriptCommands(word, () => text).map((c) => appServerOf(c, env, () => text)));
  if (!found) return undefined;
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const server = linkConfig(model, found, dir);
  const app = appIn(model, dir);
  return { label: `the "web" process of ${path}`, where: 'procfile', context: dir, server, ...(app ? { app } : {}), reach: [{ file: path, span: platform.span, what: 'the platform router (Procfile "web" process)' }], env, sharedNetwork: false, devIntent: false };
}

/**
 * Every place an app server runs: each compose service and Kubernetes container (with the image's
 * command under their overrides and environment), and each image that none of them runs, on its own.
 */
export function serverRuns(model: ProjectModel): ServerRun[] {
  return model.memo('cross:server-runs', () => {
    const out: ServerRun[] = [];
    const used = new Set<string>();
    for (const p of composeModel(model))
      for (const s of p.services.values()) {
        if (s.build) used.add(s.build.dockerfile);
        const r = fromCompose(model, p, s);
        if (r) out.push(r);
      }
    const linker = imageLinker(model);
    for (const w of k8sModel(model).workloads) {
      if (!w.longRunning || !w.template) continue;
      for (const c of w.template.containers) {
        const link = c.image ? linker.forImage(c.image.value, c.file) : undefined;
        if (link) used.add(link.image.path);
        const r = fromK8s(model, c);
        if (r) out.push(r);
      }
    }
    for (const f of model.filesOf('manifest')) {
      if (!/(^|\/)Procfile$/.test(f.path)) continue;
      const r = fromProcfile(model, f.path, f.text);
      if (r) out.push(r);
    }
    for (const image of dockerModel(model).images) {
      if (used.has(image.path)) continue;
      const r = fromImageRun(model, image);
      if (r) out.push(r);
    }
    return out;
  });
}

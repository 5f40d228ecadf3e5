/**
 * Effective values at deploy time: what a Dockerfile's image really runs with once the layers above
 * it apply — the stage and build arguments compose or skaffold build it with, the user the manifests
 * and compose services run it as. Each value keeps the file and span it came from, so a finding can
 * name the layer. See docs/deployment-model.md.
 *
 * These run as `ParserModule.deploys` hooks of the manifest parser (here) and of the Kubernetes
 * parser (`deploy-users.ts`), on a freshly parsed Dockerfile, and read only compose/skaffold and
 * Kubernetes files (never other Dockerfiles' summaries, which would settle them in turn).
 */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { DockerfileRoot } from '../dockerfile/ast.js';
import { buildConfigOf, type DeclaredBuild } from './build-config.js';
import { pushTo } from '../../core/append.js';

type Deployment = NonNullable<DockerfileRoot['deployment']>;

const DEV_TARGET = /^(dev|devel|develop|development|debug|test|tests|testing|local)([-_].*)?$/;

export function buildsByDockerfile(model: ProjectModel): Map<string, DeclaredBuild[]> {
  return model.memo('cross:builds-by-dockerfile', () => {
    const out = new Map<string, DeclaredBuild[]>();
    for (const b of buildConfigOf(model).builds) {
      pushTo(out, b.dockerfile, b);
    }
    return out;
  });
}

export function deploymentOf(root: DockerfileRoot): Deployment {
  return (root.deployment ??= { builds: [], args: {}, users: [] });
}

export function dockerfileRoot(file: ParsedFile): DockerfileRoot | undefined {
  const root = file.root as DockerfileRoot | undefined;
  return root?.type === 'dockerfile' ? root : undefined;
}

/**
 * Compose and skaffold: when every declared build of the Dockerfile names the same target stage,
 * that stage is the one deployed, whatever comes after it; build arguments every build passes
 * replace the `ARG` defaults; a compose service's `user:` is the user it runs as. Returns whether
 * the run declares builds at all (the file's findings then depend on them).
 */
export function settleBuild(file: ParsedFile, model: ProjectModel): boolean {
  const config = buildConfigOf(model);
  if (!config.builds.length) return false;
  const root = dockerfileRoot(file);
  const builds = root ? (buildsByDockerfile(model).get(file.path) ?? []) : [];
  if (!root || !builds.length) return true;
  const d = deploymentOf(root);
  d.builds = builds.map((b) => ({ file: b.file, span: b.span }));
  const targets = new Set(builds.map((b) => b.target?.toLowerCase() ?? ''));
  const name = targets.size === 1 ? [...targets][0] : '';
  // A development target (`target: development` for a compose dev loop) is not what production
  // runs: the last stage stays the image judged, as a build without a target makes it.
  const stage = name && !DEV_TARGET.test(name) ? root.stages.find((s) => s.name === name) : undefined;
  if (stage) {
    d.target = { name: stage.name!, file: builds[0]!.file, span: builds[0]!.span };
    if (root.finalStage && root.finalStage !== stage) {
      root.finalStage.isFinal = false;
      stage.isFinal = true;
      root.finalStage = stage;
    }
  }
  for (const arg of Object.keys(builds[0]!.args ?? {})) {
    if (!builds.every((b) => b.args && Object.hasOwn(b.args, arg))) continue;
    const values = new Set(builds.map((b) => b.args![arg]));
    d.args[arg] = values.size === 1 ? [...values][0] : undefined;
  }
  for (const s of config.composeServices) {
    if (s.build?.dockerfile !== file.path) continue;
    const u = s.user?.value.split(':')[0]?.trim();
    d.users.push({ file: s.file, span: u ? s.user!.span : s.span, what: `compose service "${s.name}"`, nonRoot: u !== undefined && u !== '' && !/^(root|0)$/.test(u) });
  }
  return true;
}

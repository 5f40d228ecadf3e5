/** The Kubernetes side of deploy-time values for Dockerfiles (see `deploy.ts`). */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import { k8sModel } from '../yaml/model.js';
import { runsAsNonRoot } from '../yaml/objects.js';
import { buildConfigOf } from './build-config.js';
import { buildsByDockerfile, deploymentOf, dockerfileRoot } from './deploy.js';
import { parseImageName } from './images.js';

/**
 * Kubernetes: the user each container runs the image as (`securityContext.runAsUser` /
 * `runAsNonRoot`, container over pod), for containers whose image a compose or skaffold build of
 * this Dockerfile produces. Returns whether any build of it is declared.
 */
export function settleUsers(file: ParsedFile, model: ProjectModel): boolean {
  const root = dockerfileRoot(file);
  const builds = buildsByDockerfile(model).get(file.path) ?? [];
  if (!buildConfigOf(model).builds.length) return false;
  if (!root || !builds.length) return true;
  const repos = new Set(builds.flatMap((b) => (b.image ? [parseImageName(b.image)?.repository] : [])).filter((r): r is string => !!r));
  if (!repos.size) return true;
  const d = deploymentOf(root);
  for (const w of k8sModel(model).workloads) {
    if (!w.longRunning || !w.template) continue;
    for (const c of w.template.containers) {
      const repo = c.image ? parseImageName(c.image.value)?.repository : undefined;
      if (!repo || !repos.has(repo)) continue;
      const r = runsAsNonRoot(c);
      d.users.push({ file: c.file, span: r ? r.field.span : c.anchor, what: `${c.label} of ${w.label}`, nonRoot: r?.nonRoot ?? false });
    }
  }
  return true;
}

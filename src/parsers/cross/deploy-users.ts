/** The Kubernetes side of deploy-time values for Dockerfiles (see `deploy.ts`). */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import { k8sModel } from '../yaml/model.js';
import { serves } from '../yaml/traffic.js';
import { runsAsNonRoot } from '../yaml/objects.js';
import { buildsByDockerfile, deploymentOf, dockerfileRoot } from './deploy.js';
import { dockerfileNames, isPublicImage, parseImageName } from './images.js';

/**
 * Kubernetes: the user each container runs the image as (`securityContext.runAsUser` /
 * `runAsNonRoot`, container over pod), for containers whose image this Dockerfile builds: as a
 * compose or skaffold build declares it, or, when none does, by the image's name matching the
 * Dockerfile's (`image: paymentservice` for `src/paymentservice/Dockerfile`; public images never
 * match). Returns whether the run has workloads (the file's findings then depend on them).
 */
export function settleUsers(file: ParsedFile, model: ProjectModel): boolean {
  const index = k8sModel(model);
  if (!index.workloads.length) return false;
  const root = dockerfileRoot(file);
  if (!root) return true;
  const builds = buildsByDockerfile(model).get(file.path) ?? [];
  const repos = new Set(builds.flatMap((b) => (b.image ? [parseImageName(b.image)?.repository] : [])).filter((r): r is string => !!r));
  // Declared builds say which images the Dockerfile makes; only without one does the name decide.
  const names = builds.length ? [] : dockerfileNames(file.path);
  const runs = (image: string): boolean => {
    const n = parseImageName(image);
    if (!n) return false;
    if (repos.has(n.repository)) return true;
    return names.includes(n.name) && !isPublicImage(n);
  };
  let d: ReturnType<typeof deploymentOf> | undefined;
  for (const w of index.workloads) {
    if (!w.template) continue;
    for (const c of w.template.containers) {
      if (!c.image || !runs(c.image.value)) continue;
      const r = runsAsNonRoot(c);
      (d ??= deploymentOf(root)).users.push({ file: c.file, span: r ? r.field.span : c.anchor, what: `${c.label} of ${w.label}`, nonRoot: r?.nonRoot ?? false, serves: serves(index, w) });
    }
  }
  return true;
}

/** The Kubernetes side of deploy-time values for Dockerfiles (see `deploy.ts`). */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import { k8sModel } from '../yaml/model.js';
import { serves } from '../yaml/traffic.js';
import { runsAsNonRoot } from '../yaml/objects.js';
import { buildsByDockerfile, deploymentOf, dockerfileRoot } from './deploy.js';
import { dockerfileNames, isPublicImage, parseImageName, type ImageName } from './images.js';
import type { Container, Workload } from '../yaml/objects.js';
import { pushTo } from '../../core/append.js';

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
  const byImage = containersByImage(model);
  // Containers of either kind of match, in the order the run lists them.
  const matched = new Set<ImageContainer>();
  for (const r of repos) for (const e of byImage.repository.get(r) ?? []) matched.add(e);
  for (const name of names) for (const e of byImage.name.get(name) ?? []) if (!isPublicImage(e.image)) matched.add(e);
  let d: ReturnType<typeof deploymentOf> | undefined;
  for (const { w, c } of [...matched].sort((a, b) => a.order - b.order)) {
    const r = runsAsNonRoot(c);
    (d ??= deploymentOf(root)).users.push({ file: c.file, span: r ? r.field.span : c.anchor, what: `${c.label} of ${w.label}`, nonRoot: r?.nonRoot ?? false, serves: serves(index, w) });
  }
  return true;
}

interface ImageContainer {
  w: Workload;
  c: Container;
  image: ImageName;
  /** Position in the run's list of workload containers. */
  order: number;
}

/**
 * Every workload container of the run by its image's repository and by its short name, built once
 * per run: each Dockerfile looks its images up instead of parsing every container's image again
 * (that scan made a monorepo's run grow with Dockerfiles × containers).
 */
function containersByImage(model: ProjectModel): { repository: Map<string, ImageContainer[]>; name: Map<string, ImageContainer[]> } {
  return model.memo('cross:k8s-containers-by-image', () => {
    const repository = new Map<string, ImageContainer[]>();
    const name = new Map<string, ImageContainer[]>();
    let order = 0;
    for (const w of k8sModel(model).workloads) {
      if (!w.template) continue;
      for (const c of w.template.containers) {
        if (!c.image) continue;
        const image = parseImageName(c.image.value);
        if (!image) continue;
        const e: ImageContainer = { w, c, image, order: order++ };
        pushTo(repository, image.repository, e);
        pushTo(name, image.name, e);
      }
    }
    return { repository, name };
  });
}

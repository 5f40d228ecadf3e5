import { defineRule, type ProjectModel } from '../../src/core/rule.js';
import { buildConfigOf } from '../../src/parsers/cross/build-config.js';
import { isPublicImage, parseImageName } from '../../src/parsers/cross/images.js';
import { isPlaceholderImage, parseImage } from '../../src/parsers/yaml/facts.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

/** Whether a skaffold file above `file` (or beside it) builds `repository` as an artifact. */
function skaffoldBuilds(model: ProjectModel, repository: string, file: string): boolean {
  return buildConfigOf(model).skaffoldImages.some((a) => {
    const home = a.file.slice(0, Math.max(0, a.file.lastIndexOf('/')));
    return (home === '' || file.startsWith(`${home}/`)) && parseImageName(a.image)?.repository === repository;
  });
}

export default defineRule({
  meta: {
    id: 'k8s/image-tag-unpinned',
    kind: 'k8s',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Pin container images to a version tag or digest, not `latest` or no tag.',
    causes: ['crash-loop-503', 'unhandled-exception-500'],
    remediation: 'Use an immutable version tag (api:1.4.2) or a digest (api@sha256:…), set by your release pipeline or a kustomize `images:` entry.',
    messages: {
      noTag:
        'Image {{image}} of {{container}} has no tag, so Kubernetes pulls :latest: a node that restarts or scales out may run a different, untested build than the others, and a bad push breaks pods that never changed (5xx, crash loops).',
      latest:
        'Image {{image}} of {{container}} uses the :latest tag: a node that restarts or scales out may run a different, untested build than the others, and a bad push breaks pods that never changed (5xx, crash loops).',
    },
  },
  create(ctx) {
    return {
      container(c) {
        const image = c.image;
        if (!image || isPlaceholderImage(image.value)) return;
        const ref = parseImage(image.value);
        if (ref.digest) return;
        if (ref.tag && ref.tag !== 'latest') return;
        // A kustomization that includes this file may set the tag.
        const overridden = k8sModel(ctx.model)
          .kustomizationsFor(c.file)
          .some((k) => k.images.some((i) => i.name === ref.repository && (i.newTag || i.digest)));
        if (overridden) return;
        // skaffold builds the image and rewrites the reference to the tag it built when it deploys
        // the manifests (`skaffold run`/`dev`): the name here is a placeholder.
        if (skaffoldBuilds(ctx.model, ref.repository, c.file)) return;
        // A bare name that is no public image (`image: emailservice`) names a locally built image
        // that a tool (skaffold, Tilt, `kind load`) supplies: Docker Hub has nothing to pull.
        const name = parseImageName(image.value);
        if (!ref.tag && name && !name.repository.includes('/') && !isPublicImage(name)) return;
        ctx.report({ span: image.span, file: c.file, messageId: ref.tag ? 'latest' : 'noTag', data: { image: image.value, container: c.label } });
      },
    };
  },
});

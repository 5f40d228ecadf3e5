import { defineRule } from '../../src/core/rule.js';
import { isPlaceholderImage, parseImage } from '../../src/parsers/yaml/facts.js';
import { k8sModel } from '../../src/parsers/yaml/model.js';

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
        ctx.report({ span: image.span, file: c.file, messageId: ref.tag ? 'latest' : 'noTag', data: { image: image.value, container: c.label } });
      },
    };
  },
});

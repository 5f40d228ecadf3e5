import { defineRule } from '../../src/core/rule.js';

/** Names of the variables an image reference uses (`${BASE_VERSION}`, `$TAG`, `${TAG:-1}`). */
function argsUsed(raw: string): string[] {
  return [...raw.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!);
}

export default defineRule({
  meta: {
    id: 'dockerfile/image-tag-unpinned',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Pin base images to a version tag or a digest.',
    causes: ['crash-loop-503', 'build-failure'],
    remediation: 'Use a version tag (`python:3.12-slim`) or a digest (`@sha256:…`), and update it on purpose.',
    messages: {
      noTag: 'Base image {{image}} has no tag, so it means :latest: the next build silently takes a new major version, and a runtime that no longer matches the app crash-loops the new pods (503) or breaks the build.',
      latest: 'Base image {{image}} uses the :latest tag: the next build silently takes a new major version, and a runtime that no longer matches the app crash-loops the new pods (503) or breaks the build.',
    },
  },
  create(ctx) {
    return {
      FROM(node) {
        const img = node.image;
        const stage = ctx.file.root.stages[node.stage];
        if (!img || img.unresolved || !img.resolved || stage?.parent !== undefined) return;
        if (img.repository === 'scratch' || img.digest) return;
        // An ARG default that every declared build overrides (compose `build.args`, skaffold
        // `buildArgs`) is not what gets built.
        const args = ctx.file.root.deployment?.args ?? {};
        const used = argsUsed(img.raw);
        if (used.some((a) => Object.hasOwn(args, a))) return;
        // A tag written as a build argument (`FROM base:${BASE_VERSION}`) is chosen by whoever runs
        // the build (`--build-arg`, a Makefile, CI); its default is a placeholder, not a pin to judge.
        const at = img.raw.lastIndexOf(':');
        if (at > img.raw.lastIndexOf('/') && img.raw.slice(at).includes('$')) return;
        const shown = img.raw === img.resolved ? `"${img.raw}"` : `"${img.resolved}" (from "${img.raw}")`;
        if (img.tag === undefined) ctx.report({ span: img.span, messageId: 'noTag', data: { image: shown } });
        else if (img.tag.toLowerCase() === 'latest') ctx.report({ span: img.tagSpan ?? img.span, messageId: 'latest', data: { image: shown } });
      },
    };
  },
});

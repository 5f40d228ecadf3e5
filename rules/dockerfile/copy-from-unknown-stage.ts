import { distance } from 'fastest-levenshtein';
import { defineRule } from '../../src/core/rule.js';
import { isKnownImageName } from '../../src/parsers/dockerfile/images.js';

export default defineRule({
  meta: {
    id: 'dockerfile/copy-from-unknown-stage',
    kind: 'dockerfile',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Make `COPY --from` name a stage defined earlier or a real image.',
    causes: ['build-failure'],
    remediation: 'Name a stage defined above this instruction (`FROM … AS <name>`), or a full image reference with a tag.',
    messages: {
      unknown: '`--from={{name}}` names no stage defined before this COPY{{hint}}: Docker tries to pull an image called "{{name}}", the build fails and the fix it carried never ships.',
      later: '`--from={{name}}` names a stage defined after this COPY (line {{line}}): a COPY can only read earlier stages, so the build fails.',
      self: '`--from={{name}}` names the stage this COPY is in: a stage cannot copy from itself, so the build fails.',
    },
  },
  create(ctx) {
    const root = ctx.file.root;
    return {
      COPY(node) {
        const from = node.from;
        if (!from || node.fromStage !== undefined || !from.value) return;
        const value = from.value;
        const span = from.valueSpan ?? from.span;
        if (value.includes('$')) return;
        const name = value.toLowerCase();
        if (/^\d+$/.test(name)) {
          const idx = Number(name);
          if (idx === node.stage) ctx.report({ span, messageId: 'self', data: { name: value } });
          else if (idx > node.stage) {
            const later = root.stages[idx];
            if (later) ctx.report({ span, messageId: 'later', data: { name: value, line: ctx.file.lines.position(later.from.span.start).line } });
            else ctx.report({ span, messageId: 'unknown', data: { name: value, hint: ` (the file has ${root.stages.length} stage${root.stages.length === 1 ? '' : 's'}, numbered from 0)` } });
          }
          return;
        }
        const own = root.stages[node.stage];
        if (own?.name === name) {
          ctx.report({ span, messageId: 'self', data: { name: value } });
          return;
        }
        const later = root.stages.find((s) => s.index > node.stage && s.name === name);
        if (later) {
          ctx.report({ span, messageId: 'later', data: { name: value, line: ctx.file.lines.position(later.from.span.start).line } });
          return;
        }
        // A registry path, a tag or a digest make it an image reference.
        if (/[/:@]/.test(name) || isKnownImageName(name)) return;
        const earlier = root.stages.filter((s) => s.index < node.stage && s.name).map((s) => s.name!);
        let best: string | undefined;
        let bestD = Infinity;
        for (const s of earlier) {
          const d = distance(s, name);
          if (d < bestD) {
            bestD = d;
            best = s;
          }
        }
        const near = best !== undefined && (bestD <= 3 || best.startsWith(name) || name.startsWith(best));
        const hint = near ? ` (did you mean "${best}"?)` : earlier.length ? ` (stages: ${earlier.join(', ')})` : '';
        ctx.report({
          span,
          messageId: 'unknown',
          data: { name: value, hint },
          ...(near ? { suggest: [{ desc: `Copy from stage "${best}"`, edits: [{ span, text: best! }] }] } : {}),
        });
      },
    };
  },
});

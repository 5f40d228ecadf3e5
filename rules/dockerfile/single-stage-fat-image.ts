import { defineRule } from '../../src/core/rule.js';
import { finalChain, type RunInstruction } from '../../src/parsers/dockerfile/index.js';
import { commandsOf, isBaseImageBuild } from '../../src/parsers/dockerfile/facts.js';
import { toolchainPackage } from '../../src/parsers/dockerfile/images.js';
import { stageServes } from '../../src/parsers/dockerfile/serving.js';
import { optionValues, packageName, type ShellWord } from '../../src/parsers/dockerfile/shell.js';

const INSTALL: Record<string, ReadonlySet<string>> = {
  apt: new Set(['install']),
  apk: new Set(['add']),
  yum: new Set(['install', 'groupinstall', 'group install']),
  zypper: new Set(['install']),
};
const REMOVE: Record<string, ReadonlySet<string>> = {
  apt: new Set(['purge', 'remove']),
  apk: new Set(['del']),
  yum: new Set(['remove', 'autoremove']),
  zypper: new Set(['remove']),
};

/** Toolchain packages a RUN installs and does not remove again before it ends. */
function keptToolchains(run: RunInstruction): ShellWord[][] {
  const cmds = commandsOf(run);
  const removed = new Set<string>();
  let autoRemove = false;
  let markedAuto = false;
  for (const c of cmds) {
    const t = c.tool;
    if (c.name === 'apt-mark' && c.argv[1]?.value === 'auto') markedAuto = true;
    if (!t || !REMOVE[t.manager]?.has(t.action)) {
      if (t?.manager === 'apt' && t.action === 'autoremove') autoRemove = true;
      continue;
    }
    for (const o of t.operands) removed.add(packageName(o.value));
    if (t.options.some((o) => o.name === '--auto-remove' || o.name === '--autoremove') || (t.manager === 'yum' && t.action === 'autoremove')) autoRemove = true;
  }
  const out: ShellWord[][] = [];
  for (const c of cmds) {
    const t = c.tool;
    if (!t || !INSTALL[t.manager]?.has(t.action)) continue;
    // apk add --virtual .build-deps … && apk del .build-deps
    const virtual = optionValues(t, '--virtual', '-t');
    if (virtual.some((v) => removed.has(v.toLowerCase()))) continue;
    if (t.manager === 'apt' && markedAuto && autoRemove) continue;
    const kept = t.operands.filter((o) => toolchainPackage(packageName(o.value)) && !removed.has(packageName(o.value)));
    if (kept.length) out.push(kept);
  }
  return out;
}

export default defineRule({
  meta: {
    id: 'dockerfile/single-stage-fat-image',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Build in one stage and ship a slim runtime stage.',
    causes: ['slow-scale-out-503'],
    remediation: 'Add a build stage (`FROM … AS build`) for compilers and SDKs, then `COPY --from=build` only the output into a runtime base image.',
    messages: {
      fatBase: 'The final image is built on a full build image ({{why}}): hundreds of MB more to pull, so new pods come up late during scale-out and rollouts and the remaining ones answer 503. Build in a separate stage and copy the output into {{runtime}}.',
      toolchain: 'The final image installs build toolchain packages ({{packages}}) and keeps them: a larger image pulls slowly, so new pods come up late during scale-out and rollouts (503). Install them in a build stage and copy only the result, or purge them in the same RUN.',
    },
  },
  create(ctx) {
    return {
      dockerfile(root) {
        if (!root.finalStage || isBaseImageBuild(root)) return;
        // A CI test image or a one-shot tool is never scaled out.
        if (stageServes(root, root.finalStage, ctx.file.path).serves === 'no') return;
        const chain = finalChain(root);
        const first = chain[0]!;
        const info = first.baseInfo;
        if (info.fat && first.from.image) {
          ctx.report({ span: first.from.image.span, messageId: 'fatBase', data: { why: info.fat, runtime: info.runtime ?? 'a slim runtime image' } });
        }
        for (const s of chain)
          for (const run of s.runs)
            for (const kept of keptToolchains(run)) {
              const names = [...new Set(kept.map((w) => packageName(w.value)))];
              const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
              ctx.report({ span: kept[0]!.span, messageId: 'toolchain', data: { packages: shown } });
            }
      },
    };
  },
});

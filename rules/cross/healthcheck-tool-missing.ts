import type { ProjectModel } from '../../src/core/rule.js';
import { defineRule } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { splitReference } from '../../src/parsers/dockerfile/images.js';
import { dockerModel, type DockerImageFacts } from '../../src/parsers/dockerfile/model.js';
import { scriptCommands, type CmdWord } from '../../src/parsers/cross/app-server.js';
import type { ComposeServiceModel } from '../../src/parsers/cross/compose.js';
import { baseContents, judgedProgram, lacks, type BaseContents } from '../../src/parsers/cross/image-tools.js';
import { composeModel } from '../../src/parsers/cross/runs.js';

interface Image {
  base: BaseContents | undefined;
  facts?: DockerImageFacts;
  /** `the image of api/Dockerfile`, `image "python:3.12-slim"`. */
  label: string;
}

function imageOf(model: ProjectModel, s: ComposeServiceModel): Image | undefined {
  if (s.build) {
    const facts = dockerModel(model).byPath.get(s.build.dockerfile);
    // A build target other than the stage the Dockerfile deploys is not judged.
    if (!facts?.baseImage || !facts.adds || facts.baseImage.unresolved || (s.build.target && facts.stageNames[facts.stageNames.length - 1] !== s.build.target.toLowerCase())) return undefined;
    return { base: baseContents(facts.baseImage.repository, facts.baseImage.tag), facts, label: `the image of ${facts.path} (from ${facts.baseImage.raw})` };
  }
  if (!s.image || /[${}]/.test(s.image.value)) return undefined;
  const ref = splitReference(s.image.value.trim());
  return { base: baseContents(ref.repository, ref.tag), label: `image "${s.image.value.trim()}"` };
}

/** The commands a check runs: `CMD` exec words, or the commands of a `CMD-SHELL` script. */
function checkCommands(test: CmdWord[], textOf: (f: string) => string | undefined): { shell?: CmdWord; commands: CmdWord[][] } {
  const kind = test[0]?.value;
  if (kind === 'CMD') return { commands: [test.slice(1)] };
  if (kind === 'CMD-SHELL' && test[1]) return { shell: test[0]!, commands: scriptCommands(test[1], textOf) };
  return { commands: [] };
}

export default defineRule({
  meta: {
    id: 'cross/healthcheck-tool-missing',
    kind: 'project',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Run health checks with programs the image has.',
    causes: ['upstream-unavailable-502', 'crash-loop-503'],
    remediation: 'Install the program in the image (`apk add --no-cache curl`, `apt-get install -y --no-install-recommends curl`), use one the image has (BusyBox `wget -q -O /dev/null`, the runtime: `python -c "import urllib.request; …"`), or check with a small binary copied into the image.',
    messages: {
      missing:
        'The health check runs `{{program}}`, which {{image}} does not have ({{why}}): the check fails every time, so the container is never healthy; services that wait for it with `condition: service_healthy` never start, and a proxy in front answers 502/503.',
      noShell:
        'The health check runs through `/bin/sh` (`{{form}}`), which {{image}} does not have ({{why}}): the check fails every time, so the container is never healthy; services that wait for it with `condition: service_healthy` never start, and a proxy in front answers 502/503.',
    },
  },
  create(ctx) {
    return {
      project(model) {
        const reported = new Set<string>();
        const textOf = (f: string) => model.text(f);
        const judge = (image: Image, check: { shell?: CmdWord; commands: CmdWord[][] }, formSpan: { file: string; span: Span; form: string }) => {
          const key = (file: string, span: Span) => `${file}:${span.start}`;
          if (check.shell && lacks(image.base, image.facts?.adds, 'sh')) {
            if (reported.has(key(formSpan.file, formSpan.span))) return;
            reported.add(key(formSpan.file, formSpan.span));
            ctx.report({ file: formSpan.file, span: formSpan.span, messageId: 'noShell', data: { form: formSpan.form, image: image.label, why: image.base!.why } });
            return;
          }
          for (const cmd of check.commands) {
            const prog = cmd[0];
            const name = prog ? judgedProgram(prog.value) : undefined;
            if (!prog || !name) continue;
            const base = lacks(image.base, image.facts?.adds, name);
            if (!base || reported.has(key(prog.file, prog.span))) continue;
            reported.add(key(prog.file, prog.span));
            ctx.report({ file: prog.file, span: prog.span, messageId: 'missing', data: { program: name, image: image.label, why: base.why } });
            return;
          }
        };
        for (const project of composeModel(model))
          for (const s of project.services.values()) {
            const hc = s.healthcheck;
            if (!hc?.test?.length || hc.disabled) continue;
            const image = imageOf(model, s);
            // A volume may mount the program (or a folder of programs) into the container.
            if (!image?.base || s.volumes.some((v) => /^\/(usr\/)?(local\/)?s?bin(\/|$)|(^|\/)(curl|wget|nc|ncat|netcat|busybox|sh)$/.test(v.target))) continue;
            judge(image, checkCommands(hc.test, textOf), { file: hc.test[0]!.file, span: hc.test[0]!.span, form: hc.test[0]!.value === 'CMD-SHELL' ? 'CMD-SHELL' : 'test' });
          }
        for (const facts of dockerModel(model).images) {
          const hc = facts.healthcheck;
          if (!hc || hc.none || !hc.commands.length || !facts.adds || !facts.baseImage || facts.baseImage.unresolved) continue;
          const base = baseContents(facts.baseImage.repository, facts.baseImage.tag);
          if (!base) continue;
          const words = hc.commands.map((c) => c.map((w) => ({ value: w.value, file: facts.path, span: w.span })));
          // `HEALTHCHECK CMD curl …` (shell form) runs `/bin/sh -c`; its span is the instruction's.
          judge({ base, facts, label: `the image of ${facts.path} (from ${facts.baseImage.raw})` }, { ...(hc.form === 'shell' ? { shell: { value: 'sh', file: facts.path, span: hc.span } } : {}), commands: words }, { file: facts.path, span: hc.span, form: 'HEALTHCHECK CMD' });
        }
      },
    };
  },
});

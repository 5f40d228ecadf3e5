import { defineRule } from '../../src/core/rule.js';
import type { CmdInstruction, Stage } from '../../src/parsers/dockerfile/index.js';
import { SHELL_PROGRAMS, startOf } from '../../src/parsers/dockerfile/facts.js';
import { shellExecsLast, shellNamed, shellOfStage, stageServes, type ScriptShell } from '../../src/parsers/dockerfile/serving.js';
import { basename } from '../../src/parsers/dockerfile/shell.js';

const PLAIN = /^[A-Za-z0-9_./:@%+,=-]+$/;

/** The exec-form text for a shell-form command that uses no shell feature, or undefined. */
function execForm(ins: CmdInstruction): string | undefined {
  const cmds = ins.script?.commands ?? [];
  if (cmds.length !== 1) return undefined;
  const c = cmds[0]!;
  if (c.redirects.length || c.assignments.length || c.next || c.words.length !== c.argv.length + (c.exec ? 1 : 0)) return undefined;
  if (!c.argv.every((w) => w.raw === w.value && PLAIN.test(w.raw))) return undefined;
  return `[${c.argv.map((w) => JSON.stringify(w.value)).join(', ')}]`;
}

export default defineRule({
  meta: {
    id: 'dockerfile/shell-form-cmd',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Start the app in exec form so that it receives SIGTERM.',
    causes: ['rollout-drops-requests-502'],
    remediation: 'Write CMD/ENTRYPOINT as a JSON array (`CMD ["node", "server.js"]`), or end a shell wrapper with `exec`.',
    fix: 'safe',
    messages: {
      shellForm: 'Shell-form {{keyword}} runs "{{command}}" under {{shell}} as PID 1: SIGTERM stops at the shell, the app is killed after the grace period and every rollout cuts in-flight requests (502).',
      invalidJson: '{{keyword}} looks like exec form but is not valid JSON, so Docker runs it through /bin/sh as text: the container fails to start or runs under a shell that swallows SIGTERM.',
      shWrapper: '{{keyword}} wraps the app in `{{shell}} -c` without `exec`: {{why}}, SIGTERM does not reach the app and every rollout cuts in-flight requests (502).',
    },
  },
  create(ctx) {
    /** How the message names the shell: `/bin/sh (dash in python:3.12-slim)`. */
    const shown = (sh: ScriptShell, image: string | undefined) => (sh.is && sh.is !== sh.named ? `${sh.named} (${sh.is}${image ? ` in ${image}` : ''})` : sh.named);
    const check = (ins: CmdInstruction | undefined, stage: Stage, serves: boolean) => {
      if (!ins) return;
      const image = stage.base?.resolved;
      if (ins.form === 'shell') {
        if (!ins.shellText) return;
        if (ins.shellText.startsWith('[')) {
          ctx.report({ span: ins.span, messageId: 'invalidJson', data: { keyword: ins.keyword } });
          return;
        }
        if (!serves) return;
        const cmds = ins.script?.commands ?? [];
        const last = cmds[cmds.length - 1];
        if (last?.exec) return;
        // The shell that runs it may replace itself with the app (BusyBox ash, bash for one command).
        const sh = shellOfStage(stage);
        if (shellExecsLast(sh, ins.script)) return;
        // Exec form followed by anything on its line (a trailing `# lint500-…` directive) is no
        // longer exec form to Docker: no fix then.
        const text = ctx.file.text;
        const eol = text.indexOf('\n', ins.span.end);
        const trailing = text.slice(ins.span.end, eol < 0 ? undefined : eol).trim() !== '';
        const fixed = trailing ? undefined : execForm(ins);
        ctx.report({
          span: ins.span,
          messageId: 'shellForm',
          data: { keyword: ins.keyword, shell: shown(sh, image), command: ins.shellText.length > 60 ? `${ins.shellText.slice(0, 57)}...` : ins.shellText },
          ...(fixed ? { fix: { span: ins.argsSpan, text: fixed } } : {}),
        });
        return;
      }
      const prog = ins.argv[0] ? basename(ins.argv[0].value) : '';
      if (!serves || !SHELL_PROGRAMS.test(prog) || !ins.script) return;
      const cmds = ins.script.commands;
      const last = cmds[cmds.length - 1];
      if (!last || last.exec) return;
      const sh = shellNamed(ins.argv[0]!.value, stage);
      if (shellExecsLast(sh, ins.script)) return;
      const why = sh.is === 'dash' ? `${shown(sh, image)} stays PID 1 (Debian's dash never replaces itself with the last command)` : 'the shell stays PID 1';
      ctx.report({ span: ins.span, messageId: 'shWrapper', data: { keyword: ins.keyword, shell: prog, why } });
    };
    return {
      dockerfile(root) {
        const final = root.finalStage;
        if (!final) return;
        // Only images that serve lose requests when the app misses SIGTERM.
        const serves = stageServes(root, final, ctx.file.path).serves === 'yes';
        const { entrypoint, cmd } = startOf(final);
        check(entrypoint, final, serves);
        // With an ENTRYPOINT, CMD only supplies its arguments.
        if (!entrypoint) check(cmd, final, serves);
      },
    };
  },
});

import { defineRule } from '../../src/core/rule.js';
import { finalChain, type CmdInstruction, type Stage } from '../../src/parsers/dockerfile/index.js';
import { absPath, SHELL_PROGRAMS, startOf, workdirAt } from '../../src/parsers/dockerfile/facts.js';
import { serverStarted, stageServes } from '../../src/parsers/dockerfile/serving.js';
import { basename, mapped, parseShell, type ShellCommand } from '../../src/parsers/dockerfile/shell.js';

/** Words that open or close a control structure: a last command there is not judged. */
const CONTROL = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '{', '}', '!', 'function', 'select', ';;']);
const INITS = /^(tini|tini-static|dumb-init|catatonit|s6-svscan|supervisord|runsvdir|s6-overlay|init|docker-init)$/;

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

function join(dir: string, rel: string): string {
  const clean = rel.replace(/^\.\/+/, '').replace(/^\/+/, '');
  return dir ? `${dir}/${clean}` : clean;
}

/** The script an exec-form start command runs as PID 1: `["./entrypoint.sh"]`, `["sh", "/start.sh"]`. */
function scriptOf(ins: CmdInstruction): string | undefined {
  if (ins.form !== 'exec') return undefined;
  const [first, second] = ins.argv;
  if (!first) return undefined;
  const prog = basename(first.value);
  if (INITS.test(prog)) return undefined;
  if (SHELL_PROGRAMS.test(prog)) return second && !second.value.startsWith('-') && /\.(sh|bash)$/.test(second.value) ? second.value : undefined;
  return /\.(sh|bash)$/.test(first.value) ? first.value : undefined;
}

/**
 * The build-context file a path of the image was copied from: a `COPY`/`ADD` (not `--from`) of
 * the stage chain whose destination is that path, a directory holding it under the same name, or
 * a directory the whole context (`.`) was copied into. The context is taken to be the
 * Dockerfile's directory.
 */
function sourceOf(chain: Stage[], dockerfile: string, imagePath: string): string | undefined {
  const ctxDir = dirOf(dockerfile);
  let found: string | undefined;
  for (const stage of chain) {
    for (const c of stage.copies) {
      if (c.from || !c.dest || c.sources.length === 0) continue;
      const destRaw = c.dest.value;
      const dest = absPath(destRaw, workdirAt(chain, c.span.start));
      const destIsDir = destRaw.endsWith('/') || destRaw === '.' || c.sources.length > 1;
      for (const s of c.sources) {
        const src = s.value;
        if (/[*?[$]/.test(src) || /^https?:/.test(src)) continue;
        if (src === '.' || src === './') {
          if (imagePath.startsWith(`${dest}/`)) found = join(ctxDir, imagePath.slice(dest.length + 1));
          continue;
        }
        const name = basename(src.replace(/(?<!\/)\/+$/, ''));
        if ((!destIsDir && dest === imagePath) || (destIsDir && `${dest}/${name}` === imagePath)) found = join(ctxDir, src);
        else if (imagePath.startsWith(`${dest}/`) && src.endsWith('/')) found = join(ctxDir, `${src}${imagePath.slice(dest.length + 1)}`);
      }
    }
  }
  return found;
}

function isArgsWord(c: ShellCommand): boolean {
  return c.argv.length === 1 && /^"?\$(\{@\}|@|\*)"?$/.test(c.argv[0]!.raw);
}

export default defineRule({
  meta: {
    id: 'dockerfile/entry-script-without-exec',
    kind: 'dockerfile',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'End an entry script with `exec` so the server it starts receives SIGTERM.',
    causes: ['rollout-drops-requests-502'],
    remediation: 'Start the server with `exec` as the script\'s last command (`exec node server.js`, `exec "$@"`), or run an init that signals the whole process group (`dumb-init`, `tini -g`) as the ENTRYPOINT.',
    messages: {
      noExec:
        'The image runs {{script}} ({{source}}) as PID 1 and its last command starts {{what}} without `exec`: the shell stays PID 1 with the server as its child, the SIGTERM of every stop never reaches the server, and it is SIGKILLed after the grace period with its requests in flight (502).',
    },
  },
  create(ctx) {
    return {
      dockerfile(root) {
        const final = root.finalStage;
        if (!final || stageServes(root, final, ctx.file.path).serves !== 'yes') return;
        const { entrypoint, cmd } = startOf(final);
        const ins = entrypoint ?? cmd;
        const script = ins ? scriptOf(ins) : undefined;
        if (!ins || !script) return;
        const chain = finalChain(root);
        const imagePath = absPath(script, workdirAt(chain, ins.span.start));
        const source = sourceOf(chain, ctx.file.path, imagePath);
        const text = source ? ctx.model.text(source) : undefined;
        if (!source || text === undefined) return;
        const commands = parseShell(mapped(text, 0)).commands.filter((c) => c.words.length > 0);
        // A trap may forward the signal itself; control structures hide which command runs last.
        if (commands.some((c) => c.name === 'trap')) return;
        const last = commands[commands.length - 1];
        const prev = commands[commands.length - 2];
        if (!last || last.exec || !last.argv.length || (last.next !== '' && last.next !== '\n')) return;
        if (CONTROL.has(last.words[0]!.raw) || (prev && ['|', '|&', '&'].includes(prev.next))) return;
        let what: string | undefined;
        if (isArgsWord(last)) {
          // `"$@"`: the CMD, run as the script's child; only judged when that CMD starts a server.
          if (ins !== entrypoint || !cmd || cmd.form !== 'exec') return;
          const [prog, ...args] = cmd.argv.map((w) => w.value);
          if (!prog || !serverStarted(basename(prog), args)) return;
          what = `the CMD (${cmd.argv.map((w) => w.value).join(' ')})`;
        } else {
          const [prog, ...args] = last.argv.map((w) => w.value);
          if (!prog || !serverStarted(basename(prog), args)) return;
          what = last.argv.map((w) => w.value).join(' ');
          if (what.length > 60) what = `${what.slice(0, 57)}...`;
        }
        ctx.report({
          file: source,
          span: last.span,
          messageId: 'noExec',
          data: { script, source, what },
          related: [{ file: ctx.file.path, span: ins.span, message: `${ins.keyword} runs ${script} as PID 1.` }],
        });
      },
    };
  },
});

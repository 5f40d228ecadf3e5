import { defineRule } from '../../src/core/rule.js';
import { finalChain, stageChain, substitute, type DockerfileRoot, type Stage } from '../../src/parsers/dockerfile/index.js';
import { absPath as norm, commandsOf, envBefore, isWrapperEntrypoint, programsOf, startOf, workdirAt, type StartProgram } from '../../src/parsers/dockerfile/facts.js';
import { optionValues, type ShellCommand } from '../../src/parsers/dockerfile/shell.js';
import type { ImageInfo } from '../../src/parsers/dockerfile/images.js';
import { appendAll } from '../../src/core/append.js';

type Need = 'shell' | 'bash' | 'python' | 'node' | 'java' | 'ruby' | 'php' | 'dotnet';

const PY_PKG = /^(gunicorn|uvicorn|celery|daphne|hypercorn|flask|waitress-serve|streamlit|django-admin|fastapi|granian)$/;
const NODE_PKG = /^(pm2|pm2-runtime|nodemon|next|nest|ts-node|tsx|serve|http-server)$/;
const RUBY_PKG = /^(rails|puma|unicorn|rackup|sidekiq|bundle)$/;
/** Words whose presence in a RUN or COPY of the final image shows the runtime is put there. */
const HINTS: Record<Need, RegExp> = {
  shell: /busybox|\/bin\/sh/,
  bash: /\bbash\b/,
  python: /python/i,
  node: /node/i,
  java: /java|jdk|jre|temurin|corretto|openjdk/i,
  ruby: /ruby/i,
  php: /php/i,
  dotnet: /dotnet|aspnet/i,
};
const LABEL: Record<Need, string> = { shell: 'a shell (/bin/sh)', bash: 'bash', python: 'Python', node: 'Node.js', java: 'Java', ruby: 'Ruby', php: 'PHP', dotnet: '.NET' };

function needsOf(name: string): { needs: Need[]; pkg?: 'python' | 'node' | 'ruby' } | undefined {
  if (name === 'sh') return { needs: ['shell'] };
  if (name === 'bash') return { needs: ['bash'] };
  if (/^python\d?(\.\d+)?$/.test(name)) return { needs: ['python'] };
  if (/^(node|nodejs|npm|npx|yarn|corepack)$/.test(name)) return { needs: ['node'] };
  if (name === 'java') return { needs: ['java'] };
  if (/^(ruby|gem)$/.test(name)) return { needs: ['ruby'] };
  if (/^(php|php-fpm\d*(\.\d+)?)$/.test(name)) return { needs: ['php'] };
  if (name === 'dotnet') return { needs: ['dotnet'] };
  if (PY_PKG.test(name)) return { needs: ['python'], pkg: 'python' };
  if (NODE_PKG.test(name)) return { needs: ['node'], pkg: 'node' };
  if (RUBY_PKG.test(name)) return { needs: ['ruby'], pkg: 'ruby' };
  return undefined;
}

function provided(info: ImageInfo, need: Need): boolean {
  switch (need) {
    case 'shell':
      return info.shell === 'sh' || info.shell === 'bash';
    case 'bash':
      return info.shell === 'bash';
    case 'java':
      return info.java !== undefined;
    case 'dotnet':
      return info.dotnet !== undefined;
    default:
      return info[need];
  }
}

/** Every word that RUN and COPY/ADD instructions of the final image mention, to spot installs. */
const PACKAGE_OF_MANAGER = new Map<string, 'python' | 'node' | 'ruby'>([
  ['pip', 'python'],
  ['uv', 'python'],
  ['poetry', 'python'],
  ['pipenv', 'python'],
  ['npm', 'node'],
  ['yarn', 'node'],
  ['pnpm', 'node'],
  ['gem', 'ruby'],
  ['bundle', 'ruby'],
]);

/** The package ecosystems (python, node, ruby) whose package manager a RUN of the chain calls. */
function packageInstalls(chain: Stage[]): Set<string> {
  const out = new Set<string>();
  for (const s of chain) for (const r of s.runs) for (const c of commandsOf(r)) if (c.tool && PACKAGE_OF_MANAGER.has(c.tool.manager)) out.add(PACKAGE_OF_MANAGER.get(c.tool.manager)!);
  return out;
}

function mentions(chain: Stage[]): string[] {
  const out: string[] = [];
  for (const s of chain) {
    for (const r of s.runs) {
      for (const c of commandsOf(r)) for (const w of c.words) out.push(w.value);
      if (r.form === 'exec') for (const w of r.argv) out.push(w.value);
    }
    for (const c of s.copies) {
      for (const w of [...c.sources, ...(c.dest ? [c.dest] : [])]) out.push(w.value);
      if (c.from?.value) out.push(c.from.value);
    }
  }
  return out;
}

const PY_MANAGERS = new Set(['pip', 'uv', 'poetry', 'pipenv']);

/**
 * Where a Python install in `cmd` puts its console scripts and packages: a virtual environment,
 * pip's `--target`/`--prefix`/`--root`, `~/.local` for `--user`, else the interpreter's prefix.
 */
function pythonInstallPlaces(cmd: ShellCommand, dir: string, vars: ReadonlyMap<string, string>): string[] {
  const t = cmd.tool;
  const words = cmd.argv.map((w) => (w.value.includes('$') ? substitute(w.value, vars).text : w.value));
  if (/^python\d?(\.\d+)?$/.test(cmd.name) && words[1] === '-m' && (words[2] === 'venv' || words[2] === 'virtualenv')) {
    const target = words.slice(3).filter((w) => !w.startsWith('-')).pop();
    return target ? [norm(target, dir)] : [];
  }
  if (cmd.name === 'virtualenv') return words.slice(1).filter((w) => !w.startsWith('-')).slice(-1).map((w) => norm(w, dir));
  if (!t || !PY_MANAGERS.has(t.manager)) return [];
  if (t.manager === 'uv' && t.action === 'venv') return [norm(t.operands[0]?.value ?? '.venv', dir)];
  if (t.manager === 'uv' && t.action === 'sync') return [norm('.venv', dir)];
  if (t.manager === 'poetry' || t.manager === 'pipenv' || t.manager === 'uv') return [norm('.venv', dir), '/usr/local', '/root/.local', '/root/.cache/pypoetry', '/root/.local/share/virtualenvs'];
  if (!/(^|\s)install$/.test(t.action)) return [];
  const places = [...optionValues(t, '--target', '-t', '--prefix', '--root')].map((v) => norm(substitute(v, vars).text, dir));
  if (places.length) return places;
  if (t.options.some((o) => o.name === '--user')) return ['/root/.local', '/home'];
  // Inside an activated virtualenv (`ENV VIRTUAL_ENV`/`PATH`), else the interpreter's prefix.
  const venv = vars.get('VIRTUAL_ENV');
  const venvBin = /(^|:)([^:$]+)\/bin(:|$)/.exec(vars.get('PATH') ?? '')?.[2];
  return [...(venv ? [norm(venv, dir)] : []), ...(venvBin && venvBin !== '/usr/local' && venvBin !== '/usr' ? [venvBin] : []), '/usr/local', '/usr/lib/python3', '/usr/bin'];
}

/**
 * A Python console script (`gunicorn`) that an earlier stage installs with pip but that the final
 * stage neither installs nor copies: no `COPY --from` of that stage takes a path holding the
 * environment it was installed into. Returns the installing stage, or undefined.
 */
function installedElsewhereOnly(root: DockerfileRoot, chain: Stage[], program: string): Stage | undefined {
  const inChain = new Set(chain.map((s) => s.index));
  const copies = chain.flatMap((s) => s.copies.filter((c) => c.from));
  // A COPY from an image (not a stage) or with an unresolved stage may bring anything.
  if (copies.some((c) => c.fromStage === undefined)) return undefined;
  const candidates: { stage: Stage; names: boolean }[] = [];
  for (const stage of root.stages) {
    if (inChain.has(stage.index)) continue;
    const own = stageChain(root, stage);
    const places: string[] = [];
    let installs = false;
    let names = false;
    for (const s of own)
      for (const r of s.runs)
        for (const c of commandsOf(r)) {
          places.push(...pythonInstallPlaces(c, workdirAt(own, r.span.start), envBefore(own, r.span.start)));
          if (c.tool && PY_MANAGERS.has(c.tool.manager) && /install|sync/.test(c.tool.action)) installs = true;
          if (c.tool && c.words.some((w) => w.value.includes(program))) names = true;
        }
    if (!installs) continue;
    const dir = workdirAt(own);
    const covered = copies.some(
      (c) =>
        own.some((s) => s.index === c.fromStage) &&
        c.sources.some((w) => {
          if (w.value.includes('$')) return true;
          const src = norm(w.value.replace(/\*.*$/, ''), dir);
          return src === '/' || places.some((p) => p === src || p.startsWith(`${src}/`) || src.startsWith(`${p}/`)) || /site-packages|dist-packages|venv|\.local|wheel/.test(src);
        }),
    );
    // Some stage's environment reaches the final image: the program may come from it.
    if (covered) return undefined;
    candidates.push({ stage, names });
  }
  return (candidates.find((c) => c.names) ?? candidates[0])?.stage;
}

export default defineRule({
  meta: {
    id: 'dockerfile/cmd-executable-missing',
    kind: 'dockerfile',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Make sure the final image contains the program its CMD/ENTRYPOINT starts.',
    causes: ['crash-loop-503'],
    remediation: 'Use a base image that provides the runtime (`python:3.12-slim`, `node:20-slim`, `eclipse-temurin:21-jre`), install it in the final stage, or copy it from the build stage.',
    messages: {
      runtime: '{{keyword}} starts `{{program}}`, which needs {{need}}, but {{image}} does not provide it and the final stage does not install it: the container exits at start and the pod crash-loops (503).',
      package: '{{keyword}} starts `{{program}}`, but nothing in the final stage installs it ({{image}} does not ship it; no pip/npm/gem install or COPY --from brings it): the container exits at start and the pod crash-loops (503).',
      notCopied: '{{keyword}} starts `{{program}}`, which stage `{{stage}}` installs, but the final stage copies neither the environment it was installed into nor installs it: `{{program}}` is not found at start and the pod crash-loops (503). Copy the virtualenv (or /usr/local) from `{{stage}}`, or install it in the final stage.',
    },
  },
  create(ctx) {
    return {
      dockerfile(root) {
        const final = root.finalStage;
        if (!final || !final.baseInfo.known || final.baseInfo.shell === 'windows') return;
        const chain = finalChain(root);
        const info = final.baseInfo;
        // The words and the package installs of the chain are gathered when a program first needs them.
        let words: string[] | undefined;
        const mentioned = (re: RegExp) => (words ??= mentions(chain)).some((w) => re.test(w));
        const copiesFromStage = chain.some((s) => s.copies.some((c) => c.from));
        let pkgInstalls: Set<string> | undefined;
        const installs = (pkg: string) => (pkgInstalls ??= packageInstalls(chain)).has(pkg);
        const { entrypoint, cmd } = startOf(final);
        const programs: StartProgram[] = [...programsOf(entrypoint)];
        if (!entrypoint || isWrapperEntrypoint(entrypoint)) appendAll(programs, programsOf(cmd));
        const reported = new Set<string>();
        const check = (p: StartProgram) => {
          const image = final.base?.resolved ?? final.from.image?.raw ?? 'the base image';
          const report = (messageId: 'runtime' | 'package', need: string) => {
            const key = `${p.name}\u0000${need}`;
            if (reported.has(key)) return;
            reported.add(key);
            ctx.report({ span: p.word.span, messageId, data: { keyword: p.instruction.keyword, program: p.name, need, image } });
          };
          const n = needsOf(p.name);
          if (!n) return;
          for (const need of n.needs) {
            if (provided(info, need) || mentioned(HINTS[need])) continue;
            if (need !== 'shell' && need !== 'bash' && copiesFromStage) continue;
            report('runtime', LABEL[need]);
            return;
          }
          if (!n.pkg || mentioned(new RegExp(`^${p.name}$|${p.name}`)) || installs(n.pkg)) return;
          if (!copiesFromStage) {
            report('package', p.name);
            return;
          }
          // Installed by pip in a build stage whose environment the final stage does not copy.
          const from = n.pkg === 'python' && p.word.value === p.name ? installedElsewhereOnly(root, chain, p.name) : undefined;
          if (from) ctx.report({ span: p.word.span, messageId: 'notCopied', data: { keyword: p.instruction.keyword, program: p.name, stage: from.name ?? String(from.index) } });
        };
        // A shell form needs /bin/sh before anything else.
        for (const ins of [entrypoint, cmd]) {
          if (ins?.form === 'shell' && ins.shellText && (ins === entrypoint || !entrypoint) && !provided(info, 'shell') && !mentioned(HINTS.shell)) {
            const key = `sh\u0000shell`;
            if (!reported.has(key)) {
              reported.add(key);
              ctx.report({ span: ins.argsSpan, messageId: 'runtime', data: { keyword: ins.keyword, program: '/bin/sh', need: LABEL.shell, image: final.base?.resolved ?? 'the base image' } });
            }
          }
        }
        for (const p of programs) check(p);
      },
    };
  },
});

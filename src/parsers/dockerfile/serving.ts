/**
 * Whether an image serves traffic, with the evidence, in one place: rules about what goes wrong
 * while a server runs (signals at rollout, health checks, scale-out, the user a pod starts as) ask
 * this instead of assuming every image is a server. A CI test image, a one-shot tool (certbot, a
 * load generator, a migration), a development environment or a Wasm module is not one; an image
 * that exposes a port or starts a known server is.
 *
 * The verdict is built from the Dockerfile alone. Callers that know more (a Deployment or Service
 * that runs the image) add their own evidence with `withEvidence`; the verdict's rules stay here.
 */
import type { Span } from '../../core/text.js';
import type { DockerfileRoot, Stage } from './ast.js';
import { isWrapperEntrypoint, programsOf, startOf, type StartProgram } from './facts.js';
import { basename, type ShellScript } from './shell.js';
import { binShOf } from './images.js';

export type ServingEvidenceKind =
  /** `EXPOSE 8080`. */
  | 'expose'
  /** The start command is a known server (`nginx`, `gunicorn`, `java -jar`, `node server.js`). */
  | 'server-command'
  /** A server image (`nginx`, `redis`, `php:*-fpm`): its own start command, or a script that runs it. */
  | 'server-base'
  /** Outside the Dockerfile: a workload that serves runs the image (added by callers). */
  | 'workload'
  /** The start command runs tests, or the file sits in a test folder / is a test stage. */
  | 'test-image'
  /** The start command is a one-shot tool: certbot, a load generator, a migration. */
  | 'one-shot'
  /** A Wasm module (`FROM scratch`, `ENTRYPOINT ["x.wasm"]`): no process, no user. */
  | 'wasm'
  /** A development environment: a `dev-envs`/`devcontainer` stage or folder. */
  | 'development'
  /** Outside the Dockerfile: every workload that runs the image serves nothing (Jobs, workers). */
  | 'batch-workload'
  /** A queue worker or scheduler by the name of its folder or stage, exposing no port. */
  | 'worker';

export interface ServingEvidence {
  kind: ServingEvidenceKind;
  /** What was seen, for messages: `EXPOSE 8080`, `gunicorn`, `certbot`. */
  detail: string;
  /** Where, in the file the evidence comes from (`file` when not the Dockerfile itself). */
  span: Span;
  file?: string;
}

export interface ServingVerdict {
  /** `no` when anything says the image does not serve; `yes` with evidence that it does; else `unknown`. */
  serves: 'yes' | 'no' | 'unknown';
  /** Evidence that it serves. */
  for: ServingEvidence[];
  /** Evidence that it does not (wins over `for`). */
  against: ServingEvidence[];
}

const NEGATIVE: ReadonlySet<ServingEvidenceKind> = new Set(['test-image', 'one-shot', 'wasm', 'development', 'batch-workload', 'worker']);

function verdict(all: ServingEvidence[]): ServingVerdict {
  const against = all.filter((e) => NEGATIVE.has(e.kind));
  const pro = all.filter((e) => !NEGATIVE.has(e.kind));
  return { serves: against.length ? 'no' : pro.length ? 'yes' : 'unknown', for: pro, against };
}

/** A verdict with more evidence (a serving workload from the deployment model, say). */
export function withEvidence(v: ServingVerdict, more: ServingEvidence[]): ServingVerdict {
  return verdict([...v.for, ...v.against, ...more]);
}

/** Servers by program name (after launchers such as `bundle exec`, `python -m`, `poetry run`). */
const SERVER_PROGRAMS =
  /^(nginx|openresty|httpd|httpd-foreground|apache2|apache2-foreground|apache2ctl|caddy|traefik|envoy|haproxy|varnishd|gunicorn|uvicorn|hypercorn|daphne|granian|waitress-serve|uwsgi|php-fpm[\d.]*|frankenphp|rr|puma|unicorn|thin|passenger|rackup|catalina\.sh|jetty\.sh|pm2-runtime|http-server|serve|next|nuxt|minio|redis-server|memcached|mongod|mysqld|mariadbd|postgres|rabbitmq-server|beanstalkd|supervisord|node-red|deno)$/;
/** Test runners and test scripts. */
const TEST_PROGRAMS = /^(pytest|py\.test|tox|nox|jest|mocha|vitest|karma|ava|tap|phantomjs|cypress|playwright|newman|dredd|schemathesis|behave|robot|rspec|cucumber|phpunit|pest|codecept|(run[-_]?)?(unit[-_]?|e2e[-_]?|integration[-_]?)?tests?(\.sh)?|test[-_]?runner(\.sh)?)$/i;
/** Tools that run once and exit, or generate load against a server rather than serve. */
const ONE_SHOT_PROGRAMS = /^(certbot|certbot-auto|acme\.sh|lego|locust|k6|wrk|wrk2|hey|ab|siege|vegeta|bombardier|jmeter|artillery|ghz|alembic|flyway|liquibase|migrate|dbmate|goose|atlas)$/;
/** Folders and stage names that hold test images. */
const TEST_PATH = /(^|\/)(tests?|e2e|testdata|fuzz|fuzzers|integration[-_]?tests?|test[-_]?e2e)\/(.*\/)?[^/]*$/i;
const TEST_STAGE = /^(tests?|testing|e2e|ci|lint|check)$/;
/** Development environments (Docker Dev Environments' `dev-envs` stage, dev containers). */
const DEV_STAGE = /^(dev-envs?|devcontainer|dev-container|devenv)$/;
const DEV_PATH = /(^|\/)\.devcontainer\//;
/** Folders and stages of queue workers and schedulers (laradock's php-worker and laravel-horizon). */
const WORKER_NAME = /^([\w.]+[-_])?(workers?|consumers?|cron|crond|scheduler|horizon|queue)([-_][\w.]+)?$/i;
/** Launchers whose first operand is the real program. */
const LAUNCHERS: Record<string, string[]> = { bundle: ['exec'], bundler: ['exec'], poetry: ['run'], pipenv: ['run'], uv: ['run'], pdm: ['run'], hatch: ['run'], npx: [], pnpx: [], bunx: [], opentelemetry_instrument: [], 'opentelemetry-instrument': [], 'ddtrace-run': [], newrelic_admin: ['run-program'] };

/** The program a start command really runs, through launchers: `bundle exec puma` → `puma`. */
function realProgram(p: Pick<StartProgram, 'name' | 'args'>): { name: string; args: string[] } {
  let name = p.name;
  let args = p.args;
  for (let guard = 0; guard < 4; guard++) {
    if (/^python\d?(\.\d+)?$/.test(name) && args[0] === '-m' && args[1]) {
      name = args[1];
      args = args.slice(2);
      continue;
    }
    const launcher = LAUNCHERS[name];
    if (launcher && args.length) {
      const skip = launcher.length && args[0] === launcher[0] ? 1 : launcher.length ? -1 : 0;
      if (skip < 0) break;
      const rest = args.slice(skip).filter((a, i, all) => !(a.startsWith('-') && all.slice(0, i).every((b) => b.startsWith('-'))));
      if (!rest[0]) break;
      name = basename(rest[0]);
      args = rest.slice(1);
      continue;
    }
    break;
  }
  return { name, args };
}

/** Why a start program serves, or undefined. */
function serverCommand(name: string, args: string[]): string | undefined {
  if (SERVER_PROGRAMS.test(name)) return name;
  const first = args.find((a) => !a.startsWith('-')) ?? '';
  if (name === 'java' && (args.includes('-jar') || /springframework|\.Application$|Main$/.test(args.join(' ')))) return 'java';
  // Node in a container is nearly always a server; a script named for background work is not evidence.
  if (/^(node|nodejs|bun|deno|ts-node|tsx)$/.test(name) && first && !WORKER_SCRIPT.test(first)) return `${name} ${first}`;
  if (/^python\d?(\.\d+)?$/.test(name) && /(^|\/|_|-)(server|app|wsgi|asgi|api|web|service)[^/]*\.py$/i.test(first)) return `${name} ${first}`;
  if (/^(npm|yarn|pnpm|bun)$/.test(name)) {
    const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
    if (script && /^(start|serve|start:prod|prod|server)$/.test(script)) return `${name} ${args.join(' ')}`.trim();
  }
  if (name === 'php' && (args.includes('-S') || /^artisan$/.test(first) && /^(serve|octane:start|reverb:start)$/.test(args[1] ?? ''))) return 'php';
  if (/^(flask|fastapi)$/.test(name) && /^(run|dev)$/.test(first)) return `${name} ${first}`;
  if (/^python\d?(\.\d+)?$/.test(name) && /(^|\/)manage\.py$/.test(first) && args.includes('runserver')) return 'manage.py runserver';
  if (/^(rails|bin\/rails)$/.test(name) && /^(s|server)$/.test(first)) return 'rails server';
  if (name === 'streamlit' && first === 'run') return 'streamlit run';
  if (name === 'dotnet' && /\.dll$/.test(first) && !WORKER_SCRIPT.test(first)) return `dotnet ${first}`;
  return undefined;
}

/** The server a command starts (`nginx`, `gunicorn`, `node server.js`, through launchers), or undefined. */
export function serverStarted(name: string, args: string[]): string | undefined {
  const real = realProgram({ name, args });
  return serverCommand(real.name, real.args);
}

/** What the image does at start that says it does not serve. */
function notServing(name: string, args: string[]): { kind: ServingEvidenceKind; detail: string } | undefined {
  if (ONE_SHOT_PROGRAMS.test(name) || ONE_SHOT_SCRIPT.test(name)) return { kind: 'one-shot', detail: name };
  // `bash -c "bash run-certbot.sh && sleep infinity"`: the tool is named inside the script.
  const certbot = args.find((a) => /\b(certbot|letsencrypt)\b/.test(a));
  if (certbot && /^(sh|bash|ash|dash)$/.test(name)) return { kind: 'one-shot', detail: 'certbot' };
  // A container kept alive to exec into (a toolbox), not a server.
  if ((name === 'sleep' && /^(infinity|\d+[smhd]?)$/.test(args[0] ?? '')) || (name === 'tail' && args.includes('/dev/null'))) return { kind: 'one-shot', detail: `${name} ${args.join(' ')}` };
  if (TEST_PROGRAMS.test(name)) return { kind: 'test-image', detail: name };
  if (/^(npm|yarn|pnpm|bun)$/.test(name)) {
    const script = args[0] === 'run' || args[0] === 'run-script' ? args[1] : args[0];
    if (script && /^(test|tests|e2e|lint|ci)(:|$)/.test(script)) return { kind: 'test-image', detail: `${name} ${args.join(' ')}`.trim() };
  }
  if (name === 'go' && args[0] === 'test') return { kind: 'test-image', detail: 'go test' };
  if (/^python\d?(\.\d+)?$/.test(name) && args[0] === '-m' && /^(pytest|unittest)$/.test(args[1] ?? '')) return { kind: 'test-image', detail: `python -m ${args[1]}` };
  return undefined;
}

/** Start scripts named for one-off work: seeding, generating load or data, migrations, backups, certificates. */
const ONE_SHOT_SCRIPT = /^(seed|generate|gen[-_]|load[-_]?(test|gen)|bench|migrat|backup|restore|run[-_]certbot|renew[-_]cert)[^/]*\.(sh|py|js)$/i;
/** Scripts named for background work or one-off tasks. */
const WORKER_SCRIPT = /(worker|job|cron|migrat|seed|task|consumer|queue|scheduler|cli|script|generate|import|export|backup)[^/]*$/i;

const SERVER_BASES = /^(nginx|httpd|tomcat|jetty|haproxy|traefik|caddy|openresty\/openresty|envoyproxy\/envoy|nginxinc\/nginx-unprivileged|redis|postgres|mongo|mysql|mariadb|rabbitmq|memcached|elasticsearch)$/;

const memo = new WeakMap<Stage, ServingVerdict>();

/**
 * Whether `stage` (the final stage unless said otherwise) of the Dockerfile at `path` serves, from
 * the Dockerfile alone: its start command, its EXPOSE, its base image, the folder and stage name.
 */
export function stageServes(root: DockerfileRoot, stage: Stage | undefined = root.finalStage, path = ''): ServingVerdict {
  if (!stage) return verdict([]);
  const cached = memo.get(stage);
  if (cached) return cached;
  const out: ServingEvidence[] = [];
  const { entrypoint, cmd } = startOf(stage);
  const programs = [...programsOf(entrypoint), ...programsOf(cmd)];
  // `ENTRYPOINT ["python3"]` + `CMD ["app.py"]` is one command line: `python3 app.py`.
  if (entrypoint?.form === 'exec' && cmd?.form === 'exec' && entrypoint.argv.length && !isWrapperEntrypoint(entrypoint)) {
    const ep = programs[0]!;
    programs.splice(0, programs.length, { ...ep, args: [...ep.args, ...cmd.argv.map((w) => w.value)] });
  }
  for (const p of programs) {
    const { name, args } = realProgram(p);
    if (/\.wasm$/i.test(name) && (stage.baseInfo.family === 'scratch' || stage.from.platform?.value?.startsWith('wasi'))) {
      out.push({ kind: 'wasm', detail: name, span: p.word.span });
      continue;
    }
    const against = notServing(name, args);
    if (against) {
      out.push({ ...against, span: p.word.span });
      continue;
    }
    const server = serverCommand(name, args);
    if (server) out.push({ kind: 'server-command', detail: server, span: p.word.span });
  }
  if (stage.from.platform?.value && /^wasi\//.test(stage.from.platform.value)) out.push({ kind: 'wasm', detail: `--platform=${stage.from.platform.value}`, span: stage.from.platform.span });
  for (const port of stage.expose) if (port.protocol === 'tcp') out.push({ kind: 'expose', detail: `EXPOSE ${port.text}`, span: port.span });
  // A server image (its start command, or a script of this file that runs the same server).
  if (stage.base && (SERVER_BASES.test(stage.base.repository) || (stage.base.repository === 'php' && /fpm|apache/.test(stage.base.tag ?? '')))) {
    out.push({ kind: 'server-base', detail: stage.base.resolved ?? stage.base.repository, span: stage.from.image?.span ?? stage.from.span });
  }
  if (stage.name && DEV_STAGE.test(stage.name) && stage.from.alias) out.push({ kind: 'development', detail: `stage ${stage.name}`, span: stage.from.alias.span });
  else if (DEV_PATH.test(path)) out.push({ kind: 'development', detail: '.devcontainer/', span: stage.from.span });
  // A worker by name that listens on nothing: a queue consumer or a scheduler answers no request.
  const folder = path.slice(0, path.lastIndexOf('/')).split('/').pop() ?? '';
  const workerName = [stage.name ?? '', folder].find((n) => n && WORKER_NAME.test(n));
  if (workerName && !stage.expose.some((p) => p.protocol === 'tcp')) out.push({ kind: 'worker', detail: workerName, span: stage.from.span });
  if (stage.name && TEST_STAGE.test(stage.name) && stage.from.alias) out.push({ kind: 'test-image', detail: `stage ${stage.name}`, span: stage.from.alias.span });
  else if (TEST_PATH.test(path)) out.push({ kind: 'test-image', detail: path.slice(0, path.lastIndexOf('/') + 1), span: stage.from.span });
  // The deployment model: the Kubernetes workloads that run the image (when the run has any).
  const runners = stage === root.finalStage ? (root.deployment?.users ?? []).filter((u) => u.serves !== undefined) : [];
  const serving = runners.find((u) => u.serves);
  if (serving) out.push({ kind: 'workload', detail: serving.what, span: serving.span, file: serving.file });
  else if (runners.length) out.push({ kind: 'batch-workload', detail: runners[0]!.what, span: runners[0]!.span, file: runners[0]!.file });
  const v = verdict(out);
  memo.set(stage, v);
  return v;
}

/** The shell that runs a `-c` script: a name as written, and what it is. */
export interface ScriptShell {
  /** `bash`, `/bin/sh`, `dash`. */
  named: string;
  /** What it is in this image: `bash`, `dash`, `busybox`, or undefined when the image is not known. */
  is?: 'bash' | 'dash' | 'busybox';
}

/** The shell a stage's shell-form commands run under: its SHELL, or the base image's `/bin/sh`. */
export function shellOfStage(stage: Stage): ScriptShell {
  const prog = stage.shell?.argv[0]?.value;
  if (prog) return shellNamed(prog, stage);
  return { named: '/bin/sh', ...optional(binShOf(stage.baseInfo)) };
}

/** The shell behind a program name written in a Dockerfile (`bash`, `/bin/sh`, `ash`). */
export function shellNamed(program: string, stage: Stage): ScriptShell {
  const b = basename(program);
  if (b === 'bash') return { named: program, is: 'bash' };
  if (b === 'dash') return { named: program, is: 'dash' };
  if (b === 'ash' || b === 'busybox') return { named: program, is: 'busybox' };
  if (b === 'sh') return { named: program, ...optional(binShOf(stage.baseInfo)) };
  return { named: program };
}

function optional(is: ScriptShell['is']): Pick<ScriptShell, 'is'> {
  return is ? { is } : {};
}

const CONTROL = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', 'for', 'case', 'esac', '{', '}', '!', 'function', 'select']);

/**
 * Whether a `-c` script's last command ends up as the shell's own process (so it is PID 1 and gets
 * SIGTERM): bash does this for a last simple command without redirections when no trap is set
 * (`bash -c 'cmd'`; after `&&`, `||` or `;` since bash 5.1); BusyBox ash execs the last command of
 * the string whatever comes before it; Debian's dash never does (Debian disables it). Pipelines,
 * background jobs, traps and control structures keep the shell around.
 */
export function shellExecsLast(shell: ScriptShell, script: ShellScript | undefined): boolean {
  const cmds = script?.commands ?? [];
  const last = cmds[cmds.length - 1];
  if (!last || !last.argv.length || (last.next !== '' && last.next !== '\n')) return false;
  if (shell.is !== 'bash' && shell.is !== 'busybox') return false;
  const prev = cmds[cmds.length - 2];
  if (prev && (prev.next === '|' || prev.next === '|&' || prev.next === '&')) return false;
  if (cmds.some((c) => c.name === 'trap' || (c.words[0] && CONTROL.has(c.words[0].raw)))) return false;
  if (shell.is === 'bash') return last.redirects.length === 0 && cmds.slice(0, -1).every((c) => ['&&', '||', ';', '\n', ''].includes(c.next));
  return true;
}

/**
 * App-server command lines: what a start command (a Dockerfile CMD/ENTRYPOINT, a compose or
 * Kubernetes `command`/`args`, a Procfile line) starts, and how it is told to listen. Pure: words with
 * spans in, one `AppServer` out; every value keeps the span of the flag and value that set it.
 *
 * Defaults are the tools' documented ones: gunicorn, hypercorn and `manage.py runserver` bind
 * 127.0.0.1:8000, uvicorn and `flask run` 127.0.0.1 (port 8000 and 5000), `next start` and
 * `fastapi run` every interface. A default is only claimed when nothing else can set the value
 * (an environment variable the tool reads, a configuration file it loads).
 */
import type { Span } from '../../core/text.js';
import { basename, flatMapped, mapped, parseShell } from '../dockerfile/shell.js';

/** A word of a start command with its position. */
export interface CmdWord {
  value: string;
  file: string;
  span: Span;
}

export type ServerKind = 'gunicorn' | 'uvicorn' | 'hypercorn' | 'uwsgi' | 'flask' | 'django' | 'fastapi' | 'next' | 'node' | 'python' | 'java' | 'php' | 'devtool';

/** A setting read from the command line, or the tool's default. */
export interface Setting<T> {
  value: T;
  file: string;
  /** The flag and its value as written; the program word for a default. */
  span: Span;
  /** `--bind`, `runserver 0.0.0.0:8000`, `default`, `ENV FLASK_RUN_HOST`. */
  via: string;
  /** The tool's default, nothing written. */
  defaulted?: boolean;
}

export interface AppServer {
  kind: ServerKind;
  /** The word that names the server (`gunicorn`, `runserver`, `dev` of `next dev`). */
  program: CmdWord;
  /** The command's words from the program on. */
  words: CmdWord[];
  /** Addresses it binds: host (possibly '' for every interface) and port; a Unix socket has `socket`. */
  binds: Bind[];
  timeout?: Setting<number>;
  /** Idle keep-alive in seconds (gunicorn/hypercorn `--keep-alive`, uvicorn `--timeout-keep-alive`, `next start --keepAliveTimeout` in ms, converted). */
  keepAlive?: Setting<number>;
  workers?: Setting<number>;
  /** gunicorn `--threads` (above 1, the sync worker becomes gthread). */
  threads?: Setting<number>;
  workerClass?: Setting<string>;
  /** Why it is a development server (`flask run`, `--reload`, `next dev`), when it is one. */
  development?: Setting<string>;
  /** The script it runs (`node server.js`, `python app.py`), for servers the app's own code starts. */
  script?: CmdWord;
  /** A configuration file it loads that may set what the command line does not (`-c`, `--ini`). */
  config?: CmdWord;
  /** The file of the run that `config` names, once linked (its settings are merged in). */
  configFile?: string;
  /** uWSGI `--master` / `master = true`: a master process that respawns workers. */
  master?: Setting<boolean>;
}

export interface Bind {
  host?: Setting<string>;
  port?: Setting<number>;
  socket?: Setting<string>;
}

/** The environment the command runs with, by name. */
export type EnvLookup = (name: string) => { value: string; file: string; span: Span; via: string } | undefined;

const LOOPBACK = /^(127(?:\.\d{1,3}){3}|localhost|::1|\[::1\]|ip6-localhost)$/i;

/** Whether a host is a loopback address (only the container itself can reach it). */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.trim());
}

function port(v: string): number | undefined {
  if (!/^\d{1,5}$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 && n < 65536 ? n : undefined;
}

/** `host:port`, `[::1]:8000`, `:8000`, `unix:/run/app.sock` → a bind. */
export function parseAddress(value: string, file: string, span: Span, via: string): Bind | undefined {
  const v = value.trim();
  if (!v || /[$`{}]/.test(v)) return undefined;
  if (v.startsWith('unix:')) return { socket: { value: v.slice(5), file, span, via } };
  if (v.startsWith('/')) return { socket: { value: v, file, span, via } };
  const m = /^(\[[^\]]*\]|[^:]*):(\d{1,5})$/.exec(v);
  if (m) {
    const p = port(m[2]!);
    return { host: { value: m[1]!.replace(/^\[|\]$/g, ''), file, span, via }, ...(p ? { port: { value: p, file, span, via } } : {}) };
  }
  return { host: { value: v, file, span, via } };
}

/** An option's value: `--bind=x`, `--bind x`, `-bx`, `-b x`. */
interface Opt {
  name: string;
  value?: string;
  span: Span;
  index: number;
}

function options(words: CmdWord[], withValue: ReadonlySet<string>, shortWithValue: ReadonlySet<string>): { opts: Opt[]; positional: CmdWord[] } {
  const opts: Opt[] = [];
  const positional: CmdWord[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    const v = w.value;
    if (v.startsWith('--')) {
      const eq = v.indexOf('=');
      if (eq > 0) opts.push({ name: v.slice(0, eq), value: v.slice(eq + 1), span: w.span, index: i });
      else if (withValue.has(v) && words[i + 1]) {
        opts.push({ name: v, value: words[i + 1]!.value, span: { start: w.span.start, end: words[i + 1]!.span.end }, index: i });
        i++;
      } else opts.push({ name: v, span: w.span, index: i });
    } else if (v.startsWith('-') && v.length > 1) {
      const flag = v.slice(0, 2);
      if (shortWithValue.has(flag)) {
        if (v.length > 2) opts.push({ name: flag, value: v.slice(2).replace(/^=/, ''), span: w.span, index: i });
        else if (words[i + 1]) {
          opts.push({ name: flag, value: words[i + 1]!.value, span: { start: w.span.start, end: words[i + 1]!.span.end }, index: i });
          i++;
        }
      } else opts.push({ name: v, span: w.span, index: i });
    } else positional.push(w);
  }
  return { opts, positional };
}

function numberSetting(o: Opt | undefined, file: string): Setting<number> | undefined {
  if (!o?.value || !/^\d+(\.\d+)?$/.test(o.value)) return undefined;
  return { value: Number(o.value), file, span: o.span, via: o.name };
}

function last(opts: Opt[], ...names: string[]): Opt | undefined {
  return opts.filter((o) => names.includes(o.name)).pop();
}

const PYTHON = /^python(\d(\.\d+)?)?$/;

/** Skips `python -m`, `uv run`, `poetry run`, `pipenv run` and the like in front of a program. */
function unwrap(words: CmdWord[]): CmdWord[] {
  let w = words;
  for (let guard = 0; guard < 4 && w.length; guard++) {
    const name = basename(w[0]!.value);
    if ((name === 'uv' || name === 'poetry' || name === 'pipenv' || name === 'pdm' || name === 'hatch' || name === 'rye') && w[1]?.value === 'run') w = w.slice(2);
    else if (name === 'npx' || name === 'pnpx' || name === 'bunx') w = w.slice(1).filter((x, i) => i > 0 || !x.value.startsWith('-'));
    else if (PYTHON.test(name) && w[1]?.value === '-m' && w[2] && /^(gunicorn|uvicorn|hypercorn|flask|fastapi|django)$/.test(w[2].value)) w = w.slice(2);
    else if (name === 'exec') w = w.slice(1);
    else if (name === 'env') {
      let i = 1;
      while (i < w.length && /^[A-Za-z_]\w*=/.test(w[i]!.value)) i++;
      w = w.slice(i);
    }
    else break;
  }
  return w;
}

/**
 * The app server a command starts, or undefined when it starts none of the known ones. `env` is
 * the environment the command runs with (image ENV, compose/k8s env): the tools read some of it.
 */
export function appServerOf(command: CmdWord[], env: EnvLookup = () => undefined, textOf: (file: string) => string | undefined = () => undefined): AppServer | undefined {
  const words = unwrap(command);
  // From one word to a later one when they are written together (`flask run`); else the later one (ENTRYPOINT `python3`, CMD `manage.py runserver`).
  const joined = (a: CmdWord, b: CmdWord): Span => {
    const between = a.file === b.file && b.span.start >= a.span.end ? textOf(a.file)?.slice(a.span.end, b.span.start) : undefined;
    return between !== undefined && between.length <= 24 && !/[\r\n]/.test(between) ? { start: a.span.start, end: b.span.end } : b.span;
  };
  const first = words[0];
  if (!first) return undefined;
  const name = basename(first.value);
  const file = first.file;
  const server = (kind: ServerKind, program: CmdWord, rest: Partial<AppServer> = {}): AppServer => ({ kind, program, words, binds: [], ...rest });

  if (name === 'gunicorn') {
    const { opts } = options(words, new Set(['--bind', '--timeout', '--keep-alive', '--workers', '--worker-class', '--config', '--threads']), new Set(['-b', '-t', '-w', '-k', '-c']));
    const s = server('gunicorn', first);
    for (const o of opts) if ((o.name === '--bind' || o.name === '-b') && o.value !== undefined) {
      const b = parseAddress(o.value, file, o.span, o.name);
      if (b) s.binds.push(b);
    }
    const cfg = last(opts, '--config', '-c');
    if (cfg?.value) s.config = { value: cfg.value, file, span: cfg.span };
    const t = numberSetting(last(opts, '--timeout', '-t'), file);
    const wc = last(opts, '--worker-class', '-k');
    const th = numberSetting(last(opts, '--threads'), file);
    if (t) s.timeout = t;
    if (th) s.threads = th;
    if (wc?.value) s.workerClass = { value: wc.value, file, span: wc.span, via: wc.name };
    tuning(s, opts, ['--workers', '-w'], ['--keep-alive']);
    // gunicorn binds 0.0.0.0:$PORT when PORT is set, and reads GUNICORN_CMD_ARGS and gunicorn.conf.py.
    const bindWritten = opts.some((o) => o.name === '--bind' || o.name === '-b');
    if (!bindWritten && !s.config && !env('PORT') && !env('GUNICORN_CMD_ARGS')) s.binds.push(defaultBind(first, '127.0.0.1', 8000));
    return s;
  }
  if (name === 'uvicorn') {
    const { opts } = options(words, new Set(['--host', '--port', '--uds', '--workers', '--timeout-keep-alive', '--fd']), new Set());
    const s = server('uvicorn', first);
    const host = last(opts, '--host');
    const p = numberSetting(last(opts, '--port'), file);
    const uds = last(opts, '--uds');
    if (uds?.value) s.binds.push({ socket: { value: uds.value, file, span: uds.span, via: '--uds' } });
    else if (!last(opts, '--fd')) {
      const envHost = env('UVICORN_HOST');
      const h: Setting<string> | undefined = host?.value !== undefined ? { value: host.value, file, span: host.span, via: '--host' } : envHost ? { ...envHost } : { value: '127.0.0.1', file, span: first.span, via: 'default', defaulted: true };
      s.binds.push({ host: h, ...(p ? { port: p } : {}) });
    }
    return tuning(s, opts, ['--workers'], ['--timeout-keep-alive']);
  }
  if (name === 'hypercorn') {
    const { opts } = options(words, new Set(['--bind', '--workers', '--keep-alive', '--worker-class', '--config']), new Set(['-b', '-w', '-k', '-c']));
    const s = server('hypercorn', first);
    for (const o of opts) if ((o.name === '--bind' || o.name === '-b') && o.value !== undefined) {
      const b = parseAddress(o.value, file, o.span, o.name);
      if (b) s.binds.push(b);
    }
    const cfg = last(opts, '--config', '-c');
    if (cfg?.value) s.config = { value: cfg.value, file, span: cfg.span };
    if (!opts.some((o) => o.name === '--bind' || o.name === '-b') && !s.config) s.binds.push(defaultBind(first, '127.0.0.1', 8000));
    return tuning(s, opts, ['--workers', '-w'], ['--keep-alive']);
  }
  if (name === 'uwsgi') {
    const { opts } = options(words, new Set(['--http', '--http-socket', '--socket', '--uwsgi-socket', '--harakiri', '--processes', '--workers', '--ini']), new Set(['-s', '-p']));
    const s = server('uwsgi', first);
    for (const o of opts)
      if (/^(--http|--http-socket|--socket|--uwsgi-socket|-s)$/.test(o.name) && o.value !== undefined) {
        const b = parseAddress(o.value, file, o.span, o.name);
        if (b) s.binds.push(b);
      }
    // `--ini file`, a lone configuration file argument (`uwsgi app.ini`), or UWSGI_INI.
    const ini = last(opts, '--ini');
    const lone = words.length === 2 && /\.ini(:[\w.-]+)?$/i.test(words[1]!.value) ? words[1] : undefined;
    const envIni = env('UWSGI_INI');
    if (ini?.value) s.config = { value: ini.value, file, span: ini.span };
    else if (lone) s.config = lone;
    else if (envIni?.value) s.config = { value: envIni.value, file: envIni.file, span: envIni.span };
    const h = numberSetting(last(opts, '--harakiri'), file);
    const w = numberSetting(last(opts, '--processes', '--workers', '-p'), file);
    const m = last(opts, '--master', '-M');
    if (h) s.timeout = h;
    if (w) s.workers = w;
    if (m) s.master = { value: true, file, span: m.span, via: m.name };
    return s;
  }
  // flask [--app x] run [--host h] [--port p]
  if (name === 'flask') {
    const runAt = words.findIndex((w, i) => i > 0 && w.value === 'run' && !/^--?(app|A|e|env-file)$/.test(words[i - 1]!.value));
    if (runAt < 0) return undefined;
    const run = words[runAt]!;
    const { opts } = options(words.slice(runAt), new Set(['--host', '--port']), new Set(['-h', '-p']));
    const s = server('flask', run, { development: { value: 'flask run', file, span: joined(first, run), via: 'flask run' } });
    const host = last(opts, '--host', '-h');
    const p = numberSetting(last(opts, '--port', '-p'), file);
    const envHost = env('FLASK_RUN_HOST');
    const envPort = env('FLASK_RUN_PORT');
    const h: Setting<string> = host?.value !== undefined ? { value: host.value, file, span: host.span, via: host.name } : envHost ? { ...envHost } : { value: '127.0.0.1', file, span: s.development!.span, via: 'default', defaulted: true };
    const pp = p ?? (envPort && port(envPort.value) ? { ...envPort, value: port(envPort.value)! } : undefined);
    s.binds.push({ host: h, ...(pp ? { port: pp } : {}) });
    return s;
  }
  // fastapi run (production, every interface) / fastapi dev (127.0.0.1, reload)
  if (name === 'fastapi' && (words[1]?.value === 'run' || words[1]?.value === 'dev')) {
    const sub = words[1]!;
    const { opts } = options(words.slice(1), new Set(['--host', '--port']), new Set());
    const s = server('fastapi', sub);
    const host = last(opts, '--host');
    const p = numberSetting(last(opts, '--port'), file);
    const dev = sub.value === 'dev';
    const h: Setting<string> = host?.value !== undefined ? { value: host.value, file, span: host.span, via: '--host' } : { value: dev ? '127.0.0.1' : '0.0.0.0', file, span: joined(first, sub), via: 'default', defaulted: true };
    s.binds.push({ host: h, ...(p ? { port: p } : {}) });
    if (dev) s.development = { value: 'fastapi dev', file, span: joined(first, sub), via: 'fastapi dev' };
    return s;
  }
  // python manage.py runserver [addrport] / django-admin runserver
  const runserverAt = words.findIndex((w) => w.value === 'runserver' || w.value === 'runserver_plus');
  if (runserverAt > 0 && (PYTHON.test(name) || /manage\.py$/.test(name) || name === 'django-admin')) {
    const rs = words[runserverAt]!;
    const devSpan = joined(first, rs);
    const s = server('django', rs, { development: { value: `manage.py ${rs.value}`, file, span: devSpan, via: rs.value } });
    const addr = words.slice(runserverAt + 1).find((w) => !w.value.startsWith('-'));
    if (addr) {
      const v = addr.value;
      const onlyPort = port(v);
      if (onlyPort) s.binds.push({ host: { value: '127.0.0.1', file, span: addr.span, via: 'runserver default address', defaulted: true }, port: { value: onlyPort, file, span: addr.span, via: 'runserver' } });
      else {
        const b = parseAddress(v, file, addr.span, 'runserver');
        // `0:8000` is Django's shorthand for 0.0.0.0.
        if (b?.host?.value === '0') b.host.value = '0.0.0.0';
        if (b) s.binds.push(b);
      }
    } else if (!/[$`]/.test(words.slice(runserverAt + 1).map((w) => w.value).join(' '))) s.binds.push(defaultBind({ ...rs, span: devSpan }, '127.0.0.1', 8000));
    return s;
  }
  // php -S host:port (the built-in development server)
  if (/^php(\d(\.\d+)?)?$/.test(name)) {
    const i = words.findIndex((w) => w.value === '-S' || w.value.startsWith('-S'));
    if (i < 0) return undefined;
    const w = words[i]!;
    const value = w.value.length > 2 ? w.value.slice(2) : words[i + 1]?.value;
    const span = w.value.length > 2 ? w.span : { start: w.span.start, end: (words[i + 1] ?? w).span.end };
    const s = server('php', first, { development: { value: 'php -S', file, span, via: '-S' } });
    const b = value !== undefined ? parseAddress(value, file, span, '-S') : undefined;
    if (b) s.binds.push(b);
    return s;
  }
  if (name === 'next') {
    const sub = words[1];
    if (!sub || (sub.value !== 'start' && sub.value !== 'dev')) return undefined;
    const { opts } = options(words.slice(1), new Set(['--hostname', '--port', '--keepAliveTimeout']), new Set(['-H', '-p']));
    const s = server('next', sub);
    const ka = numberSetting(last(opts, '--keepAliveTimeout'), file);
    if (ka) s.keepAlive = { ...ka, value: ka.value / 1000 };
    const host = last(opts, '--hostname', '-H');
    const p = numberSetting(last(opts, '--port', '-p'), file);
    if (host?.value !== undefined) s.binds.push({ host: { value: host.value, file, span: host.span, via: host.name }, ...(p ? { port: p } : {}) });
    else if (p) s.binds.push({ port: p });
    if (sub.value === 'dev') s.development = { value: 'next dev', file, span: joined(first, sub), via: 'next dev' };
    return s;
  }
  if (name === 'nodemon' || name === 'ng' && words[1]?.value === 'serve' || name === 'webpack-dev-server' || (name === 'webpack' && words[1]?.value === 'serve') || (name === 'vite' && (!words[1] || words[1].value.startsWith('-') || words[1].value === 'dev' || words[1].value === 'serve')) || (name === 'react-scripts' && words[1]?.value === 'start') || (name === 'nuxt' && words[1]?.value === 'dev')) {
    const alone = name === 'nodemon' || name === 'webpack-dev-server' || (name === 'vite' && (!words[1] || words[1].value.startsWith('-')));
    const label = words.slice(0, alone ? 1 : 2).map((w) => basename(w.value)).join(' ');
    return server('devtool', first, { development: { value: label, file, span: alone ? first.span : joined(first, words[1]!), via: label } });
  }
  // npm run dev / yarn dev / pnpm dev
  if (/^(npm|yarn|pnpm|bun)$/.test(name)) {
    const script = name === 'npm' || words[1]?.value === 'run' ? (words[1]?.value === 'run' || words[1]?.value === 'run-script' ? words[2] : undefined) : words[1];
    if (script && /^(dev|develop|serve|start:dev|dev:server)$/.test(script.value)) {
      const label = words.slice(0, words.indexOf(script) + 1).map((w) => w.value).join(' ');
      return server('devtool', first, { development: { value: label, file, span: joined(first, script), via: label } });
    }
    return undefined;
  }
  if (name === 'node' || name === 'bun' || name === 'deno') {
    const script = words.slice(1).find((w) => !w.value.startsWith('-') && /\.(c|m)?[jt]s$/.test(w.value));
    return script ? server('node', first, { script }) : undefined;
  }
  if (PYTHON.test(name)) {
    const script = words.slice(1).find((w) => !w.value.startsWith('-'));
    if (!script || !/\.py$/.test(script.value) || /(^|\/)manage\.py$/.test(script.value) || words[words.indexOf(script) - 1]?.value === '-m') return undefined;
    return server('python', first, { script });
  }
  if (name === 'java' && words.some((w) => w.value === '-jar')) {
    const s = server('java', first);
    const addr = words.find((w) => /^(?:--|-D)server\.address=/.test(w.value));
    if (addr) s.binds.push({ host: { value: addr.value.slice(addr.value.indexOf('=') + 1), file, span: addr.span, via: 'server.address' } });
    return s;
  }
  return undefined;
}

/** Worker count, keep-alive and `--reload` (a development setting), shared by gunicorn, uvicorn and hypercorn. */
function tuning(s: AppServer, opts: Opt[], workers: string[], keepAlive: string[]): AppServer {
  const file = s.program.file;
  const w = numberSetting(last(opts, ...workers), file);
  const k = numberSetting(last(opts, ...keepAlive), file);
  if (w) s.workers = w;
  if (k) s.keepAlive = k;
  const reload = last(opts, '--reload');
  if (reload) s.development = { value: `${s.kind} --reload`, file, span: reload.span, via: '--reload' };
  return s;
}

function defaultBind(program: CmdWord, host: string, p: number): Bind {
  return { host: { value: host, file: program.file, span: program.span, via: 'default', defaulted: true }, port: { value: p, file: program.file, span: program.span, via: 'default', defaulted: true } };
}

/**
 * The commands a start command runs: itself, or the commands of the script it hands to a shell
 * (`sh -c "…"`), split on `&&`, `;` and the like. Script words keep exact spans when the script
 * word is written without escapes; otherwise each takes the span of the whole script word.
 */
export function commandsOf(argv: CmdWord[], textOf: (file: string) => string | undefined): CmdWord[][] {
  const first = argv[0];
  if (!first) return [];
  const name = basename(first.value);
  if (/^(sh|bash|ash|dash|zsh)$/.test(name)) {
    const c = argv.findIndex((w, i) => i > 0 && /^-\w*c\w*$/.test(w.value));
    const script = c > 0 ? argv[c + 1] : undefined;
    if (!script) return [argv];
    return scriptCommands(script, textOf);
  }
  return [argv];
}

/** The commands of a shell script held in one word (`sh -c` argument, a compose `command:` string, a Procfile line). */
export function scriptCommands(script: CmdWord, textOf: (file: string) => string | undefined): CmdWord[][] {
  const text = textOf(script.file);
  const raw = text?.slice(script.span.start, script.span.end) ?? '';
  let start = -1;
  if (raw === script.value) start = script.span.start;
  else if (raw.length === script.value.length + 2 && raw.slice(1, -1) === script.value) start = script.span.start + 1;
  const src = start >= 0 ? mapped(script.value, start) : flatMapped(script.value, script.span.start, script.span.start);
  const parsed = parseShell(src);
  return parsed.commands.map((c) =>
    c.argv.map((w) => ({ value: w.value, file: script.file, span: start >= 0 ? w.span : script.span })),
  );
}

/** The first app server among the commands a start command runs. */
export function serverInCommand(argv: CmdWord[], textOf: (file: string) => string | undefined, env?: EnvLookup): AppServer | undefined {
  return pickServer(commandsOf(argv, textOf).map((cmd) => appServerOf(cmd, env, textOf)));
}

/** Of the servers a script's commands start, the first known app server, else the first script run by an interpreter. */
export function pickServer(found: (AppServer | undefined)[]): AppServer | undefined {
  const all = found.filter((s): s is AppServer => s !== undefined);
  return all.find((s) => s.kind !== 'python' && s.kind !== 'node') ?? all[0];
}

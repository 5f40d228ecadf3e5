/**
 * The V8 old-space ceiling a Node container starts with: `--max-old-space-size=<MiB>` (or
 * `--max_old_space_size`) from the places Node reads it, in the order that decides which wins:
 *
 * - `NODE_OPTIONS`, which Node parses before its command line;
 * - variables the start command expands (`node $NODE_ARGS server.js`, Kubernetes `$(NODE_ARGS)`);
 * - the `node` command line itself (the image's ENTRYPOINT/CMD under compose/Kubernetes overrides).
 *
 * Within one place, and across places in that order, the last flag wins (V8 keeps the last value of
 * a flag). Environment and argv come from `effectiveRuntime`, as for the JVM heap.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import type { Located, Runtime, Word } from './apps.js';
import { commandsOf } from './app-server.js';
import { matchesAt } from './jvm.js';
import { MIB } from './quantity.js';

export interface NodeHeapFlag {
  /** `--max-old-space-size=4096`. */
  text: string;
  /** Bytes. */
  bytes: number;
  /** `ENV NODE_OPTIONS`, `env NODE_OPTIONS`, `the image start command`. */
  source: string;
  file: string;
  span: Span;
}

const FLAG = /--max[-_]old[-_]space[-_]size=(\d+)(?![\w.])/g;

function flagsIn(model: ProjectModel, value: string, file: string, span: Span, source: string): NodeHeapFlag[] {
  return matchesAt(model, value, file, span, FLAG).map(({ match, span: s }) => ({ text: match[0], bytes: Number(match[1]) * MIB, source, file, span: s }));
}

function envFlags(model: ProjectModel, e: Located<string> | undefined): NodeHeapFlag[] {
  return e ? flagsIn(model, e.value, e.file, e.span, e.via) : [];
}

/** Node options that take the next word as their value. */
const WITH_VALUE = new Set(['-r', '--require', '--import', '--loader', '--experimental-loader', '--env-file', '--title', '--conditions', '-C']);

/**
 * The option words of the `node` command the container starts (directly, after a wrapper such as
 * `tini --`, or in a `sh -c` script): the words after `node` up to the script, since what follows
 * the script is the script's own argv. Undefined when no `node` command is in sight.
 */
function nodeOptions(model: ProjectModel, argv: Word[]): Word[] | undefined {
  for (const cmd of commandsOf(argv, (f) => model.text(f))) {
    const at = cmd.findIndex((w) => /(^|\/)node(js)?$/.test(w.value));
    if (at < 0) continue;
    const out: Word[] = [];
    for (let i = at + 1; i < cmd.length; i++) {
      const w = cmd[i]!;
      if (!w.value.startsWith('-') && !w.value.startsWith('$')) break;
      out.push(w);
      if (WITH_VALUE.has(w.value)) i++;
    }
    return out;
  }
  return undefined;
}

/** `npm start`, `npm run start`, `yarn start`, `pnpm run start`: the package script a start command runs. */
function packageScript(argv: Word[], model: ProjectModel): string | undefined {
  for (const cmd of commandsOf(argv, (f) => model.text(f))) {
    const at = cmd.findIndex((w) => /(^|\/)(npm|yarn|pnpm)$/.test(w.value));
    if (at < 0) continue;
    const rest = cmd.slice(at + 1).map((w) => w.value).filter((v) => !v.startsWith('-'));
    const name = rest[0] === 'run' || rest[0] === 'run-script' ? rest[1] : rest[0];
    return name && /^[\w:.-]+$/.test(name) ? name : undefined;
  }
  return undefined;
}

/**
 * The `node` options of a package.json script (`"start": "node --max-old-space-size=2048 dist/main.js"`)
 * as words of that file, each with the span of the script's string (or of the flag, which
 * `matchesAt` finds in it). Undefined when the file or the script is not there.
 */
function scriptWords(model: ProjectModel, pkgPath: string, name: string): Word[] | undefined {
  const text = model.text(pkgPath);
  if (text === undefined) return undefined;
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return undefined;
  }
  const script = (pkg as { scripts?: Record<string, unknown> } | null)?.scripts?.[name];
  if (typeof script !== 'string') return undefined;
  const key = new RegExp(`"${name.replace(/\./g, '\\.')}"\\s*:\\s*"`).exec(text);
  const start = key ? key.index + key[0].length : 0;
  const span = { start, end: key ? start + JSON.stringify(script).length - 2 : 0 };
  return [{ value: script, file: pkgPath, span }];
}

/** The flag that caps the old space, or undefined when none is set (V8 then sizes it from the memory it sees). */
export function nodeHeapFlagOf(model: ProjectModel, runtime: Runtime, imagePath: string | undefined): NodeHeapFlag | undefined {
  let node = nodeOptions(model, runtime.argv);
  let where = imagePath;
  // `npm start`: the `node` command is in the package.json of the image's build context.
  const script = node ? undefined : packageScript(runtime.argv, model);
  if (script && imagePath !== undefined) {
    const pkgPath = `${imagePath.includes('/') ? imagePath.slice(0, imagePath.lastIndexOf('/') + 1) : ''}package.json`;
    const words = scriptWords(model, pkgPath, script);
    if (words) {
      node = nodeOptions(model, [{ value: 'sh', file: pkgPath, span: words[0]!.span }, { value: '-c', file: pkgPath, span: words[0]!.span }, ...words]);
      where = pkgPath;
    }
  }
  const fromEnv = envFlags(model, runtime.env.get('NODE_OPTIONS'));
  // Without a `node` command in sight, NODE_OPTIONS still applies to whatever Node process starts.
  if (!node) return fromEnv.at(-1);
  const text = node.map((w) => w.value).join(' ');
  const referenced = [...new Set([...text.matchAll(/\$(?:\{|\()?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!))].filter((n) => n !== 'NODE_OPTIONS');
  const groups: NodeHeapFlag[][] = [
    fromEnv,
    referenced.flatMap((n) => envFlags(model, runtime.env.get(n))),
    node.flatMap((w) => flagsIn(model, w.value, w.file, w.span, w.file === where && where !== imagePath ? `the "${script}" script` : w.file === imagePath ? 'the image start command' : 'the container command')),
  ];
  return groups.flat().at(-1);
}

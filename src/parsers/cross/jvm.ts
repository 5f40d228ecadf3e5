/**
 * The JVM heap a container starts with: `-Xmx` or `-XX:MaxRAMPercentage` from the places a JVM reads
 * them, in the order that decides which wins:
 *
 * - `JAVA_TOOL_OPTIONS` (read first, so anything later overrides it), then `JDK_JAVA_OPTIONS`
 *   (prepended to the `java` launcher's arguments);
 * - the command line: the image's ENTRYPOINT/CMD with Kubernetes `command`/`args` (compose
 *   `entrypoint`/`command`) applied, including any variable it expands (`java $JAVA_OPTS -jar
 *   app.jar`, Kubernetes `$(JAVA_OPTS)`); when the image's start command is unknown or inherited from
 *   its base (Tomcat's `catalina.sh`, the usual `java $JAVA_OPTS` entrypoint scripts), the common
 *   names `JAVA_OPTS`, `JVM_OPTS`, `JAVA_OPTIONS` and `CATALINA_OPTS` count;
 * - `_JAVA_OPTIONS`, which the JVM appends after everything else.
 *
 * Within one place the last flag wins; an `-Xmx` anywhere beats a percentage. The environment and
 * argv come from `effectiveRuntime` (the image, then the orchestrator's overrides).
 */
import type { ProjectModel } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { jvmSize } from '../dockerfile/model.js';
import type { Located, Runtime, Word } from './apps.js';

export interface HeapFlag {
  /** `-Xmx1536m`, `-XX:MaxRAMPercentage=90`. */
  text: string;
  kind: 'xmx' | 'percent';
  /** Bytes for `-Xmx`, the percentage for MaxRAMPercentage. */
  amount: number;
  /** `ENV JAVA_TOOL_OPTIONS`, `env JAVA_OPTS`, `CMD`, `args`. */
  source: string;
  file: string;
  span: Span;
}

const FLAG = /-Xmx(\d+[kKmMgGtT]?)(?![\w.])|-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)/g;
const EXPANDED_ENV = ['JAVA_OPTS', 'JVM_OPTS', 'JAVA_OPTIONS', 'CATALINA_OPTS'];

/**
 * The matches of `re` (global) inside a value whose raw text sits at `span` of `file`, each with its
 * own span: the match is located in the raw text (quotes and escapes may shift it), else the span
 * of the whole value.
 */
export function matchesAt(model: ProjectModel, value: string, file: string, span: Span, re: RegExp): { match: RegExpMatchArray; span: Span }[] {
  const out: { match: RegExpMatchArray; span: Span }[] = [];
  const raw = model.text(file)?.slice(span.start, span.end);
  let from = 0;
  for (const m of value.matchAll(re)) {
    const at = raw !== undefined ? raw.indexOf(m[0], from) : -1;
    if (at >= 0) from = at + m[0].length;
    out.push({ match: m, span: at >= 0 ? { start: span.start + at, end: span.start + at + m[0].length } : span });
  }
  return out;
}

/** Flags inside a value whose raw text sits at `span` of `file`. */
function flagsIn(model: ProjectModel, value: string, file: string, span: Span, source: string): HeapFlag[] {
  const out: HeapFlag[] = [];
  for (const { match: m, span: s } of matchesAt(model, value, file, span, FLAG)) {
    const amount = m[1] !== undefined ? jvmSize(m[1]) : Number(m[2]);
    if (amount === undefined || !Number.isFinite(amount)) continue;
    out.push({ text: m[0], kind: m[1] !== undefined ? 'xmx' : 'percent', amount, source, file, span: s });
  }
  return out;
}

function envFlags(model: ProjectModel, e: Located<string> | undefined): HeapFlag[] {
  return e ? flagsIn(model, e.value, e.file, e.span, e.via) : [];
}

function argvFlags(model: ProjectModel, argv: Word[], source: (w: Word) => string): HeapFlag[] {
  return argv.flatMap((w) => flagsIn(model, w.value, w.file, w.span, source(w)));
}

/** The flag that sets the heap, or undefined when the JVM's default (25 % of the limit) applies or container support is off. */
export function heapFlagOf(model: ProjectModel, runtime: Runtime, imagePath: string | undefined): HeapFlag | undefined {
  const env = runtime.env;
  const containerSupportOff = [...env.values()].some((e) => /-XX:-UseContainerSupport\b/.test(e.value)) || runtime.argv.some((w) => /-XX:-UseContainerSupport\b/.test(w.value));
  const text = runtime.argv.map((w) => w.value).join(' ');
  const referenced = new Set([...text.matchAll(/\$(?:\{|\()?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
  const launchesJava = runtime.argv.some((w) => /(^|\/)java$/.test(w.value));
  const names = new Set([...referenced, ...(launchesJava ? [] : EXPANDED_ENV)]);
  const expanded = [...names].filter((n) => n !== 'JAVA_TOOL_OPTIONS' && n !== 'JDK_JAVA_OPTIONS' && n !== '_JAVA_OPTIONS');
  // Lowest precedence first; each later group overrides earlier ones.
  const groups: HeapFlag[][] = [
    envFlags(model, env.get('JAVA_TOOL_OPTIONS')),
    envFlags(model, env.get('JDK_JAVA_OPTIONS')),
    expanded.flatMap((n) => envFlags(model, env.get(n))),
    argvFlags(model, runtime.argv, (w) => (w.file === imagePath ? 'the image start command' : 'the container command')),
    envFlags(model, env.get('_JAVA_OPTIONS')),
  ];
  const pick = (kind: HeapFlag['kind']): HeapFlag | undefined => {
    let hit: HeapFlag | undefined;
    for (const g of groups) for (const f of g) if (f.kind === kind) hit = f;
    return hit;
  };
  const xmx = pick('xmx');
  if (xmx) return xmx;
  return containerSupportOff ? undefined : pick('percent');
}

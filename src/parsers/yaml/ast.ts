/**
 * A small, position-carrying YAML tree: what the `yaml` library composes, turned into plain maps,
 * sequences and scalars whose every node keeps its exact span in the file. Aliases are resolved to
 * the anchored node itself (shared, never copied), `<<` merge keys are applied, and every lookup
 * helper here tolerates missing or wrongly typed nodes, so rules never have to guard each step.
 *
 * Paths (`spec.template.spec.containers[0].livenessProbe`) address nodes the way kubectl
 * `explain` and Spectral do; keys containing dots are written in brackets: `metadata.annotations["lint500.dev/ignore"]`.
 */
import type { Span } from '../../core/text.js';

export interface YScalar {
  type: 'scalar';
  /** The resolved value (YAML 1.1 rules, as Kubernetes reads manifests). Timestamps and binaries stay text. */
  value: string | number | boolean | null;
  /** The scalar as written (without quotes for quoted scalars). */
  source: string;
  quoted: boolean;
  span: Span;
}

export interface YPair {
  key: YScalar;
  /** Undefined for `key:` with nothing after it. */
  value: YNode | undefined;
  /** From the key's start to the value's end. */
  span: Span;
  /** The pair came in through a `<<` merge key; its spans point at the merged map. */
  merged?: boolean;
}

export interface YMap {
  type: 'map';
  pairs: YPair[];
  span: Span;
}

export interface YSeq {
  type: 'seq';
  items: YNode[];
  span: Span;
}

export type YNode = YScalar | YMap | YSeq;

export function isMap(n: YNode | undefined): n is YMap {
  return n?.type === 'map';
}

export function isSeq(n: YNode | undefined): n is YSeq {
  return n?.type === 'seq';
}

export function isScalar(n: YNode | undefined): n is YScalar {
  return n?.type === 'scalar';
}

/** The key text of a pair (`on`, `n` and `1` stay text, as Kubernetes reads keys). */
export function keyText(p: YPair): string {
  return p.key.source;
}

/** The pair for `key` in a map (the last one when a key repeats, as JSON decoding does). */
export function pairOf(node: YNode | undefined, key: string): YPair | undefined {
  if (!isMap(node)) return undefined;
  for (let i = node.pairs.length - 1; i >= 0; i--) if (node.pairs[i]!.key.source === key) return node.pairs[i];
  return undefined;
}

export function get(node: YNode | undefined, key: string): YNode | undefined {
  return pairOf(node, key)?.value;
}

/**
 * A scalar as a string: the text as written for plain scalars that YAML 1.1 would turn into a
 * number or boolean (`tag: 1.10` is "1.10", `value: on` is "on"), which is what Kubernetes does for
 * string fields. Undefined for null, maps and sequences.
 */
export function str(node: YNode | undefined): string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'string') return node.value;
  return node.source;
}

/** A number, or undefined (numeric strings are not numbers here; see `intOrString`). */
export function num(node: YNode | undefined): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isFinite(node.value) ? node.value : undefined;
}

export function bool(node: YNode | undefined): boolean | undefined {
  return isScalar(node) && typeof node.value === 'boolean' ? node.value : undefined;
}

/** Kubernetes IntOrString: numbers stay numbers, anything else is its text. */
export function intOrString(node: YNode | undefined): number | string | undefined {
  if (!isScalar(node) || node.value === null) return undefined;
  if (typeof node.value === 'number' && Number.isInteger(node.value)) return node.value;
  return str(node);
}

/** String-valued entries of a map (labels, annotations, selectors); other values are skipped. */
export function stringMap(node: YNode | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isMap(node)) return out;
  for (const p of node.pairs) {
    const v = str(p.value);
    if (v !== undefined) out[p.key.source] = v;
  }
  return out;
}

export function items(node: YNode | undefined): YNode[] {
  return isSeq(node) ? node.items : [];
}

// ---------------------------------------------------------------------------------------------
// Paths

export type PathSegment = string | number;

/** Splits `a.b[0]["c.d"]` into `['a', 'b', 0, 'c.d']`. Malformed brackets end the path early. */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  let i = 0;
  let cur = '';
  const flush = () => {
    if (cur) out.push(cur);
    cur = '';
  };
  while (i < path.length) {
    const c = path[i]!;
    if (c === '.') {
      flush();
      i++;
    } else if (c === '[') {
      flush();
      const close = path.indexOf(']', i);
      if (close < 0) return out;
      let inner = path.slice(i + 1, close);
      if ((inner.startsWith('"') && inner.endsWith('"')) || (inner.startsWith("'") && inner.endsWith("'"))) {
        inner = inner.slice(1, -1);
        out.push(inner);
      } else if (/^\d+$/.test(inner)) out.push(Number(inner));
      else out.push(inner);
      i = close + 1;
    } else {
      cur += c;
      i++;
    }
  }
  flush();
  return out;
}

export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[\w-]+$/.test(s)) out += out ? `.${s}` : s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/** The node at a path, or undefined. */
export function at(node: YNode | undefined, path: string | readonly PathSegment[]): YNode | undefined {
  let cur = node;
  for (const s of typeof path === 'string' ? parsePath(path) : path) {
    if (cur === undefined) return undefined;
    cur = typeof s === 'number' ? (isSeq(cur) ? cur.items[s] : undefined) : get(cur, s);
  }
  return cur;
}

export interface Located {
  /** The span of the key when the last segment is a map key. */
  key?: Span;
  /** The span of the value; absent for `key:` with no value. */
  value?: Span;
  /** Key and value together (the item for sequence indexes). */
  span: Span;
  node?: YNode;
}

/** Where a path is: its key's span, its value's span, and both together. */
export function locate(node: YNode | undefined, path: string | readonly PathSegment[]): Located | undefined {
  const segs = typeof path === 'string' ? parsePath(path) : path;
  if (!segs.length) return node ? { value: node.span, span: node.span, node } : undefined;
  const parent = at(node, segs.slice(0, -1));
  const last = segs[segs.length - 1]!;
  if (typeof last === 'number') {
    const item = isSeq(parent) ? parent.items[last] : undefined;
    return item ? { value: item.span, span: item.span, node: item } : undefined;
  }
  const p = pairOf(parent, last);
  if (!p) return undefined;
  return { key: p.key.span, ...(p.value ? { value: p.value.span, node: p.value } : {}), span: p.span };
}

// ---------------------------------------------------------------------------------------------
// Comparison and plain values, bounded so that shared (aliased) subtrees cannot blow up.

const DEFAULT_BUDGET = 100_000;

/** A JSON-like copy of a node, or undefined when it is larger than `budget` nodes. */
export function toPlain(node: YNode | undefined, budget = DEFAULT_BUDGET): unknown {
  let left = budget;
  const walk = (n: YNode | undefined, depth: number): unknown => {
    if (--left < 0 || depth > 500) throw new RangeError('budget');
    if (!n) return null;
    if (n.type === 'scalar') return n.value;
    if (n.type === 'seq') return n.items.map((x) => walk(x, depth + 1));
    const o: Record<string, unknown> = {};
    for (const p of n.pairs) o[p.key.source] = walk(p.value, depth + 1);
    return o;
  };
  try {
    return walk(node, 0);
  } catch {
    return undefined;
  }
}

/** Structural equality of two nodes (map key order ignored), false when too large to compare. */
export function sameNode(a: YNode | undefined, b: YNode | undefined): boolean {
  const pa = toPlain(a);
  const pb = toPlain(b);
  if (pa === undefined || pb === undefined) return false;
  return canonical(pa) === canonical(pb);
}

export function canonical(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
    .join(',')}}`;
}

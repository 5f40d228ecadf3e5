/**
 * The nginx tree: directives with their arguments, blocks and the file each came from. Included
 * files are not spliced into their includer's block; the `include` directive carries them
 * (`included`), and `children()` expands them in nginx's processing order.
 */
import type { Span } from '../../core/text.js';

/**
 * Where a directive stands, as nginx's command types see it. `http:sif` / `http:lif` are `if`
 * blocks in a server / a location; `http:any` is a snippet whose place is not known (context checks
 * are skipped); `literal` is the inside of `map`, `types`, `geo`, … whose entries are not directives;
 * `unknown` is the inside of a block nginx's reference does not know (third-party modules).
 */
export type NginxContext =
  | 'main'
  | 'events'
  | 'http'
  | 'http:server'
  | 'http:location'
  | 'http:sif'
  | 'http:lif'
  | 'http:limit_except'
  | 'http:upstream'
  | 'http:any'
  | 'stream'
  | 'stream:server'
  | 'stream:upstream'
  | 'mail'
  | 'mail:server'
  | 'mgmt'
  | 'literal'
  | 'unknown';

export interface NginxArg {
  /** The value nginx sees: quotes removed, `\"` `\'` `\\` `\t` `\r` `\n` unescaped. */
  value: string;
  /** The text as written, quotes included. */
  raw: string;
  span: Span;
  quote?: '"' | "'";
  file: string;
}

export interface IncludedFile {
  path: string;
  directives: Directive[];
}

export interface Directive {
  type: 'directive';
  name: string;
  nameSpan: Span;
  args: NginxArg[];
  /** Statements inside `{ … }` as written in this file; undefined for `;` directives. */
  block?: Directive[];
  /** From the name to the closing `;` or `}`. */
  span: Span;
  /** From the name to the end of the last argument: the line a finding on a block points at. */
  head: Span;
  /** The file this directive is written in. */
  file: string;
  /** The context this directive stands in. */
  context: NginxContext;
  /** The enclosing block directive (across includes), if any. */
  parent?: Directive;
  /** For `include`: the files it pulled in, in nginx's order. */
  included?: IncludedFile[];
  /** For `*_by_lua_block` and other raw blocks: the body, not parsed. */
  raw?: { span: Span; text: string };
  /** The `include` directive that pulled this directive's file in, for directives at an included file's top level. */
  includedBy?: Directive;
}

export interface NginxConfig {
  type: 'config';
  file: string;
  directives: Directive[];
  /** The context of the file's top level (given by the includer, or inferred for snippets). */
  context: NginxContext;
  /** Whether `context` was inferred from the file's own directives rather than known. */
  inferred: boolean;
  /** Every file read through `include`, in order. */
  includes: string[];
}

/** The statements of a block with `include`s expanded, in processing order. */
export function children(list: readonly Directive[] | undefined): Directive[] {
  const out: Directive[] = [];
  const walk = (ds: readonly Directive[] | undefined, depth: number) => {
    if (!ds || depth > 64) return;
    for (const d of ds) {
      out.push(d);
      if (d.included) for (const inc of d.included) walk(inc.directives, depth + 1);
    }
  };
  walk(list, 0);
  return out;
}

/** Directives named `name` directly in a block (includes expanded). */
export function childrenNamed(d: Directive | readonly Directive[] | undefined, ...names: string[]): Directive[] {
  const list = (Array.isArray(d) ? d : (d as Directive | undefined)?.block) as readonly Directive[] | undefined;
  if (!list) return [];
  // Indexed once per block: rules ask each directive's enclosing blocks for a name, and a server
  // of 10 000 locations must not be scanned once per location.
  let index = childIndex.get(list);
  if (!index) {
    index = new Map();
    for (const [i, c] of children(list).entries()) {
      const at = index.get(c.name);
      if (at) at.push([i, c]);
      else index.set(c.name, [[i, c]]);
    }
    childIndex.set(list, index);
  }
  if (names.length === 1) return (index.get(names[0]!) ?? []).map(([, c]) => c);
  const hits = [...new Set(names)].flatMap((n) => index.get(n) ?? []);
  return hits.sort((a, b) => a[0] - b[0]).map(([, c]) => c);
}

/** Each block's children (includes expanded) by name, with their position among the children. */
const childIndex = new WeakMap<readonly Directive[], Map<string, [number, Directive][]>>();

/** The enclosing blocks, innermost first. */
export function ancestors(d: Directive): Directive[] {
  const out: Directive[] = [];
  for (let p = d.parent; p && out.length < 256; p = p.parent) out.push(p);
  return out;
}

/** The innermost enclosing block named `name`. */
export function enclosing(d: Directive, name: string): Directive | undefined {
  return ancestors(d).find((a) => a.name === name);
}

/** The nearest definition of a directive in scope: the block itself, then its ancestors, then the file's top level. */
export function inScope(from: Directive | undefined, top: readonly Directive[], ...names: string[]): Directive | undefined {
  for (let p = from; p; p = p.parent) {
    const hit = childrenNamed(p, ...names)[0];
    if (hit) return hit;
  }
  return childrenNamed(top, ...names)[0];
}

/** A location's modifier and URI: `location ~* \.php$` → { modifier: '~*', uri: '\.php$' }. */
export function locationMatch(d: Directive): { modifier: '' | '=' | '~' | '~*' | '^~' | '@'; uri: string; uriArg?: NginxArg } {
  const [a, b] = d.args;
  if (!a) return { modifier: '', uri: '' };
  if (b && (a.value === '=' || a.value === '~' || a.value === '~*' || a.value === '^~')) return { modifier: a.value, uri: b.value, uriArg: b };
  // nginx also accepts the modifier glued to the URI (`location =/x`, `location ~\.php$`).
  for (const m of ['^~', '~*', '=', '~'] as const) {
    if (a.value.startsWith(m) && a.value.length > m.length) return { modifier: m, uri: a.value.slice(m.length), uriArg: a };
  }
  if (a.value.startsWith('@')) return { modifier: '@', uri: a.value, uriArg: a };
  return { modifier: '', uri: a.value, uriArg: a };
}

/** Calls `fn` for every directive of a tree (includes expanded, `map`/`types` entries skipped). */
export function forEachDirective(list: readonly Directive[] | undefined, fn: (d: Directive) => void, depth = 0): void {
  if (!list || depth > 512) return;
  for (const d of list) {
    if (d.context === 'literal') continue;
    fn(d);
    forEachDirective(d.block, fn, depth + 1);
    if (d.included) for (const inc of d.included) forEachDirective(inc.directives, fn, depth + 1);
  }
}

/**
 * The nginx parser module.
 *
 * Visitor node types (in nginx's processing order: an `include` is followed by the directives of the
 * files it pulled in, nested under it):
 * - `config`: the file's root (`NginxConfig`), entered first and left last.
 * - `directive`: every directive outside `map`/`types`/`geo`/… bodies, in any context.
 * - `entry`: a line inside `map`, `types`, `geo`, `split_clients`, `match`, `charset_map` bodies.
 * - Named types, entered right after `directive` for the same node: `http`, `events`, `stream`,
 *   `mail`, `server` (a virtual server block), `location`, `if`, `limit_except`, `upstream`,
 *   `upstreamServer` (a `server` line inside `upstream`), `map`, `geo`, `split_clients`, `types`,
 *   `include`.
 */
import type { ParserModule, ParseOutput } from '../../core/rule.js';
import { summarizeNginx } from './model.js';
import type { Directive, NginxConfig } from './ast.js';
import { parseNginx } from './parse.js';

export type { Directive, NginxArg, NginxConfig, NginxContext, IncludedFile } from './ast.js';

export interface NginxNodes {
  config: NginxConfig;
  directive: Directive;
  entry: Directive;
  http: Directive;
  events: Directive;
  stream: Directive;
  mail: Directive;
  server: Directive;
  location: Directive;
  if: Directive;
  limit_except: Directive;
  upstream: Directive;
  upstreamServer: Directive;
  map: Directive;
  geo: Directive;
  split_clients: Directive;
  types: Directive;
  include: Directive;
}

declare module '../../core/rule.js' {
  interface KindRoots {
    nginx: NginxConfig;
  }
  interface KindNodes {
    nginx: NginxNodes;
  }
}

const NAMED = new Set(['http', 'events', 'stream', 'mail', 'location', 'if', 'limit_except', 'upstream', 'map', 'geo', 'split_clients', 'types', 'include']);

/** The named visitor type of a directive, if it has one. */
export function namedType(d: Directive): keyof NginxNodes | undefined {
  if (d.context === 'literal') return undefined;
  if (d.name === 'server') {
    if (d.block) return 'server';
    if (d.context === 'http:upstream' || d.context === 'stream:upstream') return 'upstreamServer';
    return undefined;
  }
  return NAMED.has(d.name) ? (d.name as keyof NginxNodes) : undefined;
}

function walk(list: readonly Directive[] | undefined, enter: (type: string, node: unknown) => void, leave: (type: string, node: unknown) => void, depth: number): void {
  if (!list || depth > 512) return;
  for (const d of list) {
    const base = d.context === 'literal' ? 'entry' : 'directive';
    const named = namedType(d);
    enter(base, d);
    if (named) enter(named, d);
    walk(d.block, enter, leave, depth + 1);
    if (d.included) for (const inc of d.included) walk(inc.directives, enter, leave, depth + 1);
    if (named) leave(named, d);
    leave(base, d);
  }
}

const parser: ParserModule<'nginx'> = {
  kind: 'nginx',
  comment: '#',
  parse(file, env): ParseOutput<NginxConfig> {
    const r = parseNginx(file.text, file.path, env.host, env.settings);
    return { root: r.root, comments: r.comments, diagnostics: r.diagnostics, includes: r.includes, texts: r.texts };
  },
  traverse(root, enter, leave) {
    enter('config', root);
    walk(root.directives, enter, leave, 0);
    leave('config', root);
  },
  includesFiles: true,
  summarize: summarizeNginx,
};

export default parser;

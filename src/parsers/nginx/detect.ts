/**
 * Which files are nginx configuration. By name: `nginx*.conf`, any `.conf` under a folder named
 * `nginx`, `conf.d`, `sites-available`, `sites-enabled` or `snippets`, and extension-less files in
 * `sites-*`. By content: any other `.conf` that reads as nginx statements whose names are mostly
 * directives the reference knows. The content check uses the tokenizer only (no tree, no includes).
 */
import { Reader } from './lexer.js';
import { directiveSpecs, LITERAL_BLOCKS } from './reference.js';

const NGINX_DIRS = /(^|\/)(nginx|conf\.d|sites-available|sites-enabled|snippets)\//;

/** nginx by name alone. */
export function nginxByName(path: string, name: string): boolean {
  if (/^nginx.*\.conf$/i.test(name)) return true;
  if (/\.conf$/i.test(name) && NGINX_DIRS.test(path)) return true;
  return /(^|\/)(sites-available|sites-enabled)\/[^/.]+$/.test(path);
}

/**
 * nginx by content: a `.conf` (or a file in an nginx-style folder) that tokenizes as nginx without
 * more than a few errors, whose statement names look like directives, at least half of them known to the reference,
 * including at least one that only nginx uses (not `include` or `user` alone), and whose structure is
 * nginx's: other programs' `.conf` files share directive names (`index`, `listen`, `log`) but not
 * the shape. A known directive that opens a block nginx never gives it (Sphinx/Manticore's
 * `index name { … }`), or a `name = value` statement (INI style), counts against the file; more than
 * one such statement in twenty means it is not nginx.
 */
export function detectNginx(path: string, _name: string, text: string): boolean {
  if (!/\.conf$/i.test(path) && !/(^|\/)(sites-available|sites-enabled|conf\.d|snippets)\//.test(path)) return false;
  if (text.length > 2_000_000) return false;
  const reader = new Reader(text);
  let statements = 0;
  let known = 0;
  let distinctive = 0;
  let depth = 0;
  let misshapen = 0;
  /** Per open block: whether it holds entries (`map`, `types`…) rather than directives. */
  const literal: boolean[] = [];
  for (let guard = 0; guard < 20_000; guard++) {
    const s = reader.next();
    // A broken file is still nginx (and its parse error worth reporting) when the rest reads as nginx.
    if (reader.errors.length > 3) return false;
    if (s.kind === 'eof') break;
    if (s.kind === 'close') {
      depth--;
      literal.pop();
      continue;
    }
    const name = s.words[0]?.value ?? '';
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) {
      // Entries of `map`/`types` blocks are not directives; anything else unknown at the top is not nginx.
      if (depth === 0) return false;
    } else if (!literal[literal.length - 1]) {
      statements++;
      const specs = directiveSpecs().get(name);
      if (specs) {
        known++;
        if (name !== 'include' && name !== 'user' && name !== 'set' && name !== 'env') distinctive++;
        const opensBlock = s.end === '{';
        if (opensBlock && !specs.some((d) => d.block)) misshapen++;
      }
      // `key = value`: nginx has `=` as a second word only in `location = /exact`.
      if (s.words[1]?.value === '=' && name !== 'location') misshapen++;
    }
    if (s.end === '{') {
      if (name.endsWith('_by_lua_block')) reader.readRawBlock();
      else {
        depth++;
        literal.push(LITERAL_BLOCKS.has(name) || literal[literal.length - 1] === true);
      }
    }
  }
  return statements > 0 && distinctive > 0 && known * 2 >= statements && misshapen * 20 <= statements;
}

/**
 * Which location serves a URI, decided the way nginx's `ngx_http_core_find_location` does: an exact
 * `=` match wins at once; otherwise the longest prefix is remembered and its nested locations are
 * searched; unless that prefix is `^~`, the regex locations are then tried in the order written, and
 * the first that matches wins (its own nested locations are searched too); else the longest prefix.
 */
import { mayBacktrack } from '../../core/safe-regex.js';
import { childrenNamed, locationMatch, type Directive } from './ast.js';

export { mayBacktrack };

const cache = new Map<string, RegExp | null>();

/** A PCRE pattern as a JavaScript RegExp, or undefined when it uses syntax JavaScript lacks or may backtrack exponentially. */
export function toRegExp(pattern: string, caseless: boolean): RegExp | undefined {
  const key = `${caseless ? 'i' : ''}/${pattern}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  if (mayBacktrack(pattern)) {
    cache.set(key, null);
    return undefined;
  }
  let src = pattern.replace(/\(\?P</g, '(?<').replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  let flags = caseless ? 'i' : '';
  if (src.startsWith('(?i)')) {
    src = src.slice(4);
    flags = 'i';
  }
  let re: RegExp | null;
  try {
    re = new RegExp(src, flags);
  } catch {
    re = null;
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, re);
  return re ?? undefined;
}

/** `re.test(text)`, false (and uncertain) when the engine refuses it (a pattern too large to compile). */
export function safeTest(re: RegExp, text: string, state?: { uncertain: boolean }): boolean {
  try {
    return re.test(text);
  } catch {
    if (state) state.uncertain = true;
    return false;
  }
}

export interface LocationHit {
  /** The location nginx picks; undefined means the server's own configuration handles the URI. */
  location?: Directive;
  /** A regex location could not be evaluated, so the answer may be wrong. */
  uncertain: boolean;
}

type Rc = 'ok' | 'again' | 'declined';

function find(container: Directive, uri: string, state: { uncertain: boolean }, depth: number): { loc?: Directive; rc: Rc } {
  if (depth > 32) return { rc: 'declined' };
  const locs = childrenNamed(container, 'location').filter((l) => l.block);
  let best: Directive | undefined;
  let bestLen = -1;
  for (const l of locs) {
    const m = locationMatch(l);
    if (m.modifier === '=' && m.uri === uri) return { loc: l, rc: 'ok' };
    if ((m.modifier === '' || m.modifier === '^~') && uri.startsWith(m.uri) && m.uri.length > bestLen) {
      best = l;
      bestLen = m.uri.length;
    }
  }
  let loc: Directive | undefined;
  let noregex = false;
  if (best) {
    loc = best;
    noregex = locationMatch(best).modifier === '^~';
    const sub = find(best, uri, state, depth + 1);
    if (sub.rc === 'ok') return sub;
    if (sub.loc) loc = sub.loc;
  }
  if (!noregex) {
    for (const l of locs) {
      const m = locationMatch(l);
      if (m.modifier !== '~' && m.modifier !== '~*') continue;
      const re = toRegExp(m.uri, m.modifier === '~*');
      if (!re) {
        state.uncertain = true;
        continue;
      }
      if (safeTest(re, uri, state)) {
        const sub = find(l, uri, state, depth + 1);
        return { loc: sub.loc ?? l, rc: 'ok' };
      }
    }
  }
  return loc ? { loc, rc: 'again' } : { rc: 'declined' };
}

/** The location of `server` (a `server { … }` block) that serves `uri`. */
export function findLocation(server: Directive, uri: string): LocationHit {
  const state = { uncertain: false };
  const r = find(server, uri, state, 0);
  const hit: LocationHit = { uncertain: state.uncertain };
  if (r.loc) hit.location = r.loc;
  return hit;
}

/** A named location (`@fallback`) of a server. */
export function findNamedLocation(server: Directive, name: string): Directive | undefined {
  return childrenNamed(server, 'location').find((l) => locationMatch(l).modifier === '@' && locationMatch(l).uri === name);
}

/**
 * Does an app serve a GET of this path? Route patterns of every framework the app model knows
 * (Express `:id` and `*`, Flask/Django `<int:id>` and `<path:p>`, FastAPI/Spring `{id}`, `{p:path}`,
 * `{*rest}`, `**`) are turned into matchers. Anything we cannot read (regex groups inside Express
 * paths, regex routes that do not compile) counts as serving the path, so the answer "not served"
 * is only given when every route was understood.
 *
 * Matching is lenient where frameworks differ by configuration: case-insensitive, and a trailing
 * slash is ignored (Django's APPEND_SLASH and Flask redirect, which a probe counts as success).
 */
import type { Route } from '../app/types.js';
import { mayBacktrack } from '../../core/safe-regex.js';

const ANY = Symbol('any');

function escape(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** A route pattern as a regular expression source, or ANY when it cannot be read. */
function patternSource(path: string, framework: Route['framework']): string | typeof ANY {
  const expressLike = framework === 'express' || framework === 'koa' || framework === 'fastify' || framework === 'nestjs';
  let out = '';
  let i = 0;
  while (i < path.length) {
    const c = path[i]!;
    if (expressLike && c === ':' && /[A-Za-z_]/.test(path[i + 1] ?? '')) {
      let j = i + 1;
      while (j < path.length && /\w/.test(path[j]!)) j++;
      if (path[j] === '(') return ANY;
      const optional = path[j] === '?';
      out += optional ? '[^/]*' : '[^/]+';
      i = optional ? j + 1 : j;
      continue;
    }
    if (expressLike && (c === '(' || c === '[' || c === '+' || c === '?')) return ANY;
    if (c === '<') {
      const close = path.indexOf('>', i);
      if (close < 0) return ANY;
      const inner = path.slice(i + 1, close);
      out += /^path:/.test(inner) ? '.+' : '[^/]+';
      i = close + 1;
      continue;
    }
    if (c === '{') {
      let depth = 0;
      let j = i;
      for (; j < path.length; j++) {
        if (path[j] === '{') depth++;
        else if (path[j] === '}' && --depth === 0) break;
      }
      if (j >= path.length) return ANY;
      const inner = path.slice(i + 1, j);
      out += inner.startsWith('*') || /:path$/.test(inner) ? '.*' : '[^/]+';
      i = j + 1;
      continue;
    }
    if (c === '*') {
      if (path[i + 1] === '*') {
        out += '.*';
        i += 2;
      } else {
        out += expressLike ? '.*' : '[^/]*';
        i++;
      }
      continue;
    }
    out += escape(c);
    i++;
  }
  return out;
}

function stripSlash(p: string): string {
  return p.length > 1 ? p.replace(/(?<!\/)\/+$/, '') : p;
}

/** Whether `route` answers a GET of `path` (query string already removed). */
export function routeServes(route: Route, path: string): boolean {
  if (route.method !== 'GET' && route.method !== '*') return false;
  const target = stripSlash(path);
  if (route.regex) {
    // The pattern comes from the linted source; one that can backtrack exponentially is not run.
    if (mayBacktrack(route.path)) return true;
    try {
      const body = route.path.replace(/^\//, '');
      const re = new RegExp(body.startsWith('^') ? body : `^${body}`, 'i');
      return re.test(target.replace(/^\//, '')) || re.test(`${target.replace(/^\//, '')}/`) || re.test(target);
    } catch {
      return true;
    }
  }
  const src = patternSource(stripSlash(route.path.startsWith('/') ? route.path : `/${route.path}`), route.framework);
  if (src === ANY) return true;
  const body = src === '' || src === '\\/' ? '' : src.replace(/(?<!\\\/)(\\\/)+$/, '');
  const re = new RegExp(route.prefix ? `^${body}(?:/.*)?$` : `^${body || '\\/'}$`, 'i');
  return re.test(target) || (route.prefix === true && body === '');
}

/** Whether `prefix` (`/actuator/health`) is `path` or a path segment prefix of it. */
export function underPath(path: string, prefix: string): boolean {
  const p = stripSlash(path).toLowerCase();
  const q = stripSlash(prefix).toLowerCase();
  if (q === '/' || q === '') return true;
  return p === q || p.startsWith(`${q}/`);
}

/** Joins URL prefixes (`/api` + `/actuator` + `/health`), keeping one leading slash. */
export function joinUrl(...parts: string[]): string {
  const segs = parts.flatMap((p) => p.split('/')).filter(Boolean);
  return `/${segs.join('/')}`;
}

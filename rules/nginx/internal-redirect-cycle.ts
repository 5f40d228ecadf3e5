import { defineRule } from '../../src/core/rule.js';
import { ancestors, children, childrenNamed, locationMatch, type Directive } from '../../src/parsers/nginx/ast.js';
import { findLocation, findNamedLocation, safeTest, toRegExp } from '../../src/parsers/nginx/locations.js';

/** The URI a rewrite produces when every capture holds `x`; undefined when other variables decide it. */
function rewriteOutput(regex: RegExp, replacement: string): string | undefined {
  const names = new Set<string>();
  for (const m of regex.source.matchAll(/\(\?<(\w+)>/g)) names.add(m[1]!);
  let unknown = false;
  const out = replacement.replace(/\$(?:\{(\w+)\}|(\w+))/g, (_w, a: string | undefined, b: string | undefined) => {
    const name = a ?? b ?? '';
    if (/^\d$/.test(name) || names.has(name)) return 'x';
    unknown = true;
    return '';
  });
  if (unknown) return undefined;
  const path = out.split('?')[0]!;
  return path.startsWith('/') ? path : undefined;
}

function describe(loc: Directive): string {
  const m = locationMatch(loc);
  return m.modifier && m.modifier !== '@' ? `${m.modifier} ${m.uri}` : m.uri;
}

export default defineRule({
  meta: {
    id: 'nginx/internal-redirect-cycle',
    kind: 'nginx',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Do not send a request back into the location it came from.',
    causes: ['internal-redirect-cycle-500'],
    remediation: 'Make the target a URI that another location serves (or that exists on disk), use `break` instead of `last` when the rewritten URI should be served here, or guard the rewrite so its own output does not match.',
    messages: {
      rewrite:
        'rewrite … last sends {{sample}} back into location {{location}} and its regex matches that again: nginx repeats the rewrite until it gives up after 10 rounds with "rewrite or internal redirection cycle" and answers 500.',
      tryFiles:
        'try_files falls back to {{target}}, which is location {{location}} again, and the files it checks do not depend on the URI: when they are missing, nginx loops until "rewrite or internal redirection cycle" and answers 500.',
      errorPage:
        'error_page {{codes}} sends the error to {{target}}, which is location {{location}} again, and that location answers {{code}} itself; with recursive_error_pages on, nginx loops until "rewrite or internal redirection cycle" and answers 500.',
    },
  },
  create(ctx) {
    const top = ctx.file.root.directives;
    /** The server block a location belongs to; a server-level snippet's top level stands in for it. */
    const serverOf = (loc: Directive): Directive | undefined => {
      const s = ancestors(loc).find((a) => a.name === 'server' && a.block);
      if (s) return s;
      if (ctx.file.root.context === 'http:server' || ctx.file.root.context === 'http:any')
        return { type: 'directive', name: 'server', nameSpan: { start: 0, end: 0 }, args: [], block: top, span: { start: 0, end: 0 }, head: { start: 0, end: 0 }, file: ctx.file.path, context: 'http' };
      return undefined;
    };
    const target = (server: Directive, uri: string): Directive | undefined => {
      if (uri.startsWith('@')) return findNamedLocation(server, uri);
      const hit = findLocation(server, uri);
      return hit.uncertain ? undefined : hit.location;
    };
    const recursiveErrorPages = (loc: Directive): boolean => {
      for (const b of [loc, ...ancestors(loc)]) {
        const d = childrenNamed(b, 'recursive_error_pages').at(-1);
        if (d) return d.args[0]?.value === 'on';
      }
      return childrenNamed(top, 'recursive_error_pages').at(-1)?.args[0]?.value === 'on';
    };
    return {
      location(loc) {
        if (!loc.block) return;
        const server = serverOf(loc);
        if (!server) return;
        const own = children(loc.block);
        const label = describe(loc);

        for (const rw of own) {
          if (rw.name !== 'rewrite' || rw.args[2]?.value !== 'last' || !rw.args[1]) continue;
          const replacement = rw.args[1].value;
          if (/^(https?:\/\/|\$scheme)/.test(replacement)) continue;
          const re = toRegExp(rw.args[0]!.value, false);
          if (!re) continue;
          const out = rewriteOutput(re, replacement);
          if (!out || target(server, out) !== loc || !safeTest(re, out)) continue;
          ctx.report({ node: rw, span: rw.head, messageId: 'rewrite', data: { sample: out, location: label } });
        }

        for (const tf of own) {
          if (tf.name !== 'try_files' || tf.args.length < 2) continue;
          const last = tf.args[tf.args.length - 1]!.value;
          if (last.startsWith('=')) continue;
          const files = tf.args.slice(0, -1);
          const fallback = last.split('?')[0]!;
          if (fallback.includes('$')) continue;
          const dest = target(server, fallback);
          if (dest !== loc) continue;
          // A named location keeps the URI, so its checks repeat exactly; otherwise they must not depend on it.
          if (!fallback.startsWith('@') && files.some((a) => a.value.includes('$'))) continue;
          ctx.report({ node: tf, span: tf.head, messageId: 'tryFiles', data: { target: fallback, location: label } });
        }

        const returns = own.filter((d) => d.name === 'return' && /^\d{3}$/.test(d.args[0]?.value ?? ''));
        if (!returns.length || !recursiveErrorPages(loc)) return;
        const code = returns[0]!.args[0]!.value;
        for (const ep of own) {
          if (ep.name !== 'error_page' || ep.args.length < 2) continue;
          const uri = ep.args[ep.args.length - 1]!.value;
          const codes = ep.args.slice(0, -1).map((a) => a.value).filter((v) => /^\d{3}$/.test(v));
          if (!codes.includes(code) || uri.includes('$')) continue;
          if (target(server, uri.split('?')[0]!) !== loc) continue;
          ctx.report({ node: ep, span: ep.head, messageId: 'errorPage', data: { codes: codes.join(' '), target: uri, location: label, code } });
        }
      },
    };
  },
});

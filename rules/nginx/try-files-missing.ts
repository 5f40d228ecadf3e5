import { defineRule } from '../../src/core/rule.js';
import { ancestors, children, childrenNamed, forEachDirective, locationMatch, type Directive } from '../../src/parsers/nginx/ast.js';

/** Directives that hand the request to something other than the static file handler. */
const HANDLERS = new Set([
  'proxy_pass', 'fastcgi_pass', 'uwsgi_pass', 'grpc_pass', 'scgi_pass', 'memcached_pass', 'return', 'try_files', 'internal',
  'stub_status', 'empty_gif', 'js_content', 'perl', 'autoindex', 'dav_methods', 'mp4', 'flv', 'hls', 'f4f', 'random_index',
  'error_page', 'api', 'status', 'content_by_lua', 'content_by_lua_block', 'content_by_lua_file',
]);

function hands(d: Directive): boolean {
  if (HANDLERS.has(d.name)) return d.name !== 'autoindex' || d.args[0]?.value === 'on';
  if (d.name === 'rewrite') return ['last', 'break', 'redirect', 'permanent'].includes(d.args[2]?.value ?? '');
  // An `if` or `limit_except` that hands off decides for the location: leave it alone.
  if ((d.name === 'if' || d.name === 'limit_except') && d.block) return children(d.block).some(hands);
  return false;
}

function proxies(d: Directive): boolean {
  let found = false;
  forEachDirective(d.block, (x) => {
    if (/_pass$/.test(x.name)) found = true;
  });
  return found;
}

export default defineRule({
  meta: {
    id: 'nginx/try-files-missing',
    kind: 'nginx',
    severity: 'warning',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Give locations that serve an app from disk a `try_files` fallback.',
    causes: ['missing-file-fallback-500'],
    remediation: 'Add `try_files $uri $uri/ /index.html;` (or `/index.php?$query_string` for PHP) to the location so unknown paths reach the app entry point.',
    messages: {
      missing:
        'location {{uri}} serves files from {{from}} for an app ({{why}}) without try_files: client-side routes and missing files fall through to nginx\'s default handling, a 404 or 403 where the app expected its entry point, or a 500 when an index or error_page sends the request round in a loop.',
    },
  },
  create(ctx) {
    return {
      location(node) {
        const m = locationMatch(node);
        if (m.modifier !== '' && m.modifier !== '^~') return;
        const own = children(node.block);
        if (own.some(hands)) return;
        const scope = [node, ...ancestors(node)];
        const find = (name: string) => {
          for (const b of scope) {
            const hit = childrenNamed(b, name).at(-1);
            if (hit) return hit;
          }
          return childrenNamed(ctx.file.root.directives, name).at(-1);
        };
        const alias = childrenNamed(node, 'alias').at(-1);
        const root = alias ?? find('root');
        if (!root?.args[0]) return;
        const index = find('index');
        const appIndex = index?.args.find((a) => /^index\.(html?|php)$/.test(a.value))?.value;
        const ownIndex = childrenNamed(node, 'index').length > 0;
        let why: string | undefined;
        if (appIndex && (m.uri === '/' || ownIndex)) why = `index ${appIndex}`;
        else if (m.uri === '/') {
          const server = node.parent;
          const siblings = server ? childrenNamed(server, 'location') : childrenNamed(ctx.file.root.directives, 'location');
          const api = siblings.find((s) => s !== node && proxies(s));
          if (api) why = `location ${locationMatch(api).uri} proxies to an application`;
        }
        if (!why) return;
        ctx.report({ node, span: node.head, messageId: 'missing', data: { uri: m.uri, from: `${root.name} ${root.args[0].value}`, why } });
      },
    };
  },
});

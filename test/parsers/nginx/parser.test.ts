import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as ReferenceLib from '@nginx/reference-lib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { ParsedFile } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import { projectModel } from '../../../src/testing/model.js';
import { children, forEachDirective, type Directive } from '../../../src/parsers/nginx/ast.js';
import { detectNginx, nginxByName } from '../../../src/parsers/nginx/detect.js';
import parser from '../../../src/parsers/nginx/index.js';
import { findLocation } from '../../../src/parsers/nginx/locations.js';
import { nginxModel } from '../../../src/parsers/nginx/model.js';
import { parseNginx } from '../../../src/parsers/nginx/parse.js';
import { directiveDoc, directiveSpecs, syntaxArity } from '../../../src/parsers/nginx/reference.js';
import { directiveRows } from '../../../src/parsers/nginx/reference-table.js';
import { parsePassTarget, parseTime } from '../../../src/parsers/nginx/values.js';

function parse(text: string, files: Record<string, string> = {}, path = 'nginx.conf', settings = {}) {
  return parseNginx(text, path, new MemoryHost({ ...files, [path]: text }), settings);
}

function pos(text: string, offset: number): string {
  const p = new LineIndex(text).position(offset);
  return `${p.line}:${p.column}`;
}

function all(list: Directive[]): Directive[] {
  const out: Directive[] = [];
  forEachDirective(list, (d) => out.push(d));
  return out;
}

describe('nginx tokenizer and tree', () => {
  it('gives names, arguments and spans, with quotes removed and escapes applied', () => {
    const text = 'http {\n  add_header X-A "a;b \\"c\\"" always;\n  return 200 \'it\\\'s\';\n}\n';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const [http] = r.root.directives;
    expect(http!.name).toBe('http');
    expect(pos(text, http!.span.end)).toBe('4:2');
    const [add, ret] = http!.block!;
    expect(add!.args.map((a) => a.value)).toEqual(['X-A', 'a;b "c"', 'always']);
    expect(add!.args[1]!.raw).toBe('"a;b \\"c\\""');
    expect(add!.args[1]!.quote).toBe('"');
    expect(pos(text, add!.args[1]!.span.start)).toBe('2:18');
    expect(ret!.args[1]!.value).toBe("it's");
    expect(pos(text, add!.head.end)).toBe('2:36');
    expect(pos(text, add!.span.end)).toBe('2:37');
  });

  it('follows nginx quirks: # and } inside words, ${var}, ) after a quote, comments anywhere', () => {
    const text = 'location /a#b { return 200 a}b; }\nset $x ${request_id}; # trailing\nif ($a = "b") { return 204; }\nlisten 80 # mid-statement\n  default_server;\n';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const [loc, set, iff, listen] = r.root.directives;
    expect(loc!.args[0]!.value).toBe('/a#b');
    expect(loc!.block![0]!.args.map((a) => a.value)).toEqual(['200', 'a}b']);
    expect(set!.args[1]!.value).toBe('${request_id}');
    expect(iff!.args.map((a) => a.value)).toEqual(['($a', '=', 'b', ')']);
    expect(listen!.args.map((a) => a.value)).toEqual(['80', 'default_server']);
    expect(r.comments.map((c) => c.text)).toEqual([' trailing', ' mid-statement']);
  });

  it('keeps CRLF line endings out of words and comments', () => {
    const text = 'events {}\r\n# note\r\nworker_processes 2;\r\n';
    const r = parse(text);
    expect(r.root.directives.map((d) => d.name)).toEqual(['events', 'worker_processes']);
    expect(r.comments[0]!.text).toBe(' note');
    expect(r.root.directives[1]!.args[0]!.value).toBe('2');
  });

  it('reads *_by_lua_block bodies as raw text, braces in Lua strings and comments included', () => {
    const text = 'http {\n  init_by_lua_block {\n    local t = { a = "}" } -- }\n    --[[ } ]] x = [[ { ]]\n  }\n  server { listen 80; }\n}\n';
    const r = parse(text);
    expect(r.diagnostics).toEqual([]);
    const [lua, server] = r.root.directives[0]!.block!;
    expect(lua!.raw!.text).toContain('local t = { a = "}" }');
    expect(server!.name).toBe('server');
    expect(server!.context).toBe('http');
  });

  it('marks map/types entries as literal and gives each directive its context', () => {
    const r = parse('events {}\nhttp {\n  map $a $b { default 0; ~x 1; }\n  server {\n    if ($b) { return 403; }\n    location / { if ($b) { return 404; } limit_except GET { deny all; } }\n  }\n}\nstream { upstream db { server 10.0.0.1:5432; } server { listen 5432; } }\n');
    const ctx = (name: string) => [...new Set(all(r.root.directives).filter((d) => d.name === name).map((d) => d.context))];
    expect(r.root.context).toBe('main');
    expect(r.root.directives[1]!.block![0]!.block!.map((e) => e.context)).toEqual(['literal', 'literal']);
    expect(ctx('return')).toEqual(['http:sif', 'http:lif']);
    expect(ctx('deny')).toEqual(['http:limit_except']);
    expect(ctx('listen')).toEqual(['stream:server']);
    expect(ctx('server')).toEqual(['http', 'stream:upstream', 'stream']);
  });

  it('infers the context of a snippet from its directives', () => {
    expect(parse('server { listen 80; }\n').root.context).toBe('http');
    expect(parse('location / { return 200; }\nlisten 80;\n').root.context).toBe('http:server');
    expect(parse('proxy_pass http://a;\nproxy_set_header Host $host;\n').root.context).toBe('http:location');
    expect(parse('server 10.0.0.1:80;\nserver 10.0.0.2:80;\n').root.context).toBe('http:upstream');
    expect(parse('my_module_thing on;\n').root.context).toBe('http:any');
    expect(parse('user nginx;\nevents {}\n').root.inferred).toBe(false);
  });

  it('parses envsubst placeholders as words', () => {
    const r = parse('server {\n  listen ${PORT};\n  location / { proxy_pass http://${API_HOST}:${API_PORT}; }\n}\n');
    expect(r.diagnostics).toEqual([]);
    expect(all(r.root.directives).find((d) => d.name === 'proxy_pass')!.args[0]!.value).toBe('http://${API_HOST}:${API_PORT}');
  });

  it('reports syntax errors with nginx wording on nginx line and keeps parsing', () => {
    const text = 'http {\n  server {\n    listen 80\n  }\n  server { listen 81; }\n}\n';
    const r = parse(text);
    expect(r.diagnostics.map((d) => `${d.code} ${pos(text, d.span.start)} ${d.message.split(':')[0]}`)).toEqual(['parse-error 4:3 unexpected "}"']);
    expect(r.root.directives[0]!.block!.map((d) => d.args.map((a) => a.value).join(' ') || d.name)).toEqual(['server', 'server']);
    expect(r.root.directives[0]!.block![1]!.block![0]!.args[0]!.value).toBe('81');
  });

  it('never throws on deeply nested or garbage input', () => {
    expect(() => parse('a {'.repeat(5000))).not.toThrow();
    expect(() => parse('}}}};;;{{{"\'\\')).not.toThrow();
    expect(parse('a {'.repeat(500)).diagnostics.some((d) => d.message.includes('nested more than'))).toBe(true);
  });

  it('never throws on random input, and keeps every span inside the text', () => {
    const piece = fc.constantFrom('a', 'server', 'location', ' ', '\n', '\r\n', ';', '{', '}', '"', "'", '\\', '$', '${', '#', ')', '(', 'include x.conf', 'content_by_lua_block', '--[[', ']]');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        const r = parse(text, { 'x.conf': 'include nginx.conf;\nserver {' });
        for (const d of r.diagnostics) if (!d.file || d.file === 'nginx.conf') expect(d.span.end).toBeLessThanOrEqual(text.length);
        forEachDirective(r.root.directives, (d) => {
          if (d.file === 'nginx.conf') expect(d.span.start <= d.head.end && d.head.end <= d.span.end && d.span.end <= text.length).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('nginx include', () => {
  const main = 'events {}\nhttp {\n  include conf.d/*.conf;\n}\n';

  it('expands globs in sorted order, in the includer\'s context, with file on nodes and comments', () => {
    const files = { 'nginx/conf.d/b.conf': 'server { listen 81; }\n', 'nginx/conf.d/a.conf': '# first\nserver { listen 80; }\n' };
    const r = parse(main, files, 'nginx/nginx.conf');
    expect(r.diagnostics).toEqual([]);
    expect(r.includes).toEqual(['nginx/conf.d/a.conf', 'nginx/conf.d/b.conf']);
    expect(Object.keys(r.texts)).toEqual(r.includes);
    const inc = r.root.directives[1]!.block![0]!;
    expect(inc.included!.map((i) => i.path)).toEqual(r.includes);
    const servers = children(r.root.directives[1]!.block).filter((d) => d.name === 'server');
    expect(servers.map((s) => [s.file, s.context, s.parent?.name, s.includedBy === inc])).toEqual([
      ['nginx/conf.d/a.conf', 'http', 'http', true],
      ['nginx/conf.d/b.conf', 'http', 'http', true],
    ]);
    expect(r.comments).toEqual([{ span: { start: 0, end: 7 }, text: ' first', file: 'nginx/conf.d/a.conf' }]);
  });

  it('traverses included directives under the include, in document order', () => {
    const files = { 'nginx/conf.d/a.conf': 'server { location / { } }\n' };
    const r = parse(main, files, 'nginx/nginx.conf');
    const seen: string[] = [];
    parser.traverse(r.root, (t, n) => seen.push(`${t}:${(n as Directive).name ?? ''}`), (t) => seen.push(`/${t}`));
    expect(seen.filter((s) => !s.startsWith('/') && !s.startsWith('directive'))).toEqual(['config:', 'events:events', 'http:http', 'include:include', 'server:server', 'location:location']);
  });

  it('reports a missing file, a cycle once, and an include outside the tree; stock files are silent', () => {
    const files = { 'nginx/a.conf': 'include b.conf;\n', 'nginx/b.conf': 'include a.conf;\n' };
    const text = 'include a.conf;\ninclude missing.conf;\ninclude /etc/nginx/modules-enabled/*.conf;\ninclude mime.types;\nevents {}\n';
    const r = parse(text, files, 'nginx/nginx.conf');
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.file])).toEqual([
      ['include-cycle', 'error', 'nginx/b.conf'],
      ['include-not-found', 'warning', 'nginx/nginx.conf'],
      ['include-outside-tree', 'info', 'nginx/nginx.conf'],
    ]);
    expect(r.diagnostics[0]!.message).toContain('nginx/a.conf -> nginx/b.conf -> nginx/a.conf');
  });

  it('uses settings.nginx.prefix, and searches folders above for a snippet whose prefix is not known', () => {
    const files = { 'deploy/nginx/h5bp/basic.conf': 'add_header X-Frame-Options DENY;\n' };
    expect(parse('server { include h5bp/basic.conf; }\n', files, 'deploy/nginx/conf.d/site.conf').includes).toEqual(['deploy/nginx/h5bp/basic.conf']);
    expect(parse('events {}\ninclude h5bp/basic.conf;\n', files, 'deploy/main.conf', { nginx: { prefix: 'deploy/nginx' } }).includes).toEqual(['deploy/nginx/h5bp/basic.conf']);
    // A main file resolves strictly against its own folder, as nginx does.
    expect(parse('events {}\ninclude h5bp/basic.conf;\n', files, 'deploy/nginx/conf.d/nginx.conf').diagnostics.map((d) => d.code)).toEqual(['include-not-found']);
  });

  it('stops at the depth and count limits', () => {
    const chain: Record<string, string> = {};
    for (let i = 0; i < 30; i++) chain[`n/f${i}.conf`] = `include f${i + 1}.conf;\n`;
    chain['n/f30.conf'] = 'worker_processes 1;\n';
    const deep = parse('events {}\ninclude f0.conf;\n', chain, 'n/nginx.conf', { nginx: { maxIncludeDepth: 5 } });
    expect(deep.includes.length).toBe(5);
    expect(deep.diagnostics.map((d) => d.code)).toEqual(['include-limit-reached']);
    const many: Record<string, string> = {};
    for (let i = 0; i < 20; i++) many[`n/s/${String(i).padStart(2, '0')}.conf`] = 'gzip on;\n';
    const wide = parse('events {}\nhttp { include s/*.conf; include s/*.conf; }\n', many, 'n/nginx.conf', { nginx: { maxIncludes: 25 } });
    expect(wide.diagnostics.map((d) => d.code)).toEqual(['include-limit-reached']);
  });
});

describe('nginx classification', () => {
  it('by name', () => {
    expect(nginxByName('deploy/nginx.conf', 'nginx.conf')).toBe(true);
    expect(nginxByName('ops/nginx/api.conf', 'api.conf')).toBe(true);
    expect(nginxByName('etc/sites-enabled/shop', 'shop')).toBe(true);
    expect(nginxByName('etc/supervisor/app.conf', 'app.conf')).toBe(false);
  });
  it('by content: nginx statements with known directives, not other .conf formats', () => {
    expect(detectNginx('proxy/default.conf', 'default.conf', 'server {\n  listen 80;\n  location / { proxy_pass http://app:8000; }\n}\n')).toBe(true);
    expect(detectNginx('proxy/broken.conf', 'broken.conf', 'server {\n  listen 80;\n  location / { proxy_pass http://app:8000; }\n')).toBe(true);
    expect(detectNginx('etc/supervisor/app.conf', 'app.conf', '[program:app]\ncommand=gunicorn app:wsgi\n')).toBe(false);
    expect(detectNginx('etc/redis.conf', 'redis.conf', 'bind 127.0.0.1\nport 6379\n')).toBe(false);
    expect(detectNginx('etc/x.conf', 'x.conf', 'include other.conf;\n')).toBe(false);
  });
  it('by content: the shape must be nginx\'s, not only the directive names (Sphinx/Manticore, INI)', () => {
    // Minimised from laradock/manticore/config/sphinx.conf: `index` and `listen` are nginx names.
    const sphinx = 'index testrt {\n    type = rt\n    path = /var/lib/manticore/data/testrt\n}\n\nsearchd {\n    listen = 9312\n    listen = 9306:mysql41\n    read_timeout = 5\n}\n';
    expect(detectNginx('manticore/config/sphinx.conf', 'sphinx.conf', sphinx)).toBe(false);
    // A directive nginx never gives a block, with nginx-looking lines inside.
    expect(detectNginx('search/app.conf', 'app.conf', 'index main {\n  listen 9312;\n  root /data;\n}\n')).toBe(false);
    // `location = /exact` and `map` entries with `=`-free values stay nginx.
    const exact = 'map $uri $dest {\n  default 0;\n  /a 1;\n}\nserver {\n  listen 80;\n  location = /healthz { return 200; }\n  index index.html;\n}\n';
    expect(detectNginx('proxy/site.conf', 'site.conf', exact)).toBe(true);
  });
});

describe('nginx values, reference and location matching', () => {
  it('parses nginx times', () => {
    expect([parseTime('500ms'), parseTime('30s'), parseTime('90'), parseTime('1m30s'), parseTime('2h'), parseTime('1d'), parseTime('$t'), parseTime('5x')]).toEqual([0.5, 30, 90, 90, 7200, 86400, undefined, undefined]);
  });
  it('splits pass targets', () => {
    expect(parsePassTarget('http://api:3000/v1/')).toEqual({ scheme: 'http', host: 'api', port: 3000, path: '/v1/', variableHost: false, hostVariables: [] });
    expect(parsePassTarget('127.0.0.1:9000')).toEqual({ host: '127.0.0.1', port: 9000, variableHost: false, hostVariables: [] });
    expect(parsePassTarget('http://$backend$request_uri')).toMatchObject({ variableHost: true, hostVariables: ['backend', 'request_uri'] });
    expect(parsePassTarget('$target')).toMatchObject({ variableHost: true, hostVariables: ['target'] });
    expect(parsePassTarget('grpc://[::1]:50051')).toMatchObject({ scheme: 'grpc', host: '::1', port: 50051 });
  });
  it('derives argument counts from the reference syntax', () => {
    expect(syntaxArity('*`timeout`* [*`header_timeout`*]')).toEqual({ min: 1, max: 2 });
    expect(syntaxArity('*`file`* ... *`uri`*')).toEqual({ min: 2, max: Infinity });
    expect(syntaxArity('`on` | `off`')).toEqual({ min: 1, max: 1 });
    expect(syntaxArity('*`address`* [*`parameters`*]')).toEqual({ min: 1, max: Infinity });
  });
  it('reads the directive table generated from the installed @nginx/reference-lib', () => {
    // A stale table (the library upgraded without `npm run gen:nginx`) fails here.
    const check = spawnSync(process.execPath, [fileURLToPath(new URL('../../../scripts/gen-nginx-reference.mjs', import.meta.url)), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    const ref = createRequire(import.meta.url)('@nginx/reference-lib') as typeof ReferenceLib;
    const lib = ref.getDirectives(ref.Format.Markdown);
    expect(directiveRows()).toHaveLength(lib.length);
    const specs = directiveSpecs();
    expect(specs.get('proxy_read_timeout')).toEqual([
      { name: 'proxy_read_timeout', module: 'ngx_http_proxy_module', contexts: new Set(['http', 'http:server', 'http:location']), block: false, minArgs: 1, maxArgs: 1, syntax: ['time'], default: '60s' },
    ]);
    expect(specs.get('server')!.map((s) => [s.module, s.block, [...s.contexts]])).toEqual([
      ['ngx_http_core_module', true, ['http']],
      ['ngx_http_upstream_module', false, ['http:upstream']],
      ['ngx_mail_core_module', true, ['mail']],
      ['ngx_stream_core_module', true, ['stream']],
      ['ngx_stream_upstream_module', false, ['stream:upstream']],
    ]);
  });
  it('documents directives for hover', () => {
    expect(directiveDoc('proxy_read_timeout')).toMatch(/\*\*Syntax:\*\* `proxy_read_timeout`[\s\S]*\*\*Default:\*\* `proxy_read_timeout 60s;`[\s\S]*location/);
    expect(directiveDoc('no_such_directive')).toBeUndefined();
  });
  it('matches locations in nginx order: =, longest prefix, ^~, regexes in order, nested', () => {
    const r = parse('server {\n  location = /x { }\n  location / { }\n  location /img/ { location ~ \\.webp$ { } }\n  location ^~ /static/ { }\n  location ~ \\.(png|css)$ { }\n  location ~* \\.PNG$ { }\n}\n');
    const server = r.root.directives[0]!;
    const at = (uri: string) => {
      const l = findLocation(server, uri).location;
      return l ? l.args.map((a) => a.value).join(' ') : undefined;
    };
    expect(at('/x')).toBe('= /x');
    expect(at('/x/y')).toBe('/');
    expect(at('/static/a.png')).toBe('^~ /static/');
    expect(at('/a.png')).toBe('~ \\.(png|css)$');
    expect(at('/A.PNG')).toBe('~* \\.PNG$');
    expect(at('/img/a.webp')).toBe('~ \\.webp$');
    expect(at('/img/a.png')).toBe('~ \\.(png|css)$');
    expect(at('/img/a.gif')).toBe('/img/');
  });
});

describe('nginx project model', () => {
  it('indexes upstreams, pass targets, read timeouts and listen ports, skipping included files', () => {
    const files = { 'nginx/conf.d/shop.conf': 'server {\n  listen 8080;\n  proxy_read_timeout 5s;\n  location /api/ { proxy_pass http://api/; }\n  location / { proxy_read_timeout 90; proxy_pass http://web:8000; }\n}\n' };
    const mainText = 'events {}\nhttp {\n  upstream api { server api:80; server api-2:80 backup max_fails=2; }\n  include conf.d/*.conf;\n}\n';
    const parsed: ParsedFile<'nginx'>[] = Object.entries({ 'nginx/nginx.conf': mainText, ...files }).map(([path, text]) => {
      const r = parseNginx(text, path, new MemoryHost({ ...files, 'nginx/nginx.conf': mainText }), {});
      return { path, kind: 'nginx', text, lines: new LineIndex(text), root: r.root, comments: r.comments };
    });
    const model = projectModel(parsed, new MemoryHost({}), [parser]);
    const ix = nginxModel(model);
    expect(nginxModel(model)).toBe(ix);
    expect(ix.files.map((f) => f.path)).toEqual(['nginx/nginx.conf']);
    expect(ix.upstreams.map((u) => [u.name, u.servers.map((s) => [s.host, s.port, s.backup, s.maxFails])])).toEqual([['api', [['api', 80, false, undefined], ['api-2', 80, true, 2]]]]);
    expect(ix.passes.map((p) => [p.target.host, p.target.port, p.upstream?.name, p.file, p.location?.args[0]])).toEqual([
      ['api', undefined, 'api', 'nginx/conf.d/shop.conf', '/api/'],
      ['web', 8000, undefined, 'nginx/conf.d/shop.conf', '/'],
    ]);
    expect(ix.readTimeouts.map((t) => [t.location.args[0], t.seconds, t.file])).toEqual([
      ['/api/', 5, 'nginx/conf.d/shop.conf'],
      ['/', 90, 'nginx/conf.d/shop.conf'],
    ]);
    expect(ix.listens.map((l) => [l.port, l.file])).toEqual([[8080, 'nginx/conf.d/shop.conf']]);
  });
});

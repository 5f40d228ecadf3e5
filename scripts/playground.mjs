#!/usr/bin/env node
// Builds the browser playground (playground/) into dist/playground/ and serves it on localhost.
//
//   npm run playground                       build, then serve on http://127.0.0.1:8500/
//   node scripts/playground.mjs --build      build only (prints the sizes)
//   node scripts/playground.mjs --port 0     serve on a free port (the URL is printed)
//
// The page is static: any static file server can serve dist/playground/. Browsers do not run module
// scripts or fetch WebAssembly from file:// pages, hence the small server.
import { copyFileSync, cpSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, extname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ruleDomains } from './rule-domains-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/playground');
const demo = join(root, 'fixtures/projects/demo-shop');

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(join(dir, d.name)) : [join(dir, d.name)]));
}

/**
 * The page's own modules in place of Node-only ones, and the demo project as a module:
 * - src/core/lazy.ts loads modules with a synchronous require; playground/src/lazy.ts is its stand-in;
 * - `lint500-playground:demo-shop` is the demo project's files (its README aside), [path, text] pairs.
 */
const pagePlugin = {
  name: 'lint500-playground',
  setup(b) {
    b.onResolve({ filter: /[\\/]lazy\.js$/ }, (args) => {
      if (resolve(args.resolveDir, args.path) !== join(root, 'src/core/lazy.js')) return undefined;
      return { path: join(root, 'playground/src/lazy.ts') };
    });
    b.onResolve({ filter: /^lint500-playground:demo-shop$/ }, (args) => ({ path: args.path, namespace: 'demo' }));
    b.onLoad({ filter: /.*/, namespace: 'demo' }, () => {
      const files = walk(demo)
        .map((f) => relative(demo, f).split(sep).join('/'))
        .filter((p) => p !== 'README.md')
        .sort()
        .map((p) => [p, readFileSync(join(demo, p), 'utf8')]);
      return { contents: `export default ${JSON.stringify(files)};`, loader: 'js', watchFiles: walk(demo) };
    });
  },
};

/** Builds the page; returns the sizes (bytes, gzipped) of the first load and of each lazy part. */
export async function buildPlayground() {
  rmSync(outdir, { recursive: true, force: true });
  const assets = join(outdir, 'assets');
  const result = await build({
    absWorkingDir: root,
    entryPoints: { main: 'playground/src/main.ts' },
    outdir: assets,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox113', 'safari16.4'],
    chunkNames: '[name]-[hash]',
    minify: true,
    metafile: true,
    // web-tree-sitter imports these only when it runs under Node.
    external: ['module', 'fs/promises'],
    define: { 'process.env.NODE_ENV': '"production"' },
    // dockerfile-ast calls Buffer.from for one UTF-8 check.
    inject: ['playground/src/buffer-shim.ts'],
    plugins: [pagePlugin, ruleDomains(root)],
    legalComments: 'none',
    logLevel: 'warning',
  });
  copyFileSync(join(root, 'playground/index.html'), join(outdir, 'index.html'));
  // web-tree-sitter looks for its runtime next to the module that holds it: a chunk in assets/.
  copyFileSync(join(root, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(assets, 'web-tree-sitter.wasm'));
  cpSync(join(root, 'vendor/grammars'), join(outdir, 'grammars'), { recursive: true });

  const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
  const outputs = result.metafile.outputs;
  const key = (p) => relative(root, join(assets, p)).split(sep).join('/');
  // The first load: the page, its stylesheet, the entry and every chunk it imports statically.
  const first = new Set([key('main.js')]);
  for (const todo = [key('main.js')]; todo.length; ) {
    for (const imp of outputs[todo.pop()]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !first.has(imp.path)) {
        first.add(imp.path);
        todo.push(imp.path);
      }
    }
  }
  const files = [join(outdir, 'index.html'), join(assets, 'main.css'), ...[...first].map((p) => join(root, p))];
  const firstLoad = files.reduce((n, f) => n + gz(f), 0);
  // What each file kind loads on top (its parser with what only it imports) and the grammars.
  const all = walk(outdir).filter((f) => !f.endsWith('.map'));
  const total = all.reduce((n, f) => n + gz(f), 0);
  const sizes = {
    firstLoadGzip: firstLoad,
    firstLoadFiles: files.map((f) => relative(outdir, f).split(sep).join('/')),
    totalGzip: total,
    files: Object.fromEntries(all.map((f) => [relative(outdir, f).split(sep).join('/'), { bytes: statSync(f).size, gzip: gz(f) }])),
  };
  writeFileSync(join(outdir, 'sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
  return sizes;
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.json': 'application/json', '.png': 'image/png' };

/** A static file server for dist/playground on 127.0.0.1; resolves with its URL once listening. */
export function servePlayground(port = 8500) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = resolve(outdir, `.${path.endsWith('/') ? `${path}index.html` : path}`);
    if (file !== outdir && !file.startsWith(outdir + sep)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' }).end(body);
  });
  return new Promise((done, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => done({ server, url: `http://127.0.0.1:${server.address().port}/` }));
  });
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const sizes = await buildPlayground();
  console.log(`lint500 playground built in ${relative(root, outdir)}: first load ${kb(sizes.firstLoadGzip)} gzipped (${sizes.firstLoadFiles.join(', ')}), everything ${kb(sizes.totalGzip)} gzipped`);
  if (!args.includes('--build')) {
    const i = args.indexOf('--port');
    const { url } = await servePlayground(i >= 0 ? Number(args[i + 1]) : 8500);
    console.log(`lint500 playground: ${url}`);
  }
}

#!/usr/bin/env node
// Bundles the extension for `vsce package` (which runs it as vscode:prepublish):
// - out/extension.js: the client (src/extension.ts with vscode-languageclient), CommonJS, `vscode` external;
// - server/: lint500's language server as a package of its own, so the extension runs without any
//   node_modules: server/package.json (name lint500: the server finds its root by it),
//   server/dist/src/lsp/bin.js (src/lsp/bin.ts with every dependency bundled, web-tree-sitter's
//   .wasm beside it), server/rules/**/*.md (hover explanations), server/vendor/grammars (the Python
//   and Java grammars).
// The server is built from this checkout's sources (../../src): run `npm ci` at the root first.
import { copyFileSync, cpSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(here, '..', '..');
const rootPkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/**
 * src/core/lazy.ts loads some dependencies on first use by a computed name (`lazy('yaml')`), which
 * esbuild cannot follow. Here it becomes a table of static require() calls, one per name the
 * sources pass to lazy(), so that each of them is bundled too.
 */
const staticLazy = {
  name: 'static-lazy',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]core[\\/]lazy\.ts$/ }, () => {
      const ids = new Set();
      for (const f of walk(join(repo, 'src'))) {
        if (!f.endsWith('.ts')) continue;
        for (const m of readFileSync(f, 'utf8').matchAll(/\blazy<.*?>\('([^']+)'\)/g)) ids.add(m[1]);
      }
      if (!ids.size) throw new Error('no lazy() call found in src/: the bundle would miss its dependencies');
      const table = [...ids].sort().map((id) => `  ${JSON.stringify(id)}: () => require(${JSON.stringify(id)}),`);
      return {
        contents: `const table = {\n${table.join('\n')}\n};\nexport function lazy(id) {\n  let mod;\n  return () => (mod ??= table[id]());\n}\n`,
        loader: 'js',
      };
    });
  },
};

const out = join(here, 'out');
const server = join(here, 'server');
rmSync(out, { recursive: true, force: true });
rmSync(server, { recursive: true, force: true });

await build({
  absWorkingDir: here,
  entryPoints: ['src/extension.ts'],
  outfile: 'out/extension.js',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  legalComments: 'none',
  logLevel: 'warning',
});

const serverBin = join(server, 'dist/src/lsp/bin.js');
await build({
  absWorkingDir: repo,
  entryPoints: ['src/lsp/bin.ts'],
  outfile: serverBin,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [staticLazy],
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
  banner: { js: "import { createRequire as __lint500CreateRequire } from 'node:module';\nconst require = __lint500CreateRequire(import.meta.url);" },
  legalComments: 'none',
  logLevel: 'warning',
});
// web-tree-sitter looks for its runtime beside the module that loads it: the bundle.
copyFileSync(join(repo, 'node_modules/web-tree-sitter/web-tree-sitter.wasm'), join(dirname(serverBin), 'web-tree-sitter.wasm'));
writeFileSync(join(server, 'package.json'), JSON.stringify({ name: rootPkg.name, version: rootPkg.version, license: rootPkg.license, type: 'module', private: true }, null, 2) + '\n');
for (const f of walk(join(repo, 'rules'))) {
  if (!f.endsWith('.md')) continue;
  const to = join(server, relative(repo, f));
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(f, to);
}
cpSync(join(repo, 'vendor'), join(server, 'vendor'), { recursive: true });
console.log(`bundled ${relative(here, join(out, 'extension.js'))} and ${relative(here, serverBin)}`);

#!/usr/bin/env node
// Bundles the CLI into dist/cli/ (`npm run build` runs it after tsc). Start-up was mostly spent
// resolving, reading and compiling ~70 small ES modules of lint500 and the CommonJS files of
// commander, dockerfile-ast and yaml one by one. Code splitting keeps what a run may not need (each
// parser, each rule domain, each formatter, the language server) in chunks loaded by dynamic import,
// as in dist/src. dist/src stays the public API and what the tests import.
//
// Left external, loaded from node_modules at run time:
// - web-tree-sitter finds its own .wasm next to its module file;
// - what src/core/lazy.ts requires by a computed name (ajv, picomatch, ignore, tinyglobby, yaml for
//   config files, @nginx/reference-lib): esbuild cannot see those calls, so they resolve from here
//   through node_modules as before;
// - vscode-languageserver: only the language server loads it;
// - ts-morph: large, and only for type-aware rules.
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { ruleDomains } from './rule-domains-plugin.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// commander loads node:child_process at the top of lib/command.js, for executable subcommands,
// which lint500 does not have: loading it cost every run several ms of start-up. The bundle reads
// it on first use instead. The build fails if commander's line changes, so an upgrade is noticed.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /[\\/]commander[\\/]lib[\\/]command\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const line = "const childProcess = require('node:child_process');";
      if (!text.includes(line)) throw new Error(`bundle: ${args.path} no longer has the line this build rewrites: ${line}`);
      return { contents: text.replace(line, "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };"), loader: 'js' };
    });
  },
};
const outdir = join(root, 'dist/cli');

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: {
    bin: 'src/cli/bin.ts',
    // threads.ts starts `./worker.js` beside itself: the bundled worker sits next to the chunks.
    worker: 'src/project/worker.ts',
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external: ['web-tree-sitter', 'vscode-languageserver', 'vscode-languageserver/*', 'ts-morph'],
  plugins: [ruleDomains(root), lazyChildProcess],
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
  banner: { js: "import { createRequire as __lint500CreateRequire } from 'node:module';\nconst require = __lint500CreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});

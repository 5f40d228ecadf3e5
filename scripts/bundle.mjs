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
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
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
// dockerfile-ast reads two functions of vscode-languageserver-types (Position.create, Range.create):
// the bundle gives it scripts/shims/vscode-languageserver-types.mjs instead of the whole package.
// The build fails if dockerfile-ast comes to use anything else of it.
const typesShim = {
  name: 'vscode-languageserver-types-shim',
  setup(b) {
    const lib = join(root, 'node_modules/dockerfile-ast/lib');
    const used = new Set();
    for (const f of readdirSync(lib, { recursive: true })) {
      if (String(f).endsWith('.js')) for (const m of readFileSync(join(lib, String(f)), 'utf8').matchAll(/vscode_languageserver_types_1\.(\w+)(?:\.(\w+))?/g)) used.add(`${m[1]}.${m[2]}`);
    }
    const unknown = [...used].filter((u) => u !== 'Position.create' && u !== 'Range.create');
    if (unknown.length) throw new Error(`bundle: dockerfile-ast uses more of vscode-languageserver-types than the shim has: ${unknown.join(', ')}`);
    b.onResolve({ filter: /^vscode-languageserver-types$/ }, (args) => (/[\\/]dockerfile-ast[\\/]/.test(args.importer) ? { path: join(root, 'scripts/shims/vscode-languageserver-types.mjs') } : undefined));
  },
};
// One chunk for small modules that most runs load. esbuild puts each module in a chunk by the
// set of entry points (dynamic imports included) that reach it: text.ts, rule.ts, append.ts… are
// reached by the engine and by each parser, rule domain and formatter in a different mix, so each
// became a chunk of a few hundred bytes, and a run on one Dockerfile loaded 26 files. Each ES module
// costs about 0.8 ms to resolve, read, compile and link here, whatever its size. Every lint500
// module imports the virtual module `lint500-always`, which imports the modules below: they are
// then reached by every entry point alike and share one chunk. A one-Dockerfile run loads 10 files
// and starts about 14 ms sooner (bench/README.md).
// The listed modules must import nothing but each other, Node built-ins and the listed packages, so
// that the early import changes no evaluation order: the build fails otherwise.
const ALWAYS = [
  'src/core/lazy.ts',
  'src/core/memory-host.ts',
  'src/core/compat.ts',
  'src/core/text.ts',
  'src/core/rule.ts',
  'src/core/append.ts',
  'src/core/diagnostics.ts',
  'src/core/causes.ts',
  'src/formatters/common.ts',
  'src/formatters/paths.ts',
  // The classifier's nginx check reads the directive table, and the nginx parser too.
  'src/parsers/nginx/lexer.ts',
  'src/parsers/nginx/reference.ts',
  'src/parsers/nginx/reference-table.ts',
  'src/parsers/manifest/detect.ts',
  // Small modules of every Kubernetes run, shared with other kinds' parsers and rules.
  'src/parsers/nginx/values.ts',
  'src/parsers/yaml/traffic.ts',
];
const ALWAYS_PACKAGES = ['fastest-levenshtein', 'vscode-languageserver-textdocument'];
const alwaysTogether = {
  name: 'always-together',
  setup(b) {
    const members = new Set(ALWAYS.map((f) => join(root, f)));
    const ours = [join(root, 'src') + sep, join(root, 'rules') + sep];
    b.onResolve({ filter: /^lint500-always$/ }, () => ({ path: 'lint500-always', namespace: 'lint500-always' }));
    b.onLoad({ filter: /.*/, namespace: 'lint500-always' }, () => ({
      contents: [...ALWAYS.map((f) => join(root, f)), ...ALWAYS_PACKAGES].map((f) => `import ${JSON.stringify(f)};`).join('\n'),
      loader: 'js',
      resolveDir: root,
    }));
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!members.has(args.importer) || args.path.startsWith('node:') || ALWAYS_PACKAGES.includes(args.path)) return undefined;
      const target = resolve(dirname(args.importer), args.path).replace(/\.js$/, '.ts');
      if (!members.has(target)) throw new Error(`bundle: ${relative(root, args.importer)} imports ${args.path}, which is not in the always-loaded chunk (ALWAYS in scripts/bundle.mjs)`);
      return undefined;
    });
    b.onLoad({ filter: /\.ts$/ }, (args) => {
      if (members.has(args.path) || !ours.some((dir) => args.path.startsWith(dir))) return undefined;
      return { contents: `${readFileSync(args.path, 'utf8')}\nimport 'lint500-always';\n`, loader: 'ts' };
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
  plugins: [ruleDomains(root), lazyChildProcess, typesShim, alwaysTogether],
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
  banner: { js: "import { createRequire as __lint500CreateRequire } from 'node:module';\nconst require = __lint500CreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// Node reads a module's source as a one-byte string only when all of it is ASCII; one other
// character makes the whole chunk a two-byte string, twice the memory and slower to compile (1.3 ms
// for the 166 KB chunk every run loads). esbuild writes strings and regular expressions in ASCII
// (`charset` is ASCII by default) but keeps some doc comments as written: their other characters
// become `?` here, one for one, so that columns in the source maps stay right. Anything else that
// is not ASCII fails the build.
for (const name of readdirSync(outdir)) {
  if (!name.endsWith('.js')) continue;
  const file = join(outdir, name);
  const text = readFileSync(file, 'utf8');
  if (!/[\u0080-\uffff]/.test(text)) continue;
  const lines = text.split('\n').map((line, i) => {
    if (!/[\u0080-\uffff]/.test(line)) return line;
    if (!/^\s*(\/\*\*?|\*|\/\/)/.test(line) || /\*\/./.test(line)) throw new Error(`bundle: ${name}:${i + 1} has a character that is not ASCII outside a comment: ${line.trim().slice(0, 120)}`);
    return line.replace(/[\u0080-\uffff]/g, '?');
  });
  writeFileSync(file, lines.join('\n'));
}

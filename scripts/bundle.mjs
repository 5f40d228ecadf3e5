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

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist/cli');

/**
 * rules/index.ts imports each rule file of a domain separately, so every rule would become a chunk
 * of its own (a Dockerfile run loaded ten of them). Here each domain's rules are gathered in one
 * module, so one chunk per domain; the registry's order and what it loads when are unchanged.
 */
const ruleDomains = {
  name: 'rule-domains',
  setup(b) {
    /** domain -> the rule files rules/index.ts imports for it, in its order. */
    const domains = new Map();
    b.onLoad({ filter: /[\\/]rules[\\/]index\.ts$/ }, (args) => {
      const contents = readFileSync(args.path, 'utf8').replace(/import\('\.\/([a-z0-9-]+)\/([a-z0-9-]+)\.js'\)/g, (_, domain, rule) => {
        if (!domains.has(domain)) domains.set(domain, []);
        domains.get(domain).push(rule);
        return `import('lint500-rule-domain:${domain}').then((d) => d.rules[${JSON.stringify(rule)}])`;
      });
      const warnings = domains.size ? [] : [{ text: 'rules/index.ts has no per-rule import() to gather: each rule stays a chunk of its own' }];
      return { contents, loader: 'ts', warnings };
    });
    b.onResolve({ filter: /^lint500-rule-domain:/ }, (args) => ({ path: args.path.slice('lint500-rule-domain:'.length), namespace: 'rule-domain' }));
    b.onLoad({ filter: /.*/, namespace: 'rule-domain' }, (args) => {
      const names = domains.get(args.path) ?? [];
      const contents = [
        ...names.map((name, i) => `import * as r${i} from './${name}.js';`),
        `export const rules = { ${names.map((name, i) => `${JSON.stringify(name)}: r${i}`).join(', ')} };`,
      ].join('\n');
      return { contents, loader: 'ts', resolveDir: join(root, 'rules', args.path) };
    });
  },
};

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
  plugins: [ruleDomains],
  // Bundled CommonJS packages call require() for Node built-ins; an ES module has no require of its own.
  banner: { js: "import { createRequire as __lint500CreateRequire } from 'node:module';\nconst require = __lint500CreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});

// An esbuild plugin shared by the CLI bundle (bundle.mjs) and the playground (playground.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * rules/index.ts imports each rule file of a domain separately, so every rule would become a chunk
 * of its own (a Dockerfile run loaded ten of them). Here each domain's rules are gathered in one
 * module, so one chunk per domain; the registry's order and what it loads when are unchanged.
 * `root` is the repository root.
 */
export function ruleDomains(root) {
  /** domain -> the rule files rules/index.ts imports for it, in its order. */
  const domains = new Map();
  return {
    name: 'rule-domains',
    setup(b) {
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
}

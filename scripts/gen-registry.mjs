// Writes rules/index.ts (the one rule registry), schema/lint500.schema.json, the standalone config
// validator and the README's rule table from rules/<domain>/*.ts. The schema and table import dist/: `npm run gen:rules` builds first.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findRuleFiles, renderConfigValidator, renderIndex, renderReadmeRules, rulesTable, schemaRules } from './registry-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = findRuleFiles(join(root, 'rules'));
writeFileSync(join(root, 'rules/index.ts'), renderIndex(files));
const { configSchema } = await import(pathToFileURL(join(root, 'dist/src/core/config/schema.js')).href);
const metas = [];
for (const f of files) metas.push((await import(pathToFileURL(join(root, 'dist/rules', f.domain, `${f.name}.js`)).href)).default.meta);
mkdirSync(join(root, 'schema'), { recursive: true });
// The shipped schema knows every rule and its options (schemaRules); a run's validator only the shape.
writeFileSync(join(root, 'schema/lint500.schema.json'), JSON.stringify(configSchema(schemaRules(metas)), null, 2) + '\n');
writeFileSync(join(root, 'src/core/config/config-validator.generated.ts'), await renderConfigValidator(configSchema));
const readme = join(root, 'README.md');
writeFileSync(readme, renderReadmeRules(readFileSync(readme, 'utf8'), rulesTable(metas)));
console.log(`rules/index.ts, schema and README table: ${files.length} rules`);

// Writes rules/index.ts (the one rule registry) and schema/lint500.schema.json from rules/<domain>/*.ts.
// The schema part needs a build (it imports dist/): `npm run gen:rules` builds first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findRuleFiles, renderIndex } from './registry-lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = findRuleFiles(join(root, 'rules'));
writeFileSync(join(root, 'rules/index.ts'), renderIndex(files));
const { configSchema } = await import(join(root, 'dist/src/core/config/schema.js'));
mkdirSync(join(root, 'schema'), { recursive: true });
writeFileSync(join(root, 'schema/lint500.schema.json'), JSON.stringify(configSchema(files.map((f) => f.id)), null, 2) + '\n');
console.log(`rules/index.ts: ${files.length} rules`);

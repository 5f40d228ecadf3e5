/**
 * Microsoft's SARIF Multitool `validate` over the SARIF of each fixture project: the SARIF1xxx/2xxx
 * rules the JSON schema cannot express (the schema check itself is in test/e2e/projects.test.ts).
 * Slow (a .NET program per project): part of `npm run test:integration`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runMultitool } from '../formatters/sarif-validate.js';
import { ensureBuilt } from '../lsp/client.js';
import { lint500, repoRoot } from './helpers.js';

const projects = readdirSync(join(repoRoot, 'fixtures/projects'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

beforeAll(() => ensureBuilt());

describe.each(projects)('SARIF of fixtures/projects/%s', (name) => {
  it('passes the SARIF Multitool with no error and no warning', () => {
    const r = lint500(repoRoot, join('fixtures/projects', name), '-f', 'sarif');
    expect(r.stderr).toBe('');
    expect((JSON.parse(r.stdout) as { runs: { results: unknown[] }[] }).runs[0]!.results.length).toBeGreaterThan(0);
    const tool = runMultitool(r.stdout);
    expect(tool.errors).toEqual([]);
    expect(tool.warnings).toEqual([]);
  });
});

/**
 * Project rules report from models that span many files (an app spread over modules, a container
 * joined to the Dockerfile that builds it). Each must always name a file and a span inside it: this
 * lints the fixture projects (and the whole public repositories of `../shared/projects`, when they
 * are beside the checkout) with every rule on, and checks each project rule's findings.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../rules/index.js';
import { ruleKinds } from '../../src/core/rule.js';
import type { FileResult } from '../../src/core/diagnostics.js';
import { run } from '../../src/project/run.js';

const root = join(import.meta.dirname, '../..');
const shared = join(root, '../shared/projects');
const folders = [
  ...readdirSync(join(root, 'fixtures/projects')).map((d) => join(root, 'fixtures/projects', d)),
  ...(existsSync(shared) ? readdirSync(shared, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(shared, d.name)) : []),
];
const projectRules = [...(await loadRules()).values()].filter((r) => ruleKinds(r.meta).includes('project')).map((r) => r.meta.id).sort();

const results: FileResult[] = [];
for (const cwd of folders) {
  const outcome = await run({ cwd, paths: ['.'], cliRules: Object.fromEntries(projectRules.map((id) => [id, 'warning'])) });
  results.push(...outcome.results);
}

describe('every project rule reports in a file, at a span of it', () => {
  it('linted the fixture projects' + (existsSync(shared) ? ' and ../shared/projects' : ' (../shared/projects is absent: fixtures only)'), () => {
    expect(results.length).toBeGreaterThan(0);
  });
  it.each(projectRules)('%s', (id) => {
    const crashes = results.flatMap((f) => f.messages.filter((m) => m.ruleId === 'internal-error' && m.message.includes(id)).map((m) => `${f.filePath}: ${m.message}`));
    expect(crashes).toEqual([]);
    for (const f of results) {
      for (const m of f.messages) {
        if (m.ruleId !== id) continue;
        expect(f.filePath).not.toBe('');
        expect(m.line).toBeGreaterThanOrEqual(1);
        expect(m.column).toBeGreaterThanOrEqual(1);
        expect(m.endLine ?? m.line).toBeGreaterThanOrEqual(m.line);
      }
    }
  });
});

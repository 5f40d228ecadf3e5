import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOMAIN_KINDS } from '../../rules/domains.js';
import { loadRules, RULE_IDS } from '../../rules/index.js';
// @ts-expect-error - plain ESM helper without types
import { findRuleFiles, renderConfigValidator, renderIndex, schemaRules } from '../../scripts/registry-lib.mjs';
import { isCauseId } from '../../src/core/causes.js';
import { configSchema, type SchemaRule } from '../../src/core/config/schema.js';
import { ruleKinds, type AnyRule } from '../../src/core/rule.js';
import { runCase } from '../../src/testing/index.js';
import { docExamples } from './doc-examples.js';

const root = join(import.meta.dirname, '../..');
const files = findRuleFiles(join(root, 'rules')) as { domain: string; name: string; id: string }[];
const rules = await loadRules();
const byId = new Map<string, AnyRule>(rules.map((r) => [r.meta.id, r]));
const SECTIONS = ['Why this causes 5xx', 'Rule details', 'Options', 'When not to use it', 'References'];

describe('registry', () => {
  it('rules/index.ts is fresh (run `npm run gen:rules`)', () => {
    expect(readFileSync(join(root, 'rules/index.ts'), 'utf8')).toBe(renderIndex(files));
  });
  it('schema/lint500.schema.json is fresh (run `npm run gen:rules`)', () => {
    const expected = JSON.stringify(configSchema(schemaRules(files.map((f) => byId.get(f.id)!.meta)) as SchemaRule[]), null, 2) + '\n';
    expect(readFileSync(join(root, 'schema/lint500.schema.json'), 'utf8')).toBe(expected);
  });
  it('the standalone config validator is fresh (run `npm run gen:rules`)', async () => {
    const expected = (await renderConfigValidator(configSchema)) as string;
    expect(readFileSync(join(root, 'src/core/config/config-validator.generated.ts'), 'utf8')).toBe(expected);
  });
  it('loads every listed rule once', () => {
    expect(rules.map((r) => r.meta.id).sort()).toEqual([...RULE_IDS].sort());
  });
});

describe.each(files)('$id', ({ domain, name, id }) => {
  const rule = byId.get(id)!;
  it('has an id matching its path, a known domain and kinds that domain reads', () => {
    expect(rule.meta.id).toBe(`${domain}/${name}`);
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(Object.keys(DOMAIN_KINDS)).toContain(domain);
    for (const k of ruleKinds(rule.meta)) expect(DOMAIN_KINDS[domain as keyof typeof DOMAIN_KINDS] as readonly string[]).toContain(k);
  });
  it('has complete metadata', () => {
    const m = rule.meta;
    expect(['error', 'warning', 'info']).toContain(m.severity);
    expect(['stable', 'preview', 'deprecated']).toContain(m.status);
    expect(m.since).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.description.length).toBeGreaterThan(10);
    expect(m.remediation.length).toBeGreaterThan(10);
    expect(m.causes.length).toBeGreaterThan(0);
    for (const c of m.causes) expect(isCauseId(c), `unknown cause ${c}`).toBe(true);
    expect(Object.keys(m.messages).length).toBeGreaterThan(0);
    if (m.fix !== undefined) expect(['safe', 'unsafe']).toContain(m.fix);
  });
  it('has a sibling test and a doc with the fixed sections', () => {
    expect(existsSync(join(root, 'rules', domain, `${name}.test.ts`))).toBe(true);
    const doc = join(root, 'rules', domain, `${name}.md`);
    expect(existsSync(doc)).toBe(true);
    const headings = readFileSync(doc, 'utf8')
      .split('\n')
      .filter((l) => /^##\s/.test(l))
      .map((l) => l.replace(/^##\s+/, '').trim());
    expect(headings).toEqual(SECTIONS);
  });
  const doc = existsSync(join(root, 'rules', domain, `${name}.md`)) ? readFileSync(join(root, 'rules', domain, `${name}.md`), 'utf8') : '';
  const examples = docExamples(doc);
  it('has at least one incorrect and one correct example in its doc', () => {
    expect(examples.some((e) => e.verdict === 'incorrect')).toBe(true);
    expect(examples.some((e) => e.verdict === 'correct')).toBe(true);
  });
  for (const ex of examples) {
    it(`doc example at line ${ex.line} is ${ex.verdict}`, async () => {
      const { messages } = await runCase(rule, { code: ex.main, files: ex.files });
      const own = messages.filter((m) => m.ruleId === id);
      const parseErrors = messages.filter((m) => m.ruleId === 'parse-error' || m.ruleId === 'internal-error');
      expect(parseErrors.map((m) => m.message)).toEqual([]);
      if (ex.verdict === 'incorrect') expect(own.length, 'an incorrect example must be reported').toBeGreaterThan(0);
      else expect(own.map((m) => `${m.line}:${m.column} ${m.message}`)).toEqual([]);
    });
  }
});

describe('README', () => {
  it('lists every rule (run `npm run gen:rules`)', async () => {
    // @ts-expect-error - plain ESM helper without types
    const { renderReadmeRules, rulesTable } = await import('../../scripts/registry-lib.mjs');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toBe(renderReadmeRules(readme, rulesTable(rules.map((r) => r.meta))));
  });
  it('opens with the two commands: run the demo, run the tests', () => {
    const blocks = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```sh\n([^`]*)```/g)].map((m) => m[1]!.trim());
    expect(blocks[0]).toBe('npm ci && npm run build && node dist/src/cli/bin.js fixtures/projects/demo-shop');
    expect(blocks[1]).toBe('npm ci && npm test');
  });
});

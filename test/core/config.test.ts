import { describe, expect, it } from 'vitest';
import { ConfigResolver, optionsSchema, validateConfig } from '../../src/core/config/resolve.js';
import { configSchema } from '../../src/core/config/schema.js';
import { loadRules } from '../../rules/index.js';
import { checkConfig, ConfigLoadError, parseConfigText } from '../../src/project/config-files.js';
import { ruleOn } from './helpers.js';

const withOptions = ruleOn('test/limit-low', () => false, { options: { min: { type: 'integer', default: 5, description: 'smallest' } } });
const rules = new Map([[withOptions.meta.id, withOptions]]);

function errorsOf(text: string, file = '.lint500.yaml'): string[] {
  try {
    checkConfig(parseConfigText(text, file), rules);
    return [];
  } catch (e) {
    if (e instanceof ConfigLoadError) return e.errors.map((x) => `${x.file}:${x.line}: ${x.message}`);
    throw e;
  }
}

describe('config validation', () => {
  it('accepts a valid config', () => {
    expect(errorsOf('extends: strict\nrules:\n  test/limit-low: [warning, { min: 3 }]\noverrides:\n  - files: ["k8s/**"]\n    rules: { test/limit-low: off }\n')).toEqual([]);
  });
  it('reports an unknown rule id with its line and a suggestion', () => {
    expect(errorsOf('rules:\n  other/limit-low: error\n')).toEqual(['.lint500.yaml:2: rules.other/limit-low: unknown rule "other/limit-low" (did you mean "test/limit-low"?)']);
  });
  it('reports a bad option with its line', () => {
    expect(errorsOf('rules:\n  test/limit-low:\n    - error\n    - min: "ten"\n')).toEqual(['.lint500.yaml:4: rules.test/limit-low.1.min: must be integer']);
    expect(errorsOf('rules:\n  test/limit-low: [error, { maxi: 3 }]\n')).toEqual(['.lint500.yaml:2: rules.test/limit-low.1.maxi: unknown property "maxi"']);
  });
  it('reports a bad severity and an unknown top-level key', () => {
    expect(errorsOf('rules:\n  test/limit-low: fatal\n')).toEqual(['.lint500.yaml:2: rules.test/limit-low: must be one of "off", "info", "warning", "error"']);
    expect(errorsOf('extend: strict\n')).toEqual(['.lint500.yaml:1: extend: unknown property "extend"']);
  });
  it('reports YAML syntax errors with their line, never a stack trace', () => {
    expect(errorsOf('rules:\n  a: [1, 2\n')[0]).toMatch(/^\.lint500\.yaml:\d+: /);
  });
  it('reads the "lint500" key of package.json', () => {
    const loaded = parseConfigText('{"name": "x", "lint500": {"extends": "all"}}', '/p/package.json');
    expect(loaded.config).toEqual({ extends: 'all' });
  });
  it('reads a .json config as JSON, with the same lines for its errors as the YAML reading', () => {
    expect(parseConfigText('{"extends": "all", "rules": {"test/limit-low": ["error", {"min": 3}]}}', '/p/.lint500.json').config).toEqual({ extends: 'all', rules: { 'test/limit-low': ['error', { min: 3 }] } });
    expect(errorsOf('{\n  "rules": {\n    "test/limit-low": ["error", {"min": "ten"}]\n  }\n}\n', '.lint500.json')).toEqual(['.lint500.json:3: rules.test/limit-low.1.min: must be integer']);
    expect(errorsOf('{\n  "extends": "all",\n  "extend": "strict"\n}\n', '.lint500.json')).toEqual(['.lint500.json:3: extend: unknown property "extend"']);
  });
  it('reports a key written twice in a .json config (JSON.parse would keep the last)', () => {
    expect(errorsOf('{"rules": {}, "extends": "all",\n "rules": {"test/limit-low": "off"}}', '.lint500.json')).toEqual(['.lint500.json:2: Map keys must be unique']);
    expect(errorsOf('{"rules": {},\n "\\u0072ules": {}}', '.lint500.json')).toEqual(['.lint500.json:2: Map keys must be unique']);
    expect(errorsOf('{"a": "rules", "rules": {}}', '.lint500.json')).toEqual(['.lint500.json:1: a: unknown property "a"']);
  });
  it('rejects a config that is not an object', () => {
    expect(validateConfig([1, 2], rules)).toEqual([{ path: [], message: 'the configuration must be an object' }]);
  });
});

describe('ConfigResolver', () => {
  it('merges options over defaults and applies overrides in order', () => {
    const r = new ConfigResolver({ rules: { 'test/limit-low': ['error', { min: 3 }] }, overrides: [{ files: ['legacy/**'], rules: { 'test/limit-low': 'warning' } }, { files: ['legacy/old/**'], rules: { 'test/limit-low': 'off' } }] }, rules);
    expect(r.forFile('app/x.yaml').rules.get('test/limit-low')).toEqual({ severity: 'error', explicit: true, options: { min: 3 } });
    expect(r.forFile('legacy/x.yaml').rules.get('test/limit-low')).toEqual({ severity: 'warning', explicit: true, options: { min: 3 } });
    expect(r.forFile('legacy/old/x.yaml').rules.has('test/limit-low')).toBe(false);
  });
  it('lets --rule win over the file', () => {
    const r = new ConfigResolver({ rules: { 'test/limit-low': 'error' } }, rules, '', { 'test/limit-low': 'off' });
    expect(r.forFile('a').rules.has('test/limit-low')).toBe(false);
  });
  it('matches basename globs in overrides without a slash', () => {
    const r = new ConfigResolver({ overrides: [{ files: ['*.yaml'], rules: { 'test/limit-low': 'info' } }] }, rules);
    expect(r.forFile('deep/dir/x.yaml').rules.get('test/limit-low')?.severity).toBe('info');
  });
});

describe('the schemas lint500 validates with', () => {
  it('are valid JSON Schema 2020-12 (the run does not check them again)', async () => {
    const { Ajv2020 } = await import('ajv/dist/2020.js');
    const meta = new Ajv2020({ strict: false });
    const rules = await loadRules();
    const { $id: _id, ...schema } = configSchema(rules.map((r) => r.meta.id));
    expect(meta.validateSchema(schema), JSON.stringify(meta.errors)).toBe(true);
    expect(meta.validateSchema(configSchema([])), JSON.stringify(meta.errors)).toBe(true);
    for (const r of rules) expect(meta.validateSchema(optionsSchema(r.meta.options as never)), `${r.meta.id}: ${JSON.stringify(meta.errors)}`).toBe(true);
    // The check fails on a broken schema.
    expect(meta.validateSchema({ type: 'object', properties: { a: { type: 'no-such-type' } } })).toBe(false);
  });
});

/**
 * `lint500 init` writes a file that stays valid when its examples are uncommented, and the shipped
 * JSON schema (schema/lint500.schema.json) is as strict as the CLI about rule ids and options.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STARTER } from '../../src/cli/main.js';
import { cli, project } from './helpers.js';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '../../schema/lint500.schema.json'), 'utf8')) as Record<string, unknown>;
const { $id: _id, ...rest } = schema;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(rest);
const valid = (config: unknown) => (validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

/** Uncomments the example lines (`# key…`, `#   …`) after `extends:`, all of them or the block starting at `key`. */
function uncomment(text: string, key?: string): string {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.startsWith('extends:'));
  let inBlock = false;
  return lines
    .map((l, i) => {
      if (i <= from || !l.startsWith('# ')) return l;
      const body = l.slice(2);
      if (!body.startsWith(' ')) inBlock = key === undefined || body.startsWith(`${key}:`);
      return inBlock ? body : l;
    })
    .join('\n');
}

const DOCKERFILE = 'FROM node:20.11-slim\nUSER node\nCMD ["node", "server.js"]\n';

describe('lint500 init', () => {
  it('writes the starter file, which the CLI and the schema accept as it is, with each example block uncommented, and with all of them', async () => {
    const dir = project({ Dockerfile: DOCKERFILE });
    expect(await cli(['init'], dir)).toEqual({ code: 0, stdout: 'Wrote .lint500.yaml\n', stderr: '' });
    const written = readFileSync(join(dir, '.lint500.yaml'), 'utf8');
    expect(written).toBe(STARTER);
    const variants = [written, ...['rules', 'overrides', 'ignorePatterns', 'reportUnusedDisableDirectives'].map((k) => uncomment(written, k)), uncomment(written)];
    // Each block's uncommenting changes the file, and all of them together leave no example commented.
    expect(new Set(variants).size).toBe(variants.length);
    expect(uncomment(written).split('\n').filter((l) => /^#\s/.test(l))).toEqual([
      '# lint500 configuration: https://github.com/lint500/lint500#configuration',
      '# yaml-language-server: $schema=./node_modules/lint500/schema/lint500.schema.json',
    ]);
    for (const text of variants) {
      writeFileSync(join(dir, '.lint500.yaml'), text);
      const r = await cli(['.'], dir);
      expect(r.stderr, text).toBe('');
      expect(r.code, text).toBe(0);
      expect(valid(parse(text)), text).toEqual([]);
    }
    const all = parse(uncomment(written)) as { rules: Record<string, unknown> };
    expect(all.rules).toEqual({ 'nginx/proxy-timeout-too-low': ['warning', { minSeconds: 10 }], 'k8s/replicas-single': 'off' });
  });
});

describe('the shipped JSON schema', () => {
  it('flags an unknown rule id of a built-in domain and a bad option, as the CLI does', async () => {
    expect(valid({ rules: { 'nginx/proxy-timeout-too-low': ['warning', { minSeconds: 10 }], 'k8s/replicas-single': 'off' } })).toEqual([]);
    expect(valid({ rules: { 'nginx/proxy-timout-too-low': 'warning' } }).length).toBeGreaterThan(0);
    expect(valid({ rules: { 'nginx/proxy-timeout-too-low': ['warning', { minSeconds: 'ten' }] } }).length).toBeGreaterThan(0);
    expect(valid({ rules: { 'nginx/proxy-timeout-too-low': ['warning', { minSecs: 10 }] } }).length).toBeGreaterThan(0);
    expect(valid({ overrides: [{ files: ['dev/**'], rules: { 'k8s/replica-single': 'off' } }] }).length).toBeGreaterThan(0);
    // A rule without options takes none.
    expect(valid({ rules: { 'k8s/replicas-single': ['warning', { x: 1 }] } }).length).toBeGreaterThan(0);
    // Plugin rules (other domains) are checked for their shape only.
    expect(valid({ rules: { 'acme/bad-value': ['error', { anything: true }] } })).toEqual([]);
    expect(valid({ rules: { 'acme/bad-value': 'loud' } }).length).toBeGreaterThan(0);

    // The CLI rejects the same ones.
    const dir = project({ Dockerfile: DOCKERFILE, '.lint500.yaml': 'rules:\n  nginx/proxy-timeout-too-low: [warning, { minSeconds: ten }]\n' });
    const r = await cli(['.'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.lint500.yaml:2:');
  });
});

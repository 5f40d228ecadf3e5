import type { OptionSpecs } from '../rule.js';
import { optionsSchema } from './resolve.js';

/** A rule as the schema knows it: its id, and its options when the schema checks them. */
export type SchemaRule = string | { id: string; description?: string; options?: OptionSpecs };

/**
 * The JSON Schema of `.lint500.yaml`. It ships as `schema/lint500.schema.json` (written by
 * `npm run gen:rules` from every rule's metadata, checked fresh by a test) so editors can complete
 * and check the file as strictly as the CLI does: a rule id of a built-in domain must be one of the
 * rules (`nginx/proxy-timout-too-low` is flagged), and each rule's options are checked against the
 * options it declares (`{minSeconds: "ten"}` is flagged). Ids of other domains are plugin rules,
 * checked for their shape only. Given bare ids, every rule setting is checked for its shape only (the
 * standalone validator of a run; rule ids and options are checked in code there, with suggestions).
 */
export function configSchema(ruleList: readonly SchemaRule[]): Record<string, unknown> {
  const severity = { enum: ['off', 'info', 'warning', 'error'] };
  const setting = (options: Record<string, unknown>) => ({
    oneOf: [
      severity,
      { type: 'array', prefixItems: [severity], items: false, minItems: 1, maxItems: 1 },
      { type: 'array', prefixItems: [severity, options], items: false, minItems: 2, maxItems: 2 },
    ],
  });
  const ruleSetting = setting({ type: 'object' });
  const ref = { $ref: '#/$defs/ruleSetting' };
  const list = ruleList.map((r) => (typeof r === 'string' ? { id: r } : r));
  const strict = list.some((r) => 'options' in r || 'description' in r);
  const domains = [...new Set(list.map((r) => r.id.slice(0, r.id.indexOf('/'))))].sort();
  /** Ids outside the built-in domains: plugin rules. */
  const pluginId = `^(?!(${domains.join('|')})/)[a-z0-9@._-]+(/[a-z0-9._-]+)+$`;
  const rules = strict
    ? {
        type: 'object',
        description: 'Rule severities and options: "<id>": off|info|warning|error, or [severity, {options}].',
        properties: Object.fromEntries(
          list.map((r) => {
            const s = setting(optionsSchema(r.options));
            return [r.id, r.description ? { description: r.description, ...s } : s];
          }),
        ),
        propertyNames: { anyOf: [{ enum: list.map((r) => r.id) }, { pattern: pluginId }] },
        patternProperties: { [pluginId]: ref },
        additionalProperties: false,
      }
    : {
        type: 'object',
        description: 'Rule severities and options: "<id>": off|info|warning|error, or [severity, {options}].',
        properties: Object.fromEntries(list.map((r) => [r.id, ref])),
        additionalProperties: ref,
      };
  const settings = {
    type: 'object',
    description: 'Settings that parsers and rules read.',
    properties: {
      k8s: {
        type: 'object',
        additionalProperties: false,
        properties: {
          clusters: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Folders (globs, relative to the working folder) that are each applied to one cluster as a whole: every Kubernetes object below such a folder is one deployment unit (GitOps repositories). Default: units from kustomizations, Helm charts and folders.',
          },
        },
      },
      nginx: {
        type: 'object',
        additionalProperties: false,
        properties: {
          prefix: { type: 'string', description: 'Directory that relative nginx include paths resolve against (default: the main config file\'s directory).' },
          maxIncludeDepth: { type: 'integer', minimum: 1, description: 'Deepest include nesting followed (default 16).' },
          maxIncludes: { type: 'integer', minimum: 1, description: 'Most files one config may include (default 1000).' },
        },
      },
      limits: {
        type: 'object',
        additionalProperties: false,
        properties: {
          maxFileSize: { type: 'integer', minimum: 1, description: 'Files larger than this many bytes are skipped with file-too-large (default 5 MB).' },
          maxDepth: { type: 'integer', minimum: 1, description: 'Deepest nesting a parser accepts (default 200).' },
          maxAliasCount: { type: 'integer', minimum: -1, description: 'Most YAML alias expansions per document (default 100).' },
        },
      },
    },
    additionalProperties: true,
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://lint500.dev/schema/lint500.schema.json',
    title: 'lint500 configuration',
    $defs: { ruleSetting },
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      extends: { enum: ['recommended', 'strict', 'all'], description: 'Preset: recommended (default), strict (every stable rule), all (also preview rules).' },
      rules,
      overrides: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files'],
          properties: {
            files: { type: 'array', items: { type: 'string' }, minItems: 1 },
            excludedFiles: { type: 'array', items: { type: 'string' } },
            rules,
            settings,
          },
        },
      },
      ignorePatterns: { type: 'array', items: { type: 'string' }, description: 'gitignore-style patterns of files not to lint.' },
      plugins: { type: 'array', items: { type: 'string' }, description: 'npm packages that export rules made with defineRule.' },
      settings,
      reportUnusedDisableDirectives: { enum: ['off', 'warn', 'error'] },
    },
  };
}

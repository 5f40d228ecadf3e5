/**
 * The JSON Schema of `.lint500.yaml`. It ships as `schema/lint500.schema.json` (written by
 * `npm run gen:rules`, checked fresh by a test) so editors can complete and check the file.
 */
export function configSchema(ruleIds: readonly string[]): Record<string, unknown> {
  const severity = { enum: ['off', 'info', 'warning', 'error'] };
  const ruleSetting = {
    oneOf: [
      severity,
      { type: 'array', prefixItems: [severity], items: false, minItems: 1, maxItems: 1 },
      { type: 'array', prefixItems: [severity, { type: 'object' }], items: false, minItems: 2, maxItems: 2 },
    ],
  };
  const ref = { $ref: '#/$defs/ruleSetting' };
  const rules = {
    type: 'object',
    description: 'Rule severities and options: "<id>": off|info|warning|error, or [severity, {options}].',
    properties: Object.fromEntries(ruleIds.map((id) => [id, ref])),
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

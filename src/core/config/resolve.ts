/**
 * Pure configuration logic: validate a parsed config object and answer "which rules, with which
 * severity and options, apply to this file". Reading config files is the project layer's job.
 */
import type { Ajv2020, ErrorObject } from 'ajv/dist/2020.js';
import type Picomatch from 'picomatch';
import { lazy } from '../lazy.js';
import type { AnyRule, OptionSpecs, Settings, Severity } from '../rule.js';
import { validate as generatedValidator } from './config-validator.generated.js';
import type { EffectiveRule, FileConfig, Preset, RuleSetting, SeverityOrOff, UnusedDirectivesLevel, UserConfig } from './types.js';
import { appendAll } from '../append.js';
import { didYouMean } from '../suggest.js';

export interface ConfigProblem {
  /** Path into the config object, e.g. `['rules', 'nginx/x', 1, 'minSeconds']`. */
  path: (string | number)[];
  message: string;
}

/** The generated standalone validator of `configSchema([])`. */
const validateShape = generatedValidator as unknown as ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const ajvModule = lazy<{ Ajv2020: typeof Ajv2020 }>('ajv/dist/2020.js');
const picomatch = lazy<typeof Picomatch>('picomatch');

let ajvInstance: Ajv2020 | undefined;
function ajv(): Ajv2020 {
  // The schemas are lint500's own and are checked against the JSON Schema meta-schema by a test;
  // validating them again at run time compiled the meta-schema, half of a small run's config check.
  ajvInstance ??= new (ajvModule().Ajv2020)({ allErrors: true, strict: false, validateSchema: false });
  return ajvInstance;
}

function pointerToPath(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function ajvProblems(errors: ErrorObject[] | null | undefined, prefix: (string | number)[] = []): ConfigProblem[] {
  if (!errors) return [];
  const seen = new Set<string>();
  const out: ConfigProblem[] = [];
  for (const e of errors) {
    // oneOf failures repeat each branch's complaint; keep the most useful one per path.
    if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const path = [...prefix, ...pointerToPath(e.instancePath)];
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
      path.push(String(e.params['additionalProperty']));
      message = `unknown property "${String(e.params['additionalProperty'])}"`;
    }
    else if (e.keyword === 'enum') message = `must be one of ${(e.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    const key = path.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, message });
  }
  return out;
}

export function optionsSchema(specs: OptionSpecs | undefined): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(specs ?? {})) {
    switch (spec.type) {
      case 'number':
      case 'integer':
        properties[name] = { type: spec.type, minimum: spec.minimum, maximum: spec.maximum, description: spec.description };
        break;
      case 'string':
        properties[name] = spec.enum ? { enum: [...spec.enum], description: spec.description } : { type: 'string', description: spec.description };
        break;
      case 'boolean':
        properties[name] = { type: 'boolean', description: spec.description };
        break;
      case 'string[]':
        properties[name] = { type: 'array', items: { type: 'string' }, description: spec.description };
        break;
    }
  }
  return { type: 'object', properties, additionalProperties: false };
}

const validators = new Map<string, ReturnType<Ajv2020['compile']>>();

export function validateRuleOptions(rule: AnyRule, options: unknown, path: (string | number)[]): ConfigProblem[] {
  let v = validators.get(rule.meta.id);
  if (!v) {
    v = ajv().compile(optionsSchema(rule.meta.options as OptionSpecs | undefined));
    validators.set(rule.meta.id, v);
  }
  return v(options) ? [] : ajvProblems(v.errors, path);
}

/** Validates a config object against the schema, the known rule ids and each rule's options. */
export function validateConfig(config: unknown, rules: ReadonlyMap<string, AnyRule>): ConfigProblem[] {
  if (config === null || typeof config !== 'object' || Array.isArray(config)) return [{ path: [], message: 'the configuration must be an object' }];
  // The schema without one property per rule id (`additionalProperties` checks each rule setting
  // the same way; known ids are checked below, with a suggestion), compiled ahead of time into
  // `config-validator.generated.ts` by `npm run gen:rules`: a run loads no ajv for it.
  if (!validateShape(config)) return ajvProblems(validateShape.errors);
  const problems: ConfigProblem[] = nonFinite(config, []);
  const c = config as UserConfig;
  // Settings are read by the parsers and the built-in rules; a misspelt one would do nothing silently.
  // A plugin may read settings of its own, so with plugins listed other keys are left to them.
  if (!c.plugins?.length)
    for (const key of Object.keys(c.settings ?? {})) if (!KNOWN_SETTINGS.includes(key)) problems.push({ path: ['settings', key], message: `unknown setting (known: ${KNOWN_SETTINGS.join(', ')})` });
  const checkRules = (rs: Record<string, RuleSetting> | undefined, base: (string | number)[]) => {
    for (const [id, setting] of Object.entries(rs ?? {})) {
      const rule = rules.get(id);
      if (!rule) {
        problems.push({ path: [...base, id], message: `unknown rule "${id}"${suggestId(id, rules)}` });
        continue;
      }
      if (Array.isArray(setting) && setting.length > 1) appendAll(problems, validateRuleOptions(rule, setting[1], [...base, id, 1]));
    }
  };
  checkRules(c.rules, ['rules']);
  c.overrides?.forEach((o, i) => checkRules(o.rules, ['overrides', i, 'rules']));
  return problems;
}

/** Top-level keys of `settings` that lint500 reads. */
export const KNOWN_SETTINGS = ['nginx', 'limits'];

/** Numbers YAML or JSON read as infinite or NaN (`1e309`, `.inf`): no setting means them. */
function nonFinite(value: unknown, path: (string | number)[]): ConfigProblem[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [{ path, message: 'number out of range (not a finite number)' }];
  if (Array.isArray(value)) return value.flatMap((v, i) => nonFinite(v, [...path, i]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => nonFinite(v, [...path, k]));
  return [];
}

function suggestId(id: string, rules: ReadonlyMap<string, AnyRule>): string {
  return didYouMean(id, rules.keys());
}

export function presetIncludes(preset: Preset, rule: AnyRule): boolean {
  if (rule.meta.status === 'deprecated') return false;
  if (preset === 'all') return true;
  if (rule.meta.status === 'preview') return false;
  return preset === 'strict' || rule.meta.recommended;
}

export function defaultOptions(rule: AnyRule): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, spec] of Object.entries((rule.meta.options ?? {}) as OptionSpecs)) out[k] = spec.default;
  return out;
}

function splitSetting(setting: RuleSetting): { severity: SeverityOrOff; options?: Record<string, unknown> } {
  if (Array.isArray(setting)) return { severity: setting[0], options: setting[1] };
  return { severity: setting };
}

function mergeSettings(a: Settings, b: Settings | undefined): Settings {
  if (!b) return a;
  const out: Settings = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && v && typeof v === 'object' && !Array.isArray(v) ? { ...(prev as object), ...(v as object) } : v;
  }
  return out;
}

/**
 * Answers which rules apply to a file. Paths are `/`-separated and relative to `baseDir` (the
 * directory of the config file) when matched against override globs.
 */
export class ConfigResolver {
  private readonly base: Map<string, EffectiveRule>;
  private readonly overrides: { match: (p: string) => boolean; rules: Record<string, RuleSetting>; settings?: Settings }[];
  private readonly cache = new Map<string, FileConfig>();
  private readonly byOverrides = new Map<string, FileConfig>();
  readonly settings: Settings;
  readonly reportUnused: UnusedDirectivesLevel;

  constructor(
    readonly config: UserConfig,
    private readonly rules: ReadonlyMap<string, AnyRule>,
    readonly baseDir = '',
    /** Command-line `--rule` settings: they win over the file. */
    cliRules: Record<string, RuleSetting> = {},
  ) {
    const preset = config.extends ?? 'recommended';
    this.base = new Map();
    for (const rule of rules.values())
      if (presetIncludes(preset, rule)) this.base.set(rule.meta.id, { severity: rule.meta.severity, explicit: false, options: defaultOptions(rule) });
    this.apply(this.base, config.rules);
    this.apply(this.base, cliRules);
    this.overrides = (config.overrides ?? []).map((o) => {
      const inc = picomatch()(o.files, { dot: true, matchBase: !o.files.some((f) => f.includes('/')) });
      const exc = o.excludedFiles?.length ? picomatch()(o.excludedFiles, { dot: true }) : () => false;
      return { match: (p: string) => inc(p) && !exc(p), rules: { ...o.rules, ...cliRules }, settings: o.settings };
    });
    this.settings = config.settings ?? {};
    this.reportUnused = config.reportUnusedDisableDirectives ?? 'warn';
  }

  private apply(target: Map<string, EffectiveRule>, settings: Record<string, RuleSetting> | undefined): void {
    for (const [id, setting] of Object.entries(settings ?? {})) {
      const rule = this.rules.get(id);
      if (!rule) continue;
      const { severity, options } = splitSetting(setting);
      if (severity === 'off') {
        target.delete(id);
        continue;
      }
      const prev = target.get(id);
      target.set(id, {
        severity: severity as Severity,
        explicit: true,
        options: { ...defaultOptions(rule), ...(prev?.options ?? {}), ...(options ?? {}) },
      });
    }
  }

  private relative(path: string): string {
    const p = path.replace(/\\/g, '/');
    if (!this.baseDir) return p.replace(/^\.\//, '');
    const base = this.baseDir.replace(/\\/g, '/').replace(/\/$/, '') + '/';
    return p.startsWith(base) ? p.slice(base.length) : p.replace(/^\.\//, '');
  }

  forFile(path: string): FileConfig {
    // Without overrides every file has the base config: no work per path (a run asks for each file).
    if (!this.overrides.length) {
      let fc = this.byOverrides.get('');
      if (!fc) this.byOverrides.set('', (fc = { rules: this.base, settings: this.settings }));
      return fc;
    }
    const hit = this.cache.get(path);
    if (hit) return hit;
    const rel = this.relative(path);
    // Files matched by the same overrides share one FileConfig, so that whatever is derived from it
    // (a cache key's description of the rule set) is computed once per distinct config, not per file.
    const matched = this.overrides.flatMap((o, i) => (o.match(rel) ? [i] : []));
    const key = matched.join(',');
    let fc = this.byOverrides.get(key);
    if (!fc) {
      let rules: Map<string, EffectiveRule> = this.base;
      let settings = this.settings;
      for (const i of matched) {
        const o = this.overrides[i]!;
        if (rules === this.base) rules = new Map(this.base);
        this.apply(rules, o.rules);
        settings = mergeSettings(settings, o.settings);
      }
      fc = { rules, settings };
      this.byOverrides.set(key, fc);
    }
    this.cache.set(path, fc);
    return fc;
  }

  /** Every rule enabled for at least one file (the base set plus rules turned on by overrides). */
  enabledAnywhere(): Set<string> {
    const ids = new Set(this.base.keys());
    for (const o of this.overrides) for (const [id, s] of Object.entries(o.rules)) if (splitSetting(s).severity !== 'off') ids.add(id);
    return ids;
  }
}

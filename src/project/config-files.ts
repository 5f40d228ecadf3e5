/**
 * Finding and reading `.lint500.yaml` / `.lint500.yml` / `.lint500.json` / package.json "lint500",
 * from the linted path upward to the repository root. Errors come back as `file:line: message`,
 * never as a stack trace. Config files are data: nothing in them is executed; code runs only from
 * the npm packages the user lists in `plugins`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Yaml from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { lazy } from '../core/lazy.js';
import { validateConfig, type ConfigProblem } from '../core/config/resolve.js';
import type { UserConfig } from '../core/config/types.js';
import type { AnyRule } from '../core/rule.js';
import { findRepoRoot } from './discover.js';

const yaml = lazy<typeof Yaml>('yaml');

export const CONFIG_NAMES = ['.lint500.yaml', '.lint500.yml', '.lint500.json'];

export interface ConfigError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export class ConfigLoadError extends Error {
  constructor(readonly errors: ConfigError[]) {
    super(errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
}

export interface LoadedConfig {
  config: UserConfig;
  /** The file it came from, or undefined for the built-in default. */
  file?: string;
  /** Directory that override globs and ignorePatterns are relative to. */
  dir: string;
  /** Locate a path into the config (for error messages). */
  locate: (path: (string | number)[]) => { line: number; column: number };
}

/** Finds the nearest config file at or above `start`, stopping at the repository root. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  const stop = findRepoRoot(dir);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        const json = JSON.parse(readFileSync(pkg, 'utf8')) as Record<string, unknown>;
        if (json && typeof json === 'object' && 'lint500' in json) return pkg;
      } catch {
        // a broken package.json is not a config file
      }
    }
    if (stop && dir === stop) return undefined;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Parses config text (YAML or JSON; JSON is YAML) into a config object with line lookup. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const dir = dirname(file);
  const isPkg = file.endsWith('package.json');
  const { isMap, isSeq, LineCounter, parseDocument } = yaml();
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    throw new ConfigLoadError(
      doc.errors.map((e) => {
        const pos = lc.linePos(e.pos[0]);
        return { file, line: pos.line, column: pos.col, message: e.message.split('\n')[0]! };
      }),
    );
  }
  const base: (string | number)[] = isPkg ? ['lint500'] : [];
  const locate = (path: (string | number)[]) => {
    let node: unknown = doc.contents;
    let best = 0;
    for (const key of [...base, ...path]) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
        if (!pair) break;
        best = (pair.key as YamlNode).range?.[0] ?? best;
        node = pair.value;
      } else if (isSeq(node) && typeof key === 'number') {
        node = node.items[key];
        best = (node as YamlNode | undefined)?.range?.[0] ?? best;
      } else break;
    }
    const pos = lc.linePos(best);
    return { line: pos.line, column: pos.col };
  };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    // The yaml package refuses alias bombs here; say where, like any other config error.
    throw new ConfigLoadError([{ file, line: 1, column: 1, message: `${(e as Error).message.split('\n')[0]} (more than 100 alias expansions)` }]);
  }
  if (isPkg) value = (value as Record<string, unknown>)?.['lint500'];
  if (value === null || value === undefined) value = {};
  return { config: value as UserConfig, file, dir, locate };
}

export function loadConfigFile(file: string): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigLoadError([{ file, line: 1, column: 1, message: `cannot read config: ${(e as NodeJS.ErrnoException).code ?? e}` }]);
  }
  return parseConfigText(text, file);
}

export function checkConfig(loaded: LoadedConfig, rules: ReadonlyMap<string, AnyRule>): void {
  const problems: ConfigProblem[] = validateConfig(loaded.config, rules);
  if (problems.length)
    throw new ConfigLoadError(
      problems.map((p) => ({ file: loaded.file ?? '<config>', ...loaded.locate(p.path), message: `${p.path.length ? p.path.join('.') + ': ' : ''}${p.message}` })),
    );
}

/**
 * Problems in the shape of a config, rule ids and rule options aside (those need the plugins'
 * rules to be known). Plugins are code: a config that is malformed must not get as far as running it.
 */
function shapeProblems(loaded: LoadedConfig): ConfigError[] {
  const isMap = (v: unknown) => v !== null && typeof v === 'object' && !Array.isArray(v);
  const c = loaded.config as Record<string, unknown>;
  if (!isMap(c)) return [{ file: loaded.file ?? '<config>', line: 1, column: 1, message: 'the configuration must be an object' }];
  const stripped: Record<string, unknown> = { ...c };
  if (isMap(c['rules'])) stripped['rules'] = {};
  if (Array.isArray(c['overrides'])) stripped['overrides'] = c['overrides'].map((o: unknown) => (isMap(o) && isMap((o as Record<string, unknown>)['rules']) ? { ...(o as object), rules: {} } : o));
  return validateConfig(stripped, new Map()).map((p) => ({ file: loaded.file ?? '<config>', ...loaded.locate(p.path), message: `${p.path.length ? p.path.join('.') + ': ' : ''}${p.message}` }));
}

/** Loads rule plugins: npm packages whose default export (or `rules` export) is an array of rules. */
export async function loadPlugins(loaded: LoadedConfig): Promise<AnyRule[]> {
  const out: AnyRule[] = [];
  const listed = (loaded.config as { plugins?: unknown }).plugins;
  if (listed === undefined || (Array.isArray(listed) && !listed.length)) return out;
  const shape = shapeProblems(loaded);
  if (shape.length) throw new ConfigLoadError(shape);
  const req = createRequire(join(loaded.dir, 'noop.js'));
  for (const name of loaded.config.plugins ?? []) {
    let mod: Record<string, unknown>;
    try {
      const resolved = req.resolve(name);
      mod = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigLoadError([{ file: loaded.file ?? '<config>', ...loaded.locate(['plugins']), message: `cannot load plugin "${name}": ${(e as Error).message.split('\n')[0]}` }]);
    }
    const rules = (mod['rules'] ?? mod['default']) as unknown;
    const list = Array.isArray(rules) ? rules : rules && typeof rules === 'object' ? Object.values(rules) : [];
    for (const r of list) {
      if (r && typeof r === 'object' && 'meta' in r && 'create' in r) out.push(r as AnyRule);
      else throw new ConfigLoadError([{ file: loaded.file ?? '<config>', ...loaded.locate(['plugins']), message: `plugin "${name}" exports something that is not a rule made with defineRule` }]);
    }
  }
  return out;
}

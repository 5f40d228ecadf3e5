/**
 * Finding and reading `.lint500.yaml` / `.lint500.yml` / `.lint500.json` / package.json "lint500",
 * from the linted path upward to the repository root. Errors come back as `file:line: message`,
 * never as a stack trace. Config files are data: nothing in them is executed; code runs only from
 * the npm packages the user lists in `plugins`.
 */
import { existsSync, lstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Yaml from 'yaml';
import type { Node as YamlNode } from 'yaml';
import { lazy } from '../core/lazy.js';
import { validateConfig, type ConfigProblem } from '../core/config/resolve.js';
import type { UserConfig } from '../core/config/types.js';
import type { AnyRule } from '../core/rule.js';
import { Boundary, CONFIG_MAX_SIZE, realOrNearest } from './boundary.js';
import { findRepoRoot } from './discover.js';
import { readTextFile } from './read.js';

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
  // A config found by searching comes from the tree being linted (a pull request): a symbolic link
  // out of it (to /etc/shadow) is refused, never read or echoed.
  const trusted = new Boundary([realOrNearest(dir), ...(stop ? [realOrNearest(stop)] : [])]);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const p = join(dir, name);
      if (!lstatExists(p)) continue;
      if (!trusted.contains(p)) throw new ConfigLoadError([{ file: p, line: 1, column: 1, message: 'the config is a symbolic link to a file outside the linted tree: not read' }]);
      return p;
    }
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && trusted.contains(pkg)) {
      const r = readTextFile(pkg, 5 * CONFIG_MAX_SIZE);
      try {
        const json = r.ok ? (JSON.parse(r.text) as Record<string, unknown>) : undefined;
        if (json && typeof json === 'object' && Object.hasOwn(json, 'lint500')) return pkg;
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

/**
 * A `.json` config (or package.json) must be JSON, not the YAML superset the rest of the reading
 * accepts: a trailing comma or a comment is an error with its position. The message never quotes
 * the text (V8's does), so a file that is not a config is not echoed.
 */
function jsonCheck(text: string, file: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const at = m ? Number(m[1]) : text.length;
    const before = text.slice(0, at).split(/\r\n|\r|\n/);
    const what = /Unexpected end/i.test((e as Error).message) ? 'unexpected end of the file' : `unexpected character at offset ${at}`;
    throw new ConfigLoadError([{ file, line: before.length, column: before[before.length - 1]!.length + 1, message: `invalid JSON: ${what} (a trailing comma, a comment or a quote missing?)` }]);
  }
}

/** Parses config text (YAML or JSON; JSON is YAML) into a config object with line lookup. */
export function parseConfigText(text: string, file: string): LoadedConfig {
  const dir = dirname(file);
  const isPkg = file.endsWith('package.json');
  if (file.endsWith('.json')) {
    const value = jsonCheck(text, file);
    // JSON.parse keeps the last of two equal keys where the YAML reading reports them: only a text
    // whose every key is written once is taken from it; positions are found on demand (errors only).
    if (keysWrittenOnce(text)) return loaded(isPkg ? (value as Record<string, unknown> | null)?.['lint500'] : value, file, dir, (path) => yamlConfig(text, file, isPkg).locate(path));
  }
  return yamlConfig(text, file, isPkg);
}

function loaded(value: unknown, file: string, dir: string, locate: LoadedConfig['locate']): LoadedConfig {
  return { config: (value ?? {}) as UserConfig, file, dir, locate };
}

/** True when no object key occurs twice in a valid JSON text (so no object can repeat a key). */
function keysWrittenOnce(text: string): boolean {
  const seen = new Set<string>();
  // Every string in order (quotes occur only in strings); a string followed by a colon is a key.
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"(\s*:)?/g)) {
    if (!m[2]) continue;
    const key = m[1]!.includes('\\') ? (JSON.parse(`"${m[1]!}"`) as string) : m[1]!;
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

function yamlConfig(text: string, file: string, isPkg: boolean): LoadedConfig {
  const dir = dirname(file);
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
  return loaded(value, file, dir, locate);
}

function lstatExists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** Reads a config file: a regular file (never a FIFO or a device) under the size limit, checked before reading. */
export function loadConfigFile(file: string): LoadedConfig {
  const r = readTextFile(file, file.endsWith('package.json') ? 5 * CONFIG_MAX_SIZE : CONFIG_MAX_SIZE);
  if (!r.ok) {
    const why =
      r.reason === 'unreadable'
        ? `cannot read config: ${r.error}`
        : r.reason === 'not-regular'
          ? 'the config is not a regular file (a FIFO, a device or a folder): not read'
          : r.reason === 'too-large'
            ? `the config is ${r.size} bytes, over the ${CONFIG_MAX_SIZE}-byte limit: not read`
            : 'the config contains NUL bytes: not a text file';
    throw new ConfigLoadError([{ file, line: 1, column: 1, message: why }]);
  }
  return parseConfigText(r.text, file);
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

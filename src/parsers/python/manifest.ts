/**
 * Python framework detection from dependency manifests: requirements*.txt (with `-r` includes),
 * pyproject.toml (PEP 621 `[project]`, Poetry, PDM and uv dependency groups) and Pipfile. Manifests
 * in the run are read from the model; the others through the host, walking up from a source file.
 */
import { parse as parseToml } from 'smol-toml';
import type { ProjectModel } from '../../core/rule.js';
import type { Framework, SourceRef } from '../app/types.js';

export interface PyDependency {
  name: string;
  /** Major version when pinned or bounded from below (`django==4.2`, `django>=5`). */
  major?: number;
}

export interface PyManifest {
  /** Directory holding the manifest(s); '' for the run's root. */
  dir: string;
  files: string[];
  deps: Map<string, PyDependency>;
}

const NAMES = ['pyproject.toml', 'Pipfile', 'requirements.txt'];
const MANIFEST_RE = /^(requirements[\w.-]*\.txt|pyproject\.toml|Pipfile)$/i;

export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[_.]+/g, '-');
}

/** `django>=4.2,<5` → { name: 'django', major: 4 }. */
export function parseRequirement(spec: string): PyDependency | undefined {
  const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$/.exec(spec);
  if (!m) return undefined;
  const dep: PyDependency = { name: normalizeName(m[1]!) };
  const v = /(?:==|~=|>=|===|\^|~)\s*v?(\d+)/.exec(m[3] ?? '');
  if (v) dep.major = Number(v[1]);
  return dep;
}

function readRequirements(text: string, path: string, read: (p: string) => string | undefined, seen: Set<string>, out: Map<string, PyDependency>): void {
  if (seen.has(path) || seen.size > 20) return;
  seen.add(path);
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const inc = /^(?:-r|--requirement)\s*=?\s*(\S+)/.exec(line);
    if (inc) {
      const target = joinDir(dirOf(path), inc[1]!);
      const t = read(target);
      if (t !== undefined) readRequirements(t, target, read, seen, out);
      continue;
    }
    if (line.startsWith('-')) continue;
    const egg = /#egg=([\w.-]+)/.exec(raw);
    const dep = egg ? { name: normalizeName(egg[1]!) } : parseRequirement(line.split(';')[0]!);
    if (dep && !out.has(dep.name)) out.set(dep.name, dep);
  }
}

function addSpecs(list: unknown, out: Map<string, PyDependency>): void {
  if (!Array.isArray(list)) return;
  for (const s of list) {
    if (typeof s !== 'string') continue;
    const dep = parseRequirement(s.split(';')[0]!);
    if (dep && !out.has(dep.name)) out.set(dep.name, dep);
  }
}

function addTable(table: unknown, out: Map<string, PyDependency>): void {
  if (!table || typeof table !== 'object' || Array.isArray(table)) return;
  for (const [name, value] of Object.entries(table as Record<string, unknown>)) {
    const version = typeof value === 'string' ? value : typeof value === 'object' && value && 'version' in value ? String((value as { version: unknown }).version) : '';
    const dep = parseRequirement(`${name} ${version === '*' ? '' : version}`) ?? { name: normalizeName(name) };
    if (!out.has(dep.name)) out.set(dep.name, dep);
  }
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Dependencies declared in one manifest text. Malformed TOML yields none (the file is not ours to report). */
export function manifestDeps(path: string, text: string, read: (p: string) => string | undefined): Map<string, PyDependency> {
  const out = new Map<string, PyDependency>();
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/^requirements[\w.-]*\.txt$/i.test(name)) {
    readRequirements(text, path, read, new Set(), out);
    return out;
  }
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return out;
  }
  if (name === 'Pipfile') {
    addTable(doc['packages'], out);
    addTable(doc['dev-packages'], out);
    return out;
  }
  const project = obj(doc['project']);
  addSpecs(project['dependencies'], out);
  for (const group of Object.values(obj(project['optional-dependencies']))) addSpecs(group, out);
  for (const group of Object.values(obj(doc['dependency-groups']))) addSpecs(group, out);
  const poetry = obj(obj(doc['tool'])['poetry']);
  addTable(poetry['dependencies'], out);
  for (const group of Object.values(obj(poetry['group']))) addTable(obj(group)['dependencies'], out);
  out.delete('python');
  return out;
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

export function joinDir(dir: string, rel: string): string {
  const parts = dir ? dir.split('/') : [];
  for (const seg of rel.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/');
}

/**
 * The manifest directory that owns each directory: the nearest ancestor (or itself) with a Python
 * manifest, from the run's files first, then through the host. Memoised on the model.
 */
export function pyManifestFor(model: ProjectModel, fileDir: string): PyManifest | undefined {
  const cache = model.memo('python:manifests', () => new Map<string, PyManifest | null>());
  const chain: string[] = [];
  let dir = fileDir;
  for (let guard = 0; guard < 64; guard++) {
    const cached = cache.get(dir);
    if (cached !== undefined) {
      for (const d of chain) cache.set(d, cached);
      return cached ?? undefined;
    }
    chain.push(dir);
    const found = manifestAt(model, dir);
    if (found) {
      for (const d of chain) cache.set(d, found);
      return found;
    }
    if (!dir) break;
    dir = dirOf(dir);
  }
  for (const d of chain) cache.set(d, null);
  return undefined;
}

function manifestAt(model: ProjectModel, dir: string): PyManifest | undefined {
  const prefix = dir ? `${dir}/` : '';
  const texts = new Map<string, string>();
  for (const f of model.filesOf('manifest')) {
    if (dirOf(f.path) === dir && MANIFEST_RE.test(f.path.slice(prefix.length))) texts.set(f.path, f.text);
  }
  if (!texts.size) {
    for (const n of NAMES) {
      const p = prefix + n;
      if (!model.host.isInside(p)) continue;
      const t = model.host.readFile(p);
      if (t !== undefined) texts.set(p, t);
    }
    if (!texts.size) {
      for (const p of model.host.glob(`${prefix}requirements*.txt`, '.')) {
        const rel = p.replace(/^\.\//, '');
        if (dirOf(rel) !== dir || !model.host.isInside(rel)) continue;
        const t = model.host.readFile(rel);
        if (t !== undefined) texts.set(rel, t);
      }
    }
  }
  if (!texts.size) return undefined;
  const read = (p: string) => model.file(p)?.text ?? (model.host.isInside(p) ? model.host.readFile(p) : undefined);
  const deps = new Map<string, PyDependency>();
  for (const [p, t] of [...texts].sort(([a], [b]) => (a < b ? -1 : 1))) for (const [k, v] of manifestDeps(p, t, read)) if (!deps.has(k)) deps.set(k, v);
  // pyproject.toml of a tool-only package (no dependencies) does not make a Python app.
  if (!deps.size && [...texts.keys()].every((p) => p.endsWith('pyproject.toml'))) return undefined;
  return { dir, files: [...texts.keys()].sort(), deps };
}

/** The web framework a manifest declares, Django first (it may pull in other frameworks' helpers). */
export function pyFramework(m: PyManifest | undefined): { framework: Framework; major?: number } | undefined {
  if (!m) return undefined;
  for (const [pkg, fw] of [
    ['django', 'django'],
    ['fastapi', 'fastapi'],
    ['flask', 'flask'],
  ] as const) {
    const d = m.deps.get(pkg);
    if (d) return d.major !== undefined ? { framework: fw, major: d.major } : { framework: fw };
  }
  return undefined;
}

/** gunicorn `--bind`/`-b` or `bind =` value → port. */
export function portFromBind(value: string): number | undefined {
  const m = /^(?:[\w.-]*|\[[^\]]*\]):(\d{1,5})$/.exec(value.trim());
  if (!m) return undefined;
  const port = Number(m[1]);
  return port > 0 && port < 65536 ? port : undefined;
}

/** A literal `--bind host:port` / `-b :port` in a command line (Procfile, shell line). */
export function bindInCommand(line: string): { port: number; index: number; length: number } | undefined {
  const m = /(?:^|\s)(?:--bind(?:=|\s+)|-b\s*)(['"]?)([^\s'"]+)\1/.exec(line);
  if (!m) return undefined;
  const port = portFromBind(m[2]!);
  if (port === undefined) return undefined;
  const index = m.index + m[0].indexOf(m[2]!);
  return { port, index, length: m[2]!.length };
}

export type { SourceRef };

/**
 * Which Node.js web framework a source file belongs to, from the nearest package.json that declares
 * one (the run's manifests first, then files read through the host). Rules need the major version:
 * Express 5 forwards rejected promises to the error handlers, Express 4 does not.
 */
import type { ProjectModel } from '../../core/rule.js';
import { dirnameOf, joinPath } from '../../core/memory-host.js';

export type JsFrameworkName = 'express' | 'koa' | 'fastify' | 'nestjs' | 'next';

export interface FrameworkDep {
  /** The version range as written (`^4.19.2`). */
  range: string;
  /** Lowest major version the range admits; undefined when it cannot be read (`latest`, `*`, a git URL). */
  major?: number;
}

export interface PackageInfo {
  /** Directory of the package.json ('' for the run's root). */
  dir: string;
  /** Path of the package.json. */
  path: string;
  frameworks: Partial<Record<JsFrameworkName, FrameworkDep>>;
  /** Every dependency name (all dependency sections). */
  deps: Set<string>;
}

const PACKAGES: Record<string, JsFrameworkName> = {
  express: 'express',
  koa: 'koa',
  fastify: 'fastify',
  '@nestjs/core': 'nestjs',
  next: 'next',
};

const SECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

/**
 * The lowest major a semver range admits: `^4.19` → 4, `~5.0.0` → 5, `>=4 <6` → 4, `4 || 5` → 4,
 * `5.x` → 5, `npm:express@^5` → 5. Undefined for `*`, `latest`, tags, URLs and workspace links.
 */
export function lowestMajor(range: string): number | undefined {
  let r = range.trim();
  const alias = /^npm:(?:@[^/]+\/)?[^@]+@(.*)$/.exec(r);
  if (alias) r = alias[1]!.trim();
  if (!r || /^(\*|x|latest|next|workspace:|file:|link:|git|github:|https?:)/i.test(r)) return undefined;
  let best: number | undefined;
  for (const alt of r.split('||')) {
    // The first comparator of each alternative bounds it from below (`>=4 <6`, `^4.1`, `4.x - 5`).
    const m = /^\s*(?:[~^]|>=?|=)?\s*v?(\d+)/.exec(alt);
    if (!m) continue;
    let major = Number(m[1]);
    // `>4` admits 5.0.0 and later only when written with the major alone; `>4.1` still admits 4.x.
    if (/^\s*>(?!=)\s*v?\d+\s*$/.test(alt.split(/\s+(?=[<>])/)[0] ?? '')) major += 1;
    if (best === undefined || major < best) best = major;
  }
  return best;
}

function readPackage(path: string, json: unknown): PackageInfo | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const rec = json as Record<string, unknown>;
  const frameworks: PackageInfo['frameworks'] = {};
  const deps = new Set<string>();
  for (const section of SECTIONS) {
    const d = rec[section];
    if (typeof d !== 'object' || d === null) continue;
    for (const [name, range] of Object.entries(d as Record<string, unknown>)) {
      deps.add(name);
      const fw = PACKAGES[name];
      if (!fw || frameworks[fw] || typeof range !== 'string') continue;
      // peer/dev declarations are weaker than runtime ones, but a range is a range.
      frameworks[fw] = { range, major: lowestMajor(range) };
    }
  }
  return { dir: dirnameOf(path), path, frameworks, deps };
}

interface PackageCache {
  byPath: Map<string, PackageInfo | null>;
  byDir: Map<string, PackageInfo | null>;
}

function cache(model: ProjectModel): PackageCache {
  return model.memo('js:packages', () => {
    const byPath = new Map<string, PackageInfo | null>();
    for (const f of model.filesOf('manifest')) {
      if (f.root.name !== 'package.json') continue;
      byPath.set(f.path, f.root.json === undefined ? null : (readPackage(f.path, f.root.json) ?? null));
    }
    return { byPath, byDir: new Map() };
  });
}

function packageAt(model: ProjectModel, c: PackageCache, path: string): PackageInfo | null {
  const known = c.byPath.get(path);
  if (known !== undefined) return known;
  let info: PackageInfo | null = null;
  const text = model.host.readFile(path);
  if (text !== undefined) {
    try {
      info = readPackage(path, JSON.parse(text.replace(/^\uFEFF/, ''))) ?? null;
    } catch {
      info = null;
    }
  }
  c.byPath.set(path, info);
  return info;
}

function parentDir(dir: string): string | undefined {
  if (dir === '' || dir === '/' || dir === '.') return undefined;
  return dirnameOf(dir);
}

/**
 * The package a file belongs to: the nearest package.json up the tree that declares a known web
 * framework, or else the nearest package.json at all; undefined when there is none.
 */
export function packageFor(model: ProjectModel, filePath: string): PackageInfo | undefined {
  const c = cache(model);
  const start = dirnameOf(filePath);
  const cached = c.byDir.get(start);
  if (cached !== undefined) return cached ?? undefined;
  let nearest: PackageInfo | undefined;
  let found: PackageInfo | undefined;
  for (let dir: string | undefined = start, i = 0; dir !== undefined && i < 64; dir = parentDir(dir), i++) {
    const info = packageAt(model, c, joinPath(dir, 'package.json'));
    if (!info) continue;
    nearest ??= info;
    if (Object.keys(info.frameworks).length) {
      found = info;
      break;
    }
  }
  const result = found ?? nearest;
  c.byDir.set(start, result ?? null);
  return result;
}

export interface ExpressVersion {
  /** 4 or 5 (or later); 4 when the version cannot be read, the conservative reading. */
  major: number;
  /** How it was found: the range in package.json, or `unknown`. */
  source: string;
}

/** The Express major a file runs on, or undefined when its package does not use Express. */
export function expressVersion(pkg: PackageInfo | undefined): ExpressVersion | undefined {
  const dep = pkg?.frameworks.express;
  if (!dep) return undefined;
  return dep.major === undefined ? { major: 4, source: `express "${dep.range}" (version unknown)` } : { major: dep.major, source: `express "${dep.range}"` };
}

/** Path helpers for the project layer: results use `/`-separated paths relative to the run's cwd when inside it. */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type * as Tinyglobby from 'tinyglobby';
import { lazy } from '../core/lazy.js';

const tinyglobby = lazy<typeof Tinyglobby>('tinyglobby');

/** The characters a glob needs (picomatch's magic and negation); a path with none is a plain path. */
export const GLOB_START = /[*?[{(!]/;

/**
 * Whether a command-line path is a glob. A path without any glob character is not one, and telling
 * so loads no glob library (tinyglobby and picomatch cost a one-file run's start-up several ms).
 */
export function isGlobPattern(p: string): boolean {
  return GLOB_START.test(p) && tinyglobby().isDynamicPattern(p);
}

export function toPosix(p: string): string {
  return sep === '/' ? p : p.split(sep).join('/');
}

/** The path as results show it: relative to cwd when inside it, absolute otherwise. */
export function displayPath(cwd: string, abs: string): string {
  const rel = relative(cwd, abs);
  if (!rel) return '.';
  if (rel.startsWith('..') || isAbsolute(rel)) return toPosix(abs);
  return toPosix(rel);
}

/** Absolute path of a display path. */
export function absPath(cwd: string, p: string): string {
  return resolve(cwd, p);
}

export function isInsideDir(dir: string, abs: string): boolean {
  const rel = relative(dir, abs);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** Folder paths as compared on this platform: Windows paths are case-insensitive (as `path.relative` compares them there). */
const folded = process.platform === 'win32' ? (p: string) => p.toLowerCase() : (p: string) => p;

/**
 * A set of folders (absolute, normalised: real paths or `resolve` results) and whether a path lies in
 * one of them: a look-up per ancestor of the path, not a comparison per folder (a run over the files
 * of many folders has a root per folder, and asks for every file it reads).
 */
export class FolderSet {
  private readonly set = new Set<string>();
  constructor(dirs: Iterable<string> = []) {
    for (const d of dirs) this.add(d);
  }
  add(dir: string): void {
    this.set.add(folded(dir));
  }
  /** Whether `abs` is one of the folders or lies inside one (`isInsideDir` of any). */
  contains(abs: string): boolean {
    for (let d = folded(abs); ; ) {
      if (this.set.has(d)) return true;
      const up = dirname(d);
      if (up === d) return false;
      d = up;
    }
  }
}

/** Path helpers for the project layer: results use `/`-separated paths relative to the run's cwd when inside it. */
import { isAbsolute, relative, resolve, sep } from 'node:path';

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

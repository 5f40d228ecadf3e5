/** A FileHost over in-memory texts: used by tests, the RuleTester and the LSP's open buffers. */
import type Picomatch from 'picomatch';
import { lazy } from './lazy.js';

const picomatch = lazy<typeof Picomatch>('picomatch');
import type { FileHost } from './rule.js';

function normalize(path: string): string {
  const parts: string[] = [];
  const abs = path.startsWith('/');
  for (const seg of path.replace(/\\/g, '/').split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!abs) parts.push('..');
      continue;
    }
    parts.push(seg);
  }
  return (abs ? '/' : '') + parts.join('/');
}

export function joinPath(dir: string, rel: string): string {
  if (rel.startsWith('/')) return normalize(rel);
  return normalize(dir ? `${dir}/${rel}` : rel);
}

export function dirnameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : i === 0 ? '/' : p.slice(0, i);
}

export class MemoryHost implements FileHost {
  private readonly files: Map<string, string>;
  constructor(files: Record<string, string> | Map<string, string>, private readonly fallback?: FileHost) {
    this.files = new Map([...(files instanceof Map ? files : Object.entries(files))].map(([k, v]) => [normalize(k), v]));
  }
  readFile(path: string): string | undefined {
    return this.files.get(normalize(path)) ?? this.fallback?.readFile(path);
  }
  glob(pattern: string, cwd: string): string[] {
    const full = joinPath(cwd, pattern);
    const isMatch = picomatch()(full, { dot: true });
    const own = [...this.files.keys()].filter((p) => isMatch(p));
    const more = this.fallback?.glob(pattern, cwd) ?? [];
    return [...new Set([...own, ...more])].sort();
  }
  isInside(path: string): boolean {
    const p = normalize(path);
    if (this.files.has(p)) return true;
    if (this.fallback) return this.fallback.isInside(path);
    return !p.startsWith('/') && !p.startsWith('..');
  }
}

#!/usr/bin/env node
// Builds a synthetic monorepo of N files from copies of ../shared/corpus (read-only; never written).
// Each copy lives in its own folder (copy-0001/...), so nginx includes still resolve inside it, and
// the Kubernetes objects of each copy are renamed (`name:` and the usual app labels get a `-cNNNN`
// suffix), so that Services, Ingresses and HPAs still find their targets within the copy and
// cross-file rules do real work instead of matching the same names across all copies.
//
//   node bench/gen.mjs --files 10000 [--out DIR]     (default DIR: <tmp>/lint500-bench/mono-<N>)
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { CORPUS, WORK } from './lib.mjs';

const KINDS = ['docker', 'k8s', 'nginx', 'spring', 'tomcat'];
const RENAMED_KEYS = /^(\s*(?:-\s+)?(?:name|app|app\.kubernetes\.io\/name|k8s-app|serviceName):\s+)(["']?)([A-Za-z0-9][\w.-]*)\2(\s*(?:#.*)?)$/;

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The corpus files, in a fixed order. */
export function corpusFiles() {
  return KINDS.flatMap((k) => walk(join(CORPUS, k)));
}

function rename(text, suffix) {
  return text
    .split('\n')
    .map((line) => {
      const m = RENAMED_KEYS.exec(line);
      if (!m || line.includes('{{')) return line;
      return `${m[1]}${m[2]}${m[3]}${suffix}${m[2]}${m[4]}`;
    })
    .join('\n');
}

export function generate(files, out) {
  const marker = join(out, '.lint500-bench-files');
  if (existsSync(marker) && readFileSync(marker, 'utf8') === String(files)) return out;
  rmSync(out, { recursive: true, force: true });
  const src = corpusFiles();
  let written = 0;
  for (let copy = 1; written < files; copy++) {
    const suffix = `-c${String(copy).padStart(4, '0')}`;
    for (const f of src) {
      if (written >= files) break;
      const rel = relative(CORPUS, f);
      const dest = join(out, `copy-${String(copy).padStart(4, '0')}`, rel);
      mkdirSync(dirname(dest), { recursive: true });
      const text = readFileSync(f, 'utf8');
      writeFileSync(dest, rel.startsWith('k8s/') && /\.ya?ml$/.test(rel) ? rename(text, suffix) : text);
      written++;
    }
  }
  // A repository root, so discovery stops here and .gitignore handling is the usual one.
  mkdirSync(join(out, '.git'), { recursive: true });
  writeFileSync(marker, String(files));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const files = Number(arg('--files', '10000'));
  const out = arg('--out', join(WORK, `mono-${files}`));
  generate(files, out);
  const total = walk(out).filter((p) => !p.includes('/.git/') && !p.endsWith('.lint500-bench-files'));
  const bytes = total.reduce((n, p) => n + statSync(p).size, 0);
  console.log(`${out}: ${total.length} files, ${(bytes / 1e6).toFixed(1)} MB`);
}

/**
 * Whole public repositories (`../shared/projects`, beside the repository when present): `lint500 .`
 * from each repository's root, and over all of them together, must finish with exit 0 or 1, with no
 * `internal-error`, and with a `parse-error` only where the file itself is broken upstream (listed
 * below with the reason). A fresh clone has no `../shared`: the suite then says it skipped.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'dist/src/cli/bin.js');
const projects = join(root, '../shared/projects');
const present = existsSync(projects);

/** `<repository>/<path>` of files that are broken upstream, with the reason. None today. */
const KNOWN_PARSE_ERRORS: Record<string, string> = {};

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; line: number; message: string }[];
}

function lintFrom(cwd: string) {
  const r = spawnSync(process.execPath, [bin, '.', '-f', 'json'], { cwd, encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stderr: r.stderr, results: r.stdout ? (JSON.parse(r.stdout) as JsonResult[]) : [] };
}

function problems(results: JsonResult[]): string[] {
  const out: string[] = [];
  for (const f of results) {
    const rel = relative(projects, f.filePath);
    for (const m of f.messages) {
      if (m.ruleId === 'internal-error') out.push(`${rel}:${m.line} ${m.message}`);
      if (m.ruleId === 'parse-error' && !(rel in KNOWN_PARSE_ERRORS)) out.push(`${rel}:${m.line} ${m.message}`);
    }
  }
  return out;
}

// Without the folder, one named placeholder keeps the skip visible in the report.
const repos = present ? readdirSync(projects, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : ['(../shared/projects is absent)'];

describe.skipIf(!present)('whole public repositories (../shared/projects)', () => {
  it.each(repos)('lint500 . in %s exits 0 or 1 with no internal or unexpected parse error', (name) => {
    const r = lintFrom(join(projects, name));
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(r.results.length).toBeGreaterThan(0);
    expect(problems(r.results)).toEqual([]);
  });
  it('lint500 . over all of them together', () => {
    const r = lintFrom(projects);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(problems(r.results)).toEqual([]);
    // Every repository is read.
    const seen = new Set(r.results.map((f) => relative(projects, f.filePath).split('/')[0]));
    expect([...seen].sort()).toEqual(repos);
  });
});

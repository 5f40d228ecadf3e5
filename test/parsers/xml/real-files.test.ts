/**
 * Real-world files: Debian's stock Tomcat 10 configuration (package tomcat10, installed by .ci/run)
 * gives no finding and no parse error with every tomcat rule on; the Tomcat and Spring Boot files
 * of the real-world sets (test/corpus.ts) parse without a parse error and lints without a crash. The per-rule counts are
 * printed for review.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import type { LintMessage } from '../../../src/core/diagnostics.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { AnyRule, SourceFile } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { classify } from '../../../src/project/classify.js';
import { loadRules } from '../../../rules/index.js';
import { corpusSets, walkFiles } from '../../corpus.js';
import { toolGate } from '../../system-tools.js';

/** Reads the files under `roots` that lint500 classifies as Tomcat or Spring, with paths relative to `base`. */
function collect(base: string, roots: string[]): SourceFile[] {
  const out: SourceFile[] = [];
  for (const root of roots) {
    for (const abs of walkFiles(root)) {
      const path = relative(base, abs).split('\\').join('/');
      const text = readFileSync(abs, 'utf8');
      const kind = classify(path, text);
      if (kind === 'tomcat' || kind === 'spring') out.push({ path, text, kind });
    }
  }
  return out;
}

async function lintAll(files: SourceFile[]): Promise<(LintMessage & { filePath: string })[]> {
  const rules: AnyRule[] = await loadRules(['tomcat']);
  expect(rules.length).toBeGreaterThanOrEqual(8);
  const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'off' }, new Map(rules.map((r) => [r.meta.id, r])));
  const host = new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text])));
  const results = await lint({ files, rules, config, parsers: loadParser, host });
  return results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath })));
}

const show = (m: LintMessage & { filePath: string }) => `${m.filePath}:${m.line}:${m.column} ${m.ruleId} ${m.message}`;

const tomcat = toolGate("Debian's stock Tomcat 10 configuration", existsSync('/etc/tomcat10/server.xml'), 'tomcat10');
describe.skipIf(tomcat.skip)(tomcat.title, () => {
  const dirs = ['/etc/tomcat10', '/usr/share/tomcat10/etc'];

  it('is installed (the tomcat10 package; .ci/run installs it)', () => {
    for (const f of ['/etc/tomcat10/server.xml', '/etc/tomcat10/context.xml']) expect(existsSync(f), `${f} is missing: apt-get install tomcat10`).toBe(true);
  });

  it('gives no finding and no parse error with every tomcat rule on', async () => {
    const files = collect('/', dirs.filter(existsSync));
    const names = files.map((f) => f.path);
    expect(names).toContain('etc/tomcat10/server.xml');
    expect(names).toContain('etc/tomcat10/context.xml');
    const messages = await lintAll(files);
    expect(messages.map(show)).toEqual([]);
  });
});

for (const { title, dir: CORPUS, present, large } of corpusSets()) {
  describe.skipIf(!present)(`Tomcat and Spring files of the ${title}`, () => {
    it('parses and lints every file without a parse error or a crash (empty Spring files included)', async () => {
      const files = collect(CORPUS, [join(CORPUS, 'tomcat'), join(CORPUS, 'spring')]);
      expect(files.filter((f) => f.kind === 'tomcat').length).toBeGreaterThan(large ? 10 : 3);
      expect(files.filter((f) => f.kind === 'spring').length).toBeGreaterThan(large ? 100 : 4);
      expect(files.some((f) => f.kind === 'spring' && f.text === '')).toBe(true);
      const messages = await lintAll(files);
      expect(messages.filter((m) => m.ruleId === 'internal-error' || m.ruleId === 'parse-error').map(show)).toEqual([]);
      const counts: Record<string, number> = {};
      for (const m of messages) counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
      console.log(`tomcat/spring corpus: ${files.length} files`, counts);
      if (process.env.LINT500_CORPUS_DETAILS) for (const m of messages) console.log(show(m));
    });
  });
}

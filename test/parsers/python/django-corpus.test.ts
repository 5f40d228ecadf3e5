/**
 * Django's own source (Debian's python3-django, installed on developer machines and in CI) must
 * parse without errors and lint without crashes; the per-rule counts are printed for the notes.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { AnyRule, SourceFile } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import exceptionSwallowed from '../../../rules/python/exception-swallowed.js';
import debugEnabled from '../../../rules/python/django-debug-enabled.js';
import flaskHandler from '../../../rules/python/flask-error-handler-missing.js';
import recursion from '../../../rules/python/unconditional-recursion.js';
import returnNone from '../../../rules/python/view-may-return-none.js';
import { toolGate } from '../../system-tools.js';

const BASE = '/usr/lib/python3/dist-packages';

function pyFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) pyFiles(p, out);
    else if (name.endsWith('.py')) out.push(p);
  }
  return out;
}

const gate = toolGate("Django's own source", existsSync(join(BASE, 'django')), 'python3-django');
describe.skipIf(gate.skip)(gate.title, () => {
  it('lints Django from python3-django without parse errors or crashes', async () => {
    const files: SourceFile[] = pyFiles(join(BASE, 'django')).map((p) => ({ path: p.slice(BASE.length + 1), text: readFileSync(p, 'utf8'), kind: 'python' }));
    expect(files.length).toBeGreaterThan(500);
    const rules: AnyRule[] = [debugEnabled, recursion, returnNone, flaskHandler, exceptionSwallowed];
    const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'off' }, new Map(rules.map((r) => [r.meta.id, r])));
    const results = await lint({ files, rules, config, parsers: loadParser, host: new MemoryHost(Object.fromEntries(files.map((f) => [f.path, f.text]))) });
    const messages = results.flatMap((r) => r.messages.map((m) => ({ ...m, file: r.filePath })));
    const broken = messages.filter((m) => m.ruleId === 'parse-error' || m.ruleId === 'internal-error');
    expect(broken.map((m) => `${m.file}:${m.line}:${m.column} ${m.ruleId} ${m.message}`)).toEqual([]);
    const counts: Record<string, number> = {};
    for (const m of messages) counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
    console.log(`django: ${files.length} files`, JSON.stringify(counts));
    for (const m of messages) console.log(`  ${m.file}:${m.line}:${m.column} ${m.ruleId} ${m.message.slice(0, 120)}`);
  }, 120_000);
});

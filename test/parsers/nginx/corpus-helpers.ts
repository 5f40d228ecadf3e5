/** Runs the nginx parser and rules over a folder of real configurations, as the CLI would. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import type { LintMessage } from '../../../src/core/diagnostics.js';
import { lint } from '../../../src/core/engine.js';
import type { AnyRule, SourceFile } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { DiskHost } from '../../../src/project/host.js';
import { classify } from '../../../src/project/classify.js';
import { loadRules } from '../../../rules/index.js';
import { walkFiles } from '../../corpus.js';


export async function lintFolder(root: string): Promise<{ files: SourceFile[]; messages: (LintMessage & { filePath: string })[] }> {
  const files: SourceFile[] = [];
  for (const abs of walkFiles(root)) {
    const path = relative(root, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    const kind = classify(path, text);
    if (kind === 'nginx') files.push({ path, text, kind });
  }
  const rules: AnyRule[] = await loadRules(['nginx']);
  const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'off' }, new Map(rules.map((r) => [r.meta.id, r])));
  const host = new DiskHost(root, [root], 5 * 1024 * 1024);
  const results = await lint({ files, rules, config, parsers: loadParser, host });
  return { files, messages: results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath }))) };
}

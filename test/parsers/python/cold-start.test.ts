import { expect, it } from 'vitest';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { SourceFile } from '../../../src/core/rule.js';
import { loadParser } from '../../../src/parsers/index.js';
import { loadedGrammars } from '../../../src/parsers/treesitter/index.js';

async function run(files: SourceFile[]): Promise<void> {
  await lint({ files, rules: [], config: new ConfigResolver({ extends: 'all' }, new Map()), parsers: loadParser, host: new MemoryHost({}) });
}

it('loads a tree-sitter grammar only when a file of its language is in the run', async () => {
  await run([
    { path: 'Dockerfile', text: 'FROM python:3.12\n', kind: 'dockerfile' },
    { path: 'requirements.txt', text: 'django\n', kind: 'manifest' },
  ]);
  expect(loadedGrammars()).toEqual([]);
  await run([{ path: 'app.py', text: 'x = 1\n', kind: 'python' }]);
  expect(loadedGrammars()).toEqual(['python']);
  await run([{ path: 'A.java', text: 'class A {}\n', kind: 'java' }]);
  expect(loadedGrammars()).toEqual(['java', 'python']);
});

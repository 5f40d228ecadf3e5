import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../src/core/config/resolve.js';
import { lint, type EngineCache } from '../../src/core/engine.js';
import type { AnyRule } from '../../src/core/rule.js';
import { lineParser, ruleOn, run } from './helpers.js';

function countingParsers() {
  const parsed: string[] = [];
  const parser = { ...lineParser, parse: (f: Parameters<typeof lineParser.parse>[0], env: Parameters<typeof lineParser.parse>[1]) => (parsed.push(f.path), lineParser.parse(f, env)) };
  return { parsed, parsers: async () => parser };
}

function memoryCache(): EngineCache & { size: () => number } {
  const m = new Map<string, unknown>();
  return { get: (k) => m.get(k) as never, set: (k, v) => void m.set(k, v), size: () => m.size };
}

const foo = ruleOn('test/foo-found', (t) => t.includes('foo'));
const projectRule: AnyRule = {
  meta: { ...foo.meta, id: 'test/files-counted', kind: 'project', messages: { n: '{{n}} files' } },
  create: (ctx: { report: (d: unknown) => void; model: { files: unknown[] } }) => ({
    project: () => ctx.report({ file: 'a.txt', span: { start: 0, end: 1 }, messageId: 'n', data: { n: ctx.model.files.length } }),
  }),
};

describe('engine cache', () => {
  it('skips parsing unchanged files and gives the same results', async () => {
    const cache = memoryCache();
    const files = { 'a.txt': 'foo\n# lint500-disable-next-line test/foo-found\nfoo\n', 'b.txt': 'bar\n' };
    const first = countingParsers();
    const r1 = await run(files, [foo], {}, { cache, parsers: first.parsers });
    expect(first.parsed).toEqual(['a.txt', 'b.txt']);
    const second = countingParsers();
    const r2 = await run(files, [foo], {}, { cache, parsers: second.parsers });
    expect(second.parsed).toEqual([]);
    expect(r2).toEqual(r1);
    const third = countingParsers();
    const r3 = await run({ ...files, 'b.txt': 'foo\n' }, [foo], {}, { cache, parsers: third.parsers });
    expect(third.parsed).toEqual(['b.txt']);
    expect(r3.map((r) => r.messages.length)).toEqual([1, 1]);
    expect(r3[0]!.suppressedMessages).toHaveLength(1);
  });
  it('invalidates on config changes', async () => {
    const cache = memoryCache();
    await run({ 'a.txt': 'foo\n' }, [foo], {}, { cache });
    const p = countingParsers();
    const r = await run({ 'a.txt': 'foo\n' }, [foo], { rules: { 'test/foo-found': 'error' } }, { cache, parsers: p.parsers });
    expect(p.parsed).toEqual(['a.txt']);
    expect(r[0]!.messages[0]!.severity).toBe('error');
  });
  it('reruns project rules (parsing everything) when any file changed, and reuses them otherwise', async () => {
    const cache = memoryCache();
    await run({ 'a.txt': 'x\n', 'b.txt': 'y\n' }, [foo, projectRule], {}, { cache });
    const same = countingParsers();
    const r1 = await run({ 'a.txt': 'x\n', 'b.txt': 'y\n' }, [foo, projectRule], {}, { cache, parsers: same.parsers });
    expect(same.parsed).toEqual([]);
    expect(r1[0]!.messages.map((m) => m.message)).toEqual(['2 files']);
    const changed = countingParsers();
    const r2 = await run({ 'a.txt': 'x\n', 'b.txt': 'y\n', 'c.txt': 'z\n' }, [foo, projectRule], {}, { cache, parsers: changed.parsers });
    expect(changed.parsed).toEqual(['c.txt', 'a.txt', 'b.txt']); // the new file for file rules, the others when the project rule asks
    expect(r2[0]!.messages.map((m) => m.message)).toEqual(['3 files']);
  });
});

describe('shards', () => {
  it('file rules only in scope; project rules only when asked', async () => {
    const p = countingParsers();
    const files = { 'a.txt': 'foo\n', 'b.txt': 'foo\n' };
    const shard2 = await run(files, [foo, projectRule], {}, { parsers: p.parsers, fileScope: (f) => f === 'b.txt', runProjectRules: false });
    expect(p.parsed).toEqual(['b.txt']);
    expect(shard2.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId}`))).toEqual(['b.txt test/foo-found']);
    const shard1 = await run(files, [foo, projectRule], {}, { fileScope: (f) => f === 'a.txt' });
    expect(shard1.flatMap((r) => r.messages.map((m) => `${r.filePath} ${m.ruleId}`))).toEqual(['a.txt test/files-counted', 'a.txt test/foo-found']);
  });
});

describe('cache and cross-file file rules', () => {
  it('a file rule that reads the model is re-run when another file changes', async () => {
    const cache = memoryCache();
    // Reports each line of a.txt that names a file missing from the run.
    const missing: AnyRule = {
      meta: { ...foo.meta, id: 'test/file-missing', messages: { gone: '{{name}} is not in the run' } },
      create: (ctx: { report: (d: unknown) => void; model: { file: (p: string) => unknown } }) => ({
        line: (n: { text: string; span: { start: number; end: number } }) => {
          if (!ctx.model.file(n.text)) ctx.report({ node: n, messageId: 'gone', data: { name: n.text } });
        },
      }),
    };
    const r1 = await run({ 'a.txt': 'b.txt\n', 'b.txt': 'x\n' }, [missing], {}, { cache });
    expect(r1[0]!.messages).toEqual([]);
    const r2 = await run({ 'a.txt': 'b.txt\n', 'c.txt': 'x\n' }, [missing], {}, { cache });
    expect(r2[0]!.messages.map((m) => m.message)).toEqual(['b.txt is not in the run']);
    const p = countingParsers();
    await run({ 'a.txt': 'b.txt\n', 'c.txt': 'x\n' }, [missing], {}, { cache, parsers: p.parsers });
    expect(p.parsed).toEqual([]);
  });
});

describe('cache and included files', () => {
  // A parser where a line `include X` pulls X in (as nginx does), so X is linted through its includer.
  const includingParser = {
    ...lineParser,
    parse(f: Parameters<typeof lineParser.parse>[0], env: Parameters<typeof lineParser.parse>[1]) {
      const out = lineParser.parse(f, env);
      const includes = f.text.split('\n').flatMap((l) => (l.startsWith('include ') ? [l.slice(8)] : []));
      return { ...out, includes, texts: Object.fromEntries(includes.map((p) => [p, env.host.readFile(p) ?? ''])) };
    },
  };
  it('keeps a file linted through its includer cached, and lints it alone once nothing includes it', async () => {
    const cache = memoryCache();
    const parsed: string[] = [];
    const parsers = async () => ({ ...includingParser, parse: (f: Parameters<typeof lineParser.parse>[0], env: Parameters<typeof lineParser.parse>[1]) => (parsed.push(f.path), includingParser.parse(f, env)) });
    const { MemoryHost } = await import('../../src/core/memory-host.js');
    const files = { 'main.txt': 'include snip.txt\n', 'snip.txt': 'foo\n' };
    const host = new MemoryHost(files);
    const first = await run(files, [foo], {}, { cache, parsers, host });
    expect(first.map((r) => r.messages.length)).toEqual([0, 0]);
    parsed.length = 0;
    await run(files, [foo], {}, { cache, parsers, host });
    expect(parsed).toEqual([]);
    const alone = await run({ 'main.txt': 'nothing\n', 'snip.txt': 'foo\n' }, [foo], {}, { cache, parsers, host: new MemoryHost({ 'main.txt': 'nothing\n', 'snip.txt': 'foo\n' }) });
    expect(alone.map((r) => r.messages.map((m) => m.ruleId))).toEqual([[], ['test/foo-found']]);
  });
});

describe('engine cache across kinds', () => {
  it('a changed file whose rules read a cached file of another kind sees it, as an uncached run does', async () => {
    // Files of kind `k8s` (changed) have a rule that counts the `manifest` files of the run (cached).
    const k8sParser = { ...lineParser, kind: 'k8s' as const };
    const parsers = async (kind: string) => (kind === 'k8s' ? k8sParser : lineParser);
    const counter: AnyRule = {
      meta: { ...foo.meta, id: 'test/manifests-seen', kind: 'k8s', messages: { n: '{{n}} manifests' } },
      create: (ctx: { report: (d: unknown) => void; model: { filesOf: (k: string) => { root: unknown }[] } }) => ({
        line: (n: unknown) => ctx.report({ node: n, messageId: 'n', data: { n: ctx.model.filesOf('manifest').filter((f) => f.root).length } }),
      }),
    };
    const lintWith = (k8sText: string, cache?: EngineCache) =>
      lint({
        files: [
          { path: 'm.txt', kind: 'manifest', text: 'x\n' },
          { path: 'k.yaml', kind: 'k8s', text: k8sText },
        ],
        rules: [counter],
        config: new ConfigResolver({}, new Map([[counter.meta.id, counter]])),
        parsers: parsers as never,
        cache,
      });
    const cache = memoryCache();
    await lintWith('a\n', cache);
    const cached = await lintWith('b\n', cache);
    expect(cached.flatMap((r) => r.messages.map((m) => m.message))).toEqual(['1 manifests']);
    expect(cached).toEqual(await lintWith('b\n'));
  });
});

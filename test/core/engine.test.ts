import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../../src/core/config/resolve.js';
import { lint } from '../../src/core/engine.js';
import type { AnyRule, ParserModule, ProjectModel } from '../../src/core/rule.js';
import { lineParser, ruleOn, run } from './helpers.js';

const foo = ruleOn('test/foo-found', (t) => t.includes('foo'));
const bar = ruleOn('test/bar-found', (t) => t.includes('bar'), { severity: 'error' });

describe('engine', () => {
  it('reports with exact positions, messages from templates, and sorted output', async () => {
    const [r] = await run({ 'a.txt': 'x\nbar foo\nfoo\n' }, [foo, bar]);
    expect(r!.messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.message, m.severity])).toEqual([
      ['test/bar-found', 2, 1, 2, 8, 'found bar foo', 'error'],
      ['test/foo-found', 2, 1, 2, 8, 'found bar foo', 'warning'],
      ['test/foo-found', 3, 1, 3, 4, 'found foo', 'warning'],
    ]);
  });

  it('turns a parse error into parse-error and still lints the other files', async () => {
    const results = await run({ 'a.txt': 'foo\n!!\n', 'b.txt': 'foo\n' }, [foo]);
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}@${m.line}`))).toEqual([['test/foo-found@1', 'parse-error@2'], ['test/foo-found@1']]);
  });

  it('isolates a crashing rule as internal-error naming the rule and file; other rules still run', async () => {
    const crashy = ruleOn('test/crashy', () => false, {}, { throws: true });
    const [r] = await run({ 'a.txt': 'boom\nfoo\n' }, [crashy, foo]);
    expect(r!.messages.map((m) => [m.ruleId, m.message])).toEqual([
      ['internal-error', 'Rule test/crashy crashed on this file: kaboom'],
      ['test/foo-found', 'found foo'],
    ]);
  });

  it('applies config: off, severity override, overrides by glob', async () => {
    const results = await run({ 'a.txt': 'foo bar\n', 'sub/b.txt': 'foo bar\n' }, [foo, bar], {
      rules: { 'test/bar-found': 'off', 'test/foo-found': 'info' },
      overrides: [{ files: ['sub/**'], rules: { 'test/bar-found': 'warning' } }],
    });
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}:${m.severity}`))).toEqual([['test/foo-found:info'], ['test/bar-found:warning', 'test/foo-found:info']]);
  });

  it('keeps rules out of the recommended preset unless asked', async () => {
    const extra = ruleOn('test/extra-found', (t) => t.includes('foo'), { recommended: false });
    expect((await run({ 'a.txt': 'foo\n' }, [extra]))[0]!.messages).toEqual([]);
    expect((await run({ 'a.txt': 'foo\n' }, [extra], { extends: 'strict' }))[0]!.messages.map((m) => m.ruleId)).toEqual(['test/extra-found']);
  });

  it('reports only in reportOn files', async () => {
    const results = await run({ 'a.txt': 'foo\n', 'b.txt': 'foo\n' }, [foo], {}, { reportOn: (p) => p === 'b.txt' });
    expect(results.map((r) => r.filePath)).toEqual(['b.txt']);
  });

  it('reports a finding reported twice once, keeps one that differs only in its message, and numbers a repeated fingerprint within its file', async () => {
    const twice: AnyRule = {
      meta: { ...foo.meta, id: 'test/twice', messages: { hit: 'found {{text}}', other: 'other {{text}}' } },
      create(ctx: { report: (d: unknown) => void }) {
        return {
          line(n: { text: string; span: { start: number; end: number } }) {
            if (!n.text.includes('foo')) return;
            ctx.report({ node: n, messageId: 'hit', data: { text: n.text } });
            ctx.report({ node: n, messageId: 'other', data: { text: n.text } });
            ctx.report({ node: n, messageId: 'hit', data: { text: n.text } });
          },
        };
      },
    };
    const [a, b] = await run({ 'a.txt': 'foo\nfoo\n', 'b.txt': 'foo\n' }, [twice]);
    expect(a!.messages.map((m) => [m.line, m.message])).toEqual([
      [1, 'found foo'],
      [1, 'other foo'],
      [2, 'found foo'],
      [2, 'other foo'],
    ]);
    const fp = a!.messages.map((m) => m.fingerprint);
    // Line 2 repeats line 1 (same rule, message and line text): its fingerprints are numbered.
    expect(fp[2]).toBe(`${fp[0]}:1`);
    expect(fp[3]).toBe(`${fp[1]}:1`);
    expect(fp[0]).toMatch(/^[0-9a-f]{16}$/);
    // The same finding in another file has a fingerprint of its own, not numbered after a's.
    expect(b!.messages.map((m) => m.fingerprint)).toEqual(b!.messages.map((m) => m.fingerprint.replace(/:\d+$/, '')));
    expect(b!.messages[0]!.fingerprint).not.toBe(fp[0]);
  });

  it("gives each result its file's text on first use, not as an own property (a copy of a result has none)", async () => {
    const [r] = await run({ 'a.txt': 'foo\nbar\n' }, [foo]);
    expect(r!.source).toBe('foo\nbar\n');
    expect(Object.keys(r!)).toEqual(['filePath', 'kind', 'messages', 'suppressedMessages']);
  });

  it('gives fingerprints that survive line shifts', async () => {
    const [a] = await run({ 'a.txt': 'foo\n' }, [foo]);
    const [b] = await run({ 'a.txt': 'x\ny\nfoo\n' }, [foo]);
    expect(a!.messages[0]!.fingerprint).toBe(b!.messages[0]!.fingerprint);
  });

  it('applies safe fixes in several passes and leaves unsafe ones unless asked', async () => {
    const fixer = ruleOn('test/foo-found', (t) => t.includes('foo'), { fix: 'safe' }, { fix: (n) => ({ span: { start: n.span.start + n.text.indexOf('foo'), end: n.span.start + n.text.indexOf('foo') + 3 }, text: 'bar' }) });
    const [r] = await run({ 'a.txt': 'foo foo\nfoo\n' }, [fixer], {}, { fix: 'safe' });
    expect(r!.output).toBe('bar bar\nbar\n');
    expect(r!.messages).toEqual([]);
    const unsafe = ruleOn('test/foo-found', (t) => t.includes('foo'), { fix: 'unsafe' }, { fix: (n) => ({ span: n.span, text: 'ok' }) });
    expect((await run({ 'a.txt': 'foo\n' }, [unsafe], {}, { fix: 'safe' }))[0]!.output).toBeUndefined();
    expect((await run({ 'a.txt': 'foo\n' }, [unsafe], {}, { fix: 'unsafe' }))[0]!.output).toBe('ok\n');
  });
});

describe('suppressions', () => {
  it('disable-next-line, disable-line, blocks and file, with the reason kept', async () => {
    const text = [
      '# lint500-disable-next-line test/foo-found -- legacy host, removed in Q3',
      'foo',
      'foo # lint500-disable-line',
      '# lint500-disable test/foo-found',
      'foo',
      '# lint500-enable test/foo-found',
      'foo',
    ].join('\n');
    const [r] = await run({ 'a.txt': text }, [foo]);
    expect(r!.messages.map((m) => `${m.ruleId}@${m.line}`)).toEqual(['test/foo-found@7']);
    expect(r!.suppressedMessages.map((m) => [m.line, m.suppressions])).toEqual([
      [2, [{ kind: 'directive', justification: 'legacy host, removed in Q3' }]],
      [3, [{ kind: 'directive' }]],
      [5, [{ kind: 'directive' }]],
    ]);
  });

  it('takes the reason after " - " too (XML comments may not contain "--")', async () => {
    const [r] = await run({ 'a.txt': '# lint500-disable-next-line test/foo-found - sized for the batch node\nfoo\n' }, [foo]);
    expect(r!.suppressedMessages.map((m) => m.suppressions)).toEqual([[{ kind: 'directive', justification: 'sized for the batch node' }]]);
  });

  it('disable-file covers the whole file', async () => {
    const [r] = await run({ 'a.txt': 'foo\n# lint500-disable-file test/foo-found -- generated\nfoo\n' }, [foo]);
    expect(r!.messages).toEqual([]);
    expect(r!.suppressedMessages).toHaveLength(2);
  });

  it('reports unused and unknown directives', async () => {
    const [r] = await run({ 'a.txt': '# lint500-disable-next-line test/foo-found\nok\n# lint500-disable-next-line test/nope-rule\nok\n' }, [foo]);
    expect(r!.messages.map((m) => [m.ruleId, m.line, m.column, m.message])).toEqual([
      ['unused-disable-directive', 1, 1, 'Unused lint500 suppression for test/foo-found: it suppressed nothing.'],
      ['invalid-disable-directive', 3, 1, 'Unknown rule "test/nope-rule" in lint500 suppression.'],
    ]);
    const [off] = await run({ 'a.txt': '# lint500-disable-next-line test/foo-found\nok\n' }, [foo], { reportUnusedDisableDirectives: 'off' });
    expect(off!.messages).toEqual([]);
    const [err] = await run({ 'a.txt': '# lint500-disable-next-line test/foo-found\nok\n' }, [foo], { reportUnusedDisableDirectives: 'error' });
    expect(err!.messages.map((m) => m.severity)).toEqual(['error']);
  });

  it('a directive for one id does not hide another rule', async () => {
    const [r] = await run({ 'a.txt': '# lint500-disable-next-line test/bar-found\nfoo bar\n' }, [foo, bar]);
    expect(r!.messages.map((m) => m.ruleId)).toEqual(['test/foo-found']);
  });
});

describe('the project model seen from file rules', () => {
  it('holds every file of the run, however late a rule first asks for it', async () => {
    // Reports, on the last line of each file, how many files the model holds; asked only at the end.
    const counter = {
      meta: { ...foo.meta, id: 'test/files-seen', messages: { n: '{{n}} files' } },
      create: (ctx: { report: (d: unknown) => void; model: { files: readonly unknown[] }; file: { path: string } }) => {
        let last: unknown;
        return {
          line: (n: unknown) => void (last = n),
          'file:exit': () => {
            if (ctx.file.path === 'c.txt') ctx.report({ node: last, messageId: 'n', data: { n: ctx.model.files.length } });
          },
        };
      },
    };
    const results = await run({ 'a.txt': 'x\n', 'b.txt': 'y\n', 'c.txt': 'z\n' }, [counter as never]);
    expect(results.flatMap((r) => r.messages.map((m) => m.message))).toEqual(['3 files']);
  });
});

/** The line parser, counting its parses per file. */
function countingParser() {
  const parses = new Map<string, number>();
  const parser: ParserModule = {
    ...lineParser,
    parse(file, env) {
      parses.set(file.path, (parses.get(file.path) ?? 0) + 1);
      return lineParser.parse(file, env);
    },
  };
  return { parser, parses };
}

describe('summarising parsers (trees dropped after file rules)', () => {
  /** The line parser with a summary (the file's line count), counting its parses per file. */
  function summarising() {
    const { parser: counting, parses } = countingParser();
    const parser: ParserModule = { ...counting, summarize: ((f: { path: string; root: unknown }) => ({ path: f.path, lines: (f.root as unknown[]).length })) as never };
    return { parser, parses };
  }
  const summaryRule = {
    meta: { ...foo.meta, id: 'test/summaries', kind: 'project', messages: { n: '{{s}}' } },
    create: (ctx: { report: (d: unknown) => void }) => ({
      project: (m: ProjectModel) => {
        const s = (m.summaries as (k: string) => { path: string; lines: number }[])('manifest');
        ctx.report({ file: 'a.txt', span: { start: 0, end: 1 }, messageId: 'n', data: { s: s.map((x) => `${x.path}=${x.lines}`).join(' ') } });
      },
    }),
  };

  it('parses each file once: file rules see the tree, project rules the summaries', async () => {
    const { parser, parses } = summarising();
    const results = await run({ 'a.txt': 'foo\nx\n', 'b.txt': 'y\n!!\n' }, [foo, summaryRule as never], {}, { parsers: async () => parser });
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}@${m.line} ${m.message}`))).toEqual([
      ['test/summaries@1 a.txt=2 b.txt=1', 'test/foo-found@1 found foo'],
      ['parse-error@2 unexpected !!'],
    ]);
    expect([...parses]).toEqual([
      ['a.txt', 1],
      ['b.txt', 1],
    ]);
  });

  it('parses a dropped file again when a rule asks for its tree, without repeating its diagnostics', async () => {
    const { parser, parses } = summarising();
    const treeRule = {
      meta: { ...foo.meta, id: 'test/tree', kind: 'project', messages: { n: '{{n}} nodes' } },
      create: (ctx: { report: (d: unknown) => void }) => ({
        project: (m: ProjectModel) => ctx.report({ file: 'b.txt', span: { start: 0, end: 1 }, messageId: 'n', data: { n: (m.file('b.txt')!.root as unknown as unknown[]).length } }),
      }),
    };
    const results = await run({ 'a.txt': 'x\n', 'b.txt': 'y\n!!\nz\n' }, [treeRule as never], {}, { parsers: async () => parser });
    expect(results[1]!.messages.map((m) => `${m.ruleId}@${m.line} ${m.message}`)).toEqual(['test/tree@1 2 nodes', 'parse-error@2 unexpected !!']);
    expect(parses.get('b.txt')).toBe(2);
  });

  it('lets the files and memos of its model go once the pass is over', async () => {
    let kept: ProjectModel | undefined;
    const builds: string[] = [];
    const keeper = {
      meta: { ...foo.meta, id: 'test/keeper', kind: 'project', messages: { n: '{{n}} files' } },
      create: (ctx: { report: (d: unknown) => void }) => ({
        project: (m: ProjectModel) => {
          kept = m;
          m.memo('index', () => builds.push('during'));
          ctx.report({ file: 'a.txt', span: { start: 0, end: 1 }, messageId: 'n', data: { n: m.files.length } });
        },
      }),
    };
    const results = await run({ 'a.txt': 'x\n', 'b.txt': 'y\n' }, [keeper as never]);
    expect(results[0]!.messages.map((m) => m.message)).toEqual(['2 files']);
    // A model kept past the run (by a rule's closure) no longer holds the pass's units or memos.
    expect(kept!.files).toEqual([]);
    expect(kept!.file('a.txt')).toBeUndefined();
    kept!.memo('index', () => builds.push('after'));
    expect(builds).toEqual(['during', 'after']);
  });

  it('puts the summary, not the tree, into the units it records for other threads', async () => {
    const { parser } = summarising();
    const stored: [string, unknown][] = [];
    await run({ 'a.txt': 'foo\n' }, [foo], {}, { parsers: async () => parser, cacheTrees: true, cache: { get: () => undefined, set: (k, v) => void stored.push([k, v]) } });
    const unit = stored.map(([, v]) => v).find((v) => !Array.isArray(v)) as { tree?: unknown; summary?: unknown };
    expect(unit.tree).toBeUndefined();
    expect(unit.summary).toEqual({ path: 'a.txt', lines: 1 });
  });

  it('a summary that crashes becomes internal-error on its file', async () => {
    const parser: ParserModule = {
      ...lineParser,
      summarize: () => {
        throw new Error('no summary');
      },
    };
    const results = await run({ 'a.txt': 'x\n' }, [summaryRule as never], {}, { parsers: async () => parser });
    expect(results[0]!.messages.map((m) => `${m.ruleId} ${m.message}`)).toEqual(['internal-error Summarising this manifest file crashed: no summary', 'test/summaries ']);
  });
});

describe('units recorded by another run (a worker thread’s part)', () => {
  it('reuses the tree of a file whose rules read the model, and runs its rules again on this run', async () => {
    const { parser: counting, parses } = countingParser();
    // Reports, on each file's first line, how many files the model holds.
    const seen = {
      meta: { ...foo.meta, id: 'test/files-seen', messages: { n: '{{n}} files' } },
      create: (ctx: { report: (d: unknown) => void; model: { files: readonly unknown[] } }) => {
        let done = false;
        return {
          line: (n: unknown) => {
            if (!done) ctx.report({ node: n, messageId: 'n', data: { n: ctx.model.files.length } });
            done = true;
          },
        };
      },
    };
    const recorded = new Map<string, unknown>();
    await run({ 'a.txt': 'x\n!!\n' }, [seen as never], {}, { parsers: async () => counting, cacheTrees: true, cache: { get: () => undefined, set: (k, v) => void recorded.set(k, v) } });
    const results = await run({ 'a.txt': 'x\n!!\n', 'b.txt': 'y\n' }, [seen as never], {}, { parsers: async () => counting, cache: { get: (k) => recorded.get(k) as never, set: () => {} } });
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}@${m.line} ${m.message}`))).toEqual([['test/files-seen@1 2 files', 'parse-error@2 unexpected !!'], ['test/files-seen@1 2 files']]);
    expect([...parses]).toEqual([
      ['a.txt', 1],
      ['b.txt', 1],
    ]);
  });
});

/**
 * A file that can let its text go. `releases` lists the `final` flag of each `release`; after a final
 * release, reading the text again counts and gives `later`. Reads between a release until the file's
 * turn and the next release count as `turnReads`.
 */
function releasable(path: string, text: string, later = text) {
  const file = {
    path,
    kind: 'manifest' as const,
    released: false,
    releases: [] as boolean[],
    turnReads: 0,
    readsAfterRelease: 0,
    get text() {
      if (this.releases.at(-1) === false) this.turnReads++;
      if (!this.released) return text;
      this.readsAfterRelease++;
      return later;
    },
    release(final = true) {
      this.releases.push(final);
      if (final) this.released = true;
    },
  };
  return file;
}

/** A rule that reports, on b.txt's last line once b.txt's rules ran, what `read` gives from the model (a.txt is linted first). */
function readsInB(id: string, read: (model: ProjectModel) => string): AnyRule {
  return {
    meta: { ...foo.meta, id, messages: { n: '{{n}}' } },
    create: (ctx: { report: (d: unknown) => void; model: ProjectModel; file: { path: string } }) => {
      let last: unknown;
      return {
        line: (n: unknown) => void (last = n),
        'file:exit': () => {
          if (ctx.file.path === 'b.txt') ctx.report({ node: last, messageId: 'n', data: { n: read(ctx.model) } });
        },
      };
    },
  } as never;
}

/** Lints releasable files with these rules. */
function lintReleasable(files: ReturnType<typeof releasable>[], rules: AnyRule[]) {
  return lint({ files, rules, config: new ConfigResolver({}, new Map(rules.map((r) => [r.meta.id, r]))), parsers: async () => lineParser });
}

describe('texts let go once a file is linted (SourceFile.release)', () => {
  it('places each finding in its file before releasing the text, and reads no text again for them', async () => {
    const a = releasable('a.txt', 'x\nbar foo\n', 'changed\n\n\n\nfoo\n');
    const b = releasable('b.txt', 'foo\n');
    const results = await lintReleasable([a, b], [foo, bar]);
    expect(a.released && b.released).toBe(true);
    expect(a.readsAfterRelease + b.readsAfterRelease).toBe(0);
    // Parsed ahead of their turn (the parser has no summaries), let go until it, read once then.
    expect([a.releases, b.releases]).toEqual([
      [false, true],
      [false, true],
    ]);
    expect([a.turnReads, b.turnReads]).toEqual([1, 1]);
    // Positions and fingerprints from the text that was linted, not from the one read later.
    const [ra] = await run({ 'a.txt': 'x\nbar foo\n' }, [foo, bar]);
    expect(results[0]!.messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn, m.fingerprint])).toEqual(ra!.messages.map((m) => [m.ruleId, m.line, m.column, m.endColumn, m.fingerprint]));
    expect(results[0]!.messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['test/bar-found', 2],
      ['test/foo-found', 2],
    ]);
  });

  it('reads a released text again when a later rule asks for it, and finds a file rule\'s tree through the model', async () => {
    const reader = readsInB('test/reads-a', (model) => `${model.text('a.txt')?.split('\n')[0]} ${model.file('a.txt')?.lines.lineCount}`);
    const a = releasable('a.txt', 'first\nsecond\n');
    const results = await lintReleasable([a, releasable('b.txt', 'y\n')], [reader]);
    expect(results.flatMap((r) => r.messages.map((m) => m.message))).toEqual(['first 3']);
    expect(a.readsAfterRelease).toBe(1);
  });

  it('lets a finished file\'s text go again once the later file whose rule read it is done, placing that rule\'s findings in it first', async () => {
    const reportsInA: AnyRule = {
      meta: { ...foo.meta, id: 'test/reports-in-a', messages: { n: 'a starts with {{n}}' } },
      create: (ctx: { report: (d: unknown) => void; model: ProjectModel; file: { path: string } }) => ({
        'file:exit': () => {
          if (ctx.file.path !== 'b.txt') return;
          const first = ctx.model.text('a.txt')!.split('\n')[0]!;
          ctx.report({ file: 'a.txt', span: { start: 0, end: first.length }, messageId: 'n', data: { n: first } });
        },
      }),
    } as never;
    const a = releasable('a.txt', 'first\nsecond\n');
    const b = releasable('b.txt', 'y\n');
    const results = await lintReleasable([a, b], [reportsInA]);
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}@${m.line}:${m.column}-${m.endColumn} ${m.message}`))).toEqual([['test/reports-in-a@1:1-6 a starts with first'], []]);
    // Read once by b.txt's rule, where the finding was placed, and let go again when b.txt was done.
    expect(a.readsAfterRelease).toBe(1);
    expect(a.releases).toEqual([false, true, true]);
    expect(b.releases).toEqual([false, true]);
  });

  it('keeps, of a linted file\'s tree, only the comments that may be directives, and suppresses as before', async () => {
    const reader = readsInB('test/reads-comments', (model) => model.file('a.txt')!.comments.map((c) => c.text.trim()).join('|'));
    const a = releasable('a.txt', 'foo # just a note\nfoo # lint500-disable-line test/foo-found\n');
    const results = await lintReleasable([a, releasable('b.txt', 'y\n')], [reader, foo]);
    expect(results.map((r) => r.messages.map((m) => `${m.ruleId}@${m.line}:${m.message}`))).toEqual([['test/foo-found@1:found foo'], ['test/reads-comments@1:lint500-disable-line test/foo-found']]);
    expect(results[0]!.suppressedMessages.map((m) => m.line)).toEqual([2]);
  });
});

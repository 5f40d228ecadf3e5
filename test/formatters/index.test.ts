import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/diagnostics.js';
import { FORMATTER_NAMES, getFormatter, isFormatterName, type FormatContext } from '../../src/formatters/index.js';
import { cleanResults, context, deepFreeze, msg, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';
import { sarifSchemaErrors } from './sarif-validate.js';
import { parseXml } from './xml.js';

/** Results and contexts every formatter is tried on: a mixed run, Windows paths, a clean run in colour, an empty run. */
function cases(): (readonly [FileResult[], FormatContext])[] {
  return [
    [sampleResults(), context()],
    [windowsResults(), context({ cwd: WIN_CWD })],
    [cleanResults(), context({ color: true })],
    [[], context()],
  ];
}

describe('formatter registry', () => {
  it('has exactly the formats of the CLI', () => {
    expect([...FORMATTER_NAMES]).toEqual(['stylish', 'json', 'sarif', 'github', 'junit', 'checkstyle', 'gitlab']);
    for (const name of FORMATTER_NAMES) {
      expect(isFormatterName(name)).toBe(true);
      expect(typeof getFormatter(name)).toBe('function');
    }
    for (const name of ['html', 'Stylish', '', 'toString', '__proto__', 'constructor']) {
      expect(getFormatter(name)).toBeUndefined();
      expect(isFormatterName(name)).toBe(false);
    }
  });

  it('every formatter is pure: frozen input, same output twice', () => {
    for (const name of FORMATTER_NAMES) {
      const f = getFormatter(name)!;
      for (const [results, ctx] of cases()) {
        const frozen = deepFreeze(results);
        const a = f(frozen, ctx);
        expect(f(frozen, ctx)).toBe(a);
      }
    }
  });

  it('every formatter is written in pieces, never fewer than one per file with findings', () => {
    for (const name of FORMATTER_NAMES) {
      const f = getFormatter(name)!;
      for (const [results, ctx] of cases()) {
        const pieces = [...f.chunks!(results, ctx)];
        expect(pieces.join(''), name).toBe(f(results, ctx));
        expect(pieces.filter((p) => p !== '').length, name).toBeGreaterThanOrEqual(results.filter((r) => r.messages.length).length);
      }
    }
    expect(sampleResults().filter((r) => r.messages.length).length).toBeGreaterThan(2);
  });

  it('every formatter ends a non-empty document with a newline; only stylish and github print nothing for a clean run', () => {
    for (const name of FORMATTER_NAMES) {
      const f = getFormatter(name)!;
      expect(f(sampleResults(), context()).endsWith('\n')).toBe(true);
      const clean = f(cleanResults(), context());
      if (name === 'stylish' || name === 'github') expect(clean).toBe('');
      else expect(clean.endsWith('\n')).toBe(true);
    }
  });

  it('every formatter gives a well-formed document for arbitrary messages and positions', () => {
    const src = 'server {\n  listen 80;\n}\n';
    const arbMessage = fc.record({
      message: fc.string({ unit: 'binary', maxLength: 80 }),
      severity: fc.constantFrom('error' as const, 'warning' as const, 'info' as const),
      ruleId: fc.constantFrom('nginx/proxy-timeout-too-low', 'parse-error', 'unused-disable-directive', 'plugin/unknown'),
      start: fc.nat({ max: src.length }),
      len: fc.nat({ max: 10 }),
    });
    fc.assert(
      fc.property(fc.array(arbMessage, { maxLength: 5 }), (ms) => {
        const messages = ms.map((m) => msg(src, { start: m.start, end: Math.min(src.length, m.start + m.len) }, m));
        const results: FileResult[] = [{ filePath: 'nginx/site.conf', kind: 'nginx', source: src, suppressedMessages: [], messages }];
        const ctx = context();
        expect(JSON.parse(getFormatter('json')!(results, ctx))).toHaveLength(1);
        expect(JSON.parse(getFormatter('gitlab')!(results, ctx))).toHaveLength(messages.length);
        expect(sarifSchemaErrors(JSON.parse(getFormatter('sarif')!(results, ctx)))).toEqual([]);
        parseXml(getFormatter('junit')!(results, ctx));
        parseXml(getFormatter('checkstyle')!(results, ctx));
        const gh = getFormatter('github')!(results, ctx);
        expect(gh.split('\n').filter(Boolean)).toHaveLength(messages.length);
        const stylish = getFormatter('stylish')!(results, ctx);
        // eslint-disable-next-line no-control-regex
        expect(stylish).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      }),
      { numRuns: 150 },
    );
  });
});

describe('lazy loader', () => {
  it('offers exactly the formats of the index, and the same functions', async () => {
    const { FORMAT_NAMES, loadFormatter } = await import('../../src/formatters/load.js');
    const index = await import('../../src/formatters/index.js');
    expect([...FORMAT_NAMES].sort()).toEqual([...index.FORMATTER_NAMES].sort());
    for (const name of FORMAT_NAMES) expect(await loadFormatter(name)).toBe(index.getFormatter(name));
    expect(await loadFormatter('xml')).toBeUndefined();
  });
});

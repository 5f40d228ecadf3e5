/**
 * Crash census: instead of stopping at the first failure like the properties do, runs
 * `LINT500_FUZZ_RUNS` cases per parser and generator and prints each distinct failure once (by its
 * message and first stack frame) with the smallest input seen. Off unless LINT500_FUZZ_EXPLORE is set:
 *   LINT500_FUZZ_EXPLORE=1 LINT500_FUZZ_RUNS=5000 npx vitest run test/fuzz/explore.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FILE_KINDS, type FileKind } from '../../src/core/rule.js';
import { bytesArb, checkParseTwice, DEFAULT_NAMES, mutatedArb, parserFor, RUNS, SEED, seedsOf, tokensArb } from './harness.js';


function signature(e: unknown): string {
  const err = e as Error;
  const frame = (err.stack ?? '').split('\n').find((l) => l.includes('/src/') || l.includes('/rules/')) ?? '';
  return `${err.message.replace(/\d+/g, 'N').slice(0, 120)} @ ${frame.trim().replace(/:\d+\)?$/, '')}`;
}

describe('crash census', () => {
  it('collects distinct parser failures', { timeout: 24 * 60 * 60 * 1000 }, async () => {
    const found = new Map<string, { kind: FileKind; input: string; count: number }>();
    const totals: string[] = [];
    for (const kind of FILE_KINDS) {
      const parser = await parserFor(kind);
      const gens: [string, fc.Arbitrary<{ path: string; text: string; label: string }>][] = [
        ['bytes', bytesArb.map((text) => ({ path: DEFAULT_NAMES[kind], text, label: JSON.stringify(text) }))],
        ['tokens', tokensArb(kind).map((text) => ({ path: DEFAULT_NAMES[kind], text, label: JSON.stringify(text) }))],
        ['mutations', mutatedArb(seedsOf(kind)).map((m) => ({ path: m.seed.path, text: m.text, label: `${m.seed.path} ${JSON.stringify(m.muts)}` }))],
      ];
      for (const [name, gen] of gens) {
        let n = 0;
        for (const c of fc.sample(gen, { numRuns: RUNS, seed: SEED })) {
          n++;
          try {
            checkParseTwice(parser, c.path, c.text);
          } catch (e) {
            const sig = `${kind}: ${signature(e)}`;
            const prev = found.get(sig);
            if (!prev) found.set(sig, { kind, input: c.label, count: 1 });
            else {
              prev.count++;
              if (c.label.length < prev.input.length) prev.input = c.label;
            }
          }
        }
        totals.push(`${kind} ${name}: ${n}`);
      }
    }
    console.log(`cases:\n  ${totals.join('\n  ')}`);
    console.log(`distinct failures: ${found.size}`);
    for (const [sig, f] of found) console.log(`- ${sig} (x${f.count})\n    ${f.input.slice(0, 400)}`);
    expect(found.size).toBeGreaterThanOrEqual(0);
  });
});

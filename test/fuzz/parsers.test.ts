/**
 * Property-based fuzzing of every parser: random bytes, random sequences of the format's tokens, and
 * mutations of real files (the real-world sets of test/corpus.ts, the demo project, samples). Each case must parse
 * without throwing, within a time bound, with every diagnostic inside its file, and the same way twice.
 * `LINT500_FUZZ_RUNS` sets the cases per property (CI: small; `npm run fuzz`: 20000).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FILE_KINDS, type FileKind } from '../../src/core/rule.js';
import { corpusSets, HAS_SHARED_CORPUS } from '../corpus.js';
import { allSeeds, bytesArb, checkParseTwice, DEFAULT_NAMES, fcParams, LONG, mutate, mutatedArb, mutationArb, parserFor, PROPERTY_TIMEOUT, RUNS, seedsOf, tokensArb } from './harness.js';

const counts = new Map<string, number>();
const count = (kind: FileKind, what: string) => counts.set(`${kind} ${what}`, (counts.get(`${kind} ${what}`) ?? 0) + 1);

afterAll(() => {
  if (LONG) console.log(`parser fuzz cases (runs=${RUNS}):\n${[...counts].map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
});

describe.skipIf(!HAS_SHARED_CORPUS)(`seeds from the ${corpusSets()[1]!.title}`, () => {
  it('takes every file of the large corpus as a seed', () => {
    expect(allSeeds().length).toBeGreaterThan(1400);
  });
});

describe.each(FILE_KINDS.map((k) => [k]))('%s parser', (kind) => {
  const name = DEFAULT_NAMES[kind];

  it('survives random bytes', { timeout: PROPERTY_TIMEOUT }, async () => {
    const parser = await parserFor(kind);
    fc.assert(
      fc.property(bytesArb, (text) => {
        count(kind, 'bytes');
        checkParseTwice(parser, name, text);
      }),
      fcParams(),
    );
  });

  it('survives random sequences of its tokens', { timeout: PROPERTY_TIMEOUT }, async () => {
    const parser = await parserFor(kind);
    fc.assert(
      fc.property(tokensArb(kind), (text) => {
        count(kind, 'tokens');
        checkParseTwice(parser, name, text);
      }),
      fcParams(),
    );
  });

  it('survives mutations of real files', { timeout: PROPERTY_TIMEOUT }, async () => {
    const parser = await parserFor(kind);
    // In CI the largest files would dominate the time; a long run takes every file.
    const seeds = seedsOf(kind, LONG ? Infinity : 32 * 1024);
    fc.assert(
      fc.property(mutatedArb(seeds), ({ seed, text }) => {
        count(kind, 'mutations');
        checkParseTwice(parser, seed.path, text);
      }),
      fcParams(),
    );
  });

  it('survives one mutation of every seed file, and each seed unmutated', { timeout: PROPERTY_TIMEOUT }, async () => {
    const parser = await parserFor(kind);
    const seeds = seedsOf(kind);
    // One fixed mutation list per file, drawn from a seeded generator so a failure names a reproducible case.
    const muts = fc.sample(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), { numRuns: seeds.length, seed: 11 });
    seeds.forEach((seed, i) => {
      count(kind, 'corpus sweep');
      try {
        checkParseTwice(parser, seed.path, seed.text);
        checkParseTwice(parser, seed.path, mutate(seed.text, muts[i]!));
      } catch (e) {
        throw new Error(`${seed.path} with ${JSON.stringify(muts[i])}: ${(e as Error).message}`, { cause: e });
      }
    });
  });
});

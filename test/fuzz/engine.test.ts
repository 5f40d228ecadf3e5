/**
 * Property-based fuzzing of the whole engine: `lint()` with every rule enabled (`extends: all`) over
 * mutated real files, random token soups and mixed multi-file projects. No rule may crash
 * (`internal-error`), every finding lies inside its file, a lint stays within a time bound, and two
 * runs give the same output.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { FILE_KINDS, type FileKind } from '../../src/core/rule.js';
import { allSeeds, bytesArb, checkLint, DEFAULT_NAMES, fcParams, LONG, mutatedArb, mutationArb, mutate, PROPERTY_TIMEOUT, RUNS, seedsOf, tokensArb } from './harness.js';

const counts = new Map<string, number>();
const count = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
afterAll(() => {
  if (LONG) console.log(`engine fuzz cases (runs=${RUNS}):\n${[...counts].map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);
});

// Whole-engine cases are dearer than a parse: half the runs per kind in CI.
const engineRuns = (n: number) => Math.max(5, Math.ceil(n / (LONG ? 4 : 2)));

describe.each(FILE_KINDS.map((k) => [k]))('lint() over %s files', (kind: FileKind) => {
  it('no rule crashes on mutated real files', { timeout: PROPERTY_TIMEOUT }, async () => {
    const seeds = seedsOf(kind, LONG ? Infinity : 32 * 1024);
    await fc.assert(
      fc.asyncProperty(mutatedArb(seeds), async ({ seed, text }) => {
        count(`${kind} mutations`);
        await checkLint([{ path: seed.path, text, kind }]);
      }),
      fcParams({ numRuns: engineRuns(RUNS) }),
    );
  });

  it('no rule crashes on token soups or random bytes', { timeout: PROPERTY_TIMEOUT }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(tokensArb(kind), bytesArb), async (text) => {
        count(`${kind} tokens/bytes`);
        await checkLint([{ path: DEFAULT_NAMES[kind], text, kind }]);
      }),
      fcParams({ numRuns: engineRuns(RUNS) }),
    );
  });
});

describe('lint() over mixed projects', () => {
  it('project rules survive several mutated files of different kinds together', { timeout: PROPERTY_TIMEOUT }, async () => {
    const seeds = allSeeds().filter((s) => s.text.length <= 16 * 1024);
    const project = fc.array(fc.tuple(fc.constantFrom(...seeds), fc.array(mutationArb, { maxLength: 3 })), { minLength: 2, maxLength: 6 }).map((picks) => {
      const seen = new Set<string>();
      const files = picks
        .map(([seed, muts]) => ({ path: seed.path, text: mutate(seed.text, muts), kind: seed.kind }))
        .filter((f) => !seen.has(f.path) && seen.add(f.path));
      return Object.assign(files, { [fc.toStringMethod]: () => JSON.stringify(picks.map(([s, m]) => [s.path, m])) });
    });
    await fc.assert(
      fc.asyncProperty(project, async (files) => {
        count('mixed projects');
        await checkLint(files);
      }),
      fcParams({ numRuns: engineRuns(RUNS) }),
    );
  });
});

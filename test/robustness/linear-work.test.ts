/**
 * Linear work in the size of a file, for every parser and model: each probe input of
 * scripts/hostile-inputs.mjs is linted with every rule at n and at 10n, and the work (counted by
 * work-counter.ts, not timed, so the test is the same on a loaded machine) must grow about tenfold.
 * A quadratic path — a scan of all earlier items per item — grows it a hundredfold.
 */
import { describe, expect, it } from 'vitest';
import type { FileKind } from '../../src/core/rule.js';
import { classify } from '../../src/project/classify.js';
import { GROWING } from '../../scripts/hostile-inputs.mjs';
import { lintTexts } from '../fuzz/harness.js';
import { countWork } from './work-counter.js';

/** The base size: large enough that the fixed cost of a run does not hide a quadratic term. */
const N = 150;
/** Linear work grows about 10× (less with the fixed cost, a little more for sorting); quadratic work about 100×. */
const BOUND = 16;

function project(g: (typeof GROWING)[number], n: number): { path: string; text: string; kind: FileKind }[] {
  const files = { [g.path]: g.make(n), ...(g.others?.(n) ?? {}) };
  return Object.entries(files).map(([path, text]) => {
    const kind = classify(path, text);
    if (!kind) throw new Error(`${path}: not a linted file`);
    return { path, text, kind };
  });
}

describe('work grows linearly with the size of a file', () => {
  for (const g of GROWING)
    it(g.name, { timeout: 300_000 }, async () => {
      expect(project(g, 1).find((f) => f.path === g.path)?.kind).toBe(g.kind);
      // Once unmeasured: the first run of a kind loads its parser and rules.
      await lintTexts(project(g, 2));
      const small = (await countWork(() => lintTexts(project(g, N)))).work;
      const large = await countWork(() => lintTexts(project(g, 10 * N)), { where: true });
      const ratio = large.work / small;
      expect(small).toBeGreaterThan(1000);
      // On failure, the message names the call sites that spent the work at 10n.
      expect(ratio, `work ${small} at n, ${large.work} at 10n; spent in:\n${large.where.slice(0, 8).map(([k, v]) => `${v}\t${k}`).join('\n')}`).toBeLessThan(BOUND);
    });
});

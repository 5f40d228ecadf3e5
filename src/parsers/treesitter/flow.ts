/**
 * The vocabulary of the unconditional-recursion checks over tree-sitter trees (Python, Java): what a
 * statement does to the path through a function — it calls the function itself first, it leaves,
 * or it falls through to the next statement. Each language walks its own node types.
 */
import type { TsNode } from './index.js';

/** Deeper than this, a walk gives up (and answers as if the path left). */
export const MAX_FLOW_DEPTH = 200;

export type Outcome = { kind: 'recurse'; call: TsNode } | { kind: 'exit' } | { kind: 'falls' };
export const EXIT: Outcome = { kind: 'exit' };
export const FALLS: Outcome = { kind: 'falls' };

/** A self-call found on the path, as an outcome. */
export function recursesAt(call: TsNode | undefined): Outcome | undefined {
  return call ? { kind: 'recurse', call } : undefined;
}

/** The outcome of a statement list: that of its first statement that does not fall through. */
export function firstOutcome(stmts: readonly TsNode[], step: (s: TsNode) => Outcome): Outcome {
  for (const s of stmts) {
    const o = step(s);
    if (o.kind !== 'falls') return o;
  }
  return FALLS;
}

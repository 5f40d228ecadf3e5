/** Applying fixes: non-overlapping edits, in order, the earliest first; overlapping ones wait for a later pass. */
import type { Edit } from './rule.js';
import { appendAll } from './append.js';

export interface FixResult {
  output: string;
  applied: number;
  /** Fix groups that overlapped an earlier one and were left out. */
  skipped: number;
}

/** Applies groups of edits (one group per finding, all or nothing) to a text. */
export function applyFixes(text: string, groups: readonly (readonly Edit[])[]): FixResult {
  const sorted = groups
    .filter((g) => g.length > 0)
    .map((g) => [...g].sort((a, b) => a.span.start - b.span.start))
    .sort((a, b) => a[0]!.span.start - b[0]!.span.start);
  const chosen: Edit[] = [];
  let lastEnd = -1;
  let applied = 0;
  let skipped = 0;
  for (const group of sorted) {
    const ok = group.every((e, i) => e.span.start >= (i === 0 ? lastEnd : group[i - 1]!.span.end) && e.span.start >= lastEnd && e.span.end <= text.length);
    if (!ok) {
      skipped++;
      continue;
    }
    appendAll(chosen, group);
    lastEnd = Math.max(lastEnd, group[group.length - 1]!.span.end);
    applied++;
  }
  let out = '';
  let pos = 0;
  for (const e of chosen) {
    out += text.slice(pos, e.span.start) + e.text;
    pos = e.span.end;
  }
  out += text.slice(pos);
  return { output: out, applied, skipped };
}

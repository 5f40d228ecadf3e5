/**
 * Baselines for adopting lint500 on a large repository: record today's findings, then show only new
 * ones. Findings are matched by rule, file and fingerprint (which ignores line numbers), so edits
 * above a finding do not resurrect it.
 */
import type { FileResult } from '../core/diagnostics.js';
import { UsageError } from './boundary.js';

export interface Baseline {
  version: 1;
  findings: { file: string; ruleId: string; fingerprint: string }[];
}

export function makeBaseline(results: readonly FileResult[]): Baseline {
  const findings = results.flatMap((r) => r.messages.map((m) => ({ file: r.filePath, ruleId: m.ruleId, fingerprint: m.fingerprint })));
  findings.sort((a, b) => (a.file + a.ruleId + a.fingerprint < b.file + b.ruleId + b.fingerprint ? -1 : 1));
  return { version: 1, findings };
}

export function parseBaseline(text: string): Baseline {
  let data: Baseline;
  try {
    data = JSON.parse(text) as Baseline;
  } catch {
    throw new UsageError('the baseline is not valid JSON');
  }
  if (!data || data.version !== 1 || !Array.isArray(data.findings)) throw new UsageError('not a lint500 baseline (expected {"version": 1, "findings": [...]})');
  return data;
}

/** Moves findings recorded in the baseline to `suppressedMessages`. */
export function applyBaseline(results: FileResult[], baseline: Baseline): void {
  const known = new Set(baseline.findings.map((f) => `${f.file}\u0000${f.ruleId}\u0000${f.fingerprint}`));
  for (const r of results) {
    const keep = [];
    for (const m of r.messages) {
      if (known.has(`${r.filePath}\u0000${m.ruleId}\u0000${m.fingerprint}`)) r.suppressedMessages.push({ ...m, suppressions: [{ kind: 'baseline' }] });
      else keep.push(m);
    }
    r.messages = keep;
  }
}

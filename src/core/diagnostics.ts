/**
 * What a lint run produces. The shape follows ESLint's result objects (so tools that read ESLint JSON
 * work) plus lint500's own fields: `causes`, exact `span`s and `related` locations.
 */
import type { CauseId } from './causes.js';
import type { Edit, Severity } from './rule.js';
import type { Span } from './text.js';

export interface Location {
  line: number;
  column: number;
  /** 1-based, exclusive: the position just after the last character (as ESLint and SARIF). */
  endLine: number;
  endColumn: number;
}

export interface RelatedMessage extends Location {
  filePath: string;
  span: Span;
  message: string;
}

export interface SuppressionInfo {
  kind: 'directive' | 'annotation' | 'baseline';
  justification?: string;
}

export interface LintMessage extends Location {
  ruleId: string;
  severity: Severity;
  message: string;
  messageId?: string;
  span: Span;
  causes: readonly CauseId[];
  fix?: Edit[];
  suggestions?: { desc: string; edits: Edit[] }[];
  related?: RelatedMessage[];
  suppressions?: SuppressionInfo[];
  /** Stable across line shifts: used by baselines and SARIF partialFingerprints. */
  fingerprint: string;
}

export interface FileResult {
  filePath: string;
  kind: string;
  messages: LintMessage[];
  suppressedMessages: LintMessage[];
  /** The fixed text, when fixes were applied. */
  output?: string;
  source: string;
}

/** Diagnostics that come from lint500 itself, not from a rule. */
export const CORE_CODES = {
  'parse-error': { severity: 'error', description: 'The file could not be parsed; rules did not see the broken part.' },
  'internal-error': { severity: 'error', description: 'A rule crashed on this file. The other rules still ran. Please report it.' },
  'file-too-large': { severity: 'warning', description: 'The file is larger than the configured limit and was skipped.' },
  'file-skipped': { severity: 'info', description: 'The file was not linted (binary content, unreadable, templated).' },
  'fix-not-written': { severity: 'warning', description: 'lint500 --fix could not write the fixes of a file (read-only, unwritable folder, a link out of the linted tree); the other files were fixed.' },
  'include-not-found': { severity: 'warning', description: 'An nginx include matched no file.' },
  'include-cycle': { severity: 'error', description: 'An nginx include includes itself, directly or through other files.' },
  'include-outside-tree': { severity: 'info', description: 'An nginx include points outside the linted tree and was not read.' },
  'include-limit-reached': { severity: 'warning', description: 'An nginx include was not read: the include depth or count limit was reached.' },
  'unused-disable-directive': { severity: 'warning', description: 'A lint500-disable comment suppresses nothing.' },
  'invalid-disable-directive': { severity: 'warning', description: 'A lint500-disable comment names an unknown rule.' },
  'template-skipped': { severity: 'info', description: 'Templated files (Helm charts) are not linted as YAML.' },
} as const satisfies Record<string, { severity: Severity; description: string }>;

export type CoreCode = keyof typeof CORE_CODES;

export function isCoreCode(id: string): id is CoreCode {
  return Object.prototype.hasOwnProperty.call(CORE_CODES, id);
}

export function compareMessages(a: LintMessage, b: LintMessage): number {
  return a.line - b.line || a.column - b.column || a.endLine - b.endLine || a.endColumn - b.endColumn || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}

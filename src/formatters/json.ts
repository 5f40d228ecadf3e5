/**
 * ESLint-compatible JSON: an array with one object per linted file, in the shape of ESLint's
 * `LintResult`, so tools that read `eslint --format json` read lint500's output.
 *
 * Where lint500 differs from ESLint:
 * - `severity` is 2 for errors and 1 for warnings, as in ESLint. lint500's third level, info, is also
 *   written as 1 (ESLint has nothing lower than a warning, and 0 means "off"); every message carries
 *   `level: "error" | "warning" | "info"` so tools that know lint500 can tell an info from a warning.
 *   The counts keep the three levels apart: an info is not a warning, so `warningCount` counts
 *   warnings only and `infoCount` the infos (likewise `fixableWarningCount` and `fixableInfoCount`);
 *   `errorCount + warningCount + infoCount` is the number of messages. ESLint's own formatters
 *   total `errorCount + warningCount`, so they leave the infos out of their summary line.
 * - `fix` is ESLint's `{ range, text }` and is present only for fixes that `--fix` applies (from rules
 *   whose fix kind is `safe`). Any other fix (an unsafe one, or one from a rule that declares no fix
 *   kind) is listed first in `suggestions`, as ESLint does with changes a person should review.
 *   A fix that edits several files cannot be written as one range: it is given as `edits`
 *   ({ filePath, range, text } each) instead.
 * - `fatal: true` marks parse errors that stopped the file from being read (severity error), as
 *   ESLint does, and `fatalErrorCount` counts them; their `ruleId` is `parse-error` where ESLint
 *   writes null. A parse warning (the file was read; another tool may reject it) is never fatal.
 * - lint500 adds `causes`, `related` (other locations, e.g. in another file), `fingerprint` (stable
 *   across line shifts), `infoCount` and `fixableInfoCount`. `source` is not written.
 * - Paths are absolute, resolved against the run's cwd.
 */
import type { FileResult, LintMessage } from '../core/diagnostics.js';
import type { Edit } from '../core/rule.js';
import { countMessages, eslintSeverity, fixKindOf, isFatal, mergeEdits, piecewise } from './common.js';
import { toAbsolute } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

interface EslintFix {
  range: [number, number];
  text: string;
}

export interface JsonMessage {
  ruleId: string;
  severity: 1 | 2;
  level: 'error' | 'warning' | 'info';
  fatal?: true;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  messageId?: string;
  fix?: EslintFix;
  edits?: { filePath: string; range: [number, number]; text: string }[];
  suggestions?: { desc: string; fix?: EslintFix; edits?: { filePath: string; range: [number, number]; text: string }[] }[];
  causes: string[];
  related?: { filePath: string; line: number; column: number; endLine: number; endColumn: number; message: string }[];
  suppressions?: { kind: string; justification: string }[];
  fingerprint: string;
}

export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
  suppressedMessages: JsonMessage[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  infoCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  fixableInfoCount: number;
  usedDeprecatedRules: { ruleId: string; replacedBy: string[] }[];
  output?: string;
}

type FixOut = { fix: EslintFix } | { edits: { filePath: string; range: [number, number]; text: string }[] };

function fixOut(edits: readonly Edit[], r: FileResult, cwd: string): FixOut | undefined {
  if (edits.length === 0) return undefined;
  const merged = mergeEdits(edits, r.filePath, () => r.source);
  if (merged) return { fix: merged };
  return {
    edits: edits.map((e) => ({ filePath: toAbsolute(cwd, e.file ?? r.filePath), range: [e.span.start, e.span.end] as [number, number], text: e.text })),
  };
}

function toJsonMessage(m: LintMessage, r: FileResult, ctx: FormatContext): JsonMessage {
  const fixKind = fixKindOf(m, ctx);
  const fix = m.fix ? fixOut(m.fix, r, ctx.cwd) : undefined;
  const suggestions: NonNullable<JsonMessage['suggestions']> = [];
  if (fix && fixKind === 'unsafe') suggestions.push({ desc: 'Apply the unsafe fix (review the change).', ...fix });
  if (fix && fixKind === 'manual') suggestions.push({ desc: 'Apply the fix (review the change).', ...fix });
  for (const s of m.suggestions ?? []) suggestions.push({ desc: s.desc, ...fixOut(s.edits, r, ctx.cwd) });
  // Built key by key in the order of the interface (JSON.stringify writes them so), without the
  // spread temporaries of optional keys: this runs for every finding of a run.
  const out = { ruleId: m.ruleId, severity: eslintSeverity(m.severity), level: m.severity } as JsonMessage;
  if (isFatal(m)) out.fatal = true;
  out.message = m.message;
  out.line = m.line;
  out.column = m.column;
  out.endLine = m.endLine;
  out.endColumn = m.endColumn;
  if (m.messageId) out.messageId = m.messageId;
  if (fix && fixKind === 'safe') {
    if ('fix' in fix) out.fix = fix.fix;
    else out.edits = fix.edits;
  }
  if (suggestions.length) out.suggestions = suggestions;
  out.causes = [...m.causes];
  if (m.related?.length)
    out.related = m.related.map((x) => ({
      filePath: toAbsolute(ctx.cwd, x.filePath),
      line: x.line,
      column: x.column,
      endLine: x.endLine,
      endColumn: x.endColumn,
      message: x.message,
    }));
  if (m.suppressions?.length) out.suppressions = m.suppressions.map((s) => ({ kind: s.kind, justification: s.justification ?? '' }));
  out.fingerprint = m.fingerprint;
  return out;
}

export function toJsonResult(r: FileResult, ctx: FormatContext): JsonResult {
  const c = countMessages(r.messages, ctx);
  const deprecated = [...new Set(r.messages.map((m) => m.ruleId))]
    .filter((id) => ctx.rules.get(id)?.status === 'deprecated')
    .sort()
    .map((ruleId) => ({ ruleId, replacedBy: [] as string[] }));
  return {
    filePath: toAbsolute(ctx.cwd, r.filePath),
    messages: r.messages.map((m) => toJsonMessage(m, r, ctx)),
    suppressedMessages: r.suppressedMessages.map((m) => toJsonMessage(m, r, ctx)),
    errorCount: c.errors,
    fatalErrorCount: c.fatal,
    warningCount: c.warnings,
    infoCount: c.infos,
    fixableErrorCount: c.fixableErrors,
    fixableWarningCount: c.fixableWarnings,
    fixableInfoCount: c.fixableInfos,
    usedDeprecatedRules: deprecated,
    ...(r.output !== undefined ? { output: r.output } : {}),
  };
}

/**
 * The json document in pieces (see `Formatter.chunks`): `[`, each file's result, `]`, the text of
 * `JSON.stringify` of every file's result in one array, written a file at a time: the output
 * objects of one file are garbage before the next file's are built (a large run no longer holds
 * every output object and the whole text at once).
 */
function* jsonChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  yield '[';
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    const text = !r.messages.length && !r.suppressedMessages.length && r.output === undefined ? cleanResult(toAbsolute(ctx.cwd, r.filePath)) : JSON.stringify(toJsonResult(r, ctx));
    yield (i ? ',' : '') + text;
  }
  yield ']\n';
}

/**
 * `JSON.stringify(toJsonResult(r))` of a result without messages or output (most files of a run),
 * written directly: the same text without building its objects first.
 */
function cleanResult(filePath: string): string {
  return `{"filePath":${JSON.stringify(filePath)},"messages":[],"suppressedMessages":[],"errorCount":0,"fatalErrorCount":0,"warningCount":0,"infoCount":0,"fixableErrorCount":0,"fixableWarningCount":0,"fixableInfoCount":0,"usedDeprecatedRules":[]}`;
}

export const json: Formatter = piecewise(jsonChunks);

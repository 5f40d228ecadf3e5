/**
 * lint500 results → LSP shapes. lint500 counts lines and columns from 1 in UTF-16 code units with an
 * exclusive end; LSP counts from 0 in the same units (the default `utf-16` position encoding), so a
 * position converts by subtracting one on each axis. Both split lines at `\n`, `\r\n` and `\r`.
 */
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type DiagnosticRelatedInformation, type Range, type TextEdit } from 'vscode-languageserver/node';
import type { Location, LintMessage } from '../core/diagnostics.js';
import { ruleDocsUrl } from '../core/docs.js';
import type { AnyRule, Edit, Severity } from '../core/rule.js';
import { LineIndex, type Span } from '../core/text.js';

export const SOURCE = 'lint500';

export function toRange(loc: Location): Range {
  return {
    start: { line: Math.max(0, loc.line - 1), character: Math.max(0, loc.column - 1) },
    end: { line: Math.max(0, loc.endLine - 1), character: Math.max(0, loc.endColumn - 1) },
  };
}

export function spanToRange(lines: LineIndex, span: Span): Range {
  const s = lines.position(span.start);
  const e = lines.position(span.end);
  return toRange({ line: s.line, column: s.column, endLine: e.line, endColumn: e.column });
}

export function toSeverity(s: Severity): DiagnosticSeverity {
  return s === 'error' ? DiagnosticSeverity.Error : s === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information;
}

/** What a diagnostic carries back to the server in code-action requests. */
export interface DiagnosticData {
  fingerprint: string;
}

function tagsFor(m: LintMessage, rule: AnyRule | undefined): DiagnosticTag[] | undefined {
  // A disable comment that suppresses nothing is dead text: editors fade it out.
  if (m.ruleId === 'unused-disable-directive') return [DiagnosticTag.Unnecessary];
  // Rules about deprecated settings get the strike-through editors use for deprecated APIs.
  if (/(^|[/-])deprecated($|-)/.test(m.ruleId) || rule?.meta.status === 'deprecated') return [DiagnosticTag.Deprecated];
  return undefined;
}

export function toDiagnostic(m: LintMessage, rule: AnyRule | undefined, uriOf: (path: string) => string): Diagnostic {
  const d: Diagnostic = {
    range: toRange(m),
    severity: toSeverity(m.severity),
    code: m.ruleId,
    codeDescription: { href: ruleDocsUrl(m.ruleId) },
    source: SOURCE,
    message: m.message,
    data: { fingerprint: m.fingerprint } satisfies DiagnosticData,
  };
  const tags = tagsFor(m, rule);
  if (tags) d.tags = tags;
  if (m.related?.length) {
    d.relatedInformation = m.related.map(
      (r): DiagnosticRelatedInformation => ({ location: { uri: uriOf(r.filePath), range: toRange(r) }, message: r.message }),
    );
  }
  return d;
}

export function fileUri(abs: string): string {
  return pathToFileURL(abs).href;
}

/** Turns offset edits into LSP text edits against the text they were computed on. */
export function toTextEdits(text: string, edits: readonly Edit[]): TextEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ range: spanToRange(lines, e.span), newText: e.text }));
}

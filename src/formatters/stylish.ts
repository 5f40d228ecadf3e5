/**
 * The default, human-readable output, modelled on ESLint's `stylish`: findings grouped by file, each
 * as `line:column  severity  message  rule-id` with a code frame under it and its related locations,
 * then a summary line. Colour is only decoration (severity and rule id are always written as words),
 * so the output reads the same in a log without colour.
 *
 * Like ESLint, a run without findings prints nothing at all: the exit code says it passed, and
 * scripts can test the output for emptiness. Suppressed findings are not shown.
 */
import { codeFrameColumns } from '@babel/code-frame';
import pc from 'picocolors';
import type { FileResult, LintMessage } from '../core/diagnostics.js';
import { LineIndex } from '../core/text.js';
import { countResults, locationText, piecewise, plural, visibleText } from './common.js';
import { displayPath } from './paths.js';
import type { FormatContext, Formatter } from './types.js';
import { maxOf } from '../core/append.js';

type Colors = ReturnType<typeof pc.createColors>;

/** Lines of context above and below the finding in a code frame. */
const CONTEXT_LINES = 1;
/** Spans longer than this many lines are framed by their first line only. */
const MAX_FRAMED_LINES = 4;
/** Lines wider than this are cut to a window around the finding (minified files, long YAML strings). */
const MAX_WIDTH = 120;
/** How much of the line before the finding a cut window keeps. */
const LEAD = 30;

/**
 * A code frame for a finding, indented under it; undefined when the file's text is not available or
 * the position is not in it. The excerpt is cut from the text with lint500's own line index, so line
 * numbers agree with the finding even where the code-frame library would split lines differently.
 */
export function codeFrame(source: string, lines: LineIndex, m: Pick<LintMessage, 'line' | 'column' | 'endLine' | 'endColumn'>, color: boolean): string | undefined {
  if (!source || m.line < 1 || m.line > lines.lineCount) return undefined;
  const lineText = (n: number) => visibleText(lines.lineText(n));
  const startCol = Math.max(1, Math.min(m.column, lineText(m.line).length + 1));
  let endLine = Math.min(Math.max(m.endLine, m.line), lines.lineCount);
  let endCol = Math.max(1, m.endColumn);
  // A span that ends at the start of a line really ends on the line before.
  if (endLine > m.line && endCol === 1) {
    endLine--;
    endCol = lineText(endLine).length + 1;
  }
  if (endLine - m.line >= MAX_FRAMED_LINES) {
    endLine = m.line;
    endCol = lineText(m.line).length + 1;
  }
  if (endLine === m.line) endCol = Math.max(startCol, Math.min(endCol, lineText(m.line).length + 1));
  else endCol = Math.min(endCol, lineText(endLine).length + 1);

  const from = Math.max(1, m.line - CONTEXT_LINES);
  const to = Math.min(lines.lineCount, endLine + CONTEXT_LINES);
  let excerpt: string[] = [];
  for (let n = from; n <= to; n++) excerpt.push(lineText(n));

  let col = startCol;
  if (excerpt.some((l) => l.length > MAX_WIDTH)) {
    const ws = Math.max(0, startCol - 1 - LEAD);
    const shift = ws > 0 ? 1 : 0;
    excerpt = excerpt.map((l) => (ws > 0 ? '…' : '') + l.slice(ws, ws + MAX_WIDTH) + (l.length > ws + MAX_WIDTH ? '…' : ''));
    col = startCol - ws + shift;
    endCol = Math.min(endCol - ws + shift, MAX_WIDTH + shift + 1);
    if (endLine === m.line) endCol = Math.max(col, endCol);
    else endCol = Math.max(1 + shift, endCol);
  }

  // The library marks `end.column` characters on the last line of a multi-line span, and
  // `end.column - start.column` on a single line: give it what makes both exclusive.
  const end = endLine === m.line ? { line: endLine, column: endCol } : { line: endLine, column: Math.max(1, endCol - 1) };
  const frame = codeFrameColumns(excerpt.join('\n'), { start: { line: m.line, column: col }, end }, {
    linesAbove: CONTEXT_LINES,
    linesBelow: CONTEXT_LINES,
    startLine: from,
    highlightCode: color,
    forceColor: color,
  });
  return frame
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
}

function severityWord(m: LintMessage, c: Colors): string {
  return m.severity === 'error' ? c.red('error') : m.severity === 'warning' ? c.yellow('warning') : c.blue('info');
}

function formatFile(r: FileResult, ctx: FormatContext, c: Colors): string {
  const lines = r.source ? new LineIndex(r.source) : undefined;
  const positions = r.messages.map((m) => `${m.line}:${m.column}`);
  const posWidth = maxOf(positions.map((p) => p.length));
  const sevWidth = maxOf(r.messages.map((m) => m.severity.length));
  const blocks = r.messages.map((m, i) => {
    const pos = positions[i]!;
    const head =
      `  ${' '.repeat(posWidth - pos.length)}${c.dim(pos)}  ${severityWord(m, c)}${' '.repeat(sevWidth - m.severity.length)}` +
      `  ${visibleText(m.message)}  ${c.dim(visibleText(m.ruleId))}`;
    const out = [head];
    const frame = lines ? codeFrame(r.source, lines, m, ctx.color) : undefined;
    if (frame) out.push(frame);
    for (const x of m.related ?? []) out.push(`    ${c.cyan('related:')} ${locationText(displayPath(ctx.cwd, x.filePath), x)}  ${visibleText(x.message)}`);
    return out.join('\n');
  });
  return `${c.underline(visibleText(displayPath(ctx.cwd, r.filePath)))}\n${blocks.join('\n\n')}`;
}

/**
 * The document in pieces (see `Formatter.chunks`): each file's block, then the summary. The counts of
 * the summary are taken first, so no block waits for the others.
 */
function* stylishChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  const c = pc.createColors(ctx.color);
  const withFindings = results.filter((r) => r.messages.length > 0);
  if (withFindings.length === 0) return;
  const n = countResults(withFindings, ctx);
  for (let i = 0; i < withFindings.length; i++) yield (i ? '\n\n' : '') + formatFile(withFindings[i]!, ctx, c);
  const total = n.errors + n.warnings + n.infos;
  const paint = n.errors ? c.red : n.warnings ? c.yellow : c.blue;
  const out = ['', ''];
  out.push(paint(c.bold(`✖ ${plural(total, 'problem')} (${plural(n.errors, 'error')}, ${plural(n.warnings, 'warning')}, ${plural(n.infos, 'info')})`)));
  const fixable = n.fixableErrors + n.fixableWarnings + n.fixableInfos;
  if (fixable > 0) {
    const parts = [plural(n.fixableErrors, 'error'), plural(n.fixableWarnings, 'warning')];
    if (n.fixableInfos) parts.push(plural(n.fixableInfos, 'info'));
    const list = parts.length === 3 ? `${parts[0]}, ${parts[1]} and ${parts[2]}` : `${parts[0]} and ${parts[1]}`;
    out.push(paint(c.bold(`  ${list} potentially fixable with the \`--fix\` option.`)));
  }
  if (n.unsafeFixable > 0) out.push(c.dim(`  ${n.unsafeFixable} more ${n.unsafeFixable === 1 ? 'has an unsafe fix' : 'have unsafe fixes'} that \`--fix\` does not apply.`));
  yield `${out.join('\n')}\n`;
}

export const stylish: Formatter = piecewise(stylishChunks);

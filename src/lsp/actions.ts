/**
 * Code actions for lint500 findings: the rule's fix and suggestions as quick fixes, and "disable this
 * rule for this line / file" written in the file's own comment syntax. Disable comments are placed
 * where the format allows a comment and where lint500's suppressions will match the finding's line:
 * an XML comment cannot go inside a tag and a Dockerfile comment should not split a continued
 * instruction, so those get a `lint500-disable` … `lint500-enable` pair around the whole tag or
 * instruction instead.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { LintMessage } from '../core/diagnostics.js';
import { applyFixes } from '../core/fix.js';
import type { Edit, FileKind } from '../core/rule.js';
import { LineIndex } from '../core/text.js';
import { loadParser } from '../parsers/index.js';
import { spanToRange, toRange, toTextEdits } from './convert.js';
import type { DocResult } from './linter.js';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lint500`;

type CommentSyntax = string | readonly [string, string];

function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text[i - 1] === '\r' ? '\r\n' : '\n';
}

function wrap(comment: CommentSyntax, body: string): string {
  return typeof comment === 'string' ? `${comment} ${body}` : `${comment[0]} ${body} ${comment[1]}`;
}

function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Offset of a point inside an XML tag's `<`, or -1 when the point is in text or a comment. */
function xmlTagStart(text: string, offset: number): number {
  let i = 0;
  let tag = -1;
  while (i < offset) {
    if (tag < 0) {
      if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0 || end + 3 > offset) return -1;
        i = end + 3;
        continue;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i + 9);
        if (end < 0 || end + 3 > offset) return -1;
        i = end + 3;
        continue;
      }
      if (text[i] === '<') tag = i;
      i++;
      continue;
    }
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return tag;
      i = end + 1;
      continue;
    }
    if (c === '>') tag = -1;
    i++;
  }
  return tag;
}

function xmlTagEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return text.length;
      i = end + 1;
      continue;
    }
    if (c === '>') return i + 1;
    i++;
  }
  return text.length;
}

/** The 1-based lines of the construct a line belongs to when a comment cannot go right above it. */
function enclosing(kind: FileKind | undefined, text: string, lines: LineIndex, line: number): { from: number; to: number } | undefined {
  if (kind === 'tomcat') {
    const start = xmlTagStart(text, lines.lineStart(line));
    if (start < 0) return undefined;
    return { from: lines.position(start).line, to: lines.position(Math.max(start, xmlTagEnd(text, start) - 1)).line };
  }
  if (kind === 'dockerfile') {
    const escape = /^#\s*escape\s*=\s*`/im.test(text.slice(0, 500)) ? '`' : '\\';
    const continues = (l: number) => l >= 1 && lines.lineText(l).trimEnd().endsWith(escape) && !/^\s*#/.test(lines.lineText(l));
    if (!continues(line - 1)) return undefined;
    let from = line - 1;
    while (continues(from - 1)) from--;
    let to = line;
    while (to < lines.lineCount && continues(to)) to++;
    return { from, to };
  }
  return undefined;
}

const DIRECTIVE_IDS = /^(\s*lint500-disable(?:-next-line|-file)?)\s+([\w/, -]*?)(\s+--\s.*)?$/;

/** Adds an id to an existing directive comment on `lineText`, if that line is one of the given type. */
function extendDirective(comment: CommentSyntax, lineText: string, type: 'disable-next-line' | 'disable-file', id: string): string | undefined {
  const [open, close] = typeof comment === 'string' ? [comment, ''] : comment;
  const t = lineText.trim();
  if (!t.startsWith(open) || (close && !t.endsWith(close))) return undefined;
  const body = t.slice(open.length, close ? t.length - close.length : undefined);
  const m = DIRECTIVE_IDS.exec(body);
  if (!m || m[1]!.trim() !== `lint500-${type}`) return undefined;
  const ids = m[2]!.split(/[\s,]+/).filter(Boolean);
  // No ids means every rule: nothing to add.
  if (!ids.length || ids.includes(id)) return undefined;
  return `${indentOf(lineText)}${open} lint500-${type} ${[...ids, id].join(', ')}${m[3] ?? ''}${close ? ` ${close}` : ''}`;
}

function lineEdit(lines: LineIndex, line: number, newText: string): TextEdit {
  return { range: spanToRange(lines, { start: lines.lineStart(line), end: lines.lineEnd(line) }), newText };
}

function insertBefore(lines: LineIndex, line: number, newText: string): TextEdit {
  const at = spanToRange(lines, { start: lines.lineStart(line), end: lines.lineStart(line) });
  return { range: at, newText };
}

function insertAfter(lines: LineIndex, line: number, newText: string, eol: string): TextEdit {
  if (line >= lines.lineCount) {
    const end = lines.text.length;
    const trailing = lines.text.endsWith('\n') || lines.text.endsWith('\r');
    return { range: spanToRange(lines, { start: end, end }), newText: trailing ? newText + eol : eol + newText };
  }
  return insertBefore(lines, line + 1, newText + eol);
}

export function disableLineEdits(kind: FileKind | undefined, comment: CommentSyntax, text: string, line: number, id: string): TextEdit[] {
  const lines = new LineIndex(text);
  const eol = eolOf(text);
  const region = enclosing(kind, text, lines, line);
  if (region) {
    const indent = indentOf(lines.lineText(region.from));
    return [insertBefore(lines, region.from, `${indent}${wrap(comment, `lint500-disable ${id}`)}${eol}`), insertAfter(lines, region.to, `${indent}${wrap(comment, `lint500-enable ${id}`)}`, eol)];
  }
  if (line > 1) {
    const extended = extendDirective(comment, lines.lineText(line - 1), 'disable-next-line', id);
    if (extended !== undefined) return [lineEdit(lines, line - 1, extended)];
  }
  const indent = indentOf(lines.lineText(line));
  return [insertBefore(lines, line, `${indent}${wrap(comment, `lint500-disable-next-line ${id}`)}${eol}`)];
}

/** Lines at the top of a file that must stay first: shebangs, Dockerfile parser directives, XML declarations, Python encodings. */
function preambleLines(kind: FileKind | undefined, lines: LineIndex): number {
  let n = 0;
  const at = (l: number) => lines.lineText(l);
  if (n + 1 <= lines.lineCount && at(n + 1).startsWith('#!')) n++;
  if (kind === 'dockerfile') while (n + 1 <= lines.lineCount && /^#\s*[a-z]+\s*=/i.test(at(n + 1))) n++;
  if (kind === 'python' && n + 1 <= lines.lineCount && /^#.*coding[:=]/.test(at(n + 1))) n++;
  if (kind === 'tomcat' && n + 1 <= lines.lineCount && /^\uFEFF?<\?xml\b/.test(at(n + 1))) {
    // The declaration may span lines up to `?>`.
    const end = lines.text.indexOf('?>');
    n = end < 0 ? n + 1 : lines.position(end).line;
  }
  return n;
}

export function disableFileEdits(kind: FileKind | undefined, comment: CommentSyntax, text: string, id: string): TextEdit[] {
  const lines = new LineIndex(text);
  const eol = eolOf(text);
  const skip = preambleLines(kind, lines);
  const first = skip + 1;
  if (first <= lines.lineCount) {
    const extended = extendDirective(comment, lines.lineText(first), 'disable-file', id);
    if (extended !== undefined) return [lineEdit(lines, first, extended)];
  }
  const body = wrap(comment, `lint500-disable-file ${id}`);
  if (skip === 0) return [insertBefore(lines, 1, body + eol)];
  return [insertAfter(lines, skip, body, eol)];
}

function editFor(result: DocResult, edits: readonly Edit[], uriOf: (path: string) => string): WorkspaceEdit | undefined {
  const byFile = new Map<string, Edit[]>();
  for (const e of edits) {
    const f = e.file ?? result.path;
    byFile.set(f, [...(byFile.get(f) ?? []), e]);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const [file, list] of byFile) {
    const text = file === result.path ? result.text : result.texts.get(file);
    if (text === undefined) return undefined;
    changes[file === result.path ? result.uri : uriOf(file)] = toTextEdits(text, list);
  }
  return { changes };
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The lint500 message a client diagnostic stands for: by fingerprint, else by rule and range. */
export function findMessage(result: DocResult, d: Diagnostic): LintMessage | undefined {
  const fp = (d.data as { fingerprint?: unknown } | undefined)?.fingerprint;
  if (typeof fp === 'string') {
    const m = result.messages.find((x) => x.fingerprint === fp);
    if (m) return m;
  }
  return result.messages.find((x) => x.ruleId === d.code && sameRange(toRange(x), d.range));
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character <= q.character);
  return before(a.start, b.end) && before(b.start, a.end);
}

export async function codeActions(
  result: DocResult,
  range: Range,
  contextDiagnostics: readonly Diagnostic[],
  only: readonly string[] | undefined,
  uriOf: (path: string) => string,
  toDiagnostic: (m: LintMessage) => Diagnostic,
): Promise<CodeAction[]> {
  const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
  const actions: CodeAction[] = [];
  const parser = result.kind ? await loadParser(result.kind) : undefined;
  // JSON has no comments, and XML or Gradle manifests do not use the manifest parser's `#`.
  const commentless = /\.json$/i.test(result.path) || (result.kind === 'manifest' && /\.(xml|gradle|kts)$/i.test(result.path));
  const comment = parser && !commentless ? parser.comment : undefined;

  if (wants(CodeActionKind.QuickFix)) {
    const fromClient = contextDiagnostics.filter((d) => d.source === 'lint500').flatMap((d) => findMessage(result, d) ?? []);
    const messages = fromClient.length ? fromClient : result.messages.filter((m) => overlaps(toRange(m), range));
    const disabledLine = new Set<string>();
    const disabledFile = new Set<string>();
    for (const m of messages) {
      const diagnostic = toDiagnostic(m);
      const rule = result.rules.get(m.ruleId);
      if (m.fix?.length) {
        const edit = editFor(result, m.fix, uriOf);
        const unsafe = rule?.meta.fix === 'unsafe';
        if (edit) actions.push({ title: `Fix: ${rule?.meta.description ?? m.ruleId}${unsafe ? ' (unsafe: check the result)' : ''}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: !unsafe, edit });
      }
      for (const s of m.suggestions ?? []) {
        const edit = editFor(result, s.edits, uriOf);
        if (edit) actions.push({ title: s.desc, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit });
      }
      // Parse errors and internal errors are not rules: there is nothing to disable.
      if (!comment || !m.ruleId.includes('/')) continue;
      const lineKey = `${m.ruleId}:${m.line}`;
      if (!disabledLine.has(lineKey)) {
        disabledLine.add(lineKey);
        actions.push({ title: `Disable ${m.ruleId} for this line`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [result.uri]: disableLineEdits(result.kind, comment, result.text, m.line, m.ruleId) } } });
      }
      if (!disabledFile.has(m.ruleId)) {
        disabledFile.add(m.ruleId);
        actions.push({ title: `Disable ${m.ruleId} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [result.uri]: disableFileEdits(result.kind, comment, result.text, m.ruleId) } } });
      }
    }
  }

  if (only && wants(FIX_ALL_KIND)) {
    const groups = result.messages.filter((m) => m.fix?.length && result.rules.get(m.ruleId)?.meta.fix === 'safe' && m.fix.every((e) => (e.file ?? result.path) === result.path)).map((m) => m.fix!);
    if (groups.length) {
      const { output, applied } = applyFixes(result.text, groups);
      if (applied && output !== result.text) {
        const lines = new LineIndex(result.text);
        actions.push({ title: 'Fix all safe lint500 problems', kind: FIX_ALL_KIND, edit: { changes: { [result.uri]: [{ range: spanToRange(lines, { start: 0, end: result.text.length }), newText: output }] } } });
      }
    }
  }
  return actions;
}

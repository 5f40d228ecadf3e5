/** Helpers shared by several formatters: counts, fix classification, text sanitising, XML escaping. */
import type { FileResult, LintMessage } from '../core/diagnostics.js';
import type { Edit, FixKind, Severity } from '../core/rule.js';
import type { FormatContext, Formatter } from './types.js';

/** Parse errors are "fatal" in ESLint's sense: the file was not (fully) linted. */
export function isFatal(m: LintMessage): boolean {
  return m.ruleId === 'parse-error' && m.severity === 'error';
}

/** Findings that say lint500 itself could not do its job, rather than something about the user's settings. */
export function isToolFailure(m: LintMessage): boolean {
  return isFatal(m) || m.ruleId === 'internal-error';
}

/**
 * How a message's fix is applied, as the engine decides it: `safe` fixes by `--fix`, `unsafe` ones
 * only when asked. A fix from a rule that declares no fix kind (or from a rule the context has no
 * metadata for) is never applied automatically: `manual`.
 */
export function fixKindOf(m: LintMessage, ctx: FormatContext): FixKind | 'manual' | undefined {
  if (!m.fix?.length) return undefined;
  return ctx.rules.get(m.ruleId)?.fix ?? 'manual';
}

/** Causes that are also a security concern (information disclosure), tagged as such in SARIF and GitLab. */
const SECURITY_CAUSES: ReadonlySet<string> = new Set(['error-details-leak']);

export function isSecurityRelevant(causes: readonly string[]): boolean {
  return causes.some((c) => SECURITY_CAUSES.has(c));
}

export interface Counts {
  errors: number;
  warnings: number;
  infos: number;
  fatal: number;
  fixableErrors: number;
  fixableWarnings: number;
  fixableInfos: number;
  /** Findings whose only fix is unsafe (not applied by a plain `--fix`). */
  unsafeFixable: number;
}

export function countMessages(messages: readonly LintMessage[], ctx: FormatContext): Counts {
  const c: Counts = { errors: 0, warnings: 0, infos: 0, fatal: 0, fixableErrors: 0, fixableWarnings: 0, fixableInfos: 0, unsafeFixable: 0 };
  for (const m of messages) {
    const kind = fixKindOf(m, ctx);
    if (isFatal(m)) c.fatal++;
    if (m.severity === 'error') {
      c.errors++;
      if (kind === 'safe') c.fixableErrors++;
    } else if (m.severity === 'warning') {
      c.warnings++;
      if (kind === 'safe') c.fixableWarnings++;
    } else {
      c.infos++;
      if (kind === 'safe') c.fixableInfos++;
    }
    if (kind === 'unsafe') c.unsafeFixable++;
  }
  return c;
}

export function countResults(results: readonly FileResult[], ctx: FormatContext): Counts {
  return countMessages(
    results.flatMap((r) => r.messages),
    ctx,
  );
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** ESLint's numeric severities; info has no ESLint equivalent and is reported as 1. */
export function eslintSeverity(s: Severity): 1 | 2 {
  return s === 'error' ? 2 : 1;
}

/** Edits of a fix that target `filePath` (edits carry their file; a missing one means this file). */
export function editsFor(edits: readonly Edit[], filePath: string): Edit[] {
  return edits.filter((e) => (e.file ?? filePath) === filePath);
}

/**
 * Merges the edits of one fix into ESLint's single `{ range, text }` form: the range from the first
 * edit's start to the last edit's end, the text being that slice of the source with the edits applied.
 * Undefined when the edits touch another file, overlap, or lie outside the source.
 */
export function mergeEdits(edits: readonly Edit[], filePath: string, sourceOf: () => string): { range: [number, number]; text: string } | undefined {
  if (edits.length === 0 || edits.some((e) => (e.file ?? filePath) !== filePath)) return undefined;
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const first = sorted[0]!;
  if (sorted.length === 1) {
    if (first.span.start < 0 || first.span.end < first.span.start) return undefined;
    return { range: [first.span.start, first.span.end], text: first.text };
  }
  // The text between edits is needed only here: a single edit does not read the file.
  const source = sourceOf();
  let text = '';
  let pos = first.span.start;
  for (const e of sorted) {
    if (e.span.start < pos || e.span.end < e.span.start || e.span.end > source.length) return undefined;
    text += source.slice(pos, e.span.start) + e.text;
    pos = e.span.end;
  }
  return { range: [first.span.start, pos], text };
}

/**
 * Makes text safe for a terminal: C0 control characters (other than tab) and DEL become their
 * visible Unicode "control picture" (one UTF-16 unit each, so columns stay aligned), and the line
 * separators U+2028/U+2029 become spaces. A file or message can then not move the cursor, change
 * colours or break a code frame's line numbering.
 */
export function visibleText(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 9) out += '\t';
    else if (c < 0x20) out += String.fromCharCode(0x2400 + c);
    else if (c === 0x7f) out += '\u2421';
    else if (c === 0x2028 || c === 0x2029) out += ' ';
    else out += s[i]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// XML

/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF) become
 * U+FFFD; the markup characters become entities. In attributes, tab and line breaks are written as
 * character references, since a parser would otherwise normalise them to spaces.
 */
function xmlEscape(s: string, attribute: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ch = s[i]!;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += ch + s[i + 1]!;
        i++;
      } else out += '\ufffd';
      continue;
    }
    if (c >= 0xdc00 && c <= 0xdfff) out += '\ufffd';
    else if (c === 0xfffe || c === 0xffff) out += '\ufffd';
    else if (ch === '&') out += '&amp;';
    else if (ch === '<') out += '&lt;';
    else if (ch === '>') out += '&gt;';
    else if (ch === '"') out += '&quot;';
    else if (ch === "'") out += '&apos;';
    else if (c === 9 || c === 10 || c === 13) out += attribute || c === 13 ? `&#${c};` : ch;
    else if (c < 0x20) out += '\ufffd';
    else out += ch;
  }
  return out;
}

export function xmlText(s: string): string {
  return xmlEscape(s, false);
}

export function xmlAttr(s: string): string {
  return xmlEscape(s, true);
}

export function xmlAttrs(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`)
    .join('');
}

/** `path:line:column` for a location, as terminals and editors link it. */
export function locationText(path: string, m: { line: number; column: number }): string {
  return `${path}:${m.line}:${m.column}`;
}

/**
 * A formatter whose document is given in pieces (`Formatter.chunks`): called as a function it joins
 * them, and the CLI writes them as they come.
 */
export function piecewise(chunks: (results: readonly FileResult[], ctx: FormatContext) => Iterable<string>): Formatter {
  return Object.assign((results: readonly FileResult[], ctx: FormatContext) => [...chunks(results, ctx)].join(''), { chunks });
}

/**
 * Hover: on a finding, why the rule exists (its causes from the 5xx catalogue) and how to fix it; on
 * an nginx directive name, the official description from nginx.org's reference.
 */
import type { Hover, Position } from 'vscode-languageserver/node';
import { CAUSES, type CauseId } from '../core/causes.js';
import { CORE_CODES, isCoreCode, type LintMessage } from '../core/diagnostics.js';
import { ruleDocsUrl } from '../core/docs.js';
import { LineIndex } from '../core/text.js';
import { Reader } from '../parsers/nginx/lexer.js';
import { isRawBlock } from '../parsers/nginx/parse.js';
import { directiveDoc } from '../parsers/nginx/reference.js';
import { toRange } from './convert.js';
import type { DocResult } from './linter.js';

function contains(m: LintMessage, line: number, column: number): boolean {
  const afterStart = line > m.line || (line === m.line && column >= m.column);
  // An empty range (a missing thing reported at a point) still hovers at that point.
  const beforeEnd = line < m.endLine || (line === m.endLine && (column < m.endColumn || (m.line === m.endLine && m.column === m.endColumn && column === m.column)));
  return afterStart && beforeEnd;
}

export function explainMessage(m: LintMessage, result: DocResult): string {
  if (isCoreCode(m.ruleId)) return `**lint500 · ${m.ruleId}**\n\n${CORE_CODES[m.ruleId].description}\n\n[Documentation](${ruleDocsUrl(m.ruleId)})`;
  const meta = result.rules.get(m.ruleId)?.meta;
  const parts = [`**lint500 · ${m.ruleId}** (${m.severity})${meta?.description ? ` — ${meta.description}` : ''}`];
  const causes = (meta?.causes ?? m.causes) as readonly CauseId[];
  if (causes.length) {
    parts.push(
      '**How this becomes a 5xx**\n\n' +
        causes
          .map((id) => CAUSES[id])
          .filter(Boolean)
          .map((c) => `- **${c.status} · ${c.title}.** ${c.explanation}`)
          .join('\n'),
    );
  }
  if (meta?.remediation) parts.push(`**Fix:** ${meta.remediation}`);
  parts.push(`[Rule documentation](${ruleDocsUrl(m.ruleId)})`);
  return parts.join('\n\n');
}

/** The directive whose name is under `offset`, found with nginx's own tokenizer (comments and quotes count). */
export function nginxDirectiveAt(text: string, offset: number): { name: string; start: number; end: number } | undefined {
  const reader = new Reader(text);
  // The reader always advances; the bound only guards against a bug turning into a hang.
  for (let guard = 0; guard <= text.length + 1; guard++) {
    const s = reader.next();
    if (s.kind === 'eof') return undefined;
    if (s.kind !== 'stmt' || !s.words.length) continue;
    const w = s.words[0]!;
    if (w.span.start > offset) return undefined;
    if (offset >= w.span.start && offset <= w.span.end && !w.quote) return { name: w.value, start: w.span.start, end: w.span.end };
    if (s.end === '{' && isRawBlock(w.value)) reader.readRawBlock();
  }
  return undefined;
}

export function hover(result: DocResult, position: Position): Hover | null {
  const line = position.line + 1;
  const column = position.character + 1;
  const hits = result.messages.filter((m) => contains(m, line, column));
  if (hits.length) {
    return {
      contents: { kind: 'markdown', value: hits.map((m) => explainMessage(m, result)).join('\n\n---\n\n') },
      range: toRange(hits[0]!),
    };
  }
  if (result.kind === 'nginx') {
    const lines = new LineIndex(result.text);
    const offset = lines.offset({ line, column });
    const d = nginxDirectiveAt(result.text, offset);
    const doc = d && directiveDoc(d.name);
    if (d && doc) {
      const s = lines.position(d.start);
      const e = lines.position(d.end);
      return { contents: { kind: 'markdown', value: doc }, range: toRange({ line: s.line, column: s.column, endLine: e.line, endColumn: e.column }) };
    }
  }
  return null;
}

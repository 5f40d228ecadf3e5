/**
 * Positions that saxes does not give: where each attribute's name and value sit inside an open tag.
 * saxes reports offsets only at event boundaries (after a tag name, after `>`), so the raw text of
 * the open tag is scanned again here. The scanner is linear, has no regular expressions over user
 * text, and stops at the first thing it does not understand: a malformed tag only loses positions,
 * the tree itself still comes from saxes.
 */
import type { Span } from '../../core/text.js';

export interface RawAttribute {
  name: string;
  nameSpan: Span;
  /** The value between the quotes, raw (entities not decoded). */
  raw: string;
  /** Inside the quotes. */
  valueSpan: Span;
  /** From the name to the closing quote. */
  span: Span;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/**
 * Scans the attributes of the open tag that starts with `<` at `start` and ends before `end`
 * (just past its `>`).
 */
export function scanAttributes(text: string, start: number, end: number): RawAttribute[] {
  const out: RawAttribute[] = [];
  let i = start + 1;
  // The element name.
  while (i < end && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
  for (;;) {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (i >= end || text[i] === '>' || text[i] === '/') break;
    const nameStart = i;
    while (i < end && !isSpace(text.charCodeAt(i)) && text[i] !== '=' && text[i] !== '>' && text[i] !== '/') i++;
    const nameEnd = i;
    if (nameEnd === nameStart) break;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    if (text[i] !== '=') break;
    i++;
    while (i < end && isSpace(text.charCodeAt(i))) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") break;
    const valueStart = i + 1;
    const close = text.indexOf(quote, valueStart);
    if (close < 0 || close >= end) break;
    out.push({
      name: text.slice(nameStart, nameEnd),
      nameSpan: { start: nameStart, end: nameEnd },
      raw: text.slice(valueStart, close),
      valueSpan: { start: valueStart, end: close },
      span: { start: nameStart, end: close + 1 },
    });
    i = close + 1;
  }
  return out;
}

/**
 * INI files with positions, as PHP-FPM and uWSGI read them: `[section]` headers, `key = value`
 * lines, `;` and `#` comment lines, a ` ;` comment after a value, values optionally quoted. Keys may
 * repeat (uWSGI binds several sockets that way), so a section keeps its entries in order. Pure.
 */
import type { Span } from '../../core/text.js';

export interface IniValue {
  key: string;
  /** The value, quotes removed. */
  value: string;
  file: string;
  /** The value (quotes included when quoted). */
  span: Span;
  keySpan: Span;
}

export interface IniSection {
  /** The name between the brackets, trimmed; undefined for the lines before the first header. */
  name?: string;
  /** The `[name]` header. */
  span?: Span;
  entries: IniValue[];
}

/** The sections of an INI text in order; the first one holds the lines before any header. */
export function readIni(file: string, text: string): IniSection[] {
  const sections: IniSection[] = [{ entries: [] }];
  let current = sections[0]!;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const body = line.replace(/\r$/, '');
    const trimmed = body.trim();
    if (!trimmed || trimmed.startsWith(';') || trimmed.startsWith('#')) continue;
    const sec = /^\s*\[([^\]]+)\]/.exec(body);
    if (sec) {
      const at = start + body.indexOf('[');
      current = { name: sec[1]!.trim(), span: { start: at, end: at + sec[1]!.length + 2 }, entries: [] };
      sections.push(current);
      continue;
    }
    const kv = /^(\s*)([^=;\s][^=]*?)\s*=\s*(.*?)\s*$/.exec(body);
    if (!kv) continue;
    const key = kv[2]!;
    let raw = kv[3]!.replace(/\s+;.*$/, '');
    const keyStart = start + kv[1]!.length;
    const valueStart = start + body.indexOf(kv[3]!, kv[1]!.length + key.length);
    const span = { start: valueStart, end: valueStart + raw.length };
    if (/^".*"$/.test(raw) || /^'.*'$/.test(raw)) raw = raw.slice(1, -1);
    current.entries.push({ key, value: raw, file, span, keySpan: { start: keyStart, end: keyStart + key.length } });
  }
  return sections;
}

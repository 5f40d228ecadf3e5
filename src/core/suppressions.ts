/**
 * Inline suppressions, the same in every format's comment syntax:
 *
 *   lint500-disable-next-line <id>[, <id>] -- <reason>
 *   lint500-disable-line <id> -- <reason>
 *   lint500-disable <id> -- <reason>   …   lint500-enable <id>
 *   lint500-disable-file <id> -- <reason>
 *
 * (In XML, where a comment may not contain `--`, write ` - <reason>`.)
 *
 * With no id a directive covers every rule. Parsers hand over their comments; this module turns them
 * into line regions, matches findings against them and reports the directives that matched nothing.
 */
import { hadolintIgnore } from './compat.js';
import type { Comment, SuppressionRegion } from './rule.js';
import type { LineIndex, Span } from './text.js';

export type DirectiveType = 'disable-next-line' | 'disable-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  type: DirectiveType;
  ruleIds: string[] | 'all';
  reason?: string;
  span: Span;
  line: number;
  /** Written for another linter (`# hadolint ignore=…`): never reported as unused. */
  foreign?: string;
}

const DIRECTIVE = /^\s*lint500-(disable-next-line|disable-line|disable-file|disable|enable)(?=\s|$)([^\n]*)$/;

/** Whether a comment may hold a directive: the engine keeps only those (all others are dropped early). */
export function mayBeDirective(comment: Comment): boolean {
  return comment.text.includes('lint500-') || comment.text.includes('hadolint');
}

/** Parses one comment's text into a directive, or undefined when it is not one. */
export function parseDirective(comment: Comment, lines: LineIndex): Directive | undefined {
  // Block comments may span lines; a directive is the first line of the comment.
  const first = comment.text.replace(/^[\s*]*/, '').split(/\r\n|\r|\n/)[0] ?? '';
  const m = DIRECTIVE.exec(first);
  if (!m) {
    // `# hadolint ignore=DL3025` covers the next line, `# hadolint global ignore=…` the file.
    const h = hadolintIgnore(first);
    if (!h?.ruleIds.length) return undefined;
    const type: DirectiveType = h.global ? 'disable-file' : 'disable-next-line';
    const line = lines.position(Math.max(comment.span.start, comment.span.end - 1)).line;
    return { type, ruleIds: h.ruleIds, reason: `hadolint ${h.global ? 'global ' : ''}ignore=${h.codes.join(',')}`, span: comment.span, line, foreign: 'hadolint' };
  }
  const type = m[1] as DirectiveType;
  let rest = m[2] ?? '';
  let reason: string | undefined;
  // The reason follows ` -- `; XML comments may not contain `--`, so ` - ` is accepted too.
  const sep = /(^|\s)--?(\s|$)/.exec(rest);
  if (sep) {
    reason = rest.slice(sep.index + sep[0].length).trim() || undefined;
    rest = rest.slice(0, sep.index);
  }
  const ids = rest
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const start = lines.position(comment.span.start);
  const end = lines.position(Math.max(comment.span.start, comment.span.end - 1));
  return {
    type,
    ruleIds: ids.length ? ids : 'all',
    reason,
    span: comment.span,
    line: type === 'disable-next-line' ? end.line : start.line,
  };
}

export interface Region {
  fromLine: number;
  toLine: number;
  ruleIds: string[] | 'all';
  reason?: string;
  span: Span;
  source: 'directive' | 'annotation';
  /** Ids this region suppressed something for (`all` when any). */
  used: Set<string>;
  /** Written for another linter (hadolint, kube-linter): never reported as unused. */
  foreign?: string;
}

/** Turns the directives of one file into suppression regions. */
export function regionsFromDirectives(directives: Directive[], lineCount: number): Region[] {
  const regions: Region[] = [];
  const open: { d: Directive; ids: string[] | 'all' }[] = [];
  const region = (d: Directive, ids: string[] | 'all', fromLine: number, toLine: number): Region => ({
    fromLine,
    toLine,
    ruleIds: ids,
    reason: d.reason,
    span: d.span,
    source: 'directive',
    used: new Set(),
    ...(d.foreign ? { foreign: d.foreign } : {}),
  });
  const close = (d: Directive, ids: string[] | 'all', toLine: number) => regions.push(region(d, ids, d.line, toLine));
  for (const d of directives) {
    switch (d.type) {
      case 'disable-next-line':
        regions.push(region(d, d.ruleIds, d.line + 1, d.line + 1));
        break;
      case 'disable-line':
        regions.push(region(d, d.ruleIds, d.line, d.line));
        break;
      case 'disable-file':
        regions.push(region(d, d.ruleIds, 1, lineCount));
        break;
      case 'disable':
        open.push({ d, ids: d.ruleIds });
        break;
      case 'enable': {
        for (let i = open.length - 1; i >= 0; i--) {
          const o = open[i]!;
          if (d.ruleIds === 'all') {
            close(o.d, o.ids, d.line);
            open.splice(i, 1);
            continue;
          }
          if (o.ids === 'all') continue;
          const closing = o.ids.filter((id) => (d.ruleIds as string[]).includes(id));
          if (!closing.length) continue;
          close(o.d, closing, d.line);
          const left = o.ids.filter((id) => !closing.includes(id));
          if (left.length) o.ids = left;
          else open.splice(i, 1);
        }
        break;
      }
    }
  }
  for (const o of open) close(o.d, o.ids, lineCount);
  return regions;
}

export function regionFromAnnotation(r: SuppressionRegion): Region {
  return { fromLine: r.fromLine, toLine: r.toLine, ruleIds: r.ruleIds, reason: r.reason, span: r.span, source: 'annotation', used: new Set(), ...(r.foreign ? { foreign: r.foreign } : {}) };
}

/** Finds the region that suppresses `ruleId` on `line`, marks it used and returns it. */
export function matchRegion(regions: readonly Region[], ruleId: string, line: number): Region | undefined {
  for (const r of regions) {
    if (line < r.fromLine || line > r.toLine) continue;
    if (r.ruleIds !== 'all' && !r.ruleIds.includes(ruleId)) continue;
    r.used.add(r.ruleIds === 'all' ? 'all' : ruleId);
    return r;
  }
  return undefined;
}

/** The ids a region named but never used (`['all']` for an unused blanket directive). */
export function unusedIds(r: Region): string[] {
  if (r.foreign) return [];
  if (r.ruleIds === 'all') return r.used.size ? [] : ['all'];
  return r.ruleIds.filter((id) => !r.used.has(id));
}

/**
 * GitLab Code Quality report (a subset of the Code Climate issue format): a JSON array of issues with
 * `description`, `check_name`, `fingerprint`, `severity` and `location.path` + `location.lines.begin`.
 * The Code Climate fields GitLab ignores (`type`, `categories`, `engine_name`, `content`) are written
 * too, so other Code Climate consumers read the same file.
 *
 * Severities: a parse error or rule crash is `blocker` (the file was not fully checked); an error
 * `critical` (lint500 errors are settings that produce 5xx); a warning `major`; lint500's own
 * housekeeping warnings (unused or invalid disable comments, skipped includes) `minor`; an info `info`.
 * Fingerprints are lint500's, which survive line shifts, made unique within the report as GitLab requires.
 */
import { isCoreCode, type FileResult, type LintMessage } from '../core/diagnostics.js';
import { isSecurityRelevant, isToolFailure, piecewise } from './common.js';
import { portablePath } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

export type GitlabSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export function gitlabSeverity(m: LintMessage): GitlabSeverity {
  if (isToolFailure(m)) return 'blocker';
  if (m.severity === 'error') return 'critical';
  if (m.severity === 'info') return 'info';
  return isCoreCode(m.ruleId) ? 'minor' : 'major';
}

export interface GitlabIssue {
  type: 'issue';
  description: string;
  check_name: string;
  fingerprint: string;
  severity: GitlabSeverity;
  categories: string[];
  engine_name: 'lint500';
  location: { path: string; lines: { begin: number; end: number } };
  content?: { body: string };
}

/** How the issues are indented inside the report's array (`JSON.stringify(issues, null, 2)`). */
const ITEM_INDENT = '\n  ';

/**
 * The text of `JSON.stringify(issues, null, 2)` in pieces, an issue at a time (see `Formatter.chunks`).
 * JSON text has no raw line breaks inside strings, so indenting every line break is exact.
 */
function* gitlabChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  const used = new Set<string>();
  let first = true;
  for (const r of results) {
    const path = portablePath(ctx.cwd, r.filePath);
    for (const m of r.messages) {
      let fingerprint = m.fingerprint;
      for (let n = 1; used.has(fingerprint); n++) fingerprint = `${m.fingerprint}:${path}:${m.line}:${m.column}:${n}`;
      used.add(fingerprint);
      const bodyLines: string[] = [];
      const remediation = ctx.rules.get(m.ruleId)?.remediation;
      if (remediation) bodyLines.push(remediation);
      for (const x of m.related ?? []) bodyLines.push(`Related: ${portablePath(ctx.cwd, x.filePath)}:${x.line}:${x.column}: ${x.message}`);
      const issue: GitlabIssue = {
        type: 'issue',
        description: `${m.ruleId}: ${m.message}`,
        check_name: m.ruleId,
        fingerprint,
        severity: gitlabSeverity(m),
        categories: isSecurityRelevant(m.causes) ? ['Bug Risk', 'Security'] : ['Bug Risk'],
        engine_name: 'lint500',
        location: { path, lines: { begin: m.line, end: Math.max(m.line, m.endLine) } },
        ...(bodyLines.length ? { content: { body: bodyLines.join('\n\n') } } : {}),
      };
      yield `${first ? '[' : ','}${ITEM_INDENT}${JSON.stringify(issue, null, 2).replaceAll('\n', ITEM_INDENT)}`;
      first = false;
    }
  }
  yield first ? '[]\n' : '\n]\n';
}

export const gitlab: Formatter = piecewise(gitlabChunks);

/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding, which
 * the runner turns into annotations on the pull request. Paths are relative to the run's cwd (the
 * checkout, in a workflow) with `/` separators. Related locations are appended to the message, since
 * an annotation has only one location. Suppressed findings are not written. A clean run prints nothing.
 */
import type { FileResult } from '../core/diagnostics.js';
import { piecewise } from './common.js';
import { portablePath } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

/** Escaping of a command's message, as the runner (`toolkit/packages/core/src/command.ts`) expects. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: the message's, plus `:` and `,` which delimit properties. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const COMMAND = { error: 'error', warning: 'warning', info: 'notice' } as const;

/** The commands in pieces (see `Formatter.chunks`), a file's at a time, each on its own line. */
function* githubChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  for (const r of results) {
    const file = portablePath(ctx.cwd, r.filePath);
    let lines = '';
    for (const m of r.messages) {
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${m.line}`,
        `col=${m.column}`,
        `endLine=${m.endLine}`,
        `endColumn=${m.endColumn}`,
        `title=${escapeProperty(m.ruleId)}`,
      ].join(',');
      let message = m.message;
      for (const x of m.related ?? []) message += `\n  related: ${portablePath(ctx.cwd, x.filePath)}:${x.line}:${x.column}: ${x.message}`;
      lines += `::${COMMAND[m.severity]} ${props}::${escapeData(message)}\n`;
    }
    if (lines) yield lines;
  }
}

export const github: Formatter = piecewise(githubChunks);

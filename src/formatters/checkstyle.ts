/**
 * Checkstyle XML in the shape ESLint's checkstyle formatter writes, which Jenkins (warnings-ng),
 * SonarQube, reviewdog and danger read: a `<file>` per linted file (clean ones included, empty) with an
 * `<error>` per finding. Checkstyle's severities are `error`, `warning` and `info`, lint500's own.
 * `source` is `lint500.<rule id>`; file names are absolute, as ESLint writes them.
 */
import type { FileResult } from '../core/diagnostics.js';
import { piecewise, xmlAttrs } from './common.js';
import { toAbsolute } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

/** The document in pieces (see `Formatter.chunks`): the head, a `<file>` element per file, the tail. */
function* checkstyleChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">';
  for (const r of results) {
    const errors = r.messages.map(
      (m) => `    <error${xmlAttrs({ line: m.line, column: m.column, severity: m.severity, message: `${m.message} (${m.ruleId})`, source: `lint500.${m.ruleId}` })} />`,
    );
    const name = xmlAttrs({ name: toAbsolute(ctx.cwd, r.filePath) });
    yield errors.length ? `\n  <file${name}>\n${errors.join('\n')}\n  </file>` : `\n  <file${name} />`;
  }
  yield `${results.length ? '\n' : ''}</checkstyle>\n`;
}

export const checkstyle: Formatter = piecewise(checkstyleChunks);

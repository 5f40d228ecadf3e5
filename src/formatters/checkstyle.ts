/**
 * Checkstyle XML in the shape ESLint's checkstyle formatter writes, which Jenkins (warnings-ng),
 * SonarQube, reviewdog and danger read: a `<file>` per linted file (clean ones included, empty) with an
 * `<error>` per finding. Checkstyle's severities are `error`, `warning` and `info`, lint500's own.
 * `source` is `lint500.<rule id>`; file names are absolute, as ESLint writes them.
 */
import { xmlAttrs } from './common.js';
import { toAbsolute } from './paths.js';
import type { Formatter } from './types.js';

export const checkstyle: Formatter = (results, ctx) => {
  const files = results.map((r) => {
    const errors = r.messages.map(
      (m) => `    <error${xmlAttrs({ line: m.line, column: m.column, severity: m.severity, message: `${m.message} (${m.ruleId})`, source: `lint500.${m.ruleId}` })} />`,
    );
    const name = xmlAttrs({ name: toAbsolute(ctx.cwd, r.filePath) });
    return errors.length ? `  <file${name}>\n${errors.join('\n')}\n  </file>` : `  <file${name} />`;
  });
  const inner = files.length ? `\n${files.join('\n')}\n` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>\n<checkstyle version="4.3">${inner}</checkstyle>\n`;
};

/**
 * JUnit XML, the format CI servers (Jenkins, GitLab, Azure Pipelines, CircleCI) show as test reports.
 * One `<testsuite>` per linted file; one `<testcase>` per finding, or a single passing testcase for a
 * clean file so it still shows as checked. Every finding is a `<failure>` whose `type` is its severity
 * (as ESLint's junit formatter does, warnings included); parse errors and rule crashes are `<error>`s,
 * JUnit's word for "the check itself could not run". Suppressed findings are not written.
 */
import type { FileResult, LintMessage } from '../core/diagnostics.js';
import { isToolFailure, locationText, piecewise, xmlAttrs, xmlText } from './common.js';
import { portablePath } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

function body(m: LintMessage, file: string, cwd: string): string {
  const lines = [`${locationText(file, m)}: ${m.severity}: ${m.message} (${m.ruleId})`];
  for (const x of m.related ?? []) lines.push(`  related: ${locationText(portablePath(cwd, x.filePath), x)}: ${x.message}`);
  if (m.causes.length) lines.push(`  causes: ${m.causes.join(', ')}`);
  return lines.join('\n');
}

/**
 * The document in pieces (see `Formatter.chunks`): the head, whose totals are counted first, then a
 * `<testsuite>` per file, then the tail.
 */
function* junitChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  let tests = 0;
  let errors = 0;
  for (const r of results) {
    tests += r.messages.length || 1;
    for (const m of r.messages) if (isToolFailure(m)) errors++;
  }
  const failures = tests - errors - results.filter((r) => !r.messages.length).length;
  const head = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${xmlAttrs({ name: 'lint500', tests, failures, errors, time: 0 })}>`;
  if (!results.length) {
    yield `${head}</testsuites>\n`;
    return;
  }
  yield head;
  for (const r of results) {
    const file = portablePath(ctx.cwd, r.filePath);
    const cases: string[] = [];
    let suiteErrors = 0;
    for (const m of r.messages) {
      const element = isToolFailure(m) ? 'error' : 'failure';
      if (element === 'error') suiteErrors++;
      cases.push(
        `    <testcase${xmlAttrs({ name: `${m.ruleId} at ${m.line}:${m.column}`, classname: file, file, line: m.line, time: 0 })}>\n` +
          `      <${element}${xmlAttrs({ message: m.message, type: m.severity })}>${xmlText(body(m, file, ctx.cwd))}</${element}>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0) cases.push(`    <testcase${xmlAttrs({ name: 'lint500', classname: file, file, time: 0 })} />`);
    const suite = xmlAttrs({ name: file, tests: cases.length, failures: r.messages.length - suiteErrors, errors: suiteErrors, skipped: 0, time: 0 });
    yield `\n  <testsuite${suite}>\n${cases.join('\n')}\n  </testsuite>`;
  }
  yield '\n</testsuites>\n';
}

export const junit: Formatter = piecewise(junitChunks);

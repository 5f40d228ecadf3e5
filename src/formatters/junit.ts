/**
 * JUnit XML, the format CI servers (Jenkins, GitLab, Azure Pipelines, CircleCI) show as test reports.
 * One `<testsuite>` per linted file; one `<testcase>` per finding, or a single passing testcase for a
 * clean file so it still shows as checked. Every finding is a `<failure>` whose `type` is its severity
 * (as ESLint's junit formatter does, warnings included); parse errors and rule crashes are `<error>`s,
 * JUnit's word for "the check itself could not run". Suppressed findings are not written.
 */
import type { LintMessage } from '../core/diagnostics.js';
import { isToolFailure, locationText, xmlAttrs, xmlText } from './common.js';
import { portablePath } from './paths.js';
import type { Formatter } from './types.js';

function body(m: LintMessage, file: string, cwd: string): string {
  const lines = [`${locationText(file, m)}: ${m.severity}: ${m.message} (${m.ruleId})`];
  for (const x of m.related ?? []) lines.push(`  related: ${locationText(portablePath(cwd, x.filePath), x)}: ${x.message}`);
  if (m.causes.length) lines.push(`  causes: ${m.causes.join(', ')}`);
  return lines.join('\n');
}

export const junit: Formatter = (results, ctx) => {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of results) {
    const file = portablePath(ctx.cwd, r.filePath);
    const cases: string[] = [];
    let suiteFailures = 0;
    let suiteErrors = 0;
    for (const m of r.messages) {
      const element = isToolFailure(m) ? 'error' : 'failure';
      if (element === 'error') suiteErrors++;
      else suiteFailures++;
      cases.push(
        `    <testcase${xmlAttrs({ name: `${m.ruleId} at ${m.line}:${m.column}`, classname: file, file, line: m.line, time: 0 })}>\n` +
          `      <${element}${xmlAttrs({ message: m.message, type: m.severity })}>${xmlText(body(m, file, ctx.cwd))}</${element}>\n` +
          `    </testcase>`,
      );
    }
    if (cases.length === 0) cases.push(`    <testcase${xmlAttrs({ name: 'lint500', classname: file, file, time: 0 })} />`);
    tests += cases.length;
    failures += suiteFailures;
    errors += suiteErrors;
    suites.push(
      `  <testsuite${xmlAttrs({ name: file, tests: cases.length, failures: suiteFailures, errors: suiteErrors, skipped: 0, time: 0 })}>\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  const head = `<testsuites${xmlAttrs({ name: 'lint500', tests, failures, errors, time: 0 })}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${suites.length ? `${head}\n${suites.join('\n')}\n</testsuites>` : `${head}</testsuites>`}\n`;
};

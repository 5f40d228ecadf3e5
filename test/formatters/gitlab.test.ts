import { describe, expect, it } from 'vitest';
import type { FileResult, LintMessage } from '../../src/core/diagnostics.js';
import { gitlab, gitlabSeverity, type GitlabIssue } from '../../src/formatters/gitlab.js';
import { cleanResults, context, msg, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';

function parse(results: FileResult[], ctx = context()): GitlabIssue[] {
  return JSON.parse(gitlab(results, ctx)) as GitlabIssue[];
}

/** The fields GitLab's Code Quality report requires, checked as its parser does. */
function expectValidIssue(i: GitlabIssue): void {
  expect(typeof i.description).toBe('string');
  expect(i.description.length).toBeGreaterThan(0);
  expect(typeof i.check_name).toBe('string');
  expect(typeof i.fingerprint).toBe('string');
  expect(['info', 'minor', 'major', 'critical', 'blocker']).toContain(i.severity);
  expect(typeof i.location.path).toBe('string');
  expect(i.location.path).not.toMatch(/\\/);
  expect(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1).toBe(true);
  expect(i.location.lines.end).toBeGreaterThanOrEqual(i.location.lines.begin);
}

describe('gitlab', () => {
  it('writes an empty array for an empty or clean run', () => {
    expect(gitlab([], context())).toBe('[]\n');
    expect(parse(cleanResults())).toEqual([]);
  });

  it('writes one issue per finding with the fields GitLab requires, relative paths and unique fingerprints', () => {
    const issues = parse(sampleResults());
    expect(issues).toHaveLength(10); // suppressed findings are not reported
    issues.forEach(expectValidIssue);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
    expect(issues.map((i) => i.location.path)).toEqual([
      'deploy/nginx/nginx.conf',
      'deploy/nginx/nginx.conf',
      'deploy/nginx/nginx.conf',
      'deploy/nginx/nginx.conf',
      'k8s/api-deployment.yaml',
      'k8s/api-deployment.yaml',
      'src/app/server.js',
      '/etc/nginx/conf.d/legacy.conf',
      'tomcat/conf/server.xml',
      'tomcat/conf/server.xml',
    ]);
    expect(issues[2]).toEqual({
      type: 'issue',
      description: 'nginx/proxy-timeout-too-low: proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.',
      check_name: 'nginx/proxy-timeout-too-low',
      fingerprint: sampleResults()[0]!.messages[2]!.fingerprint,
      severity: 'critical',
      categories: ['Bug Risk'],
      engine_name: 'lint500',
      location: { path: 'deploy/nginx/nginx.conf', lines: { begin: 17, end: 17 } },
      content: {
        body: 'Raise proxy_read_timeout to at least the slowest expected upstream response.\n\nRelated: k8s/api-deployment.yaml:16:22: the app behind it times out after 30s',
      },
    });
    expect(issues[0]!.categories).toEqual(['Bug Risk', 'Security']); // error-details-leak
    expect(issues[5]!.location.lines).toEqual({ begin: 12, end: 18 });
  });

  it('maps severities: crash/parse error blocker, error critical, warning major, housekeeping minor, info info', () => {
    expect(parse(sampleResults()).map((i) => [i.check_name, i.severity])).toEqual([
      ['nginx/server-tokens-on', 'info'],
      ['nginx/client-body-too-small', 'major'],
      ['nginx/proxy-timeout-too-low', 'critical'],
      ['cross/timeout-chain-inverted', 'major'],
      ['unused-disable-directive', 'minor'],
      ['k8s/readiness-probe-missing', 'critical'],
      ['js/express-async-handler-unhandled', 'critical'],
      ['parse-error', 'blocker'],
      ['acme/connector-port-reserved', 'major'],
      ['internal-error', 'blocker'],
    ]);
    const m = (ruleId: string, severity: LintMessage['severity']) => msg('x\n', { start: 0, end: 1 }, { ruleId, severity, message: 'm' });
    expect(gitlabSeverity(m('unused-disable-directive', 'error'))).toBe('critical'); // --report-unused-disable-directives=error
    expect(gitlabSeverity(m('file-skipped', 'info'))).toBe('info');
  });

  it('is written an issue at a time, in pieces that join to exactly the indented JSON of the whole report', () => {
    for (const results of [sampleResults(), cleanResults(), []]) {
      const text = gitlab(results, context());
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      const pieces = [...gitlab.chunks!(results, context())];
      expect(pieces).toHaveLength((JSON.parse(text) as unknown[]).length + 1);
    }
  });

  it('keeps fingerprints unique when two findings share one', () => {
    const src = 'a\nb\n';
    const twin = (start: number) => msg(src, { start, end: start + 1 }, { ruleId: 'unused-disable-directive', severity: 'warning', message: 'same', fingerprint: 'ffff0000ffff0000' });
    const results: FileResult[] = [{ filePath: 'a.conf', kind: 'nginx', source: src, suppressedMessages: [], messages: [twin(0), twin(2), twin(2)] }];
    const fps = parse(results).map((i) => i.fingerprint);
    expect(fps[0]).toBe('ffff0000ffff0000');
    expect(new Set(fps).size).toBe(3);
    // Deterministic: the same input gives the same fingerprints.
    expect(parse(results).map((i) => i.fingerprint)).toEqual(fps);
  });

  it('writes Windows paths relative to a Windows cwd with `/`', () => {
    expect(parse(windowsResults(), context({ cwd: WIN_CWD })).map((i) => i.location.path)).toEqual(['deploy/nginx/nginx.conf', 'k8s/api deployment.yaml', 'D:/shared/nginx/proxy.conf']);
  });
});

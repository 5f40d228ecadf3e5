import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';
import { FINGERPRINT_KEY, sarif, sarifLog, SARIF_SCHEMA } from '../../src/formatters/sarif.js';
import { cleanResults, context, DEPLOY, NGINX, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';
import { runMultitool, sarifSchemaErrors } from './sarif-validate.js';

function parse(text: string): Sarif.Log {
  expect(text.endsWith('\n')).toBe(true);
  return JSON.parse(text) as Sarif.Log;
}

const sample = () => sarif(sampleResults(), context());
const run = (text = sample()) => parse(text).runs[0]!;

describe('sarif', () => {
  it('validates against the official SARIF 2.1.0 schema (sample, Windows, clean and empty runs)', () => {
    for (const text of [sample(), sarif(windowsResults(), context({ cwd: WIN_CWD })), sarif(cleanResults(), context()), sarif([], context())]) {
      expect(sarifSchemaErrors(parse(text))).toEqual([]);
    }
  });

  it('the schema check is not vacuous: it rejects a broken log', () => {
    const log = parse(sample());
    (log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.region as { startLine: number }).startLine = 0;
    (log.runs[0]!.tool.driver as { name?: string }).name = undefined;
    expect(sarifSchemaErrors(JSON.parse(JSON.stringify(log)))).not.toEqual([]);
  });

  it("passes Microsoft's SARIF Multitool validator with no errors and no warnings", { timeout: 120_000 }, () => {
    for (const text of [sample(), sarif(windowsResults(), context({ cwd: WIN_CWD }))]) {
      const report = runMultitool(text);
      expect(report.status).toBe(0);
      expect(report.stdout).toContain('Analysis completed successfully');
      expect(report.errors).toEqual([]);
      expect(report.warnings).toEqual([]);
      // Only advisory notes remain (e.g. SARIF2010 snippets, SARIF2016 absolute file URIs outside the root).
      for (const n of report.notes) expect(n).toMatch(/^SARIF2\d{3}:/);
    }
  });

  it('the Multitool check is not vacuous: it reports errors in a broken log', { timeout: 120_000 }, () => {
    const log = parse(sample());
    log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri = 'a b\\c.conf';
    const report = runMultitool(JSON.stringify(log));
    expect(report.errors.some((e) => e.startsWith('SARIF1002'))).toBe(true);
  });

  it('writes the tool, its rules and the source root', () => {
    const log = parse(sample());
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const r = log.runs[0]!;
    expect(r.columnKind).toBe('utf16CodeUnits');
    expect(r.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/repo/' } });
    expect(r.invocations).toEqual([{ executionSuccessful: false }]); // a rule crashed (internal-error)
    const d = r.tool.driver;
    expect(d).toMatchObject({ name: 'lint500', version: '0.1.0', semanticVersion: '0.1.0', informationUri: 'https://github.com/lint500/lint500' });
    // Every rule with a result, suppressed ones included, and the core codes used; sorted.
    expect(d.rules!.map((x) => x.id)).toEqual([
      'acme/connector-port-reserved',
      'cross/timeout-chain-inverted',
      'internal-error',
      'js/express-async-handler-unhandled',
      'k8s/readiness-probe-missing',
      'nginx/client-body-too-small',
      'nginx/proxy-timeout-too-low',
      'nginx/server-tokens-on',
      'parse-error',
      'unused-disable-directive',
    ]);
  });

  it('describes a rule with descriptions, help, docs link, default level and cause tags', () => {
    const rules = run().tool.driver.rules!;
    const timeout = rules.find((x) => x.id === 'nginx/proxy-timeout-too-low')!;
    expect(timeout.name).toBe('NginxProxyTimeoutTooLow');
    expect(timeout.shortDescription).toEqual({ text: 'Keep proxy timeouts above the slowest upstream response.' });
    expect(timeout.fullDescription!.text).toContain('How it becomes a 5xx:\n- Upstream timeout (HTTP 504, upstream-timeout-504): The proxy gives up waiting');
    expect(timeout.help!.text).toContain('Raise proxy_read_timeout to at least the slowest expected upstream response.');
    expect(timeout.help!.markdown).toContain('**Remediation:** Raise proxy_read_timeout');
    expect(timeout.help!.markdown).toContain('nginx gives up on the upstream and answers **504**.'); // from ctx.ruleDocs
    expect(timeout.helpUri).toBe('https://github.com/lint500/lint500/blob/main/rules/nginx/proxy-timeout-too-low.md');
    expect(timeout.defaultConfiguration).toEqual({ level: 'error' });
    expect(timeout.properties).toMatchObject({ tags: ['upstream-timeout-504'], precision: 'high' });

    const tokens = rules.find((x) => x.id === 'nginx/server-tokens-on')!;
    expect(tokens.defaultConfiguration).toEqual({ level: 'note' });
    expect(tokens.properties!.tags).toEqual(['error-details-leak', 'security']);
    expect(rules.find((x) => x.id === 'nginx/client-body-too-small')!.properties!.precision).toBe('medium'); // preview

    const parseError = rules.find((x) => x.id === 'parse-error')!;
    expect(parseError).toMatchObject({ shortDescription: { text: expect.stringContaining('could not be parsed') }, helpUri: 'https://github.com/lint500/lint500/blob/main/docs/diagnostics.md#parse-error', defaultConfiguration: { level: 'error' } });
    expect(rules.find((x) => x.id === 'unused-disable-directive')!.defaultConfiguration).toEqual({ level: 'warning' });
    expect(rules.find((x) => x.id === 'acme/connector-port-reserved')).toMatchObject({ shortDescription: { text: 'Rule acme/connector-port-reserved.' } });
  });

  it('writes results with ruleIndex, level, 1-based regions and fingerprints', () => {
    const r = run();
    const input = sampleResults();
    const all = input.flatMap((f) => [...f.messages, ...f.suppressedMessages]);
    expect(r.results).toHaveLength(all.length);
    for (const res of r.results!) {
      expect(r.tool.driver.rules![res.ruleIndex!]!.id).toBe(res.ruleId);
      expect(res.partialFingerprints![FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}$/);
    }
    const timeout = r.results!.find((x) => x.ruleId === 'nginx/proxy-timeout-too-low' && x.suppressions!.length === 0)!;
    expect(timeout.level).toBe('error');
    expect(timeout.message).toEqual({ text: 'proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.' });
    expect(timeout.locations).toEqual([
      { physicalLocation: { artifactLocation: { uri: 'deploy/nginx/nginx.conf', uriBaseId: '%SRCROOT%' }, region: { startLine: 17, startColumn: 13, endLine: 17, endColumn: 35 } } },
    ]);
    expect(timeout.partialFingerprints).toEqual({ 'lint500/v1': input[0]!.messages[2]!.fingerprint });
    expect(timeout.properties).toEqual({ tags: ['upstream-timeout-504'] });
    expect(r.results!.find((x) => x.ruleId === 'nginx/server-tokens-on')!.level).toBe('note');
    expect(r.results!.find((x) => x.ruleId === 'k8s/readiness-probe-missing')!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 12, startColumn: 9, endLine: 18, endColumn: 34 });
    // Zero-width position (parse error at a line start).
    expect(r.results!.find((x) => x.ruleId === 'parse-error')!.locations![0]!.physicalLocation!.region).toEqual({ startLine: 3, startColumn: 1, endLine: 3, endColumn: 1 });
  });

  it('writes related locations for cross-file findings', () => {
    const timeout = run().results!.find((x) => x.ruleId === 'nginx/proxy-timeout-too-low')!;
    expect(timeout.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'k8s/api-deployment.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 16, startColumn: 22, endLine: 16, endColumn: 27 } },
        message: { text: 'the app behind it times out after 30s' },
      },
    ]);
  });

  it('writes suppressed findings with in-source or external suppressions, and an empty list on the others', () => {
    const results = run().results!;
    const suppressed = results.filter((x) => x.suppressions!.length > 0);
    expect(suppressed.map((x) => x.suppressions)).toEqual([
      [{ kind: 'inSource', status: 'accepted', justification: 'single replica by design — see OPS-1234' }],
      [{ kind: 'external', status: 'accepted' }],
    ]);
    expect(results.every((x) => Array.isArray(x.suppressions))).toBe(true);
  });

  it('writes fixes as artifact changes with line/column regions, in every file they touch', () => {
    const results = run().results!;
    const timeout = results.find((x) => x.ruleId === 'nginx/proxy-timeout-too-low')!;
    expect(timeout.fixes).toEqual([
      {
        description: { text: 'Fix for nginx/proxy-timeout-too-low.' },
        artifactChanges: [
          {
            artifactLocation: { uri: 'deploy/nginx/nginx.conf', uriBaseId: '%SRCROOT%' },
            replacements: [{ deletedRegion: { startLine: 17, startColumn: 32, endLine: 17, endColumn: 34 }, insertedContent: { text: '60s' } }],
          },
        ],
      },
    ]);
    const cross = results.find((x) => x.ruleId === 'cross/timeout-chain-inverted')!;
    expect(cross.fixes![0]!.artifactChanges.map((c) => c.artifactLocation.uri)).toEqual(['deploy/nginx/nginx.conf', 'k8s/api-deployment.yaml']);
    // The second file's region is computed from that file's text (CRLF line ends).
    expect(cross.fixes![0]!.artifactChanges[1]!.replacements[0]!.deletedRegion).toEqual({ startLine: 16, startColumn: 22, endLine: 16, endColumn: 27 });
    expect(DEPLOY.split('\r\n')[15]!.slice(21, 26)).toBe('"30s"');
    expect(NGINX.split('\n')[16]!.slice(31, 33)).toBe('5s');
    const tokens = results.find((x) => x.ruleId === 'nginx/server-tokens-on')!;
    expect(tokens.fixes![0]!.description!.text).toBe('Unsafe fix for nginx/server-tokens-on (review the change).');
    const probe = results.find((x) => x.ruleId === 'k8s/readiness-probe-missing' && x.suppressions!.length === 0)!;
    expect(probe.fixes![0]!.description!.text).toBe('Add an HTTP readinessProbe on port 8080');
    expect(probe.fixes![0]!.artifactChanges[0]!.replacements[0]!.deletedRegion).toEqual({ startLine: 17, startColumn: 1, endLine: 17, endColumn: 1 });
  });

  it('gives edits in a file whose text it does not have as character offsets', () => {
    const results = sampleResults().filter((r) => r.filePath !== 'k8s/api-deployment.yaml');
    const log = parse(sarif(results, context()));
    expect(sarifSchemaErrors(log)).toEqual([]);
    const cross = log.runs[0]!.results!.find((x) => x.ruleId === 'cross/timeout-chain-inverted')!;
    const start = DEPLOY.indexOf('"30s"');
    expect(cross.fixes![0]!.artifactChanges[1]!.replacements[0]!.deletedRegion).toEqual({ charOffset: start, charLength: 5 });
  });

  it('uses absolute file URIs outside the source root, and percent-encodes paths', () => {
    const results = run().results!;
    expect(results.find((x) => x.ruleId === 'parse-error')!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'file:///etc/nginx/conf.d/legacy.conf' });
    expect(results.find((x) => x.ruleId === 'js/express-async-handler-unhandled')!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'src/app/server.js', uriBaseId: '%SRCROOT%' });
    expect(results.find((x) => x.ruleId === 'internal-error')!.locations![0]!.physicalLocation!.artifactLocation).toEqual({ uri: 'tomcat/conf/server.xml', uriBaseId: '%SRCROOT%' });

    const win = run(sarif(windowsResults(), context({ cwd: WIN_CWD })));
    expect(win.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///C:/work/repo/' } });
    expect(win.results!.map((x) => x.locations![0]!.physicalLocation!.artifactLocation)).toEqual([
      { uri: 'deploy/nginx/nginx.conf', uriBaseId: '%SRCROOT%' },
      { uri: 'k8s/api%20deployment.yaml', uriBaseId: '%SRCROOT%' },
      { uri: 'file:///D:/shared/nginx/proxy.conf' },
    ]);
    const odd = sampleResults().slice(0, 1).map((r) => ({ ...r, filePath: 'conf/ünïcode #1 [x]%.conf' }));
    expect(run(sarif(odd, context({ cwd: '/srv/my app' }))).results![0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('conf/%C3%BCn%C3%AFcode%20%231%20%5Bx%5D%25.conf');
    expect(run(sarif(odd, context({ cwd: '/srv/my app' }))).originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///srv/my%20app/' } });
  });

  it('writes a valid, empty run when nothing was found', () => {
    const r = run(sarif(cleanResults(), context()));
    expect(r.results).toEqual([]);
    expect(r.tool.driver.rules).toEqual([]);
    expect(r.invocations).toEqual([{ executionSuccessful: true }]);
  });

  it('leaves out semanticVersion when the version is not semver', () => {
    expect(run(sarif([], context({ version: 'dev' }))).tool.driver).not.toHaveProperty('semanticVersion');
  });

  it('is written in pieces, a result at a time, that join to exactly the indented JSON of the whole log', () => {
    const cases = [
      { results: sampleResults(), ctx: context() },
      { results: windowsResults(), ctx: context({ cwd: WIN_CWD }) },
      { results: cleanResults(), ctx: context() },
      { results: [], ctx: context() },
    ];
    for (const { results, ctx } of cases) {
      const whole = `${JSON.stringify(sarifLog(results, ctx), null, 2)}\n`;
      const pieces = [...sarif.chunks!(results, ctx)];
      expect(pieces.join('')).toBe(whole);
      expect(sarif(results, ctx)).toBe(whole);
      const count = sarifLog(results, ctx).runs[0]!.results!.length;
      // The head, then a separator and a text per result, then the tail.
      expect(pieces).toHaveLength(count ? 2 * count + 1 : 1);
    }
    expect(sarifLog(sampleResults(), context()).runs[0]!.results!.length).toBeGreaterThan(1);
  });
});

import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { json, toJsonResult, type JsonResult } from '../../src/formatters/json.js';
import type { FileResult, LintMessage } from '../../src/core/diagnostics.js';
import { context, CWD, msg, NGINX, SERVER_JS, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';

function parse(results = sampleResults(), ctx = context()): JsonResult[] {
  const out = json(results, ctx);
  expect(out.endsWith('\n')).toBe(true);
  return JSON.parse(out) as JsonResult[];
}

describe('json', () => {
  it('writes an empty array for an empty run', () => {
    expect(json([], context())).toBe('[]\n');
  });

  it('gives the same document in pieces: the brackets and one piece per file', () => {
    const results = sampleResults();
    const pieces = [...json.chunks!(results, context())];
    expect(pieces).toHaveLength(results.length + 2);
    expect(pieces[0]).toBe('[');
    expect(pieces.at(-1)).toBe(']\n');
    expect(pieces[2]!.startsWith(',{"filePath":')).toBe(true);
    expect(pieces.join('')).toBe(json(results, context()));
    expect([...json.chunks!([], context())].join('')).toBe('[]\n');
  });

  it('writes a result without messages as JSON.stringify writes its full object', () => {
    const clean: FileResult[] = [
      { filePath: 'k8s/ok.yaml', kind: 'k8s', messages: [], suppressedMessages: [], source: '' },
      { filePath: 'odd "name"\u2028/ü.conf', kind: 'nginx', messages: [], suppressedMessages: [], source: '' },
      { filePath: '/etc/nginx/nginx.conf', kind: 'nginx', messages: [], suppressedMessages: [], source: '' },
    ];
    const expected = `[${clean.map((r) => JSON.stringify(toJsonResult(r, context()))).join(',')}]\n`;
    expect(json(clean, context())).toBe(expected);
    // The odd characters of a path are escaped as JSON.stringify escapes them.
    expect(parse(clean).map((r) => r.filePath)).toEqual([`${CWD}/k8s/ok.yaml`, `${CWD}/odd "name"\u2028/ü.conf`, '/etc/nginx/nginx.conf']);
  });

  it('writes one ESLint-style result per file with absolute paths and counts', () => {
    const out = parse();
    expect(out.map((r) => r.filePath)).toEqual([
      `${CWD}/deploy/nginx/nginx.conf`,
      `${CWD}/k8s/api-deployment.yaml`,
      `${CWD}/Dockerfile`,
      `${CWD}/src/app/server.js`,
      '/etc/nginx/conf.d/legacy.conf',
      `${CWD}/tomcat/conf/server.xml`,
    ]);
    const [nginx, deploy, docker, js, broken, xml] = out;
    // An info is not a warning: the three counts are disjoint and add up to the messages.
    expect(nginx).toMatchObject({ errorCount: 1, warningCount: 2, infoCount: 1, fatalErrorCount: 0, fixableErrorCount: 1, fixableWarningCount: 1, fixableInfoCount: 0 });
    for (const r of out) expect(r.errorCount + r.warningCount + r.infoCount).toBe(r.messages.length);
    expect(deploy).toMatchObject({ errorCount: 1, warningCount: 1, infoCount: 0 });
    expect(docker).toEqual({
      filePath: `${CWD}/Dockerfile`,
      messages: [],
      suppressedMessages: [],
      errorCount: 0,
      fatalErrorCount: 0,
      warningCount: 0,
      infoCount: 0,
      fixableErrorCount: 0,
      fixableWarningCount: 0,
      fixableInfoCount: 0,
      usedDeprecatedRules: [],
    });
    expect(js).toMatchObject({ errorCount: 1, fixableErrorCount: 1, usedDeprecatedRules: [{ ruleId: 'js/express-async-handler-unhandled', replacedBy: [] }] });
    expect(broken).toMatchObject({ errorCount: 1, fatalErrorCount: 1 });
    expect(broken!.messages[0]).toMatchObject({ ruleId: 'parse-error', fatal: true, severity: 2, line: 3, column: 1, endLine: 3, endColumn: 1 });
    expect(xml).toMatchObject({ errorCount: 1, warningCount: 1, fatalErrorCount: 0, fixableWarningCount: 0 });
    // A fix from a rule without a declared fix kind is not applied by --fix: offered as a suggestion.
    expect(xml!.messages[0]!.fix).toBeUndefined();
    expect(xml!.messages[0]!.suggestions).toEqual([{ desc: 'Apply the fix (review the change).', fix: { range: expect.any(Array), text: '8081' } }]);
    for (const r of out) expect(r).not.toHaveProperty('source');
  });

  it('maps severities: error 2, warning 1, info 1 with level "info"', () => {
    const [nginx] = parse();
    expect(nginx!.messages.map((m) => [m.ruleId, m.severity, m.level])).toEqual([
      ['nginx/server-tokens-on', 1, 'info'],
      ['nginx/client-body-too-small', 1, 'warning'],
      ['nginx/proxy-timeout-too-low', 2, 'error'],
      ['cross/timeout-chain-inverted', 1, 'warning'],
    ]);
  });

  it('writes positions, messageId, causes, related locations and fingerprints', () => {
    const [nginx] = parse();
    const m = nginx!.messages[2]!;
    expect(m).toEqual({
      ruleId: 'nginx/proxy-timeout-too-low',
      severity: 2,
      level: 'error',
      message: 'proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.',
      line: 17,
      column: 13,
      endLine: 17,
      endColumn: 35,
      messageId: 'low',
      fix: { range: [NGINX.indexOf('5s'), NGINX.indexOf('5s') + 2], text: '60s' },
      causes: ['upstream-timeout-504'],
      related: [{ filePath: `${CWD}/k8s/api-deployment.yaml`, line: 16, column: 22, endLine: 16, endColumn: 27, message: 'the app behind it times out after 30s' }],
      fingerprint: sampleResults()[0]!.messages[2]!.fingerprint,
    });
    expect(nginx!.messages[1]!.message).toBe('client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app.');
  });

  it('merges a multi-edit fix into one ESLint range whose application equals the edits', () => {
    const js = parse()[3]!;
    const fix = js.messages[0]!.fix!;
    const applied = SERVER_JS.slice(0, fix.range[0]) + fix.text + SERVER_JS.slice(fix.range[1]);
    expect(applied).toContain("async (req, res) => { try { const o = await db.find(req.params.id); res.json(o); } catch (e) { next(e); } });");
  });

  it('gives a cross-file fix as edits, and an unsafe fix as the first suggestion', () => {
    const [nginx, deploy] = parse();
    const cross = nginx!.messages[3]!;
    expect(cross.fix).toBeUndefined();
    expect(cross.edits).toEqual([
      { filePath: `${CWD}/deploy/nginx/nginx.conf`, range: [NGINX.indexOf('2s'), NGINX.indexOf('2s') + 2], text: '5s' },
      { filePath: `${CWD}/k8s/api-deployment.yaml`, range: expect.any(Array), text: '"3s"' },
    ]);
    const unsafe = nginx!.messages[0]!;
    expect(unsafe.fix).toBeUndefined();
    expect(unsafe.suggestions).toEqual([{ desc: 'Apply the unsafe fix (review the change).', fix: { range: [NGINX.indexOf('on;'), NGINX.indexOf('on;') + 3], text: 'off;' } }]);
    expect(deploy!.messages[1]!.suggestions).toEqual([
      { desc: 'Add an HTTP readinessProbe on port 8080', fix: { range: expect.any(Array), text: '          readinessProbe:\r\n            httpGet: { path: /healthz, port: 8080 }\r\n' } },
    ]);
  });

  it('keeps suppressed findings with their justification', () => {
    const [nginx, deploy] = parse();
    expect(nginx!.suppressedMessages).toHaveLength(1);
    expect(nginx!.suppressedMessages[0]).toMatchObject({ ruleId: 'nginx/proxy-timeout-too-low', suppressions: [{ kind: 'directive', justification: 'single replica by design — see OPS-1234' }] });
    expect(deploy!.suppressedMessages[0]!.suppressions).toEqual([{ kind: 'baseline', justification: '' }]);
    expect(nginx!.messages.every((m) => m.suppressions === undefined)).toBe(true);
  });

  it('writes the fixed text as `output` when fixes were applied', () => {
    const results = sampleResults();
    results[0] = { ...results[0]!, output: NGINX.replace('5s', '60s') };
    expect(parse(results)[0]!.output).toBe(NGINX.replace('5s', '60s'));
    expect(parse()[0]).not.toHaveProperty('output');
  });

  it('resolves Windows paths against a Windows cwd', () => {
    const out = parse(windowsResults(), context({ cwd: WIN_CWD }));
    expect(out.map((r) => r.filePath)).toEqual(['C:\\work\\repo\\deploy\\nginx\\nginx.conf', 'C:\\work\\repo\\k8s\\api deployment.yaml', 'D:\\shared\\nginx\\proxy.conf']);
    expect(out[0]!.messages[0]!.related![0]!.filePath).toBe('C:\\work\\repo\\k8s\\api deployment.yaml');
  });

  it('counts infos apart from warnings, fixable ones too', () => {
    const m = (ruleId: string, severity: LintMessage['severity'], fix?: boolean) =>
      msg('server_tokens on;\n', { start: 0, end: 13 }, { ruleId, severity, message: 'm', ...(fix ? { fix: [{ span: { start: 14, end: 16 }, text: 'off' }] } : {}) });
    const results: FileResult[] = [{ filePath: 'a.conf', kind: 'nginx', source: 'server_tokens on;\n', suppressedMessages: [], messages: [m('cross/timeout-chain-inverted', 'info', true), m('nginx/server-tokens-on', 'info'), m('cross/timeout-chain-inverted', 'warning')] }];
    const [r] = parse(results);
    expect(r).toMatchObject({ errorCount: 0, warningCount: 1, infoCount: 2, fatalErrorCount: 0, fixableWarningCount: 0, fixableInfoCount: 1 });
  });

  it('marks only a parse error as fatal: a parse warning is a warning', () => {
    const text = 'a:\tb\n';
    const warning = msg(text, { start: 2, end: 3 }, { ruleId: 'parse-error', severity: 'warning', message: 'Tab character after a value' });
    const error = msg(text, { start: 0, end: 1 }, { ruleId: 'parse-error', severity: 'error', message: 'bad' });
    const [w, e] = parse([
      { filePath: 'w.yaml', kind: 'k8s', source: text, suppressedMessages: [], messages: [warning] },
      { filePath: 'e.yaml', kind: 'k8s', source: text, suppressedMessages: [], messages: [error] },
    ]);
    expect(w).toMatchObject({ errorCount: 0, warningCount: 1, fatalErrorCount: 0 });
    expect(w!.messages[0]).not.toHaveProperty('fatal');
    expect(w!.messages[0]).toMatchObject({ severity: 1, level: 'warning' });
    expect(e).toMatchObject({ errorCount: 1, warningCount: 0, fatalErrorCount: 1 });
    expect(e!.messages[0]).toMatchObject({ fatal: true, severity: 2 });
  });

  it("is read by ESLint's own stylish formatter", async () => {
    const eslint = new ESLint({ cwd: CWD });
    const formatter = await eslint.loadFormatter('stylish');
    const text = stripAnsiCodes(await formatter.format(parse() as unknown as ESLint.LintResult[], { color: false }));
    expect(text).toContain(`${CWD}/deploy/nginx/nginx.conf`);
    expect(text).toMatch(/17:13\s+error\s+proxy_read_timeout is 5s.*nginx\/proxy-timeout-too-low/);
    expect(text).toMatch(/3:1\s+error\s+directive "listen" is not terminated by ";"\s+parse-error/);
    // ESLint's summary adds errorCount and warningCount: the info is listed but not counted as a warning.
    expect(text).toMatch(/\d+:\d+\s+warning\s+.*nginx\/server-tokens-on/);
    expect(text).toContain('✖ 9 problems (5 errors, 4 warnings)');
    expect(text).toContain('2 errors and 1 warning potentially fixable');
  });
});

function stripAnsiCodes(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

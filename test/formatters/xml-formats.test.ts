import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/diagnostics.js';
import { checkstyle } from '../../src/formatters/checkstyle.js';
import { junit } from '../../src/formatters/junit.js';
import { cleanResults, context, CWD, msg, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';
import { childrenNamed, parseXml, type XmlElement } from './xml.js';

/** What an XML parser gives back for a string: characters XML 1.0 cannot carry become U+FFFD. */
function xmlSafe(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const ok = c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || c >= 0x10000;
    out += ok ? ch : '\ufffd';
  }
  return out;
}

function oneFinding(message: string, filePath = 'conf/a.conf'): FileResult[] {
  const src = 'listen 80;\n';
  return [{ filePath, kind: 'nginx', source: src, suppressedMessages: [], messages: [msg(src, { start: 0, end: 6 }, { ruleId: 'nginx/x', severity: 'warning', message })] }];
}

/** File names without separators or dot segments, so the absolute path is predictable. */
const plainName = fc.string({ unit: 'binary', minLength: 1 }).filter((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..');

describe('junit', () => {
  const parse = (results: FileResult[], ctx = context()) => {
    const out = junit(results, ctx);
    expect(out.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    return parseXml(out).root;
  };

  it('writes an empty <testsuites> for an empty run', () => {
    const root = parse([]);
    expect(root).toEqual({ name: 'testsuites', attributes: { name: 'lint500', tests: '0', failures: '0', errors: '0', time: '0' }, children: [], text: '' });
  });

  it('writes one suite per file and a passing testcase for a clean file', () => {
    const root = parse(cleanResults());
    const suites = childrenNamed(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['Dockerfile', 'k8s/api-deployment.yaml']);
    for (const s of suites) {
      expect(s.attributes).toMatchObject({ tests: '1', failures: '0', errors: '0', skipped: '0' });
      const [tc] = childrenNamed(s, 'testcase');
      expect(tc!.attributes).toMatchObject({ name: 'lint500', classname: s.attributes.name });
      expect(tc!.children).toEqual([]);
    }
    expect(root.attributes).toMatchObject({ tests: '2', failures: '0', errors: '0' });
  });

  it('writes a failing testcase per finding, errors for parse errors and crashes, with consistent counts', () => {
    const root = parse(sampleResults());
    const suites = childrenNamed(root, 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['deploy/nginx/nginx.conf', 'k8s/api-deployment.yaml', 'Dockerfile', 'src/app/server.js', '/etc/nginx/conf.d/legacy.conf', 'tomcat/conf/server.xml']);
    let tests = 0;
    let failures = 0;
    let errors = 0;
    for (const s of suites) {
      const cases = childrenNamed(s, 'testcase');
      const f = cases.filter((c) => childrenNamed(c, 'failure').length === 1).length;
      const e = cases.filter((c) => childrenNamed(c, 'error').length === 1).length;
      expect(s.attributes).toMatchObject({ tests: String(cases.length), failures: String(f), errors: String(e) });
      tests += cases.length;
      failures += f;
      errors += e;
    }
    expect(root.attributes).toMatchObject({ tests: String(tests), failures: String(failures), errors: String(errors) });
    expect([tests, failures, errors]).toEqual([11, 8, 2]);

    const nginxCases = childrenNamed(suites[0]!, 'testcase');
    expect(nginxCases.map((c) => c.attributes.name)).toEqual([
      'nginx/server-tokens-on at 5:5',
      'nginx/client-body-too-small at 6:5',
      'nginx/proxy-timeout-too-low at 17:13',
      'cross/timeout-chain-inverted at 18:13',
    ]);
    const failure = childrenNamed(nginxCases[2]!, 'failure')[0]!;
    expect(failure.attributes).toEqual({ message: 'proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.', type: 'error' });
    expect(failure.text).toBe(
      'deploy/nginx/nginx.conf:17:13: error: proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s. (nginx/proxy-timeout-too-low)\n' +
        '  related: k8s/api-deployment.yaml:16:22: the app behind it times out after 30s\n' +
        '  causes: upstream-timeout-504',
    );
    expect(childrenNamed(nginxCases[1]!, 'failure')[0]!.attributes.message).toBe('client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app.');
    const k8sFailure = childrenNamed(childrenNamed(suites[1]!, 'testcase')[1]!, 'failure')[0]!;
    expect(k8sFailure.attributes.message).toBe('Container "api" has no readinessProbe: <pods> get traffic & fail before they\'re ready ]]> 503.');
    const parseError = childrenNamed(childrenNamed(suites[4]!, 'testcase')[0]!, 'error')[0]!;
    expect(parseError.attributes).toEqual({ message: 'directive "listen" is not terminated by ";"', type: 'error' });
  });

  it('names Windows files relative to a Windows cwd', () => {
    const suites = childrenNamed(parse(windowsResults(), context({ cwd: WIN_CWD })), 'testsuite');
    expect(suites.map((s) => s.attributes.name)).toEqual(['deploy/nginx/nginx.conf', 'k8s/api deployment.yaml', 'D:/shared/nginx/proxy.conf']);
  });

  it('replaces what XML 1.0 cannot carry (NUL, escape, lone surrogates, U+FFFE) and keeps the rest', () => {
    const message = 'a\u0000b\u0007c\u001b[31m d\ud800e\udc00f\ufffe g]]>h\tj\r\nk 🚀';
    const failure = childrenNamed(childrenNamed(childrenNamed(parse(oneFinding(message)), 'testsuite')[0]!, 'testcase')[0]!, 'failure')[0]!;
    expect(failure.attributes.message).toBe('a\ufffdb\ufffdc\ufffd[31m d\ufffde\ufffdf\ufffd g]]>h\tj\r\nk 🚀');
    expect(failure.text).toContain('a\ufffdb\ufffdc\ufffd[31m d\ufffde\ufffdf\ufffd g]]>h\tj\r\nk 🚀');
  });

  it('stays well-formed for any message, and keeps every character XML can carry', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (message) => {
        const root = parse(oneFinding(message));
        const failure = childrenNamed(childrenNamed(childrenNamed(root, 'testsuite')[0]!, 'testcase')[0]!, 'failure')[0]!;
        expect(failure.attributes.message).toBe(xmlSafe(message));
        expect(failure.text).toBe(`conf/a.conf:1:1: warning: ${xmlSafe(message)} (nginx/x)`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('checkstyle', () => {
  const parse = (results: FileResult[], ctx = context()) => {
    const out = checkstyle(results, ctx);
    const { root, declaration } = parseXml(out);
    expect(declaration).toEqual({ version: '1.0', encoding: 'UTF-8' });
    expect(root.name).toBe('checkstyle');
    expect(root.attributes).toEqual({ version: '4.3' });
    return root;
  };

  it('writes an empty <checkstyle> for an empty run, and empty <file>s for clean files', () => {
    expect(parse([]).children).toEqual([]);
    const files = childrenNamed(parse(cleanResults()), 'file');
    expect(files.map((f) => [f.attributes.name, f.children.length])).toEqual([
      [`${CWD}/Dockerfile`, 0],
      [`${CWD}/k8s/api-deployment.yaml`, 0],
    ]);
  });

  it('writes an <error> per finding with line, column, severity, message and source, as ESLint does', () => {
    const files = childrenNamed(parse(sampleResults()), 'file');
    expect(files.map((f) => f.attributes.name)).toEqual([
      `${CWD}/deploy/nginx/nginx.conf`,
      `${CWD}/k8s/api-deployment.yaml`,
      `${CWD}/Dockerfile`,
      `${CWD}/src/app/server.js`,
      '/etc/nginx/conf.d/legacy.conf',
      `${CWD}/tomcat/conf/server.xml`,
    ]);
    const errs = (f: XmlElement) => childrenNamed(f, 'error').map((e) => e.attributes);
    expect(errs(files[0]!)).toEqual([
      { line: '5', column: '5', severity: 'info', message: 'server_tokens is on: 500 error pages name the nginx version. (nginx/server-tokens-on)', source: 'lint500.nginx/server-tokens-on' },
      {
        line: '6',
        column: '5',
        severity: 'warning',
        message: 'client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app. (nginx/client-body-too-small)',
        source: 'lint500.nginx/client-body-too-small',
      },
      {
        line: '17',
        column: '13',
        severity: 'error',
        message: 'proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s. (nginx/proxy-timeout-too-low)',
        source: 'lint500.nginx/proxy-timeout-too-low',
      },
      {
        line: '18',
        column: '13',
        severity: 'warning',
        message: 'proxy_connect_timeout 2s < readiness timeout 3s: a 50% = "half" chance of 502, per node (cross/timeout-chain-inverted)',
        source: 'lint500.cross/timeout-chain-inverted',
      },
    ]);
    expect(errs(files[1]!)[1]!.message).toBe('Container "api" has no readinessProbe: <pods> get traffic & fail before they\'re ready ]]> 503. (k8s/readiness-probe-missing)');
    expect(errs(files[4]!)).toEqual([{ line: '3', column: '1', severity: 'error', message: 'directive "listen" is not terminated by ";" (parse-error)', source: 'lint500.parse-error' }]);
    expect(files.flatMap((f) => childrenNamed(f, 'error'))).toHaveLength(10); // suppressed findings are not written
  });

  it('writes absolute Windows paths for a Windows cwd', () => {
    const files = childrenNamed(parse(windowsResults(), context({ cwd: WIN_CWD })), 'file');
    expect(files.map((f) => f.attributes.name)).toEqual(['C:\\work\\repo\\deploy\\nginx\\nginx.conf', 'C:\\work\\repo\\k8s\\api deployment.yaml', 'D:\\shared\\nginx\\proxy.conf']);
  });

  it('stays well-formed for any message and file name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), plainName, (message, name) => {
        const files = childrenNamed(parse(oneFinding(message, `dir/${name}`)), 'file');
        expect(files[0]!.attributes.name).toBe(xmlSafe(`${CWD}/dir/${name}`));
        expect(childrenNamed(files[0]!, 'error')[0]!.attributes.message).toBe(`${xmlSafe(message)} (nginx/x)`);
      }),
      { numRuns: 300 },
    );
  });
});

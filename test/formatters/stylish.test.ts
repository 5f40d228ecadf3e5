import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/diagnostics.js';
import { LineIndex } from '../../src/core/text.js';
import { codeFrame, stylish } from '../../src/formatters/stylish.js';
import { cleanResults, context, msg, NGINX, sampleResults, spanOf, stripAnsi, WIN_CWD, windowsResults } from './fixtures.js';

/**
 * The source text under the first caret run of a frame: the marker line's gutter lines up with the
 * source line's above it, so the carets' indices are the marked characters' indices.
 */
function marked(frame: string): string {
  const lines = frame.split('\n');
  const i = lines.findIndex((l) => /\|\s*\^/.test(l));
  const marker = lines[i]!;
  return lines[i - 1]!.slice(marker.indexOf('^'), marker.lastIndexOf('^') + 1);
}

describe('stylish', () => {
  it('prints nothing for an empty run, a clean run, or a run whose only findings are suppressed', () => {
    expect(stylish([], context())).toBe('');
    expect(stylish(cleanResults(), context())).toBe('');
    const onlySuppressed = sampleResults().map((r) => ({ ...r, messages: [] }));
    expect(onlySuppressed.some((r) => r.suppressedMessages.length > 0)).toBe(true);
    expect(stylish(onlySuppressed, context())).toBe('');
  });

  it('writes a finding with its frame exactly', () => {
    const span = spanOf(NGINX, 'proxy_read_timeout 5s;');
    const r: FileResult = {
      filePath: 'deploy/nginx/nginx.conf',
      kind: 'nginx',
      source: NGINX,
      suppressedMessages: [],
      messages: [
        msg(NGINX, span, {
          ruleId: 'nginx/proxy-timeout-too-low',
          severity: 'error',
          message: 'proxy_read_timeout is 5s: slow answers become 504s.',
          causes: ['upstream-timeout-504'],
          fix: [{ span: spanOf(NGINX, '5s'), text: '60s' }],
        }),
      ],
    };
    expect(stylish([r], context())).toBe(
      [
        'deploy/nginx/nginx.conf',
        '  17:13  error  proxy_read_timeout is 5s: slow answers become 504s.  nginx/proxy-timeout-too-low',
        '      16 |             proxy_pass http://api;',
        '    > 17 |             proxy_read_timeout 5s;',
        '         |             ^^^^^^^^^^^^^^^^^^^^^^',
        '      18 |             proxy_connect_timeout 2s;',
        '',
        '✖ 1 problem (1 error, 0 warnings, 0 infos)',
        '  1 error and 0 warnings potentially fixable with the `--fix` option.',
        '',
      ].join('\n'),
    );
  });

  it('groups by file in the given order, aligns columns, lists related locations and sums up', () => {
    const out = stylish(sampleResults(), context());
    const headers = out.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('✖'));
    // Relative paths as given (the Windows one keeps its backslashes); absolute inside cwd made relative.
    expect(headers).toEqual(['deploy/nginx/nginx.conf', 'k8s/api-deployment.yaml', 'src\\app\\server.js', '/etc/nginx/conf.d/legacy.conf', 'tomcat/conf/server.xml']);
    expect(out).toContain('\n    5:5  info     server_tokens is on: 500 error pages name the nginx version.  nginx/server-tokens-on\n');
    expect(out).toContain('\n    6:5  warning  client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app.  nginx/client-body-too-small\n');
    expect(out).toContain('\n  17:13  error    proxy_read_timeout is 5s');
    expect(out).toContain('\n    related: k8s/api-deployment.yaml:16:22  the app behind it times out after 30s\n');
    expect(out).toContain('\n  3:1  error  directive "listen" is not terminated by ";"  parse-error\n');
    expect(out).not.toContain('single replica by design'); // suppressed
    expect(out).not.toContain('\u001b[');
    expect(out.endsWith('\n✖ 10 problems (5 errors, 4 warnings, 1 info)\n  2 errors and 1 warning potentially fixable with the `--fix` option.\n  1 more has an unsafe fix that `--fix` does not apply.\n')).toBe(true);
  });

  it('colours only when asked, and the coloured text is the plain text plus escape codes', () => {
    const plain = stylish(sampleResults(), context({ color: false }));
    const colored = stylish(sampleResults(), context({ color: true }));
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored).toContain('\u001b[4mdeploy/nginx/nginx.conf\u001b[24m');
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('puts carets under exactly the reported text', () => {
    const results = sampleResults();
    const nginx = results[0]!;
    const lines = new LineIndex(nginx.source);
    const timeout = nginx.messages.find((m) => m.ruleId === 'nginx/proxy-timeout-too-low')!;
    expect(marked(codeFrame(nginx.source, lines, timeout, false)!)).toBe('proxy_read_timeout 5s;');
    // Non-ASCII before the column: columns count UTF-16 units, as the finding does.
    const js = results[3]!;
    const frame = codeFrame(js.source, new LineIndex(js.source), js.messages[0]!, false)!;
    expect(marked(frame)).toBe('async (req, res) => { const o = await db.find(req.params.id); res.json(o); }');
    expect(frame).toContain('  3 | // 处理订单 — 🚀 fast path');
  });

  it('frames a long multi-line span by its first line, and one ending at a line start by the line before', () => {
    const [, deploy] = sampleResults();
    const probe = deploy!.messages.find((m) => m.ruleId === 'k8s/readiness-probe-missing')!;
    expect(probe.endLine - probe.line).toBeGreaterThan(4);
    const frame = codeFrame(deploy!.source, new LineIndex(deploy!.source), probe, false)!;
    expect(frame.split('\n')).toEqual(['      11 |       containers:', '    > 12 |         - name: api', '         |         ^^^^^^^^^^^', '      13 |           image: registry.example.com/shop/api:1.4.2']);

    const src = 'upstream api {\n    server a:80;\n}\n';
    const frame2 = codeFrame(src, new LineIndex(src), { line: 2, column: 5, endLine: 3, endColumn: 1 }, false)!;
    expect(frame2.split('\n')).toEqual(['      1 | upstream api {', '    > 2 |     server a:80;', '        |     ^^^^^^^^^^^^', '      3 | }']);

    const frame3 = codeFrame(src, new LineIndex(src), { line: 1, column: 10, endLine: 3, endColumn: 2 }, false)!;
    expect(frame3.split('\n')).toEqual([
      '    > 1 | upstream api {',
      '        |          ^^^^^',
      '    > 2 |     server a:80;',
      '        | ^^^^^^^^^^^^^^^^',
      '    > 3 | }',
      '        | ^',
      '      4 |',
    ]);
  });

  it('cuts very long lines to a window around the finding', () => {
    const src = `${'x=1;'.repeat(1500)}throw new Error(boom);${'y=2;'.repeat(1500)}\n`;
    const span = spanOf(src, 'throw new Error(boom);');
    const m = msg(src, span, { ruleId: 'js/x', severity: 'error', message: 'm' });
    const frame = codeFrame(src, new LineIndex(src), m, false)!;
    for (const l of frame.split('\n')) expect(l.length).toBeLessThan(150);
    expect(marked(frame)).toBe('throw new Error(boom);');
    expect(frame).toContain('…');
  });

  it('shows control characters and line separators in files and messages as visible symbols', () => {
    const src = 'server_name "a\u001b[2Jb";\u2028listen 80;\n';
    const r: FileResult = {
      filePath: 'evil.conf',
      kind: 'nginx',
      source: src,
      suppressedMessages: [],
      messages: [msg(src, spanOf(src, 'listen 80;'), { ruleId: 'nginx/x', severity: 'warning', message: 'bad\u001b[31m value\r\nhere' })],
    };
    const out = stylish([r], context());
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\r');
    expect(out).toContain('bad\u241b[31m value\u240d\u240ahere');
    // U+2028 is not a line break for lint500 (nor for nginx): the frame keeps one line 1.
    expect(out).toContain('  > 1 | server_name "a\u241b[2Jb"; listen 80;');
    expect(marked(out.split('\n').slice(2).join('\n'))).toBe('listen 80;');
  });

  it('skips the frame when the text is not available, and still prints the finding', () => {
    const r: FileResult = { filePath: 'gone.conf', kind: 'nginx', source: '', suppressedMessages: [], messages: [msg('x\n', { start: 0, end: 1 }, { ruleId: 'file-skipped', severity: 'info', message: 'Binary file.' })] };
    expect(stylish([r], context())).toBe('gone.conf\n  1:1  info  Binary file.  file-skipped\n\n✖ 1 problem (0 errors, 0 warnings, 1 info)\n');
  });

  it('shows Windows paths relative to a Windows cwd', () => {
    const out = stylish(windowsResults(), context({ cwd: WIN_CWD }));
    const headers = out.split('\n').filter((l) => /^\S/.test(l) && !l.startsWith('✖'));
    expect(headers).toEqual(['deploy\\nginx\\nginx.conf', 'k8s\\api deployment.yaml', 'D:\\shared\\nginx\\proxy.conf']);
    expect(out).toContain('related: k8s\\api deployment.yaml:16:22  inner');
  });
});

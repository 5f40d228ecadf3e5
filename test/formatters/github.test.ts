import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileResult } from '../../src/core/diagnostics.js';
import { escapeData, escapeProperty, github } from '../../src/formatters/github.js';
import { cleanResults, context, msg, sampleResults, WIN_CWD, windowsResults } from './fixtures.js';

/** Parses a workflow command line the way the Actions runner does (ActionCommand.TryParseV2). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; data: string } {
  const m = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProp = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeProp(pair.slice(eq + 1));
  }
  return { command: m[1]!, properties, data: unescapeData(m[3]!) };
}

describe('github', () => {
  it('prints nothing for an empty or clean run', () => {
    expect(github([], context())).toBe('');
    expect(github(cleanResults(), context())).toBe('');
  });

  it('writes one command per finding, with the exact properties', () => {
    const lines = github(sampleResults(), context()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(10); // suppressed findings are not annotated
    expect(lines[0]).toBe('::notice file=deploy/nginx/nginx.conf,line=5,col=5,endLine=5,endColumn=22,title=nginx/server-tokens-on::server_tokens is on: 500 error pages name the nginx version.');
    expect(lines[1]).toBe(
      '::warning file=deploy/nginx/nginx.conf,line=6,col=5,endLine=6,endColumn=29,title=nginx/client-body-too-small::client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app.',
    );
    expect(lines[2]).toBe(
      '::error file=deploy/nginx/nginx.conf,line=17,col=13,endLine=17,endColumn=35,title=nginx/proxy-timeout-too-low::proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.%0A  related: k8s/api-deployment.yaml:16:22: the app behind it times out after 30s',
    );
    expect(lines[3]).toContain('::proxy_connect_timeout 2s < readiness timeout 3s: a 50%25 = "half" chance of 502, per node%0A  related: ');
    // Windows-style relative path becomes a `/` path; absolute inside cwd becomes relative; outside stays absolute.
    expect(lines[6]).toMatch(/^::error file=src\/app\/server\.js,line=4,col=24,endLine=4,endColumn=100,title=js\/express-async-handler-unhandled::/);
    expect(lines[7]).toBe('::error file=/etc/nginx/conf.d/legacy.conf,line=3,col=1,endLine=3,endColumn=1,title=parse-error::directive "listen" is not terminated by ";"');
    expect(lines[8]).toMatch(/^::warning file=tomcat\/conf\/server\.xml,/);
    for (const l of lines) expect(l).not.toMatch(/[\r\n]/);
  });

  it('round-trips through the runner parser, including characters that need escaping', () => {
    const src = 'a\n';
    const r: FileResult = {
      filePath: 'conf,d/odd:name%20.conf',
      kind: 'nginx',
      source: src,
      suppressedMessages: [],
      messages: [msg(src, { start: 0, end: 1 }, { ruleId: 'nginx/x', severity: 'warning', message: '100% broken:\r\nline two, with :: and ,' })],
    };
    const cmd = parseCommand(github([r], context()).trimEnd());
    expect(cmd).toEqual({
      command: 'warning',
      properties: { file: 'conf,d/odd:name%20.conf', line: '1', col: '1', endLine: '1', endColumn: '2', title: 'nginx/x' },
      data: '100% broken:\r\nline two, with :: and ,',
    });
  });

  it('escapes any property and message so that the runner reads back the original', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prop, data) => {
        const line = `::error file=${escapeProperty(prop)},title=x::${escapeData(data)}`;
        expect(line).not.toMatch(/[\r\n]/);
        const cmd = parseCommand(line);
        expect(cmd.properties.file).toBe(prop);
        expect(cmd.data).toBe(data);
      }),
    );
  });

  it('writes Windows paths relative to a Windows cwd with `/`', () => {
    const cmds = github(windowsResults(), context({ cwd: WIN_CWD })).trimEnd().split('\n').map(parseCommand);
    expect(cmds.map((c) => c.properties.file)).toEqual(['deploy/nginx/nginx.conf', 'k8s/api deployment.yaml', 'D:/shared/nginx/proxy.conf']);
    expect(cmds[0]!.data).toBe('nginx/proxy-timeout-too-low finding\n  related: k8s/api deployment.yaml:16:22: inner');
  });
});

/**
 * Realistic results for formatter tests: several file kinds, related locations across files,
 * suppressed findings, fixes (single, multi-edit, cross-file, unsafe), non-ASCII text, a Windows-style
 * relative path, absolute paths inside and outside the cwd, a parse error and a clean file.
 * Positions are computed from spans with the core's LineIndex, so they are consistent with the text.
 */
import type { CauseId } from '../../src/core/causes.js';
import type { FileResult, LintMessage, RelatedMessage, SuppressionInfo } from '../../src/core/diagnostics.js';
import { fnv1a64 } from '../../src/core/hash.js';
import type { Edit, RuleMeta, Severity } from '../../src/core/rule.js';
import { LineIndex, type Span } from '../../src/core/text.js';
import type { FormatContext } from '../../src/formatters/types.js';

export function spanOf(source: string, needle: string, occurrence = 0): Span {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found (occurrence ${i})`);
  }
  return { start: at, end: at + needle.length };
}

export function loc(source: string, span: Span): { line: number; column: number; endLine: number; endColumn: number } {
  const idx = new LineIndex(source);
  const s = idx.position(span.start);
  const e = idx.position(span.end);
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

export function msg(
  source: string,
  span: Span,
  o: {
    ruleId: string;
    severity: Severity;
    message: string;
    causes?: CauseId[];
    messageId?: string;
    fix?: Edit[];
    suggestions?: { desc: string; edits: Edit[] }[];
    related?: RelatedMessage[];
    suppressions?: SuppressionInfo[];
    fingerprint?: string;
  },
): LintMessage {
  return {
    ruleId: o.ruleId,
    severity: o.severity,
    message: o.message,
    ...(o.messageId ? { messageId: o.messageId } : {}),
    ...loc(source, span),
    span,
    causes: o.causes ?? [],
    ...(o.fix ? { fix: o.fix } : {}),
    ...(o.suggestions ? { suggestions: o.suggestions } : {}),
    ...(o.related ? { related: o.related } : {}),
    ...(o.suppressions ? { suppressions: o.suppressions } : {}),
    fingerprint: o.fingerprint ?? fnv1a64(`${o.ruleId}\u0000${o.message}`),
  };
}

export function related(filePath: string, source: string, span: Span, message: string): RelatedMessage {
  return { filePath, span, message, ...loc(source, span) };
}

function meta(m: Partial<RuleMeta> & Pick<RuleMeta, 'id' | 'kind' | 'severity' | 'description' | 'causes' | 'remediation'>): RuleMeta {
  return { recommended: true, status: 'stable', since: '0.1.0', messages: {}, ...m };
}

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(
  [
    meta({
      id: 'nginx/proxy-timeout-too-low',
      kind: 'nginx',
      severity: 'error',
      description: 'Keep proxy timeouts above the slowest upstream response.',
      causes: ['upstream-timeout-504'],
      remediation: 'Raise proxy_read_timeout to at least the slowest expected upstream response.',
      fix: 'safe',
    }),
    meta({
      id: 'nginx/client-body-too-small',
      kind: 'nginx',
      severity: 'warning',
      description: 'Allow request bodies as large as the app accepts.',
      causes: ['config-rejected-500'],
      remediation: 'Set client_max_body_size to the largest upload the app accepts.',
      status: 'preview',
    }),
    meta({
      id: 'nginx/server-tokens-on',
      kind: 'nginx',
      severity: 'info',
      description: 'Do not advertise the nginx version on error pages.',
      causes: ['error-details-leak'],
      remediation: 'Set server_tokens off; in the http block.',
      fix: 'unsafe',
    }),
    meta({
      id: 'k8s/readiness-probe-missing',
      kind: 'k8s',
      severity: 'error',
      description: 'Give every serving container a readiness probe.',
      causes: ['not-ready-traffic-503', 'rollout-drops-requests-502'],
      remediation: 'Add a readinessProbe that checks the endpoint the Service sends traffic to.',
    }),
    meta({
      id: 'cross/timeout-chain-inverted',
      kind: 'project',
      severity: 'warning',
      description: 'Keep each proxy timeout longer than the timeout of the hop behind it.',
      causes: ['upstream-timeout-504'],
      remediation: 'Make the outer timeout longer than the inner one.',
      fix: 'safe',
    }),
    meta({
      id: 'js/express-async-handler-unhandled',
      kind: 'js',
      severity: 'error',
      description: 'Catch rejections of async Express handlers.',
      causes: ['request-hang-504', 'unhandled-exception-500'],
      remediation: 'Wrap the handler body in try/catch and pass the error to next().',
      status: 'deprecated',
      fix: 'safe',
    }),
  ].map((m) => [m.id, m]),
);

export const CWD = '/work/repo';

export function context(over: Partial<FormatContext> = {}): FormatContext {
  return {
    cwd: CWD,
    rules: RULES,
    version: '0.1.0',
    color: false,
    ruleDocs: (id) => (id === 'nginx/proxy-timeout-too-low' ? '## Why this causes 5xx\n\nnginx gives up on the upstream and answers **504**.' : undefined),
    ...over,
  };
}

export const NGINX = [
  'user nginx;',
  'worker_processes auto;',
  '',
  'http {',
  '    server_tokens on;',
  '    client_max_body_size 1k;',
  '',
  '    upstream api {',
  '        server api.shop.svc.cluster.local:8080;',
  '    }',
  '',
  '    server {',
  '        listen 80;',
  '        server_name shop.example.com; # Größenänderung: „Übergröße“ erlaubt',
  '        location /api/ {',
  '            proxy_pass http://api;',
  '            proxy_read_timeout 5s;',
  '            proxy_connect_timeout 2s;',
  '        }',
  '    }',
  '}',
  '',
].join('\n');

export const DEPLOY = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: api',
  '  annotations:',
  '    lint500.dev/ignore: "k8s/probe-period-too-long"',
  'spec:',
  '  replicas: 3',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: api',
  '          image: registry.example.com/shop/api:1.4.2',
  '          env:',
  '            - name: SERVER_TIMEOUT',
  '              value: "30s"',
  '          ports:',
  '            - containerPort: 8080',
  '',
].join('\r\n');

export const SERVER_JS = [
  "import express from 'express';",
  'const app = express();',
  "// 处理订单 — 🚀 fast path",
  "app.get('/orders/:id', async (req, res) => { const o = await db.find(req.params.id); res.json(o); });",
  '',
].join('\n');

export const BROKEN = ['server {', '    listen 80', '    location / {', '}', ''].join('\n');

export const SERVER_XML = ['<Server port="8005">', '  <Service name="Catalina">', '    <Connector port="8080" maxThreads="5"/>', '  </Service>', '</Server>', ''].join('\n');

export const DOCKERFILE = ['FROM node:20-slim', 'WORKDIR /app', 'COPY . .', 'CMD ["node", "server.js"]', ''].join('\n');

export function sampleResults(): FileResult[] {
  const nginxPath = 'deploy/nginx/nginx.conf';
  const deployPath = 'k8s/api-deployment.yaml';
  const jsPath = 'src\\app\\server.js';
  const brokenPath = '/etc/nginx/conf.d/legacy.conf';
  const xmlPath = '/work/repo/tomcat/conf/server.xml';

  const timeoutSpan = spanOf(NGINX, 'proxy_read_timeout 5s;');
  const valueSpan = spanOf(NGINX, '5s', 0);
  const envSpan = spanOf(DEPLOY, '"30s"');
  const nginxMessages: LintMessage[] = [
    msg(NGINX, spanOf(NGINX, 'server_tokens on;'), {
      ruleId: 'nginx/server-tokens-on',
      severity: 'info',
      message: 'server_tokens is on: 500 error pages name the nginx version.',
      causes: ['error-details-leak'],
      fix: [{ span: spanOf(NGINX, 'on;'), text: 'off;' }],
    }),
    msg(NGINX, spanOf(NGINX, 'client_max_body_size 1k;'), {
      ruleId: 'nginx/client-body-too-small',
      severity: 'warning',
      message: 'client_max_body_size is „1k“: uploads über 1 KiB are refused before they reach the app.',
      causes: ['config-rejected-500'],
      messageId: 'small',
    }),
    msg(NGINX, timeoutSpan, {
      ruleId: 'nginx/proxy-timeout-too-low',
      severity: 'error',
      message: 'proxy_read_timeout is 5s, but the upstream may take 30s (SERVER_TIMEOUT): slow answers become 504s.',
      causes: ['upstream-timeout-504'],
      messageId: 'low',
      fix: [{ span: valueSpan, text: '60s' }],
      related: [related(deployPath, DEPLOY, envSpan, 'the app behind it times out after 30s')],
    }),
    msg(NGINX, spanOf(NGINX, 'proxy_connect_timeout 2s;'), {
      ruleId: 'cross/timeout-chain-inverted',
      severity: 'warning',
      message: 'proxy_connect_timeout 2s < readiness timeout 3s: a 50% = "half" chance of 502, per node',
      causes: ['upstream-timeout-504'],
      // One fix editing two files: not expressible as one ESLint range.
      fix: [
        { span: spanOf(NGINX, '2s'), text: '5s', file: nginxPath },
        { span: envSpan, text: '"3s"', file: deployPath },
      ],
      related: [related(deployPath, DEPLOY, envSpan, 'inner timeout')],
    }),
  ];
  const nginxSuppressed: LintMessage[] = [
    msg(NGINX, spanOf(NGINX, 'server api.shop.svc.cluster.local:8080;'), {
      ruleId: 'nginx/proxy-timeout-too-low',
      severity: 'error',
      message: 'upstream api has a single server: when it restarts, every request gets a 502.',
      causes: ['upstream-unavailable-502'],
      suppressions: [{ kind: 'directive', justification: 'single replica by design — see OPS-1234' }],
    }),
  ];

  const containerSpan = spanOf(DEPLOY, '- name: api');
  const deployMessages: LintMessage[] = [
    msg(DEPLOY, spanOf(DEPLOY, 'lint500.dev/ignore: "k8s/probe-period-too-long"'), {
      ruleId: 'unused-disable-directive',
      severity: 'warning',
      message: 'Unused lint500 suppression for k8s/probe-period-too-long: it suppressed nothing.',
    }),
    msg(DEPLOY, { start: containerSpan.start, end: spanOf(DEPLOY, '8080').end }, {
      ruleId: 'k8s/readiness-probe-missing',
      severity: 'error',
      message: 'Container "api" has no readinessProbe: <pods> get traffic & fail before they\'re ready ]]> 503.',
      causes: ['not-ready-traffic-503', 'rollout-drops-requests-502'],
      suggestions: [
        {
          desc: 'Add an HTTP readinessProbe on port 8080',
          edits: [{ span: { start: spanOf(DEPLOY, '          ports:').start, end: spanOf(DEPLOY, '          ports:').start }, text: '          readinessProbe:\r\n            httpGet: { path: /healthz, port: 8080 }\r\n' }],
        },
      ],
    }),
  ];
  const deploySuppressed: LintMessage[] = [
    msg(DEPLOY, spanOf(DEPLOY, 'replicas: 3'), {
      ruleId: 'k8s/readiness-probe-missing',
      severity: 'warning',
      message: 'Baseline finding kept from before the migration.',
      suppressions: [{ kind: 'baseline' }],
    }),
  ];

  const asyncSpan = spanOf(SERVER_JS, 'async (req, res) => { const o = await db.find(req.params.id); res.json(o); }');
  const jsMessages: LintMessage[] = [
    msg(SERVER_JS, asyncSpan, {
      ruleId: 'js/express-async-handler-unhandled',
      severity: 'error',
      message: 'Async handler for GET /orders/:id has no catch: a rejected db.find() leaves the request hanging (504).',
      causes: ['request-hang-504', 'unhandled-exception-500'],
      fix: [
        { span: { start: asyncSpan.start + 'async (req, res) => { '.length, end: asyncSpan.start + 'async (req, res) => { '.length }, text: 'try { ' },
        { span: { start: asyncSpan.end - 1, end: asyncSpan.end - 1 }, text: '} catch (e) { next(e); } ' },
      ],
    }),
  ];

  const brokenMessages: LintMessage[] = [
    msg(BROKEN, { start: BROKEN.indexOf('    location'), end: BROKEN.indexOf('    location') }, {
      ruleId: 'parse-error',
      severity: 'error',
      message: 'directive "listen" is not terminated by ";"',
    }),
  ];

  const xmlMessages: LintMessage[] = [
    msg(SERVER_XML, spanOf(SERVER_XML, 'port="8080"'), {
      ruleId: 'acme/connector-port-reserved',
      severity: 'warning',
      message: 'A plugin rule without metadata in the context.',
      fix: [{ span: spanOf(SERVER_XML, '8080'), text: '8081' }],
    }),
    msg(SERVER_XML, spanOf(SERVER_XML, 'maxThreads="5"'), {
      ruleId: 'internal-error',
      severity: 'error',
      message: 'Rule tomcat/connector-threads-too-few crashed on tomcat/conf/server.xml: Cannot read properties of undefined (reading \'value\')',
    }),
  ];

  return [
    { filePath: nginxPath, kind: 'nginx', messages: nginxMessages, suppressedMessages: nginxSuppressed, source: NGINX },
    { filePath: deployPath, kind: 'k8s', messages: deployMessages, suppressedMessages: deploySuppressed, source: DEPLOY },
    { filePath: 'Dockerfile', kind: 'dockerfile', messages: [], suppressedMessages: [], source: DOCKERFILE },
    { filePath: jsPath, kind: 'js', messages: jsMessages, suppressedMessages: [], source: SERVER_JS },
    { filePath: brokenPath, kind: 'nginx', messages: brokenMessages, suppressedMessages: [], source: BROKEN },
    { filePath: xmlPath, kind: 'tomcat', messages: xmlMessages, suppressedMessages: [], source: SERVER_XML },
  ];
}

/** A clean run: files were linted, nothing found. */
export function cleanResults(): FileResult[] {
  return [
    { filePath: 'Dockerfile', kind: 'dockerfile', messages: [], suppressedMessages: [], source: DOCKERFILE },
    { filePath: 'k8s/api-deployment.yaml', kind: 'k8s', messages: [], suppressedMessages: [], source: DEPLOY },
  ];
}

/** Results of a run started on Windows (`C:\\work\\repo`), with paths in Windows style. */
export const WIN_CWD = 'C:\\work\\repo';

export function windowsResults(): FileResult[] {
  const m = (source: string, needle: string, ruleId: string, related?: RelatedMessage[]) =>
    msg(source, spanOf(source, needle), { ruleId, severity: 'error', message: `${ruleId} finding`, causes: ['upstream-timeout-504'], ...(related ? { related } : {}) });
  return [
    {
      filePath: 'deploy\\nginx\\nginx.conf',
      kind: 'nginx',
      messages: [m(NGINX, 'proxy_read_timeout 5s;', 'nginx/proxy-timeout-too-low', [related('C:\\work\\repo\\k8s\\api deployment.yaml', DEPLOY, spanOf(DEPLOY, '"30s"'), 'inner')])],
      suppressedMessages: [],
      source: NGINX,
    },
    { filePath: 'C:\\work\\repo\\k8s\\api deployment.yaml', kind: 'k8s', messages: [m(DEPLOY, '- name: api', 'k8s/readiness-probe-missing')], suppressedMessages: [], source: DEPLOY },
    { filePath: 'D:\\shared\\nginx\\proxy.conf', kind: 'nginx', messages: [m(NGINX, 'proxy_read_timeout 5s;', 'nginx/proxy-timeout-too-low')], suppressedMessages: [], source: NGINX },
  ];
}

/** Freezes a value deeply, so a formatter that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** Removes ANSI colour codes. */
export function stripAnsi(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u001b\[[0-9;]*m/g, '');
}

import { projectModel } from '../../../src/testing/model.js';
import { describe, expect, it } from 'vitest';
import { emptyHost } from '../../../src/core/engine.js';
import type { ParsedFile, ProjectModel } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import parser from '../../../src/parsers/dockerfile/index.js';
import { dockerFacts, dockerModel } from '../../../src/parsers/dockerfile/model.js';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

function model(files: Record<string, string>): ProjectModel {
  const parsed: ParsedFile[] = Object.entries(files).map(([path, text]) => {
    const out = parser.parse({ path, text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set() });
    return { path, kind: 'dockerfile', text, lines: new LineIndex(text), root: out.root, comments: out.comments };
  });
  return projectModel(parsed, emptyHost, [parser]);
}

const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);

describe('dockerModel', () => {
  const orders = [
    'FROM maven:3.9-eclipse-temurin-21 AS build',
    'RUN mvn -B package',
    'FROM eclipse-temurin:21-jre',
    'ENV JAVA_OPTS="-Xmx768m -XX:MaxRAMPercentage=75.0" SPRING_PROFILES_ACTIVE=prod',
    'EXPOSE 8080',
    'ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -Xss512k -jar /app/app.jar"]',
    '',
  ].join('\n');
  const web = [
    'FROM python:3.12-slim',
    'ENV GUNICORN_CMD_ARGS="--workers 3"',
    'EXPOSE 8000/tcp',
    'CMD gunicorn --bind 0.0.0.0:8000 --timeout=30 shop.wsgi',
    '',
  ].join('\n');
  const m = model({ 'services/orders/Dockerfile': orders, 'services/web/Dockerfile': web });
  const idx = dockerModel(m);

  it('is memoised per run', () => {
    expect(dockerModel(m)).toBe(idx);
    expect(idx.images.map((i) => i.path)).toEqual(['services/orders/Dockerfile', 'services/web/Dockerfile']);
  });
  it('exposes the final base image, ports and ENV with spans', () => {
    const o = idx.byPath.get('services/orders/Dockerfile')!;
    expect(o.baseImage?.resolved).toBe('eclipse-temurin:21-jre');
    expect(slice(orders, o.baseSpan!)).toBe('eclipse-temurin:21-jre');
    expect(o.expose.map((p) => [p.port, slice(orders, p.span)])).toEqual([[8080, '8080']]);
    expect(o.env.map((e) => [e.name, slice(orders, e.valueSpan)])).toEqual([['JAVA_OPTS', '"-Xmx768m -XX:MaxRAMPercentage=75.0"'], ['SPRING_PROFILES_ACTIVE', 'prod']]);
  });
  it('finds JVM flags in ENV and in the start command, with spans', () => {
    const o = idx.byPath.get('services/orders/Dockerfile')!;
    expect(o.jvmFlags.map((f) => [f.name, f.value, f.amount, f.source, slice(orders, f.span)])).toEqual([
      ['-Xmx', '768m', 768 * 1024 * 1024, 'ENV JAVA_OPTS', '-Xmx768m'],
      ['-XX:MaxRAMPercentage', '75.0', 75, 'ENV JAVA_OPTS', '-XX:MaxRAMPercentage=75.0'],
      ['-Xss', '512k', 512 * 1024, 'ENTRYPOINT', '-Xss512k'],
    ]);
    expect(o.entrypoint?.argv.map((w) => w.value)).toEqual(['sh', '-c', 'exec java $JAVA_OPTS -Xss512k -jar /app/app.jar']);
  });
  it('reads gunicorn --bind/--timeout from a shell-form CMD and GUNICORN_CMD_ARGS', () => {
    const w = idx.byPath.get('services/web/Dockerfile')!;
    expect(w.cmd?.form).toBe('shell');
    expect(w.cmd?.argv.map((x) => x.value)).toEqual(['gunicorn', '--bind', '0.0.0.0:8000', '--timeout=30', 'shop.wsgi']);
    expect(w.gunicorn?.bind?.value).toBe('0.0.0.0:8000');
    expect(slice(web, w.gunicorn!.bind!.span)).toBe('0.0.0.0:8000');
    expect([w.gunicorn?.timeout?.value, slice(web, w.gunicorn!.timeout!.span)]).toEqual(['30', '--timeout=30']);
    expect(w.gunicorn?.workers?.value).toBe('3');
    expect(w.jvmFlags).toEqual([]);
  });
});

describe('stage targets of the summary', () => {
  it('name each named stage with the chain of stages it builds on, read on demand and kept by a structured clone', () => {
    const text = ['FROM node:20 AS base', 'FROM base AS deps', 'EXPOSE 3000', 'FROM deps AS build', 'FROM nginx:1.27 AS web', 'FROM build', ''].join('\n');
    const out = parser.parse({ path: 'Dockerfile', text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set() });
    const facts = dockerFacts({ path: 'Dockerfile', kind: 'dockerfile', text, lines: new LineIndex(text), root: out.root, comments: out.comments });
    expect(facts.targets.map((t) => [t.name, t.chain])).toEqual([
      ['base', ['base']],
      ['deps', ['base', 'deps']],
      ['build', ['base', 'deps', 'build']],
      ['web', ['web']],
    ]);
    expect(Object.keys(facts.targets[1]!)).toEqual(['name', 'chain', 'expose', 'env']);
    expect(facts.targets[1]!.expose.map((e) => e.port)).toEqual([3000]);
    // Worker threads post summaries: the chain arrives as its value.
    expect(structuredClone(facts.targets[2]!).chain).toEqual(['base', 'deps', 'build']);
  });
});

describe('what the final stage chain adds (health-check programs)', () => {
  it('keeps the HEALTHCHECK commands, the packages installed, the programs RUN uses and COPY names', () => {
    const text = 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends ca-certificates netcat-openbsd=1.219-1 && rm -rf /var/lib/apt/lists/*\n\nFROM base\nCOPY --from=ghcr.io/acme/tools:1 /out/probe /usr/local/bin/probe\nHEALTHCHECK --interval=5s CMD nc -z localhost 5432 || exit 1\nCMD ["postgres"]\n';
    const f = dockerModel(model({ Dockerfile: text })).images[0]!;
    expect(f.adds).toEqual({ packages: ['ca-certificates', 'netcat-openbsd'], programs: ['apt-get', 'rm', 'probe'] });
    expect(f.healthcheck!.form).toBe('shell');
    expect(f.healthcheck!.commands.map((c) => c.map((w) => w.value).join(' '))).toEqual(['nc -z localhost 5432', 'exit 1']);
    expect(slice(text, f.healthcheck!.commands[0]![0]!.span)).toBe('nc');
  });
  it('says why the additions cannot be told: a script run from the context, an archive ADD, a COPY of a program folder', () => {
    const adds = (body: string) => dockerModel(model({ Dockerfile: `FROM alpine:3.20\n${body}` })).images[0]!.adds!.opaque;
    expect(adds('COPY install.sh /tmp/\nRUN sh /tmp/install.sh\n')).toBe('RUN sh');
    expect(adds('ADD https://example.com/tools.tar.gz /opt/\n')).toBe('ADD of an archive or URL');
    expect(adds('COPY --from=busybox:1.36 /bin/ /bin/\n')).toBe('COPY --from=busybox:1.36');
    expect(adds('RUN apk add --no-cache ./vendor/tool.apk\n')).toBe('apk add ./vendor/tool.apk');
    expect(adds('RUN addgroup -S app && adduser -S app -G app\nUSER app\n')).toBeUndefined();
  });
});

describe('the summary of a Dockerfile (dockerFacts)', () => {
  const text = ['FROM node:22 AS deps', 'RUN npm ci', 'FROM deps AS build', 'RUN npm run build', 'FROM build AS test', 'RUN npm test', 'FROM nginx:1.27', 'COPY --from=build /app/dist /usr/share/nginx/html', ''].join('\n');
  const summarize = () => {
    const out = parser.parse({ path: 'Dockerfile', text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set() });
    const file = { path: 'Dockerfile', kind: 'dockerfile' as const, text, lines: new LineIndex(text), root: out.root, comments: out.comments };
    return { facts: dockerFacts(file), root: new WeakRef(out.root) };
  };

  it('gives each named stage with the chain of stages it builds on', () => {
    const { facts } = summarize();
    expect(facts.targets.map((t) => [t.name, t.chain])).toEqual([
      ['deps', ['deps']],
      ['build', ['deps', 'build']],
      ['test', ['deps', 'build', 'test']],
    ]);
  });

  it('keeps no reference to the tree, which is dropped once the file’s rules ran', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const { facts, root } = summarize();
    // A WeakRef holds its target until the current job ends.
    await new Promise((r) => setTimeout(r, 0));
    gc();
    expect(root.deref()).toBeUndefined();
    expect(facts.targets[2]!.chain).toEqual(['deps', 'build', 'test']);
  });

  it('keeps only what other files’ rules read, each word and ENV pair once however many lists name it', () => {
    const body = ['FROM python:3.12-slim AS base', 'ENV PORT=8000 APP_SETTINGS_MODULE=shop.settings.production', 'CMD ["gunicorn", "shop.wsgi"]', 'FROM base AS web', 'CMD gunicorn --bind 0.0.0.0:$PORT shop.wsgi && echo done', ''].join('\n');
    const out = parser.parse({ path: 'Dockerfile', text: body, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set() });
    const facts = dockerFacts({ path: 'Dockerfile', kind: 'dockerfile', text: body, lines: new LineIndex(body), root: out.root, comments: out.comments });
    expect(Object.keys(facts).sort()).toEqual(['adds', 'baseImage', 'baseSpan', 'cmd', 'env', 'expose', 'gunicorn', 'jvmFlags', 'path', 'stageNames', 'targets']);
    expect(facts.baseImage).toEqual({ raw: 'python:3.12-slim', resolved: 'python:3.12-slim', repository: 'python', tag: '3.12-slim', unresolved: false });
    expect(facts.env).toEqual([
      { name: 'PORT', value: '8000', valueSpan: { start: 39, end: 43 } },
      { name: 'APP_SETTINGS_MODULE', value: 'shop.settings.production', valueSpan: { start: 64, end: 88 } },
    ]);
    expect(slice(body, facts.env[1]!.valueSpan)).toBe('shop.settings.production');
    // The stage `base` as a target has the same pairs as the final stage that builds on it.
    expect(facts.targets[0]!.env[1]).toBe(facts.env[1]);
    // Shell form: the words of its commands are the words of its argv.
    const cmd = facts.cmd!;
    expect(cmd.commands.map((c) => c.map((w) => w.value))).toEqual([['gunicorn', '--bind', '0.0.0.0:$PORT', 'shop.wsgi'], ['echo', 'done']]);
    expect(cmd.commands[0]![3]).toBe(cmd.argv[3]);
    expect(cmd.commands[1]![1]).toBe(cmd.argv[cmd.argv.length - 1]);
    // Exec form without a script: its one command is its argv.
    const execCmd = facts.targets[0]!.cmd!;
    expect(execCmd.commands).toEqual([execCmd.argv]);
    expect(execCmd.commands[0]).toBe(execCmd.argv);
  });
});

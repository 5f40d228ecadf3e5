import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyHost } from '../../../src/core/engine.js';
import { LineIndex } from '../../../src/core/text.js';
import parser, { type DockerfileRoot, type RunInstruction } from '../../../src/parsers/dockerfile/index.js';
import { imageInfo } from '../../../src/parsers/dockerfile/images.js';
import { parseShell, mapped } from '../../../src/parsers/dockerfile/shell.js';
import { runCase } from '../../../src/testing/index.js';
import userRoot from '../../../rules/dockerfile/user-root.js';

function parse(text: string) {
  return parser.parse({ path: 'Dockerfile', text, kind: 'dockerfile' }, { host: emptyHost, settings: {}, runPaths: new Set(['Dockerfile']) });
}
const slice = (text: string, s: { start: number; end: number }) => text.slice(s.start, s.end);
const at = (text: string, s: { start: number; end: number }) => {
  const l = new LineIndex(text);
  const a = l.position(s.start);
  const b = l.position(s.end);
  return `${a.line}:${a.column}-${b.line}:${b.column}`;
};

describe('positions', () => {
  it('maps ranges to offsets in CRLF files, continuations included', () => {
    const text = 'FROM node:20\r\nRUN apt-get update \\\r\n  && apt-get install -y curl\r\nCMD ["node", "a.js"]\r\n';
    const { root, diagnostics } = parse(text);
    expect(diagnostics).toEqual([]);
    const [from, run, cmd] = root.instructions;
    expect(slice(text, from!.span)).toBe('FROM node:20');
    expect(at(text, run!.span)).toBe('2:1-3:29');
    const cmds = (run as RunInstruction).script!.commands;
    expect(cmds.map((c) => slice(text, c.span))).toEqual(['apt-get update', 'apt-get install -y curl']);
    expect(at(text, cmds[1]!.tool!.headSpan)).toBe('3:6-3:21');
    expect(cmd!.keyword).toBe('CMD');
    expect(root.finalStage!.cmd!.argv.map((w) => [w.value, slice(text, w.span)])).toEqual([['node', '"node"'], ['a.js', '"a.js"']]);
  });

  it('counts a leading BOM as a character, like the line index', () => {
    const text = '\uFEFFFROM alpine:3.20\nUSER root\n';
    const { root } = parse(text);
    expect(slice(text, root.finalStage!.user!.user!.span)).toBe('root');
  });

  it('honours # escape=` (Windows): backtick continuations, backslashes literal', () => {
    const text = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN powershell -Command `\n  Write-Host hi; `\n  Write-Host there\nCOPY C:\\src C:\\app\n';
    const { root, diagnostics, comments } = parse(text);
    expect(diagnostics).toEqual([]);
    expect(root.escape).toBe('`');
    expect(root.directives).toEqual([{ name: 'escape', value: '`', span: { start: 0, end: 10 } }]);
    expect(comments).toEqual([]);
    const run = root.finalStage!.runs[0]!;
    expect(run.script!.commands.map((c) => slice(text, c.span))).toEqual(['powershell -Command `\n  Write-Host hi', 'Write-Host there']);
    expect(root.finalStage!.copies[0]!.sources.map((w) => w.value)).toEqual(['C:\\src']);
    expect(root.finalStage!.baseInfo.shell).toBe('windows');
  });
});

describe('errors', () => {
  it('reports unknown instructions at the keyword and keeps parsing', () => {
    const text = 'FROM alpine:3.20\nRUNN echo hi\nUSER app\n';
    const { root, diagnostics } = parse(text);
    expect(diagnostics.map((d) => [d.code, at(text, d.span)])).toEqual([['parse-error', '2:1-2:5']]);
    expect(root.finalStage!.user?.user?.value).toBe('app');
  });
  it('reports instructions before FROM, a bad escape, HEALTHCHECK and ONBUILD misuse', () => {
    const text = '# escape=x\nENV A=1\nFROM alpine:3.20\nHEALTHCHECK --interval=5s curl localhost\nONBUILD FROM alpine\n';
    const { diagnostics } = parse(text);
    expect(diagnostics.map((d) => at(text, d.span))).toEqual(['1:10-1:11', '2:1-2:4', '4:27-4:31', '5:9-5:13']);
  });
  it('reports a file with instructions and no FROM', () => {
    const text = 'ARG A=1\n';
    expect(parse(text).diagnostics.map((d) => d.message)[0]).toMatch(/no FROM/);
    expect(parse('# just a comment\n').diagnostics).toEqual([]);
  });
  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.constantFrom('', 'FROM a\n', '# escape=`\nFROM a\n', 'FROM a\nRUN <<EOF\n'), (s, prefix) => {
        const out = parse(prefix + s);
        expect(Array.isArray(out.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('stage model', () => {
  const text = [
    'ARG NODE_VERSION=20',
    'ARG REGISTRY',
    'FROM node:${NODE_VERSION} AS Build',
    'ENV NODE_ENV=development',
    'RUN npm ci && npm run build',
    'FROM build AS test',
    'CMD ["npm", "test"]',
    'FROM ${REGISTRY}/runtime:1 AS custom',
    'FROM node:${NODE_VERSION}-slim',
    'ENV NODE_ENV=production PORT="3000"',
    'COPY --from=build /app/dist ./dist',
    'COPY --from=1 /app/report /report',
    'EXPOSE ${PORT} 9229/udp',
    'USER node',
    'HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/"]',
    'ENTRYPOINT ["docker-entrypoint.sh"]',
    '',
  ].join('\n');
  const root: DockerfileRoot = parse(text).root;

  it('names stages, resolves ARG defaults in FROM and links parents', () => {
    expect(root.stages.map((s) => [s.name, s.base?.resolved, s.parent, s.baseInfo.family])).toEqual([
      ['build', 'node:20', undefined, 'node'],
      ['test', 'node:20', 0, 'node'],
      ['custom', undefined, undefined, 'unknown'],
      [undefined, 'node:20-slim', undefined, 'node'],
    ]);
    expect(root.stages[2]!.from.image!.unresolved).toBe(true);
    expect(root.finalStage!.index).toBe(3);
    expect(root.finalStage!.isFinal).toBe(true);
  });
  it('inherits ENV and CMD from the parent stage', () => {
    expect(root.stages[1]!.env.map((e) => `${e.name}=${e.value}`)).toEqual(['NODE_ENV=development']);
    expect(root.stages[1]!.cmd?.argv.map((w) => w.value)).toEqual(['npm', 'test']);
  });
  it('records copies, ports, user, healthcheck and the ENTRYPOINT (which resets an inherited CMD)', () => {
    const final = root.finalStage!;
    expect(final.copies.map((c) => c.fromStage)).toEqual([0, 1]);
    expect(final.expose.map((p) => [p.port, p.protocol, slice(text, p.span)])).toEqual([[3000, 'tcp', '${PORT}'], [9229, 'udp', '9229/udp']]);
    expect(final.user?.user?.value).toBe('node');
    expect(final.healthcheck?.command?.argv.map((w) => w.value)).toEqual(['curl', '-f', 'http://localhost:3000/']);
    expect(final.entrypoint?.form).toBe('exec');
    expect(final.cmd).toBeUndefined();
    expect(final.env.map((e) => [e.name, e.value, slice(text, e.valueSpan)])).toEqual([['NODE_ENV', 'production', 'production'], ['PORT', '3000', '"3000"']]);
  });
});

describe('RUN shell', () => {
  it('splits on && ; || | and keeps quoted operators, $(…) and comments in continuations', () => {
    const text = 'FROM debian:bookworm-slim\nRUN set -eux; \\\n  saved="$(apt-mark showmanual; echo a && b)"; \\\n  # a comment line\n  echo "x && y" | tee /f || true\n';
    const run = parse(text).root.finalStage!.runs[0]!;
    const cmds = run.script!.commands;
    expect(cmds.map((c) => [c.name, c.next])).toEqual([['set', ';'], ['', ';'], ['echo', '|'], ['tee', '||'], ['true', '']]);
    expect(cmds[1]!.assignments.map((w) => slice(text, w.span))).toEqual(['saved="$(apt-mark showmanual; echo a && b)"']);
    expect(cmds[2]!.argv.map((w) => w.value)).toEqual(['echo', 'x && y']);
  });
  it('parses heredoc bodies as the script, and keeps data heredocs apart', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\napk add --no-cache curl\ncat <<CONF > /etc/app.conf\nport=80 && x\nCONF\necho done\nEOF\nRUN cat <<EOT > /x.txt\nnot && a command\nEOT\n';
    const [a, b] = parse(text).root.finalStage!.runs;
    expect(a!.script!.commands.map((c) => c.name)).toEqual(['apk', 'cat', 'echo']);
    expect(at(text, a!.script!.commands[0]!.tool!.headSpan)).toBe('3:1-3:8');
    expect(b!.script!.commands.map((c) => c.name)).toEqual(['cat']);
    expect(b!.dataHeredocs.map((w) => w.value)).toEqual(['not && a command']);
  });
  it('recognises package managers and build tools', () => {
    const tool = (s: string) => {
      const t = parseShell(mapped(s, 0)).commands[0]!.tool!;
      return [t.manager, t.action, t.operands.map((o) => o.value).join(' '), t.options.map((o) => o.name + (o.value !== undefined ? `=${o.value}` : '')).join(' ')];
    };
    expect(tool('DEBIAN_FRONTEND=noninteractive apt-get -o Dpkg::Options::=--force-confold -y install gcc=4:12 make')).toEqual(['apt', 'install', 'gcc=4:12 make', '-o=Dpkg::Options::=--force-confold -y']);
    expect(tool('sudo python3 -m pip install --no-cache-dir -r requirements.txt gunicorn[gevent]')).toEqual(['pip', 'install', 'gunicorn[gevent]', '--no-cache-dir -r=requirements.txt']);
    expect(tool('apk add --virtual .build-deps gcc musl-dev')).toEqual(['apk', 'add', 'gcc musl-dev', '--virtual=.build-deps']);
    expect(tool('npm cache clean --force')).toEqual(['npm', 'cache clean', '', '--force']);
    expect(tool('npm i -g pm2')).toEqual(['npm', 'install', 'pm2', '-g']);
    expect(tool('yarn global add serve')).toEqual(['yarn', 'global add', 'serve', '']);
    expect(tool('yarn --frozen-lockfile')).toEqual(['yarn', 'install', '', '--frozen-lockfile']);
    expect(tool('microdnf install -y java-21-openjdk-headless')).toEqual(['yum', 'install', 'java-21-openjdk-headless', '-y']);
    expect(tool('./mvnw -B -DskipTests package')).toEqual(['maven', '', 'package', '-B -DskipTests']);
    expect(tool('go build -o /out/app ./cmd/app')).toEqual(['go', 'build', './cmd/app', '-o=/out/app']);
    expect(tool('dotnet publish -c Release -o /app')).toEqual(['dotnet', 'publish', '', '-c=Release -o=/app']);
    expect(tool('poetry install --only main')).toEqual(['poetry', 'install', '', '--only=main']);
    expect(tool('uv sync --frozen --no-dev')).toEqual(['uv', 'sync', '', '--frozen --no-dev']);
    expect(tool('bundle install --without development test')).toEqual(['bundle', 'install', 'test', '--without=development']);
    expect(tool('cargo build --release')).toEqual(['cargo', 'build', '', '--release']);
    expect(tool('./gradlew bootJar --no-daemon')).toEqual(['gradle', '', 'bootJar', '--no-daemon']);
  });
  it('parses exec-form sh -c scripts with positions inside the JSON string', () => {
    const text = 'FROM eclipse-temurin:21-jre\nENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]\n';
    const ep = parse(text).root.finalStage!.entrypoint!;
    const c = ep.script!.commands[0]!;
    expect(c.exec).toBe(true);
    expect(c.name).toBe('java');
    expect(slice(text, c.argv[1]!.span)).toBe('$JAVA_OPTS');
  });
});

describe('image families', () => {
  const info = (repository: string, tag?: string) => imageInfo({ repository, tag });
  it('tells build images from runtime images', () => {
    expect([info('python', '3.12').fat !== undefined, info('python', '3.12-slim').fat, info('python', '3.12-alpine').packageManager]).toEqual([true, undefined, 'apk']);
    expect([info('node', '20').runtime, info('node', '20-alpine').shell]).toEqual(['node:20-slim', 'sh']);
    expect([info('eclipse-temurin', '21-jdk').java, info('eclipse-temurin', '21-jre').java, info('eclipse-temurin', '21').runtime]).toEqual(['jdk', 'jre', 'eclipse-temurin:21-jre']);
    expect([info('maven', '3.9-eclipse-temurin-17').runtime, info('gradle', '8-jdk21').java]).toEqual(['eclipse-temurin:17-jre', 'jdk']);
    expect([info('mcr.microsoft.com/dotnet/sdk', '8.0').runtime, info('mcr.microsoft.com/dotnet/aspnet', '8.0').fat]).toEqual(['mcr.microsoft.com/dotnet/aspnet:8.0', undefined]);
    expect([info('scratch').shell, info('gcr.io/distroless/static-debian12', 'nonroot').nonRoot, info('gcr.io/distroless/base', 'debug').shell]).toEqual(['none', true, 'sh']);
    expect([info('golang', '1.22').fat !== undefined, info('rust', '1.79').toolchains, info('debian', 'bookworm-slim').packageManager]).toEqual([true, ['rust', 'gcc'], 'apt']);
    expect(info('example.com/team/app', '1').known).toBe(false);
  });
});

describe('comments and suppressions', () => {
  it('returns comments for suppressions but not parser directives', async () => {
    const text = '# syntax=docker/dockerfile:1\n# lint500-disable-next-line dockerfile/user-root -- runs as root on purpose\nFROM node:20-slim\nCOPY . /app\nCMD ["node", "/app/server.js"]\n';
    const { comments } = parse(text);
    expect(comments.map((c) => c.text)).toEqual(['lint500-disable-next-line dockerfile/user-root -- runs as root on purpose']);
    const { messages } = await runCase(userRoot, { code: text });
    expect(messages).toEqual([]);
  });
});

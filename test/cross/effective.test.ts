/**
 * The effective environment and argv of a container: the image's ENV / ENTRYPOINT / CMD with the
 * orchestrator's overrides, as Kubernetes and compose apply them.
 */
import { describe, expect, it } from 'vitest';
import type { ParsedFile, ProjectModel } from '../../src/core/rule.js';
import { composeContainers, effectiveRuntime, k8sOverrides, type Runtime } from '../../src/parsers/cross/effective.js';
import { parseDockerfile } from '../../src/parsers/dockerfile/index.js';
import { dockerFacts } from '../../src/parsers/dockerfile/model.js';
import { parseK8s } from '../../src/parsers/yaml/index.js';
import type { Workload } from '../../src/parsers/yaml/objects.js';

const DOCKERFILE = 'FROM eclipse-temurin:21-jre\nENV JAVA_OPTS="-Xmx512m" TZ=UTC\nENTRYPOINT ["/entrypoint.sh"]\nCMD ["java", "-jar", "/app.jar"]\n';

function image() {
  const file = { path: 'Dockerfile', text: DOCKERFILE, kind: 'dockerfile' as const };
  return dockerFacts({ ...file, root: parseDockerfile(file).root } as unknown as ParsedFile<'dockerfile'>);
}

function container(body: string) {
  const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1\n${body}`;
  const w = parseK8s({ path: 'k8s/api.yaml', text, kind: 'k8s' }).root.objects[0] as Workload;
  return { c: w.template!.containers[0]!, text };
}

const argv = (r: Runtime) => r.argv.map((w) => w.value);
const env = (r: Runtime) => Object.fromEntries([...r.env].map(([k, v]) => [k, `${v.value} (${v.via})`]));

describe('effectiveRuntime for Kubernetes', () => {
  it('keeps the image when nothing is overridden', () => {
    const r = effectiveRuntime(image(), k8sOverrides(container('').c));
    expect(argv(r)).toEqual(['/entrypoint.sh', 'java', '-jar', '/app.jar']);
    expect(env(r)).toEqual({ JAVA_OPTS: '-Xmx512m (ENV JAVA_OPTS)', TZ: 'UTC (ENV TZ)' });
  });

  it('args replace CMD and keep ENTRYPOINT; command replaces ENTRYPOINT and drops CMD', () => {
    expect(argv(effectiveRuntime(image(), k8sOverrides(container('          args: ["--debug"]\n').c)))).toEqual(['/entrypoint.sh', '--debug']);
    expect(argv(effectiveRuntime(image(), k8sOverrides(container('          command: ["java", "-Xmx1g"]\n').c)))).toEqual(['java', '-Xmx1g']);
    expect(argv(effectiveRuntime(image(), k8sOverrides(container('          command: ["java"]\n          args: ["-jar", "/x.jar"]\n').c)))).toEqual(['java', '-jar', '/x.jar']);
  });

  it('env replaces the image by name, valueFrom hides it, $(NAME) expands earlier variables; spans point at the manifest', () => {
    const { c, text } = container(
      '          env:\n            - name: HEAP\n              value: "-Xmx2g"\n            - name: JAVA_TOOL_OPTIONS\n              value: "$(HEAP) -XX:+UseG1GC"\n            - name: TZ\n              valueFrom: { configMapKeyRef: { name: tz, key: tz } }\n',
    );
    const r = effectiveRuntime(image(), k8sOverrides(c));
    expect(env(r)).toEqual({ JAVA_OPTS: '-Xmx512m (ENV JAVA_OPTS)', HEAP: '-Xmx2g (env HEAP)', JAVA_TOOL_OPTIONS: '-Xmx2g -XX:+UseG1GC (env JAVA_TOOL_OPTIONS)' });
    const t = r.env.get('JAVA_TOOL_OPTIONS')!;
    expect(t.file).toBe('k8s/api.yaml');
    expect(text.slice(t.span.start, t.span.end)).toBe('"$(HEAP) -XX:+UseG1GC"');
  });
});

describe('compose services', () => {
  const model = (files: Record<string, string>): ProjectModel => {
    const memo = new Map<string, unknown>();
    return {
      filesOf: (kind: string) => (kind === 'manifest' ? Object.entries(files).map(([path, text]) => ({ path, text, kind, root: {} })) : []),
      text: (path: string) => files[path],
      memo: <T>(key: string, f: () => T) => (memo.has(key) ? memo.get(key) : (memo.set(key, f()), memo.get(key))) as T,
    } as unknown as ProjectModel;
  };

  it('reads environment (map and list), entrypoint/command and the memory limit with exact spans', () => {
    const text = [
      'services:',
      '  api:',
      '    build: ./api',
      '    entrypoint: ["java"]',
      '    command: -Xmx1g -jar /app.jar',
      '    environment:',
      '      JAVA_TOOL_OPTIONS: -XX:MaxRAMPercentage=75',
      '      SECRET: ${SECRET}',
      '    mem_limit: 1g',
      '  worker:',
      '    image: acme/worker:2',
      '    environment:',
      '      - "JDK_JAVA_OPTIONS=-Xmx256m"',
      '      - BARE',
      '    deploy:',
      '      resources:',
      '        limits:',
      '          memory: 512M',
      '',
    ].join('\n');
    const [api, worker] = composeContainers(model({ 'docker-compose.yml': text }));
    expect(api).toMatchObject({ name: 'api', built: true, memoryLimit: { value: '1g' }, label: 'compose service "api"' });
    const ra = effectiveRuntime(image(), api!.overrides);
    expect(argv(ra)).toEqual(['java', '-Xmx1g', '-jar', '/app.jar']);
    expect(text.slice(ra.argv[1]!.span.start, ra.argv[1]!.span.end)).toBe('-Xmx1g');
    // An interpolated value is unknown: it neither counts nor lets the image's value through.
    expect(env(ra)).toEqual({ JAVA_OPTS: '-Xmx512m (ENV JAVA_OPTS)', TZ: 'UTC (ENV TZ)', JAVA_TOOL_OPTIONS: '-XX:MaxRAMPercentage=75 (environment JAVA_TOOL_OPTIONS)' });
    expect(worker).toMatchObject({ name: 'worker', image: 'acme/worker:2', built: false, memoryLimit: { value: '512M' } });
    const rw = effectiveRuntime(undefined, worker!.overrides);
    const j = rw.env.get('JDK_JAVA_OPTIONS')!;
    expect(text.slice(j.span.start, j.span.end)).toBe('-Xmx256m');
    expect(rw.env.has('BARE')).toBe(false);
    expect(text.slice(worker!.memoryLimit!.span.start, worker!.memoryLimit!.span.end)).toBe('512M');
  });
});

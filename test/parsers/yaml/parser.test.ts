/**
 * The Kubernetes YAML parser: documents, List kinds, anchors and merge keys, exact spans, parse
 * errors with positions, limits, templates, comments and annotation suppressions.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex, type Span } from '../../../src/core/text.js';
import { at, locate, parsePath, str, formatPath } from '../../../src/parsers/yaml/ast.js';
import parser, { k8sDocuments, objectNode, parseK8s } from '../../../src/parsers/yaml/index.js';
import type { GenericObject, Service, Workload } from '../../../src/parsers/yaml/objects.js';

const FIX = join(import.meta.dirname, '../../../fixtures/files/k8s');
const read = (p: string) => readFileSync(join(FIX, p), 'utf8');

function parse(path: string, text: string, limits: { maxDepth?: number; maxAliasCount?: number } = {}) {
  const r = parseK8s({ path, text, kind: 'k8s' }, limits);
  const lines = new LineIndex(text);
  const pos = (s: Span) => {
    const a = lines.position(s.start);
    const b = lines.position(s.end);
    return `${a.line}:${a.column}-${b.line}:${b.column}`;
  };
  const diags = r.diagnostics.map((d) => `${d.code} ${d.severity} ${pos(d.span)}`);
  return { ...r, pos, diags, lines, source: text, text: (s: Span) => text.slice(s.start, s.end) };
}

describe('documents and objects', () => {
  it('reads every document of a multi-document file, with namespaces and exact spans', () => {
    const r = parse('k8s/multi-doc.yaml', read('multi-doc.yaml'));
    expect(r.diags).toEqual([]);
    expect(k8sDocuments(read('multi-doc.yaml'))).toHaveLength(3);
    expect(r.root.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}`)).toEqual(['Deployment/shop/api', 'Service/shop/api']);
    const w = r.root.objects[0] as Workload;
    expect(w.category).toBe('workload');
    expect(w.replicas?.value).toBe(1);
    expect(r.pos(w.replicas!.span)).toBe('10:13-10:14');
    expect(r.pos(w.replicas!.keySpan)).toBe('10:3-10:11');
    expect(w.template?.labels).toEqual({ app: 'api' });
    expect(w.selector?.matchLabels).toEqual({ app: 'api' });
    const [init] = w.template!.initContainers;
    const [c] = w.template!.containers;
    expect(init?.init).toBe(true);
    expect(init?.command).toEqual(['npm', 'run', 'migrate']);
    expect(c?.init).toBe(false);
    expect(c?.path).toBe('spec.template.spec.containers[0]');
    expect(r.pos(c!.anchor)).toBe('25:11-25:20');
    expect(c?.ports.map((p) => [p.name?.value, p.containerPort?.value])).toEqual([['http', 3000]]);
    expect(c?.probes.liveness?.port?.value).toBe('http');
    expect(c?.probes.liveness?.handler).toBe('httpGet');
    expect(c?.probes.liveness?.timing).toEqual({ initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 });
    expect(c?.env.map((e) => [e.name, e.value])).toEqual([['NODE_ENV', 'production'], ['DB_URL', undefined]]);
    expect(r.pos(c!.probes.liveness!.keySpan)).toBe('30:11-30:24');
    expect(r.pos(c!.probes.liveness!.span)).toBe('30:11-31:52');
    expect(c!.probes.liveness!.handlerValue).toEqual({ path: '/healthz', port: 'http' });
    const loc = locate(objectNode(k8sDocuments(r.source), w), `${c!.path}.livenessProbe`)!;
    expect(r.pos(loc.key!)).toBe('30:11-30:24');
    expect(r.pos(loc.value!)).toBe('31:13-31:52');
    expect(init?.commandWords.map((x) => `${x.value}@${r.pos(x.span)}`)).toEqual(['npm@23:21-23:26', 'run@23:28-23:33', 'migrate@23:35-23:44']);
    expect(w.replicasWritten).toBe(true);
    // `labels: *labels`: the aliased map, where it is written.
    expect(r.pos(w.template!.labelsSpan!)).toBe('13:7-13:15');
    expect(r.text(w.annotationSpans['lint500.dev/ignore']!)).toBe('"k8s/replicas-single -- scaled by KEDA"');
    const s = r.root.objects[1] as Service;
    expect(s.selector).toEqual({ app: 'api' });
    expect(s.ports.map((p) => [p.port?.value, p.targetPort?.value])).toEqual([[80, 'http']]);
    expect(r.text(s.selectorField!.keySpan)).toBe('selector');
    expect(Object.fromEntries(Object.entries(s.selectorSpans).map(([k, v]) => [k, r.text(v)]))).toEqual({ app: 'app: api' });
    expect(s.clusterIP).toBeUndefined();
  });

  it('returns comments without the # for inline suppressions', () => {
    const r = parse('k8s/multi-doc.yaml', read('multi-doc.yaml'));
    expect(r.comments.map((c) => c.text)).toEqual([
      ' Shop API: Deployment and Service in one file.',
      ' lint500-disable-next-line k8s/service-selector-matches-nothing -- pods come from another repo',
    ]);
    expect(r.pos(r.comments[1]!.span)).toBe('38:1-38:96');
  });

  it('turns the lint500.dev/ignore annotation (object and pod template) into regions over the object', () => {
    const r = parse('k8s/multi-doc.yaml', read('multi-doc.yaml'));
    expect(r.suppressions.map((s) => ({ from: s.fromLine, to: s.toLine, ids: s.ruleIds, reason: s.reason, at: r.pos(s.span) }))).toEqual([
      { from: 2, to: 36, ids: ['k8s/replicas-single'], reason: 'scaled by KEDA', at: '8:5-8:64' },
      { from: 2, to: 36, ids: ['k8s/image-tag-unpinned'], reason: undefined, at: '18:9-18:51' },
    ]);
  });

  it('expands List kinds, inheriting the kind of a typed list', () => {
    const r = parse('list.yaml', read('list.yaml'));
    expect(r.diags).toEqual([]);
    expect(r.root.objects.map((o) => `${o.kind}/${o.namespace}/${o.name}@${o.base}`)).toEqual(['Service/default/web@items[0]', 'Deployment/default/web@items[1]', 'Service/ops/admin@items[0]']);
    const w = r.root.objects[1] as Workload;
    expect(w.template?.containers[0]?.path).toBe('spec.template.spec.containers[0]');
    expect(r.pos(w.template!.containers[0]!.image!.span)).toBe('19:22-19:44');
    expect(r.pos(locate(objectNode(k8sDocuments(r.source), w), 'spec.template.spec.containers[0].image')!.value!)).toBe('19:22-19:44');
  });

  it('resolves anchors, aliases and << merge keys', () => {
    const r = parse('anchors.yaml', read('anchors.yaml'));
    expect(r.diags).toEqual([]);
    const [a, b] = (r.root.objects[0] as Workload).template!.containers;
    expect(a?.name?.value).toBe('worker-a');
    expect(b?.name?.value).toBe('worker-b');
    expect(b?.image?.value).toBe('ghcr.io/acme/worker:1.0.0');
    // Merged values keep the span where they are written.
    expect(r.pos(b!.image!.span)).toBe('11:18-11:43');
    expect(b?.resources.limits.memory?.value).toBe('256Mi');
    expect(b?.resources.requests.cpu?.value).toBe('100m');
  });

  it('reads YAML 1.1 like Kubernetes, and keeps numeric-looking strings as written', () => {
    const r = parse('d.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, labels: { version: 1.10, on: yes } }\ndata: { n: 010 }\n');
    const o = r.root.objects[0]!;
    expect(o.labels).toEqual({ version: '1.10', on: 'yes' });
    expect(at(objectNode(k8sDocuments(r.source), o), 'data.n')).toMatchObject({ value: 8 });
  });

  it('precomputes what rules read beyond the typed fields, as plain data with spans', () => {
    const text = [
      'apiVersion: v1\nkind: LimitRange\nmetadata: { name: lr }\nspec:\n  limits:\n    - type: Pod\n      default: { memory: 1Gi }\n    - default: { memory: 512Mi }\n      defaultRequest: { cpu: 100m }\n',
      'apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: { name: js, labels: { team: a } }\nspec:\n  replicatedJobs:\n    - template: { spec: { template: { metadata: { labels: { app: trainer } } } } }\n',
      'apiVersion: v1\nkind: Service\nmetadata: { name: db }\nspec:\n  clusterIP: None\n  selector:\n    <<: { tier: db }\n    app: db\n',
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: d }\nspec:\n  replicas: ${REPLICAS}\n  template:\n    spec:\n      containers:\n        - name: c\n          command: [java, 1.10, ~]\n          readinessProbe: { exec: { command: [cat, /tmp/ready] } }\n',
    ].join('---\n');
    const r = parse('mixed.yaml', text);
    expect(r.diags).toEqual([]);
    const [lr, js, svc, d] = r.root.objects as [GenericObject, GenericObject, Service, Workload];
    expect(lr.limitRangeDefaults).toEqual({ memoryLimit: true, cpuRequest: true });
    expect(lr.nestedLabels).toBeUndefined();
    expect(js.nestedLabels).toEqual([{ team: 'a' }, { app: 'trainer' }]);
    expect(svc.clusterIP).toBe('None');
    expect(svc.selector).toEqual({ tier: 'db', app: 'db' });
    // A merged pair has no span of its own in the selector.
    expect(Object.fromEntries(Object.entries(svc.selectorSpans).map(([k, v]) => [k, r.text(v)]))).toEqual({ app: 'app: db' });
    expect(d.replicas).toBeUndefined();
    expect(d.replicasWritten).toBe(true);
    const c = d.template!.containers[0]!;
    expect(c.command).toEqual(['java', '1.10']);
    expect(c.commandWords.map((w) => `${w.value}=${r.text(w.span)}`)).toEqual(['java=java', '1.1=1.10']);
    expect(c.probes.readiness?.handlerValue).toEqual({ command: ['cat', '/tmp/ready'] });
    expect(d.template!.labelsSpan).toBeUndefined();
  });

  it('reads kustomization files', () => {
    const r = parse('kustomize/overlays/prod/kustomization.yaml', read('kustomize/overlays/prod/kustomization.yaml'));
    expect(r.root.objects).toEqual([]);
    expect(r.root.kustomization?.namespace?.value).toBe('shop-prod');
    expect(r.root.kustomization?.resources.map((x) => x.value)).toEqual(['../../base', 'hpa.yaml']);
    expect(r.root.kustomization?.patches).toHaveLength(1);
  });

  it('handles empty files, comment-only files, a BOM and CRLF line ends', () => {
    expect(parse('e.yaml', '').diags).toEqual([]);
    expect(parse('e.yaml', '# nothing\n---\n').root.objects).toEqual([]);
    const r = parse('crlf.yaml', '\uFEFFapiVersion: v1\r\nkind: Service\r\nmetadata:\r\n  name: crlf\r\n');
    expect(r.diags).toEqual([]);
    expect(r.pos(r.root.objects[0]!.nameField!.span)).toBe('4:9-4:13');
  });
});

describe('errors', () => {
  it('reports duplicate keys at the second key, and still reads the object', () => {
    const r = parse('duplicate-key.yaml', read('duplicate-key.yaml'));
    expect(r.diags).toEqual(['parse-error error 7:5-7:8']);
    expect(r.diagnostics[0]!.message).toContain('Duplicate key "app"');
    expect(r.root.objects[0]?.labels).toEqual({ app: 'shop-v2' });
  });

  it('reports syntax errors with their line and skips the broken document only', () => {
    const r = parse('bad.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    expect(r.diags.length).toBeGreaterThan(0);
    expect(r.diags.every((d) => d.startsWith('parse-error error'))).toBe(true);
    expect(r.lines.position(r.diagnostics[0]!.span.start).line).toBeGreaterThanOrEqual(9);
    expect(r.root.objects.map((o) => o.name)).toEqual(['ok']);
  });

  it('reports an alias to an unknown anchor, and one that contains itself', () => {
    expect(parse('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\ndata: *missing\n').diags).toEqual(['parse-error error 4:7-4:15']);
    expect(parse('a.yaml', 'a: &x [1, *x]\n').diags).toEqual(['parse-error error 1:11-1:13']);
  });

  it('stops alias expansion bombs at settings.limits.maxAliasCount', () => {
    const r = parse('billion-laughs.yaml', read('billion-laughs.yaml'));
    expect(r.diags).toEqual(['parse-error error 8:13-8:15', 'parse-error error 9:13-9:15']);
    expect(r.diagnostics[0]!.message).toContain('maxAliasCount (100)');
    expect(parse('billion-laughs.yaml', read('billion-laughs.yaml'), { maxAliasCount: 10 }).diags).toEqual(['parse-error error 7:13-7:15', 'parse-error error 8:10-8:12']);
    expect(parse('billion-laughs.yaml', read('billion-laughs.yaml'), { maxAliasCount: -1 }).diags).toEqual([]);
  });

  it('refuses nesting deeper than settings.limits.maxDepth without handing it to the YAML library', () => {
    const deep = `${'- '.repeat(50_000)}x\n`;
    const t0 = Date.now();
    expect(parse('deep.yaml', deep).diags).toEqual(['parse-error error 1:1-1:2']);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(parse('deep.yaml', `${'['.repeat(300)}${']'.repeat(300)}\n`).diags).toEqual(['parse-error error 1:200-1:201']);
    const nested = 'a:\n  b:\n    c:\n      d: 1\n';
    expect(parse('n.yaml', nested, { maxDepth: 3 }).diags).toEqual(['parse-error error 4:1-4:2']);
    expect(parse('n.yaml', nested).diags).toEqual([]);
  });

  it('reports tabs: after a colon (kubectl rejects) and after a value (PyYAML rejects)', () => {
    const r = parse('tabs.yaml', read('tabs.yaml'));
    expect(r.diags).toEqual(['parse-error error 6:8-6:9', 'parse-error warning 8:15-8:16']);
    expect(parse('t.yaml', 'data:\n  script: "a\tb"\n  block: |\n    x\ty\n').diags).toEqual([]);
  });
});

describe('templates', () => {
  it('skips Helm chart templates with one template-skipped note', () => {
    const r = parse('chart/templates/deployment.yaml', read('chart/templates/deployment.yaml'));
    expect(r.diags).toEqual(['template-skipped info 4:9-4:40']);
    expect(r.root.templated).toBe(true);
    expect(r.root.objects).toEqual([]);
  });

  it('skips template syntax outside a chart when it is not valid YAML, but reads {{ }} inside strings', () => {
    expect(parse('x.yaml', 'apiVersion: v1\nkind: Service\n{{- if .Values.svc }}\nmetadata: {}\n{{- end }}\n').diags).toEqual(['template-skipped info 3:1-3:22']);
    expect(parse('x.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Values.name }}\n').diags).toEqual(['template-skipped info 4:9-4:27']);
    const alerts = parse('alerts.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: alerts }\ndata:\n  summary: "{{ $labels.instance }} down"\n  text: Instance {{ $labels.instance }} down\n');
    expect(alerts.diags).toEqual([]);
    expect(str(at(objectNode(k8sDocuments(alerts.source), alerts.root.objects[0]!), 'data.text'))).toBe('Instance {{ $labels.instance }} down');
  });
});

describe('paths', () => {
  it('parses and formats paths with indexes and quoted keys', () => {
    expect(parsePath('metadata.annotations["lint500.dev/ignore"]')).toEqual(['metadata', 'annotations', 'lint500.dev/ignore']);
    expect(parsePath('spec.template.spec.containers[0].livenessProbe')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'livenessProbe']);
    expect(formatPath(['items', 2, 'metadata', 'annotations', 'a.b/c'])).toBe('items[2].metadata.annotations["a.b/c"]');
    const r = parse('multi-doc.yaml', read('multi-doc.yaml'));
    const o = objectNode(k8sDocuments(r.source), r.root.objects[0]!);
    expect(r.text(locate(o, 'metadata.annotations["lint500.dev/ignore"]')!.value!)).toBe('"k8s/replicas-single -- scaled by KEDA"');
    expect(locate(o, 'spec.template.spec.containers[5]')).toBeUndefined();
    expect(locate(o, 'spec.nothing.here')).toBeUndefined();
  });
});

describe('traversal', () => {
  it('visits objects, workloads, containers (init first, in document order) and Services', () => {
    const r = parse('multi-doc.yaml', read('multi-doc.yaml'));
    const seen: string[] = [];
    parser.traverse(r.root, (t, n) => seen.push(`${t}:${(n as { name?: { value?: string } | string }).name ? '' : ''}`.replace(/:$/, '')), (t) => seen.push(`/${t}`));
    expect(seen).toEqual(['object', 'workload', 'container', '/container', 'container', '/container', '/workload', '/object', 'object', 'service', '/service', '/object']);
  });
});

describe('robustness', () => {
  it('never throws, whatever the text', () => {
    const yamlish = fc.array(fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', '---\n', '- ', '  ', 'a: ', '&x ', '*x ', '<<: *x\n', '{', '}', '[', ']', '"', "'", '\t', '#c\n', '? ', '|\n', '{{ x }}', 'containers:\n', '  - name: a\n', '\n', 'é', '\uFEFF'), { maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), yamlish.map((a) => a.join(''))), (text) => {
        const r = parseK8s({ path: 'f.yaml', text, kind: 'k8s' });
        for (const d of r.diagnostics) {
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(text.length);
          expect(d.span.end).toBeGreaterThanOrEqual(d.span.start);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('JSON manifests', () => {
  it('reads a tab-indented JSON List with exact spans and no tab diagnostics', () => {
    const text = [
      '{',
      '\t"kind": "List",',
      '\t"apiVersion": "v1",',
      '\t"items": [',
      '\t\t{ "apiVersion": "apps/v1", "kind": "Deployment", "metadata": { "name": "api", "namespace": "shop" },',
      '\t\t  "spec": { "replicas": 3, "template": { "spec": { "containers": [ { "name": "api", "image": "api:1" } ] } } } },',
      '\t\t{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "api" }, "spec": { "ports": [ { "port": 80 } ] } }',
      '\t]',
      '}',
      '',
    ].join('\n');
    const r = parse('deploy/all.json', text);
    expect(r.diags).toEqual([]);
    expect(r.root.objects.map((o) => `${o.kind}/${o.name}`)).toEqual(['Deployment/api', 'Service/api']);
    const w = r.root.objects[0] as Workload;
    expect(w.replicas?.value).toBe(3);
    expect(r.pos(w.replicas!.span)).toBe('6:27-6:28');
    expect(r.text(w.replicas!.keySpan)).toBe('"replicas"');
    expect(r.text(w.template!.containers[0]!.image!.span)).toBe('"api:1"');
  });

  it('reports a JSON syntax error at its position', () => {
    const r = parse('deploy/api.json', '{\n  "apiVersion": "v1",\n  "kind": "Pod"\n  "metadata": {}\n}\n');
    expect(r.diags.length).toBeGreaterThan(0);
    expect(r.diags[0]).toMatch(/^parse-error error 4:/);
  });
});

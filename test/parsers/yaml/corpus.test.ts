/**
 * Every Kubernetes file of the real-world sets (test/corpus.ts) parses without throwing and without a parse-error,
 * except the three GKE samples that are broken upstream and five archived examples with duplicate keys; Helm templates are skipped with one note
 * each. All k8s rules run over the corpus without an internal error; per-rule counts are printed.
 * Every root is plain data (the engine keeps every root for the whole run): no YAML node, no function.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../../../rules/index.js';
import { ConfigResolver } from '../../../src/core/config/resolve.js';
import { lint } from '../../../src/core/engine.js';
import { MemoryHost } from '../../../src/core/memory-host.js';
import type { SourceFile } from '../../../src/core/rule.js';
import { LineIndex } from '../../../src/core/text.js';
import { loadParser } from '../../../src/parsers/index.js';
import { parseK8s } from '../../../src/parsers/yaml/index.js';
import { classify } from '../../../src/project/classify.js';
import { corpusSets, walkFiles } from '../../corpus.js';

/** Broken upstream (see the corpus README): the first error line of each, as kubectl reports it. */
const BROKEN: Record<string, { line: number; severity: 'error' | 'warning' }> = {
  // A tab after `type: LoadBalancer`: kubectl accepts it, PyYAML-based tools do not.
  'GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/vllm-tpu/vllm-llama3-70b.yaml': { line: 99, severity: 'warning' },
  'GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/configuring-the-gateway/llm-gateway.yaml': { line: 25, severity: 'error' },
  'GoogleCloudPlatform__kubernetes-engine-samples/ai-ml/gke-model-armor/configuring-the-gateway/llm-httproute.yaml': { line: 25, severity: 'error' },
  // Duplicate keys, which kubectl's strict field validation rejects: `selector` written twice…
  'kubernetes__examples/_archived/openshift-origin/etcd-controller.yaml': { line: 12, severity: 'error' },
  'kubernetes__examples/_archived/openshift-origin/etcd-discovery-controller.yaml': { line: 12, severity: 'error' },
  'kubernetes__examples/_archived/openshift-origin/openshift-controller.yaml': { line: 12, severity: 'error' },
  // … a Secret's `type` twice, a PVC's `storageClassName` twice.
  'kubernetes__examples/_archived/persistent-volume-provisioning/quobyte/quobyte-admin-secret.yaml': { line: 9, severity: 'error' },
  'kubernetes__examples/_archived/volumes/scaleio/sc-pvc.yaml': { line: 12, severity: 'error' },
};


/** Paths (from the root) of values that are YAML nodes or functions; cycles (`Container.owner`) are followed once. */
function treeReferences(root: unknown): string[] {
  const found: string[] = [];
  const seen = new Set<object>();
  const visit = (v: unknown, path: string): void => {
    if (typeof v === 'function') {
      found.push(`${path} (function)`);
      return;
    }
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const o = v as Record<string, unknown>;
    if ((o.type === 'map' || o.type === 'seq' || o.type === 'scalar') && 'span' in o) {
      found.push(`${path} (YAML ${String(o.type)})`);
      return;
    }
    for (const [k, x] of Object.entries(o)) visit(x, `${path}.${k}`);
  };
  visit(root, 'root');
  return found;
}

for (const { title, dir: CORPUS, present, large } of corpusSets('k8s')) {
  describe.skipIf(!present)(`Kubernetes files of the ${title}`, () => {
    const files = walkFiles(CORPUS).filter((p) => /\.ya?ml$/i.test(p));

    it('parses every file; only the files broken upstream have parse errors, Helm templates are skipped', () => {
      expect(files.length).toBeGreaterThan(large ? 500 : 10);
      let templated = 0;
      for (const abs of files) {
        const path = relative(CORPUS, abs).split('\\').join('/');
        const text = readFileSync(abs, 'utf8');
        const r = parseK8s({ path, text, kind: 'k8s' });
        const lines = new LineIndex(text);
        const errors = r.diagnostics.filter((d) => d.code === 'parse-error').map((d) => ({ line: lines.position(d.span.start).line, severity: d.severity }));
        const expected = BROKEN[path];
        if (expected) expect(errors[0], path).toEqual(expected);
        else expect(errors, path).toEqual([]);
        if (path.startsWith('_helm_templates/')) {
          expect(r.diagnostics.map((d) => d.code), path).toEqual(['template-skipped']);
          templated++;
        } else expect(r.diagnostics.some((d) => d.code === 'template-skipped'), path).toBe(false);
      }
      expect(templated).toBe(large ? 10 : 1);
    });

    it('keeps plain data only in every root: structuredClone copies it unchanged, and no value is a YAML node', () => {
      expect(treeReferences({ a: [{ b: { type: 'map', pairs: [], span: { start: 0, end: 0 } } }], at: () => undefined })).toEqual(['root.a.0.b (YAML map)', 'root.at (function)']);
      let objects = 0;
      for (const abs of files) {
        const path = relative(CORPUS, abs).split('\\').join('/');
        const { root } = parseK8s({ path, text: readFileSync(abs, 'utf8'), kind: 'k8s' });
        objects += root.objects.length;
        expect(treeReferences(root), path).toEqual([]);
        expect(structuredClone(root), path).toStrictEqual(root);
      }
      expect(objects).toBeGreaterThan(large ? 1000 : 20);
    });

    it('runs every k8s rule over the corpus (one run, cross-file) without an internal error', async () => {
      const sources: SourceFile[] = [];
      for (const abs of files) {
        const path = relative(CORPUS, abs).split('\\').join('/');
        const text = readFileSync(abs, 'utf8');
        const kind = classify(path, text);
        if (kind === 'k8s') sources.push({ path, text, kind });
      }
      const rules = await loadRules(['k8s']);
      const config = new ConfigResolver({ extends: 'all', reportUnusedDisableDirectives: 'off' }, new Map(rules.map((r) => [r.meta.id, r])));
      const results = await lint({ files: sources, rules, config, parsers: loadParser, host: new MemoryHost({}) });
      const counts: Record<string, number> = {};
      for (const r of results) for (const m of r.messages) counts[m.ruleId] = (counts[m.ruleId] ?? 0) + 1;
      console.log(`k8s corpus: ${sources.length} k8s files`, JSON.stringify(counts, Object.keys(counts).sort(), 2));
      expect(counts['internal-error'] ?? 0).toBe(0);
      // The files broken upstream, one error each (one file has two).
      expect(counts['parse-error']).toBe(large ? 9 : 2);
    });
  });
}

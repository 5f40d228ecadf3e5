/**
 * The run-wide Kubernetes index: every object of every k8s file in the run, by kind, namespace,
 * name and labels, with the joins rules need (which Services select a workload's pods, which HPA
 * targets it, which kustomizations include a file). Built once per run through `model.memo`.
 *
 * Namespaces: an object is in `metadata.namespace`, or `default` when it sets none, except that
 * the `namespace:` of a kustomization in the run that includes the file (directly, or through the
 * overlays that include its directory) wins, as `kustomize build` does. Patches are not merged.
 *
 * Cross-layer rules read this through `k8sModel(ctx.model)`; nothing here re-parses text.
 */
import type { ProjectModel } from '../../core/rule.js';
import type { K8sFile } from './index.js';
import type { Container, Hpa, Ingress, K8sObject, Kustomization, LabelSelector, Pdb, Service, Workload } from './objects.js';
import { BUILTIN_GROUPS } from './objects.js';
import { appendAll } from '../../core/append.js';

export interface K8sIndex {
  objects: readonly K8sObject[];
  workloads: readonly Workload[];
  services: readonly Service[];
  ingresses: readonly Ingress[];
  hpas: readonly Hpa[];
  pdbs: readonly Pdb[];
  kustomizations: readonly Kustomization[];
  /** Objects whose `kind` is exactly this. */
  byKind(kind: string): readonly K8sObject[];
  /** The namespace the object is applied to (see the module comment). */
  namespaceOf(o: K8sObject): string;
  /** Objects of a kind with this name in this namespace. */
  find(kind: string, namespace: string, name: string): K8sObject[];
  workloadsIn(namespace: string): readonly Workload[];
  servicesIn(namespace: string): readonly Service[];
  /** Workloads in a namespace whose pod template has this label. */
  workloadsWithLabel(namespace: string, key: string, value: string): readonly Workload[];
  /** Objects of API groups Kubernetes does not define (custom resources) in a namespace. */
  customIn(namespace: string): readonly K8sObject[];
  /** Workloads in the Service's namespace whose pod template labels contain its whole selector. */
  selectedBy(service: Service): Workload[];
  /** Services whose selector matches the workload's pod template labels. */
  servicesFor(workload: Workload): Service[];
  /** HPAs in the workload's namespace whose `scaleTargetRef` names it. */
  hpasFor(workload: Workload): Hpa[];
  /** Workloads an HPA's `scaleTargetRef` names (kind and name, same namespace). */
  hpaTargets(hpa: Hpa): Workload[];
  /** PDBs whose selector matches the workload's pod template labels. */
  pdbsFor(workload: Workload): Pdb[];
  /** Kustomizations in the run that include this file, innermost first. */
  kustomizationsFor(file: string): readonly Kustomization[];
  /** Every container (init containers included, flagged) of every workload. */
  containers(): Container[];
}

/** Whether every key/value of `selector` is in `labels` (an empty selector matches nothing here). */
export function selectorMatches(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  if (!keys.length) return false;
  return keys.every((k) => labels[k] === selector[k]);
}

/** A full label selector (matchLabels and matchExpressions) against a label set. */
export function labelSelectorMatches(sel: LabelSelector, labels: Record<string, string>): boolean {
  const hasTerms = Object.keys(sel.matchLabels).length > 0 || sel.matchExpressions.length > 0;
  if (!hasTerms) return false;
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const v = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(v!)) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(v!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Joins and normalises `a/b` + `../c` (no file system). */
export function joinPath(dir: string, rel: string): string {
  const parts = (dir ? `${dir}/${rel}` : rel).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (!p || p === '.') continue;
    if (p === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else out.push('..');
    } else out.push(p);
  }
  return out.join('/');
}

const SCALABLE_REF_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig']);

export function buildK8sIndex(files: readonly { path: string; root: K8sFile }[]): K8sIndex {
  const objects: K8sObject[] = [];
  const kustomizations: Kustomization[] = [];
  for (const f of files) {
    if (!f.root) continue;
    appendAll(objects, f.root.objects);
    if (f.root.kustomization) kustomizations.push(f.root.kustomization);
  }
  kustomizations.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

  // Which kustomizations include which file or directory.
  const includers = new Map<string, Kustomization[]>();
  const kByDir = new Map<string, Kustomization>();
  for (const k of kustomizations) {
    kByDir.set(dirname(k.file), k);
    for (const r of k.resources) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(r.value) || r.value.includes('?ref=')) continue;
      const target = joinPath(dirname(k.file), r.value);
      const list = includers.get(target) ?? [];
      list.push(k);
      includers.set(target, list);
    }
  }
  const chainCache = new Map<string, Kustomization[]>();
  const chainOfTarget = (target: string, seen: Set<string>): Kustomization[] => {
    const out: Kustomization[] = [];
    for (const k of includers.get(target) ?? []) {
      if (seen.has(k.file)) continue;
      seen.add(k.file);
      out.push(k, ...chainOfTarget(dirname(k.file), seen));
    }
    return out;
  };
  const kustomizationsFor = (file: string): Kustomization[] => {
    let c = chainCache.get(file);
    if (!c) {
      c = chainOfTarget(file, new Set());
      chainCache.set(file, c);
    }
    return c;
  };

  const nsCache = new Map<K8sObject, string>();
  const namespaceOf = (o: K8sObject): string => {
    let ns = nsCache.get(o);
    if (ns === undefined) {
      const chain = kustomizationsFor(o.file);
      // The outermost overlay's namespace wins.
      const fromKustomize = [...chain].reverse().find((k) => k.namespace?.value)?.namespace?.value;
      ns = fromKustomize ?? o.namespace;
      nsCache.set(o, ns);
    }
    return ns;
  };

  const byKindMap = new Map<string, K8sObject[]>();
  const byNsKindName = new Map<string, K8sObject[]>();
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const ingresses: Ingress[] = [];
  const hpas: Hpa[] = [];
  const pdbs: Pdb[] = [];
  const workloadsByNs = new Map<string, Workload[]>();
  const servicesByNs = new Map<string, Service[]>();
  const customByNs = new Map<string, K8sObject[]>();
  for (const o of objects) {
    (byKindMap.get(o.kind) ?? byKindMap.set(o.kind, []).get(o.kind)!).push(o);
    const ns = namespaceOf(o);
    if (!BUILTIN_GROUPS.has(o.group)) push(customByNs, ns, o);
    if (o.name !== undefined) {
      const key = `${ns}\u0000${o.kind}\u0000${o.name}`;
      (byNsKindName.get(key) ?? byNsKindName.set(key, []).get(key)!).push(o);
    }
    switch (o.category) {
      case 'workload':
        workloads.push(o);
        (workloadsByNs.get(ns) ?? workloadsByNs.set(ns, []).get(ns)!).push(o);
        break;
      case 'service':
        services.push(o);
        (servicesByNs.get(ns) ?? servicesByNs.set(ns, []).get(ns)!).push(o);
        break;
      case 'ingress':
        ingresses.push(o);
        break;
      case 'hpa':
        hpas.push(o);
        break;
      case 'pdb':
        pdbs.push(o);
        break;
      default:
        break;
    }
  }

  // Joins through indexes, not scans: in a monorepo most objects share the default namespace, and
  // a scan of every workload for every Service (or HPA) grows with the square of the objects.
  // Each index keeps the order of `objects`, so the joins return what the scans returned.
  const pairKey = (ns: string, k: string, v: string) => `${ns}\u0000${k}\u0000${v}`;
  const workloadsByLabel = new Map<string, Workload[]>();
  for (const w of workloads) {
    if (!w.template) continue;
    const ns = namespaceOf(w);
    for (const [k, v] of Object.entries(w.template.labels)) push(workloadsByLabel, pairKey(ns, k, v), w);
  }
  // A Service is filed under the first pair of its selector: a workload it selects carries that pair.
  const servicesByFirstPair = new Map<string, Service[]>();
  const serviceOrder = new Map<Service, number>();
  services.forEach((s, i) => {
    serviceOrder.set(s, i);
    const first = s.selector ? Object.entries(s.selector)[0] : undefined;
    if (first) push(servicesByFirstPair, pairKey(namespaceOf(s), first[0], first[1]), s);
  });
  const hpasByTarget = new Map<string, Hpa[]>();
  for (const h of hpas) {
    const kind = h.target?.kind?.value;
    const name = h.target?.name?.value;
    if (kind !== undefined && name !== undefined) push(hpasByTarget, `${namespaceOf(h)}\u0000${kind}\u0000${name}`, h);
  }

  const selectedBy = (s: Service): Workload[] => {
    const first = s.selector ? Object.entries(s.selector)[0] : undefined;
    if (!first) return [];
    return (workloadsByLabel.get(pairKey(namespaceOf(s), first[0], first[1])) ?? []).filter((w) => selectorMatches(s.selector!, w.template!.labels));
  };
  const servicesFor = (w: Workload): Service[] => {
    if (!w.template) return [];
    const ns = namespaceOf(w);
    const found = Object.entries(w.template.labels).flatMap(([k, v]) => servicesByFirstPair.get(pairKey(ns, k, v)) ?? []);
    return found.filter((s) => selectorMatches(s.selector!, w.template!.labels)).sort((a, b) => serviceOrder.get(a)! - serviceOrder.get(b)!);
  };
  const hpaTargets = (h: Hpa): Workload[] => {
    const kind = h.target?.kind?.value;
    const name = h.target?.name?.value;
    if (!kind || !name) return [];
    return (byNsKindName.get(`${namespaceOf(h)}\u0000${kind}\u0000${name}`) ?? []).filter((o): o is Workload => o.category === 'workload');
  };

  return {
    objects,
    workloads,
    services,
    ingresses,
    hpas,
    pdbs,
    kustomizations,
    byKind: (kind) => byKindMap.get(kind) ?? [],
    namespaceOf,
    find: (kind, namespace, name) => byNsKindName.get(`${namespace}\u0000${kind}\u0000${name}`) ?? [],
    workloadsIn: (ns) => workloadsByNs.get(ns) ?? [],
    servicesIn: (ns) => servicesByNs.get(ns) ?? [],
    customIn: (ns) => customByNs.get(ns) ?? [],
    workloadsWithLabel: (ns, k, v) => workloadsByLabel.get(pairKey(ns, k, v)) ?? [],
    selectedBy,
    servicesFor,
    hpasFor: (w) => (SCALABLE_REF_KINDS.has(w.kind) && w.name !== undefined ? (hpasByTarget.get(`${namespaceOf(w)}\u0000${w.kind}\u0000${w.name}`) ?? []) : []),
    hpaTargets,
    pdbsFor: (w) => pdbs.filter((p) => p.selector && w.template && namespaceOf(p) === namespaceOf(w) && labelSelectorMatches(p.selector, w.template.labels)),
    kustomizationsFor,
    containers: () => workloads.flatMap((w) => (w.template ? [...w.template.initContainers, ...w.template.containers] : [])),
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The run's Kubernetes index, built once per run. */
export function k8sModel(model: ProjectModel): K8sIndex {
  return model.memo('k8s', () => buildK8sIndex(model.filesOf('k8s')));
}

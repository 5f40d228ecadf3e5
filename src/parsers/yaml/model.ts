/**
 * The run-wide Kubernetes index: every object of every k8s file in the run, by kind, namespace,
 * name and labels, with the joins rules need (which Services select a workload's pods, which HPA
 * targets it, which kustomizations include a file). Built once per run through `model.memo`.
 *
 * Namespaces: an object is in `metadata.namespace`, or `default` when it sets none, except that
 * the `namespace:` of a kustomization in the run that includes the file (directly, or through the
 * overlays that include its directory) wins, as `kustomize build` does. Patches are not merged.
 *
 * References resolve inside a deployment unit (`units.ts`): the objects a person applies together.
 * The `…InRepository` joins look wider, at the whole repository, for one purpose only: a target that
 * exists somewhere in the repository is not reported missing, since lint500 cannot tell which folders
 * are applied together beyond what the units say.
 *
 * Cross-layer rules read this through `k8sModel(ctx.model)`; nothing here re-parses text.
 */
import type { FileHost, ProjectModel } from '../../core/rule.js';
import type { K8sFile } from './index.js';
import type { Container, Hpa, Ingress, K8sObject, Kustomization, LabelSelector, Pdb, Service, Workload } from './objects.js';
import { BUILTIN_GROUPS } from './objects.js';
import { appendAll, pushTo } from '../../core/append.js';
import { buildUnits, dirOf, joinPath, type K8sUnits } from './units.js';

export { joinPath };

export interface K8sIndex {
  objects: readonly K8sObject[];
  workloads: readonly Workload[];
  services: readonly Service[];
  ingresses: readonly Ingress[];
  hpas: readonly Hpa[];
  pdbs: readonly Pdb[];
  kustomizations: readonly Kustomization[];
  units: K8sUnits;
  /** Objects whose `kind` is exactly this. */
  byKind(kind: string): readonly K8sObject[];
  /** The namespace the object is applied to (see the module comment). */
  namespaceOf(o: K8sObject): string;
  /** Whether two objects are applied together: same deployment unit. */
  sameUnit(a: K8sObject, b: K8sObject): boolean;
  /** Objects of a kind with this name, in the namespace and unit of `from`. */
  find(kind: string, from: K8sObject, name: string): K8sObject[];
  /** Like `find`, anywhere in the repository of `from` (same namespace). */
  findInRepository(kind: string, from: K8sObject, name: string): K8sObject[];
  /** Workloads in the namespace and unit of `from`. */
  workloadsIn(from: K8sObject): readonly Workload[];
  /** Services in the namespace and unit of `from`. */
  servicesIn(from: K8sObject): readonly Service[];
  /** Workloads in the namespace and unit of `from` whose pod template has this label. */
  workloadsWithLabel(from: K8sObject, key: string, value: string): readonly Workload[];
  /** Objects of API groups Kubernetes does not define (custom resources) in the namespace and unit of `from`. */
  customIn(from: K8sObject): readonly K8sObject[];
  /** Workloads of the Service's unit and namespace whose pod template labels contain its whole selector. */
  selectedBy(service: Service): Workload[];
  /** Like `selectedBy`, anywhere in the Service's repository (same namespace). */
  selectedByInRepository(service: Service): Workload[];
  /** Services of the workload's unit whose selector matches its pod template labels. */
  servicesFor(workload: Workload): Service[];
  /**
   * HPAs of the workload's unit and namespace whose `scaleTargetRef` names it; when its unit has
   * none, those of its repository (an autoscaler kept in another folder still scales it).
   */
  hpasFor(workload: Workload): Hpa[];
  /** Workloads of the HPA's unit an HPA's `scaleTargetRef` names (kind and name, same namespace). */
  hpaTargets(hpa: Hpa): Workload[];
  /** Like `hpaTargets`, anywhere in the HPA's repository. */
  hpaTargetsInRepository(hpa: Hpa): Workload[];
  /** PDBs of the workload's unit whose selector matches its pod template labels. */
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


const SCALABLE_REF_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController', 'Rollout', 'DeploymentConfig']);

export interface K8sIndexOptions {
  host?: FileHost;
  /** Folders (globs) that are each one cluster: `settings.k8s.clusters`. */
  clusters?: readonly string[];
}

export function buildK8sIndex(files: readonly { path: string; root: K8sFile }[], options: K8sIndexOptions = {}): K8sIndex {
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
    kByDir.set(dirOf(k.file), k);
    for (const r of k.resources) {
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(r.value) || r.value.includes('?ref=')) continue;
      const target = joinPath(dirOf(k.file), r.value);
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
      out.push(k, ...chainOfTarget(dirOf(k.file), seen));
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

  const units = buildUnits(
    files.map((f) => f.path),
    kustomizations,
    options,
  );
  // Every join is keyed by scope: the unit (or, for the `…InRepository` joins, the repository)
  // and the namespace the object is applied to.
  const scopeCache = new Map<K8sObject, string>();
  const scopeOf = (o: K8sObject): string => {
    let sc = scopeCache.get(o);
    if (sc === undefined) {
      sc = `${units.unitOf(o.file)}\u0000${namespaceOf(o)}`;
      scopeCache.set(o, sc);
    }
    return sc;
  };
  const repoScopeOf = (o: K8sObject): string => `${units.repositoryOf(o.file)}\u0000${namespaceOf(o)}`;

  const byKindMap = new Map<string, K8sObject[]>();
  const byKindName = new Map<string, K8sObject[]>();
  const byKindNameInRepo = new Map<string, K8sObject[]>();
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const ingresses: Ingress[] = [];
  const hpas: Hpa[] = [];
  const pdbs: Pdb[] = [];
  const workloadsByScope = new Map<string, Workload[]>();
  const servicesByScope = new Map<string, Service[]>();
  const customByScope = new Map<string, K8sObject[]>();
  const pdbsByScope = new Map<string, Pdb[]>();
  for (const o of objects) {
    pushTo(byKindMap, o.kind, o);
    const scope = scopeOf(o);
    if (!BUILTIN_GROUPS.has(o.group)) pushTo(customByScope, scope, o);
    if (o.name !== undefined) {
      pushTo(byKindName, `${scope}\u0000${o.kind}\u0000${o.name}`, o);
      pushTo(byKindNameInRepo, `${repoScopeOf(o)}\u0000${o.kind}\u0000${o.name}`, o);
    }
    switch (o.category) {
      case 'workload':
        workloads.push(o);
        pushTo(workloadsByScope, scope, o);
        break;
      case 'service':
        services.push(o);
        pushTo(servicesByScope, scope, o);
        break;
      case 'ingress':
        ingresses.push(o);
        break;
      case 'hpa':
        hpas.push(o);
        break;
      case 'pdb':
        pdbs.push(o);
        pushTo(pdbsByScope, scope, o);
        break;
      default:
        break;
    }
  }

  // Joins through indexes, not scans: in a monorepo most objects share the default namespace, and
  // a scan of every workload for every Service (or HPA) grows with the square of the objects.
  // Each index keeps the order of `objects`, so the joins return what the scans returned.
  const pairKey = (scope: string, k: string, v: string) => `${scope}\u0000${k}\u0000${v}`;
  const workloadsByLabel = new Map<string, Workload[]>();
  const workloadsByLabelInRepo = new Map<string, Workload[]>();
  for (const w of workloads) {
    if (!w.template) continue;
    const scope = scopeOf(w);
    const repo = repoScopeOf(w);
    for (const [k, v] of Object.entries(w.template.labels)) {
      pushTo(workloadsByLabel, pairKey(scope, k, v), w);
      pushTo(workloadsByLabelInRepo, pairKey(repo, k, v), w);
    }
  }
  // A Service is filed under the first pair of its selector: a workload it selects carries that pair.
  const servicesByFirstPair = new Map<string, Service[]>();
  const serviceOrder = new Map<Service, number>();
  services.forEach((s, i) => {
    serviceOrder.set(s, i);
    const first = s.selector ? Object.entries(s.selector)[0] : undefined;
    if (first) pushTo(servicesByFirstPair, pairKey(scopeOf(s), first[0], first[1]), s);
  });
  const hpasByTarget = new Map<string, Hpa[]>();
  const hpasByTargetInRepo = new Map<string, Hpa[]>();
  for (const h of hpas) {
    const kind = h.target?.kind?.value;
    const name = h.target?.name?.value;
    if (kind !== undefined && name !== undefined) {
      pushTo(hpasByTarget, `${scopeOf(h)}\u0000${kind}\u0000${name}`, h);
      pushTo(hpasByTargetInRepo, `${repoScopeOf(h)}\u0000${kind}\u0000${name}`, h);
    }
  }

  const selectedIn = (byLabel: Map<string, Workload[]>, scope: string, s: Service): Workload[] => {
    const first = s.selector ? Object.entries(s.selector)[0] : undefined;
    if (!first) return [];
    return (byLabel.get(pairKey(scope, first[0], first[1])) ?? []).filter((w) => selectorMatches(s.selector!, w.template!.labels));
  };
  const servicesFor = (w: Workload): Service[] => {
    if (!w.template) return [];
    const scope = scopeOf(w);
    const found = Object.entries(w.template.labels).flatMap(([k, v]) => servicesByFirstPair.get(pairKey(scope, k, v)) ?? []);
    return [...new Set(found)].filter((s) => selectorMatches(s.selector!, w.template!.labels)).sort((a, b) => serviceOrder.get(a)! - serviceOrder.get(b)!);
  };
  const targetsIn = (index: Map<string, K8sObject[]>, scope: string, h: Hpa): Workload[] => {
    const kind = h.target?.kind?.value;
    const name = h.target?.name?.value;
    if (!kind || !name) return [];
    return (index.get(`${scope}\u0000${kind}\u0000${name}`) ?? []).filter((o): o is Workload => o.category === 'workload');
  };

  return {
    objects,
    workloads,
    services,
    ingresses,
    hpas,
    pdbs,
    kustomizations,
    units,
    byKind: (kind) => byKindMap.get(kind) ?? [],
    namespaceOf,
    sameUnit: (a, b) => units.unitOf(a.file) === units.unitOf(b.file),
    find: (kind, from, name) => byKindName.get(`${scopeOf(from)}\u0000${kind}\u0000${name}`) ?? [],
    findInRepository: (kind, from, name) => byKindNameInRepo.get(`${repoScopeOf(from)}\u0000${kind}\u0000${name}`) ?? [],
    workloadsIn: (from) => workloadsByScope.get(scopeOf(from)) ?? [],
    servicesIn: (from) => servicesByScope.get(scopeOf(from)) ?? [],
    customIn: (from) => customByScope.get(scopeOf(from)) ?? [],
    workloadsWithLabel: (from, k, v) => workloadsByLabel.get(pairKey(scopeOf(from), k, v)) ?? [],
    selectedBy: (s) => selectedIn(workloadsByLabel, scopeOf(s), s),
    selectedByInRepository: (s) => selectedIn(workloadsByLabelInRepo, repoScopeOf(s), s),
    servicesFor,
    hpasFor: (w) => {
      if (!SCALABLE_REF_KINDS.has(w.kind) || w.name === undefined) return [];
      const inUnit = hpasByTarget.get(`${scopeOf(w)}\u0000${w.kind}\u0000${w.name}`);
      return inUnit ?? hpasByTargetInRepo.get(`${repoScopeOf(w)}\u0000${w.kind}\u0000${w.name}`) ?? [];
    },
    hpaTargets: (h) => targetsIn(byKindName, scopeOf(h), h),
    hpaTargetsInRepository: (h) => targetsIn(byKindNameInRepo, repoScopeOf(h), h),
    pdbsFor: (w) => (pdbsByScope.get(scopeOf(w)) ?? []).filter((p) => p.selector && w.template && labelSelectorMatches(p.selector, w.template.labels)),
    kustomizationsFor,
    containers: () => workloads.flatMap((w) => (w.template ? [...w.template.initContainers, ...w.template.containers] : [])),
  };
}

/** The run's Kubernetes index, built once per run. */
export function k8sModel(model: ProjectModel): K8sIndex {
  return model.memo('k8s', () => {
    return buildK8sIndex(model.filesOf('k8s'), { host: model.host, clusters: model.settings.k8s?.clusters ?? [] });
  });
}

/**
 * Kubernetes objects read from YAML trees: workloads (kube-linter's DeploymentLike group) with
 * their pod templates and containers, Services, Ingresses, HPAs, PDBs, and kustomization files.
 * Every value rules report carries the span of its key and of its value.
 *
 * The objects are plain data: no YAML node, no function, no reference into the tree (the engine
 * keeps every k8s root for the whole run, and the tree is several times the size of the text).
 * What a rule needs from the tree beyond the typed fields is precomputed here, with its span.
 */
import type { Span } from '../../core/text.js';
import {
  at,
  bool,
  formatPath,
  get,
  intOrString,
  isMap,
  isScalar,
  items,
  locate,
  num,
  pairOf,
  str,
  stringMap,
  toPlain,
  type PathSegment,
  type YMap,
  type YNode,
} from './ast.js';

/** A value with where it is written: the pair's key and the value itself. */
export interface Field<T> {
  value: T;
  /** The value's span. */
  span: Span;
  /** The key's span (the item's span for sequence items). */
  keySpan: Span;
}

/** Where a pair is written, whatever its value: `resources:` with nothing after it too. */
export interface Place {
  /** The value's span (empty, just after the key, when there is no value). */
  span: Span;
  keySpan: Span;
}

/** A word of a string list (`command`, `args`) with its span. */
export interface SpannedWord {
  value: string;
  span: Span;
}

interface Base {
  /** The file the object is in. */
  file: string;
  /** 0-based index of the YAML document in the file. */
  doc: number;
  /** Path of the object inside its document: '' or `items[3]` for List items. */
  base: string;
  apiVersion: string;
  /** API group: '' for the core group, `apps`, `networking.k8s.io`, … */
  group: string;
  kind: string;
  kindField: Field<string>;
  name: string | undefined;
  nameField: Field<string> | undefined;
  /** The object's namespace: `metadata.namespace`, else the run's default (see model.ts), else `default`. */
  namespace: string;
  /** `metadata.namespace` as written, when it is. */
  namespaceField: Field<string> | undefined;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The value span of each entry of `annotations`. */
  annotationSpans: Record<string, Span>;
  span: Span;
  /** A stable label for messages: `Deployment "api"`. */
  label: string;
  /**
   * Objects of API groups Kubernetes does not serve itself (custom resources): every string map
   * under a `labels` key anywhere in the object (the pod templates of a JobSet, a LeaderWorkerSet…),
   * `metadata.labels` included, within a walk of at most 5000 nodes.
   */
  nestedLabels?: Record<string, string>[];
}

export interface GenericObject extends Base {
  category: 'other';
  /** LimitRange objects: whether a `Container` limit gives a default memory limit / CPU request. */
  limitRangeDefaults?: { memoryLimit: boolean; cpuRequest: boolean };
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

export interface Probe {
  type: 'liveness' | 'readiness' | 'startup';
  /** `livenessProbe` etc.: the key. */
  keySpan: Span;
  /** Key and value together. */
  span: Span;
  handler: 'httpGet' | 'tcpSocket' | 'grpc' | 'exec' | undefined;
  /** The handler's value as plain JSON (`{ path: '/healthz', port: 8080 }`); undefined when too large. */
  handlerValue: unknown;
  /** The handler's port (number, or a port name). */
  port: Field<number | string> | undefined;
  /** `httpGet.host`, when the probe targets another host. */
  host: string | undefined;
  path: Field<string> | undefined;
  initialDelaySeconds: Field<number> | undefined;
  periodSeconds: Field<number> | undefined;
  timeoutSeconds: Field<number> | undefined;
  failureThreshold: Field<number> | undefined;
  successThreshold: Field<number> | undefined;
  /** The timing Kubernetes uses, defaults applied. */
  timing: { initialDelaySeconds: number; periodSeconds: number; timeoutSeconds: number; failureThreshold: number; successThreshold: number };
}

export interface ContainerPort {
  name: Field<string> | undefined;
  containerPort: Field<number> | undefined;
  protocol: string;
  span: Span;
}

export interface ResourceQuantities {
  cpu: Field<string> | undefined;
  memory: Field<string> | undefined;
}

export interface Resources {
  /** The `resources` pair, when written. */
  field: Place | undefined;
  requests: ResourceQuantities;
  limits: ResourceQuantities;
  requestsField: Place | undefined;
  limitsField: Place | undefined;
}

export interface EnvVar {
  name: string;
  /** The literal value; undefined for `valueFrom`. */
  value: string | undefined;
  nameField: Field<string>;
  valueField: Field<string> | undefined;
}

export interface Container {
  owner: Workload;
  file: string;
  /** Init containers (and sidecars declared there) are flagged; most rules skip them. */
  init: boolean;
  index: number;
  /** Path relative to the object: `spec.template.spec.containers[0]`. */
  path: string;
  span: Span;
  name: Field<string> | undefined;
  image: Field<string> | undefined;
  command: string[];
  args: string[];
  /** The scalar items of `command` / `args` (their resolved values as text), with spans. */
  commandWords: SpannedWord[];
  argsWords: SpannedWord[];
  ports: ContainerPort[];
  probes: { liveness?: Probe; readiness?: Probe; startup?: Probe };
  resources: Resources;
  env: EnvVar[];
  /** The container's own `securityContext` user settings. */
  runAs: RunAs;
  /** Where to report "this container …": its `name` pair, or its first line. */
  anchor: Span;
  /** `container "api"` for messages. */
  label: string;
  /** `lifecycle.preStop`, when written. */
  preStop?: PreStop;
}

/** A container's `lifecycle.preStop` hook. */
export interface PreStop {
  /** The `preStop` key. */
  keySpan: Span;
  handler: 'exec' | 'httpGet' | 'sleep' | 'tcpSocket' | undefined;
  /** `exec.command` words. */
  command: SpannedWord[];
  /** `sleep.seconds` (Kubernetes 1.29+). */
  sleepSeconds?: Field<number>;
}

/** The user a pod or container runs as (`securityContext`), where written. */
export interface RunAs {
  runAsUser?: Field<number>;
  runAsNonRoot?: Field<boolean>;
}

export interface PodTemplate {
  /** Path of the template relative to the object ('' for a Pod). */
  path: string;
  labels: Record<string, string>;
  /** The span of the `metadata.labels` value, when written. */
  labelsSpan: Span | undefined;
  annotations: Record<string, string>;
  containers: Container[];
  initContainers: Container[];
  restartPolicy: string | undefined;
  /** The pod's `securityContext` user settings (containers may override them). */
  runAs: RunAs;
  /** `terminationGracePeriodSeconds`, when written (Kubernetes' default is 30). */
  terminationGracePeriodSeconds?: Field<number>;
}

export interface Workload extends Base {
  category: 'workload';
  /** Serves traffic or runs until stopped (not a Job, CronJob or run-to-completion Pod). */
  longRunning: boolean;
  /** `spec.replicas` as written (Pods, Jobs and DaemonSets have none). */
  replicas: Field<number> | undefined;
  /** `spec.replicas` has a value, numeric or not (`replicas: ${REPLICAS}`). */
  replicasWritten: boolean;
  /** Whether the kind has a `replicas` field (Deployment, StatefulSet, ReplicaSet, RC, Rollout, DeploymentConfig). */
  scalable: boolean;
  selector: LabelSelector | undefined;
  template: PodTemplate | undefined;
  /** The rolling update's `maxUnavailable`, when the update strategy is a rolling one; `defaulted` when not written. */
  rollingUpdate: { maxUnavailable: Field<number | string> | undefined; maxSurge: Field<number | string> | undefined; default: number | string; strategyPath: string } | undefined;
}

export interface ServicePort {
  name: Field<string> | undefined;
  port: Field<number> | undefined;
  /** As written; Kubernetes uses `port` when it is absent. */
  targetPort: Field<number | string> | undefined;
  protocol: string;
  span: Span;
}

export interface Service extends Base {
  category: 'service';
  type: string;
  /** The `selector` map; undefined for Services without one (manual Endpoints, ExternalName). */
  selector: Record<string, string> | undefined;
  selectorField: Place | undefined;
  /** The span of each `selector` pair, except pairs that come in through a `<<` merge key. */
  selectorSpans: Record<string, Span>;
  /** `spec.clusterIP` as text (`None` for a headless Service), when written as a scalar. */
  clusterIP: string | undefined;
  ports: ServicePort[];
}

export interface IngressBackend {
  service: Field<string>;
  port: Field<number | string> | undefined;
  /** `spec.defaultBackend` / `spec.backend`. */
  isDefault: boolean;
  host: string | undefined;
  path: string | undefined;
  span: Span;
}

export interface Ingress extends Base {
  category: 'ingress';
  backends: IngressBackend[];
  /** `spec.ingressClassName`, else the legacy `kubernetes.io/ingress.class` annotation. */
  className: Field<string> | undefined;
}

export interface Hpa extends Base {
  category: 'hpa';
  target: { apiVersion: Field<string> | undefined; kind: Field<string> | undefined; name: Field<string> | undefined; span: Span } | undefined;
  minReplicas: Field<number> | undefined;
  maxReplicas: Field<number> | undefined;
}

export interface Pdb extends Base {
  category: 'pdb';
  selector: LabelSelector | undefined;
  minAvailable: Field<number | string> | undefined;
  maxUnavailable: Field<number | string> | undefined;
}

export type K8sObject = GenericObject | Workload | Service | Ingress | Hpa | Pdb;

export interface Kustomization {
  file: string;
  span: Span;
  namespace: Field<string> | undefined;
  /** `resources`, `bases` and `components` entries (files or directories, relative to the file). */
  resources: Field<string>[];
  images: { name: string; newName?: string; newTag?: string; digest?: string; span: Span }[];
  /** Patches are listed, not applied: lint500 lints the resources as written. */
  patches: Span[];
}

// ---------------------------------------------------------------------------------------------

/** Kinds that run pods, with where their pod template is. */
export const WORKLOAD_KINDS: Record<string, { template: string; scalable: boolean }> = {
  Deployment: { template: 'spec.template', scalable: true },
  StatefulSet: { template: 'spec.template', scalable: true },
  DaemonSet: { template: 'spec.template', scalable: false },
  ReplicaSet: { template: 'spec.template', scalable: true },
  ReplicationController: { template: 'spec.template', scalable: true },
  Pod: { template: '', scalable: false },
  Job: { template: 'spec.template', scalable: false },
  CronJob: { template: 'spec.jobTemplate.spec.template', scalable: false },
  Rollout: { template: 'spec.template', scalable: true },
  DeploymentConfig: { template: 'spec.template', scalable: true },
};

/** API groups served by Kubernetes itself; anything else is a custom resource. */
export const BUILTIN_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'extensions', 'policy', 'autoscaling', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'certificates.k8s.io', 'events.k8s.io', 'apiregistration.k8s.io', 'flowcontrol.apiserver.k8s.io']);

function field<T>(value: T, node: YNode, keySpan: Span): Field<T> {
  return { value, span: node.span, keySpan };
}

/** A typed field at a path under `root`, when the value converts. */
function runAsOf(ctx: YNode | undefined): RunAs {
  const out: RunAs = {};
  const user = fieldAt(ctx, 'runAsUser', num);
  const nonRoot = fieldAt(ctx, 'runAsNonRoot', bool);
  if (user) out.runAsUser = user;
  if (nonRoot) out.runAsNonRoot = nonRoot;
  return out;
}

/** Whether a container runs as a user other than root, as its and its pod's `securityContext` say (undefined: not set). */
export function runsAsNonRoot(c: Container): { nonRoot: boolean; field: Field<number> | Field<boolean> } | undefined {
  const pod = c.owner.template?.runAs ?? {};
  const user = c.runAs.runAsUser ?? pod.runAsUser;
  if (user) return { nonRoot: user.value !== 0, field: user };
  const nonRoot = c.runAs.runAsNonRoot ?? pod.runAsNonRoot;
  return nonRoot ? { nonRoot: nonRoot.value, field: nonRoot } : undefined;
}

function fieldAt<T>(root: YNode | undefined, path: string, conv: (n: YNode | undefined) => T | undefined): Field<T> | undefined {
  const loc = locate(root, path);
  if (!loc?.node) return undefined;
  const v = conv(loc.node);
  if (v === undefined) return undefined;
  return field(v, loc.node, loc.key ?? loc.span);
}

function placeOf(root: YNode | undefined, path: string): Place | undefined {
  const loc = locate(root, path);
  if (!loc) return undefined;
  const keySpan = loc.key ?? loc.span;
  // `resources:` with nothing after it: an empty value just after the key.
  return { span: loc.node ? loc.node.span : { start: keySpan.end, end: keySpan.end }, keySpan };
}

/** Sets `out[key]` for an own, ordinary key (a `__proto__` key is skipped, as `stringMap` drops it). */
function setOwn<T>(out: Record<string, T>, key: string, value: T): void {
  if (key !== '__proto__') out[key] = value;
}

/** The value span of the last pair of each key of `entries` in a map (`pairOf` semantics). */
function valueSpans(node: YNode | undefined, entries: Record<string, string>): Record<string, Span> {
  const out: Record<string, Span> = {};
  if (!isMap(node)) return out;
  for (const key of Object.keys(entries)) {
    const v = pairOf(node, key)?.value;
    if (v) setOwn(out, key, v.span);
  }
  return out;
}

/**
 * Every string map under a `labels` key, in the order a depth-first walk of at most `budget` nodes
 * meets them (a pair's key is read before its value is walked; aliased subtrees count each time).
 */
function nestedLabelsOf(node: YNode | undefined, budget = 5000): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  let left = budget;
  const walk = (n: YNode | undefined): void => {
    if (!n || --left < 0 || n.type === 'scalar') return;
    if (n.type === 'seq') {
      for (const x of n.items) walk(x);
      return;
    }
    for (const p of n.pairs) {
      if (p.key.source === 'labels') out.push(stringMap(p.value));
      walk(p.value);
    }
  };
  walk(node);
  return out;
}

/** What a LimitRange's `Container` limits supply when a container sets none. */
function limitRangeDefaultsOf(node: YNode | undefined): { memoryLimit: boolean; cpuRequest: boolean } {
  const out = { memoryLimit: false, cpuRequest: false };
  for (const l of items(at(node, 'spec.limits'))) {
    if ((str(get(l, 'type')) ?? 'Container') !== 'Container') continue;
    if (str(at(l, 'default.memory'))) out.memoryLimit = true;
    if (str(at(l, 'defaultRequest.cpu')) || str(at(l, 'default.cpu'))) out.cpuRequest = true;
  }
  return out;
}

/** Scalar items of a string list with their resolved values as text. */
function wordsOf(node: YNode | undefined): SpannedWord[] {
  const out: SpannedWord[] = [];
  for (const item of items(node)) if (item.type === 'scalar' && item.value !== null) out.push({ value: String(item.value), span: item.span });
  return out;
}

function join(base: string, path: string): string {
  if (!base) return path;
  if (!path) return base;
  return path.startsWith('[') ? base + path : `${base}.${path}`;
}

function selectorOf(node: YNode | undefined, plain: boolean): LabelSelector | undefined {
  if (!isMap(node)) return undefined;
  if (plain) return { matchLabels: stringMap(node), matchExpressions: [] };
  const exprs = items(get(node, 'matchExpressions')).map((e) => ({
    key: str(get(e, 'key')) ?? '',
    operator: str(get(e, 'operator')) ?? '',
    values: items(get(e, 'values')).flatMap((v) => str(v) ?? []),
  }));
  return { matchLabels: stringMap(get(node, 'matchLabels')), matchExpressions: exprs };
}

const PROBE_DEFAULTS = { initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 };

function probeOf(container: YMap, key: string, type: Probe['type']): Probe | undefined {
  const p = pairOf(container, key);
  if (!p) return undefined;
  const node = isMap(p.value) ? p.value : undefined;
  let handler: Probe['handler'];
  for (const h of ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const) if (get(node, h)) handler = h;
  const h = handler ? get(node, handler) : undefined;
  const port = handler && handler !== 'exec' ? fieldAt(h, 'port', (n) => {
    const v = intOrString(n);
    return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
  }) : undefined;
  const n = (k: keyof typeof PROBE_DEFAULTS) => fieldAt(node, k, num);
  const probe: Probe = {
    type,
    keySpan: p.key.span,
    span: p.span,
    handler,
    handlerValue: h ? toPlain(h) : undefined,
    port,
    host: handler === 'httpGet' ? str(get(h, 'host')) : undefined,
    path: handler === 'httpGet' ? fieldAt(h, 'path', str) : undefined,
    initialDelaySeconds: n('initialDelaySeconds'),
    periodSeconds: n('periodSeconds'),
    timeoutSeconds: n('timeoutSeconds'),
    failureThreshold: n('failureThreshold'),
    successThreshold: n('successThreshold'),
    timing: { ...PROBE_DEFAULTS },
  };
  for (const k of Object.keys(PROBE_DEFAULTS) as (keyof typeof PROBE_DEFAULTS)[]) {
    const f = probe[k];
    if (f && f.value >= 0) probe.timing[k] = f.value;
  }
  return probe;
}

function quantities(node: YNode | undefined): ResourceQuantities {
  return { cpu: fieldAt(node, 'cpu', str), memory: fieldAt(node, 'memory', str) };
}

function containerOf(owner: Workload, node: YNode, index: number, init: boolean, podPath: string): Container | undefined {
  if (!isMap(node)) return undefined;
  const path = join(podPath, `${init ? 'initContainers' : 'containers'}[${index}]`);
  const name = fieldAt(node, 'name', str);
  const namePair = pairOf(node, 'name');
  const first = node.pairs[0];
  const anchor = namePair ? namePair.span : first ? first.span : node.span;
  const resources: Resources = {
    field: placeOf(node, 'resources'),
    requests: quantities(at(node, 'resources.requests')),
    limits: quantities(at(node, 'resources.limits')),
    requestsField: placeOf(node, 'resources.requests'),
    limitsField: placeOf(node, 'resources.limits'),
  };
  const env: EnvVar[] = [];
  for (const e of items(get(node, 'env'))) {
    const nameField = fieldAt(e, 'name', str);
    if (!nameField) continue;
    const valueField = fieldAt(e, 'value', str);
    env.push({ name: nameField.value, value: valueField?.value, nameField, valueField });
  }
  const ports: ContainerPort[] = items(get(node, 'ports')).flatMap((p) =>
    isMap(p) ? [{ name: fieldAt(p, 'name', str), containerPort: fieldAt(p, 'containerPort', (x) => {
      const v = intOrString(x);
      return typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
    }), protocol: (str(get(p, 'protocol')) ?? 'TCP').toUpperCase(), span: p.span }] : [],
  );
  const c: Container = {
    owner,
    file: owner.file,
    init,
    index,
    path,
    span: node.span,
    name,
    image: fieldAt(node, 'image', str),
    command: items(get(node, 'command')).flatMap((x) => str(x) ?? []),
    args: items(get(node, 'args')).flatMap((x) => str(x) ?? []),
    commandWords: wordsOf(get(node, 'command')),
    argsWords: wordsOf(get(node, 'args')),
    ports,
    probes: {},
    resources,
    env,
    runAs: runAsOf(get(node, 'securityContext')),
    anchor,
    label: name ? `container "${name.value}"` : `container #${index + 1}`,
  };
  const liveness = probeOf(node, 'livenessProbe', 'liveness');
  const readiness = probeOf(node, 'readinessProbe', 'readiness');
  const startup = probeOf(node, 'startupProbe', 'startup');
  if (liveness) c.probes.liveness = liveness;
  if (readiness) c.probes.readiness = readiness;
  if (startup) c.probes.startup = startup;
  const preStop = preStopOf(at(node, 'lifecycle'));
  if (preStop) c.preStop = preStop;
  return c;
}

function preStopOf(lifecycle: YNode | undefined): PreStop | undefined {
  const p = isMap(lifecycle) ? pairOf(lifecycle, 'preStop') : undefined;
  if (!p) return undefined;
  let handler: PreStop['handler'];
  for (const h of ['exec', 'httpGet', 'sleep', 'tcpSocket'] as const) if (get(p.value, h)) handler = h;
  const out: PreStop = { keySpan: p.key.span, handler, command: handler === 'exec' ? wordsOf(at(p.value, 'exec.command')) : [] };
  const seconds = handler === 'sleep' ? fieldAt(p.value, 'sleep.seconds', num) : undefined;
  if (seconds) out.sleepSeconds = seconds;
  return out;
}

function rollingUpdateOf(kind: string, node: YNode | undefined): Workload['rollingUpdate'] {
  const iors = (n: YNode | undefined) => intOrString(n);
  const mk = (strategyPath: string, dflt: number | string) => ({
    maxUnavailable: fieldAt(node, `${strategyPath}.maxUnavailable`, iors),
    maxSurge: fieldAt(node, `${strategyPath}.maxSurge`, iors),
    default: dflt,
    strategyPath,
  });
  switch (kind) {
    case 'Deployment': {
      const type = str(at(node, 'spec.strategy.type')) ?? 'RollingUpdate';
      return type === 'RollingUpdate' ? mk('spec.strategy.rollingUpdate', '25%') : undefined;
    }
    case 'StatefulSet':
    case 'DaemonSet': {
      const type = str(at(node, 'spec.updateStrategy.type')) ?? 'RollingUpdate';
      return type === 'RollingUpdate' ? mk('spec.updateStrategy.rollingUpdate', 1) : undefined;
    }
    case 'Rollout':
      return get(at(node, 'spec.strategy'), 'canary') ? mk('spec.strategy.canary', '25%') : undefined;
    case 'DeploymentConfig': {
      const type = str(at(node, 'spec.strategy.type')) ?? 'Rolling';
      return type === 'Rolling' ? mk('spec.strategy.rollingParams', '25%') : undefined;
    }
    default:
      return undefined;
  }
}

function baseOf(file: string, doc: number, base: string, node: YMap, kind: string, apiVersion: string, kindNode: YNode): Base {
  const kindPair = pairOf(node, 'kind');
  const nameField = fieldAt(node, 'metadata.name', str);
  const namespaceField = fieldAt(node, 'metadata.namespace', str);
  const slash = apiVersion.indexOf('/');
  const annotationsNode = at(node, 'metadata.annotations');
  const annotations = stringMap(annotationsNode);
  const group = slash >= 0 ? apiVersion.slice(0, slash) : '';
  const b: Base = {
    file,
    doc,
    base,
    apiVersion,
    group,
    kind,
    kindField: field(kind, kindNode, kindPair?.key.span ?? kindNode.span),
    name: nameField?.value,
    nameField,
    namespace: namespaceField?.value || 'default',
    namespaceField,
    labels: stringMap(at(node, 'metadata.labels')),
    annotations,
    annotationSpans: valueSpans(annotationsNode, annotations),
    span: node.span,
    label: `${kind} ${JSON.stringify(nameField?.value ?? '(unnamed)')}`,
  };
  if (!BUILTIN_GROUPS.has(group)) b.nestedLabels = nestedLabelsOf(node);
  return b;
}

function isWorkloadKind(kind: string, group: string): boolean {
  if (!(kind in WORKLOAD_KINDS)) return false;
  if (kind === 'Rollout') return group === 'argoproj.io';
  if (kind === 'DeploymentConfig') return group === '' || group === 'apps.openshift.io';
  return true;
}

/** Builds the typed object for one Kubernetes object map (a document, or a List item). */
export function objectOf(file: string, doc: number, base: string, node: YMap, inheritedKind?: string): K8sObject | undefined {
  const kindNode = get(node, 'kind');
  const kind = str(kindNode) ?? inheritedKind;
  const apiVersion = str(get(node, 'apiVersion')) ?? '';
  if (!kind || (!apiVersion && !inheritedKind)) return undefined;
  const b = baseOf(file, doc, base, node, kind, apiVersion, kindNode ?? node);
  if (isWorkloadKind(kind, b.group)) {
    const spec = WORKLOAD_KINDS[kind]!;
    const w = b as Workload;
    w.category = 'workload';
    w.scalable = spec.scalable;
    w.replicas = fieldAt(node, 'spec.replicas', num);
    w.replicasWritten = at(node, 'spec.replicas') !== undefined;
    w.selector = kind === 'Pod' ? undefined : selectorOf(at(node, 'spec.selector'), kind === 'ReplicationController' || kind === 'DeploymentConfig');
    w.rollingUpdate = rollingUpdateOf(kind, node);
    const tnode = spec.template ? at(node, spec.template) : node;
    if (isMap(tnode)) {
      const podSpec = get(tnode, 'spec');
      const podPath = join(spec.template, 'spec');
      const labelsNode = at(tnode, 'metadata.labels');
      const template: PodTemplate = {
        path: spec.template,
        labels: stringMap(labelsNode),
        labelsSpan: labelsNode?.span,
        annotations: stringMap(at(tnode, 'metadata.annotations')),
        containers: [],
        initContainers: [],
        restartPolicy: str(get(podSpec, 'restartPolicy')),
        runAs: runAsOf(get(podSpec, 'securityContext')),
      };
      const grace = fieldAt(podSpec, 'terminationGracePeriodSeconds', num);
      if (grace) template.terminationGracePeriodSeconds = grace;
      w.template = template;
      items(get(podSpec, 'initContainers')).forEach((c, i) => {
        const x = containerOf(w, c, i, true, podPath);
        if (x) template.initContainers.push(x);
      });
      items(get(podSpec, 'containers')).forEach((c, i) => {
        const x = containerOf(w, c, i, false, podPath);
        if (x) template.containers.push(x);
      });
    } else w.template = undefined;
    const restart = w.template?.restartPolicy;
    w.longRunning = kind !== 'Job' && kind !== 'CronJob' && !(kind === 'Pod' && (restart === 'Never' || restart === 'OnFailure'));
    return w;
  }
  if (kind === 'Service' && b.group === '') {
    const s = b as Service;
    s.category = 'service';
    s.type = str(at(node, 'spec.type')) ?? 'ClusterIP';
    const sel = at(node, 'spec.selector');
    s.selector = isMap(sel) ? stringMap(sel) : undefined;
    s.selectorField = placeOf(node, 'spec.selector');
    s.selectorSpans = {};
    for (const key of Object.keys(s.selector ?? {})) {
      const p = pairOf(sel, key);
      if (p && !p.merged) setOwn(s.selectorSpans, key, p.span);
    }
    const clusterIP = at(node, 'spec.clusterIP');
    s.clusterIP = isScalar(clusterIP) ? String(clusterIP.value) : undefined;
    s.ports = items(at(node, 'spec.ports')).flatMap((p) =>
      isMap(p)
        ? [{
            name: fieldAt(p, 'name', str),
            port: fieldAt(p, 'port', num),
            targetPort: fieldAt(p, 'targetPort', (x) => {
              const v = intOrString(x);
              return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
            }),
            protocol: (str(get(p, 'protocol')) ?? 'TCP').toUpperCase(),
            span: p.span,
          }]
        : [],
    );
    return s;
  }
  if (kind === 'Ingress') {
    const ing = b as Ingress;
    ing.category = 'ingress';
    ing.backends = ingressBackends(node);
    ing.className = fieldAt(node, 'spec.ingressClassName', str) ?? (b.annotations['kubernetes.io/ingress.class'] !== undefined && b.annotationSpans['kubernetes.io/ingress.class'] ? { value: b.annotations['kubernetes.io/ingress.class'], span: b.annotationSpans['kubernetes.io/ingress.class'], keySpan: b.annotationSpans['kubernetes.io/ingress.class'] } : undefined);
    return ing;
  }
  if (kind === 'HorizontalPodAutoscaler') {
    const h = b as Hpa;
    h.category = 'hpa';
    const ref = at(node, 'spec.scaleTargetRef');
    h.target = isMap(ref)
      ? { apiVersion: fieldAt(ref, 'apiVersion', str), kind: fieldAt(ref, 'kind', str), name: fieldAt(ref, 'name', str), span: ref.span }
      : undefined;
    h.minReplicas = fieldAt(node, 'spec.minReplicas', num);
    h.maxReplicas = fieldAt(node, 'spec.maxReplicas', num);
    return h;
  }
  if (kind === 'PodDisruptionBudget') {
    const p = b as Pdb;
    p.category = 'pdb';
    p.selector = selectorOf(at(node, 'spec.selector'), false);
    p.minAvailable = fieldAt(node, 'spec.minAvailable', intOrString);
    p.maxUnavailable = fieldAt(node, 'spec.maxUnavailable', intOrString);
    return p;
  }
  const g = b as GenericObject;
  g.category = 'other';
  if (kind === 'LimitRange') g.limitRangeDefaults = limitRangeDefaultsOf(node);
  return g;
}

function ingressBackends(node: YMap): IngressBackend[] {
  const out: IngressBackend[] = [];
  const add = (b: YNode | undefined, isDefault: boolean, host: string | undefined, path: string | undefined) => {
    if (!isMap(b)) return;
    // networking.k8s.io/v1: backend.service.{name, port.{number|name}}
    const svc = get(b, 'service');
    if (isMap(svc)) {
      const service = fieldAt(svc, 'name', str);
      if (!service) return;
      const port = fieldAt(svc, 'port.number', num) ?? fieldAt(svc, 'port.name', str);
      out.push({ service, port, isDefault, host, path, span: b.span });
      return;
    }
    // v1beta1 / extensions: backend.{serviceName, servicePort}
    const service = fieldAt(b, 'serviceName', str);
    if (!service) return;
    const port = fieldAt(b, 'servicePort', (x) => {
      const v = intOrString(x);
      return typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
    });
    out.push({ service, port, isDefault, host, path, span: b.span });
  };
  add(at(node, 'spec.defaultBackend'), true, undefined, undefined);
  add(at(node, 'spec.backend'), true, undefined, undefined);
  for (const rule of items(at(node, 'spec.rules'))) {
    const host = str(get(rule, 'host'));
    for (const p of items(at(rule, 'http.paths'))) add(get(p, 'backend'), false, host, str(get(p, 'path')));
  }
  return out;
}

export function kustomizationOf(file: string, node: YMap): Kustomization {
  const resources: Field<string>[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    const seq = get(node, key);
    for (const it of items(seq)) {
      const v = str(it);
      if (v !== undefined) resources.push(field(v, it, it.span));
    }
  }
  const images = items(get(node, 'images')).flatMap((im) => {
    const name = str(get(im, 'name'));
    if (!name) return [];
    const o: Kustomization['images'][number] = { name, span: im.span };
    const newName = str(get(im, 'newName'));
    const newTag = str(get(im, 'newTag'));
    const digest = str(get(im, 'digest'));
    if (newName) o.newName = newName;
    if (newTag) o.newTag = newTag;
    if (digest) o.digest = digest;
    return [o];
  });
  const patches: Span[] = [];
  for (const key of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) for (const it of items(get(node, key))) patches.push(it.span);
  return { file, span: node.span, namespace: fieldAt(node, 'namespace', str), resources, images, patches };
}

/**
 * Expands a document into objects: itself, or the `items` of a `List` / `*List` kind. Each comes
 * with its map in the tree, for what the parser reads once (suppression annotations); the objects
 * themselves do not keep it.
 */
export function objectsOfDocument(file: string, doc: number, node: YNode | undefined): { object: K8sObject; node: YMap }[] {
  if (!isMap(node)) return [];
  const kind = str(get(node, 'kind'));
  const itemsNode = get(node, 'items');
  if (kind && /List$/.test(kind) && (itemsNode === undefined || itemsNode.type === 'seq' || (isScalar(itemsNode) && itemsNode.value === null))) {
    const inherited = kind === 'List' ? undefined : kind.slice(0, -'List'.length);
    const out: { object: K8sObject; node: YMap }[] = [];
    items(itemsNode).forEach((it, i) => {
      if (!isMap(it)) return;
      const o = objectOf(file, doc, formatPath(['items', i] as PathSegment[]), it, inherited);
      if (o) out.push({ object: o, node: it });
    });
    return out;
  }
  const o = objectOf(file, doc, '', node);
  return o ? [{ object: o, node }] : [];
}

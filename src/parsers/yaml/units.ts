/**
 * Deployment units: which Kubernetes files a person applies together, so that a reference (a
 * Service selector, an Ingress backend, an HPA target) is resolved against the objects deployed
 * with it, not against every object of every repository in the run. See docs/deployment-model.md.
 *
 * Units partition the folders that hold Kubernetes files:
 * - a kustomization's folder, the files and folders it lists (`resources`, `bases`, `components`)
 *   and, through them, every overlay that shares a base: one unit;
 * - a Helm chart (a folder with `Chart.yaml`) and every folder below it: one unit;
 * - a folder the user declares to be one cluster (`settings.k8s.clusters`) and every folder below
 *   it: one unit (GitOps repositories that apply a whole tree);
 * - else a folder, together with the folders below it that hold one kind of object
 *   (`services/`, `deployments/`, `autoscaling/`…: one app's manifests sorted by kind) and the
 *   folders below a folder that itself holds manifests (`deploy/*.yaml` and `deploy/api/*.yaml`),
 *   or below a folder of kind folders when there is only one such plain folder.
 *   Two sibling folders of plain names stay apart: that is how a repository of samples lays out
 *   independent deployments (`networking/ingress/` next to `databases/redis/`).
 * Repositories (a folder with `.git`, as the host tells) separate units: folders of two
 * repositories never share one, whatever the rules above say.
 */
import type Picomatch from 'picomatch';
import { lazy } from '../../core/lazy.js';
import type { FileHost } from '../../core/rule.js';
import type { Kustomization } from './objects.js';

/** Only `settings.k8s.clusters` needs a glob matcher: other runs do not load one (start-up time). */
const picomatch = lazy<typeof Picomatch>('picomatch');

/** Folder names that sort one app's manifests by kind rather than separate deployments. */
const KIND_FOLDERS =
  /^(services?|svc|deployments?|deploy|workloads?|apps|statefulsets?|daemonsets?|jobs|cronjobs|autoscal(ing|ers?)|hpas?|pdbs?|ingress(es)?|routes|gateways?|config(maps?)?|secrets?|rbac|policies|network-?polic(y|ies)|volumes|storage|pvcs?|crds?|monitoring|service-?monitors?)$/i;

export interface K8sUnits {
  /** The unit of a file: the folder that names it (its smallest folder). */
  unitOf(file: string): string;
  /** The repository of a file: its repository root, or '' when the host knows none. */
  repositoryOf(file: string): string;
}

export interface UnitOptions {
  host?: FileHost;
  /** Globs of folders that are each one cluster. */
  clusters?: readonly string[];
}

/**
 * Manifests under a test folder (`tests/`, `testdata/`) are inputs of a test
 * (a policy's test cases, a tool's fixtures), not a deployment: no reference of theirs is reported
 * missing.
 */
export function isTestData(path: string): boolean {
  return /(^|\/)(tests?|testdata)\//i.test(path);
}

export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** Folders from `dir` up to the top, `dir` first ('' is the top). */
function ancestors(dir: string): string[] {
  const out = [dir];
  for (let d = dir; d; ) {
    d = dirOf(d);
    out.push(d);
  }
  return out;
}

function isUrl(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) || ref.includes('?ref=') || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref);
}

/** Resolves `..` and `.` in `dir/rel` without touching the disk. */
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

export function buildUnits(files: readonly string[], kustomizations: readonly Kustomization[], options: UnitOptions = {}): K8sUnits {
  const { host } = options;
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    // Path compression.
    for (let c = x; c !== r; ) {
      const next = parent.get(c)!;
      parent.set(c, r);
      c = next;
    }
    return r;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  const repoCache = new Map<string, string>();
  const repositoryOfDir = (dir: string): string => {
    let r = repoCache.get(dir);
    if (r === undefined) {
      r = host?.repositoryRoot?.(dir) ?? '';
      repoCache.set(dir, r);
    }
    return r;
  };
  const union = (a: string, b: string) => {
    add(a);
    add(b);
    if (repositoryOfDir(a) !== repositoryOfDir(b)) return;
    const ra = find(a);
    const rb = find(b);
    // The shorter path (the outer folder) names the unit, so a unit's name is a folder of it.
    if (ra !== rb) {
      if (rb.length < ra.length || (rb.length === ra.length && rb < ra)) parent.set(ra, rb);
      else parent.set(rb, ra);
    }
  };

  const dirs = new Set(files.map(dirOf));
  for (const d of dirs) add(d);

  // Kustomizations tie their folder to what they list.
  for (const k of kustomizations) {
    const home = dirOf(k.file);
    add(home);
    for (const r of k.resources) {
      if (isUrl(r.value)) continue;
      const target = joinPath(home, r.value);
      // A listed file ties its folder; a listed folder ties itself.
      union(home, /\.(ya?ml|json)$/i.test(target) ? dirOf(target) : target);
    }
  }

  // Plain folders: a folder of one kind of object belongs to its parent; then a folder whose
  // parent holds manifests (itself or in such kind folders) belongs to that parent.
  const kindParents = new Set<string>();
  for (const d of dirs) {
    if (!d) continue;
    const up = dirOf(d);
    if (KIND_FOLDERS.test(d.slice(up ? up.length + 1 : 0))) {
      union(up, d);
      kindParents.add(up);
    }
  }
  const plainChildren = new Map<string, number>();
  for (const d of dirs) {
    const up = dirOf(d);
    if (d && !KIND_FOLDERS.test(d.slice(up ? up.length + 1 : 0))) plainChildren.set(up, (plainChildren.get(up) ?? 0) + 1);
  }
  for (const d of dirs) {
    if (!d) continue;
    const up = dirOf(d);
    // Beside kind folders, one plain folder is the app they belong to (`deploy/api/` next to
    // `deploy/services/`); several are separate deployments that happen to share a parent.
    if (dirs.has(up) || (kindParents.has(up) && plainChildren.get(up) === 1)) union(up, d);
  }

  // Charts and declared clusters: the outermost such folder above a file's folder takes it in.
  const chartCache = new Map<string, boolean>();
  const isChart = (dir: string): boolean => {
    let c = chartCache.get(dir);
    if (c === undefined) {
      c = host !== undefined && (host.readFile(dir ? `${dir}/Chart.yaml` : 'Chart.yaml') !== undefined || host.readFile(dir ? `${dir}/Chart.yml` : 'Chart.yml') !== undefined);
      chartCache.set(dir, c);
    }
    return c;
  };
  const clusterMatch = options.clusters?.length ? picomatch()(options.clusters.map((g) => g.replace(/\/+$/, '')), { dot: true }) : undefined;
  for (const d of dirs) {
    let outer: string | undefined;
    for (const a of ancestors(d)) {
      if (repositoryOfDir(a) !== repositoryOfDir(d)) break;
      if (clusterMatch?.(a) || isChart(a)) outer = a;
    }
    if (outer !== undefined) union(outer, d);
  }

  return {
    unitOf: (file) => {
      const d = dirOf(file);
      add(d);
      return find(d);
    },
    repositoryOf: (file) => repositoryOfDir(dirOf(file)),
  };
}

/** The run-wide Kubernetes index: joins across files, namespaces (including kustomize) and selectors. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseK8s } from '../../../src/parsers/yaml/index.js';
import { buildK8sIndex, joinPath, labelSelectorMatches, selectorMatches } from '../../../src/parsers/yaml/model.js';
import type { Hpa, Service, Workload } from '../../../src/parsers/yaml/objects.js';
import { parseImage, parseQuantity, resolveIntOrPercent } from '../../../src/parsers/yaml/facts.js';

const FIX = join(import.meta.dirname, '../../../fixtures/files/k8s');

function index(files: Record<string, string>) {
  return buildK8sIndex(Object.entries(files).map(([path, text]) => ({ path, root: parseK8s({ path, text, kind: 'k8s' }).root })));
}

const deploy = (name: string, labels: string, ns = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}\nspec:\n  template:\n    metadata:\n      labels: ${labels}\n    spec:\n      containers: [{ name: ${name}, image: "x:1" }]\n`;
const service = (name: string, selector: string, ns = '') =>
  `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}${ns ? `\n  namespace: ${ns}` : ''}\nspec:\n  selector: ${selector}\n  ports: [{ port: 80 }]\n`;

describe('k8s index', () => {
  it('joins Services and workloads across the files of a folder, per namespace', () => {
    const idx = index({
      'k8s/api.yaml': deploy('api', '{ app: api, tier: backend }'),
      'k8s/shop-api.yaml': deploy('api', '{ app: api }', 'shop'),
      'k8s/svc-api.yaml': service('api', '{ app: api }'),
      'k8s/svc-none.yaml': service('ghost', '{ app: ghost }'),
    });
    const [svc, ghost] = idx.services as Service[];
    expect(idx.selectedBy(svc!).map((w) => `${w.file}:${idx.namespaceOf(w)}`)).toEqual(['k8s/api.yaml:default']);
    expect(idx.selectedBy(ghost!)).toEqual([]);
    expect(idx.servicesFor(idx.workloads[0]!).map((s) => s.name)).toEqual(['api']);
    expect(idx.servicesFor(idx.workloads[1]!)).toEqual([]);
    expect(idx.find('Deployment', idx.workloads[1]!, 'api').map((o) => o.file)).toEqual(['k8s/shop-api.yaml']);
    expect(idx.workloadsIn(svc!).map((w) => w.name)).toEqual(['api']);
    expect(idx.containers().map((c) => c.label)).toEqual(['container "api"', 'container "api"']);
  });

  it('resolves references inside a deployment unit; the repository only tells that a target exists', () => {
    // Two samples side by side: each folder is its own unit, so "web" of one is not the other's.
    const idx = index({
      'samples/basic-ingress/basic-ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: basic\nspec:\n  defaultBackend:\n    service:\n      name: web\n      port:\n        number: 8080\n',
      'samples/guestbook/web.yaml': service('web', '{ app: web }'),
      'samples/guestbook/deploy.yaml': deploy('web', '{ app: web }'),
      // A sample named like a kind folder does not join its neighbours into one unit.
      'samples/ingress/web.yaml': service('web', '{ app: web }'),
      'teams/orders/api.yaml': deploy('api', '{ app: api }'),
      'teams/billing/api.yaml': service('api', '{ app: api }'),
      // Folders named after kinds sort one app's manifests: they join their parent.
      'shop/deployments/cart.yaml': deploy('cart', '{ app: cart }'),
      'shop/services/cart.yaml': service('cart', '{ app: cart }'),
      // A folder below a folder of manifests joins it.
      'store/svc.yaml': service('store', '{ app: store }'),
      'store/backend/deploy.yaml': deploy('store', '{ app: store }'),
    });
    const ing = idx.ingresses[0]!;
    const [web, , api, cart, store] = idx.services as Service[];
    expect(idx.find('Service', ing, 'web')).toEqual([]);
    expect(idx.findInRepository('Service', ing, 'web').map((o) => o.file)).toEqual(['samples/guestbook/web.yaml', 'samples/ingress/web.yaml']);
    expect(idx.find('Service', ing, 'web')).toEqual([]);
    expect(idx.selectedBy(web!).map((w) => w.file)).toEqual(['samples/guestbook/deploy.yaml']);
    expect(idx.selectedBy(api!)).toEqual([]);
    expect(idx.selectedByInRepository(api!).map((w) => w.file)).toEqual(['teams/orders/api.yaml']);
    expect(idx.sameUnit(web!, ing)).toBe(false);
    expect(idx.selectedBy(cart!).map((w) => w.file)).toEqual(['shop/deployments/cart.yaml']);
    expect(idx.selectedBy(store!).map((w) => w.file)).toEqual(['store/backend/deploy.yaml']);
  });

  it('a kustomization ties the folders it lists, overlays included, into one unit', () => {
    const idx = index({
      'deploy/base/kustomization.yaml': 'resources:\n  - ../workloads/api.yaml\n  - ../services\n',
      'deploy/workloads/api.yaml': deploy('api', '{ app: api }'),
      'deploy/services/api.yaml': service('api', '{ app: api }'),
      'deploy/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - hpa.yaml\n',
      'deploy/overlays/prod/hpa.yaml':
        'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: api\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\n  minReplicas: 2\n  maxReplicas: 5\n',
    });
    expect(idx.selectedBy(idx.services[0]!).map((w) => w.file)).toEqual(['deploy/workloads/api.yaml']);
    expect(idx.hpaTargets(idx.hpas[0]!).map((w) => w.file)).toEqual(['deploy/workloads/api.yaml']);
    expect(idx.units.unitOf('deploy/overlays/prod/hpa.yaml')).toBe(idx.units.unitOf('deploy/services/api.yaml'));
  });

  it('a folder declared to be one cluster is one unit; repositories never share one', () => {
    const files = {
      'clusters/prod/alpha/api.yaml': deploy('api', '{ app: api }'),
      'clusters/prod/beta/api.yaml': service('api', '{ app: api }'),
      'vendor/other/svc.yaml': service('api', '{ app: api }'),
    };
    const parsed = Object.entries(files).map(([path, text]) => ({ path, root: parseK8s({ path, text, kind: 'k8s' }).root }));
    const plain = buildK8sIndex(parsed);
    expect(plain.selectedBy(plain.services[0]!)).toEqual([]);
    const declared = buildK8sIndex(parsed, { clusters: ['clusters/*'] });
    expect(declared.selectedBy(declared.services[0]!).map((w) => w.file)).toEqual(['clusters/prod/alpha/api.yaml']);
    // `vendor/other` is another repository (a nested .git): not even the repository-wide join sees it.
    const host = { readFile: () => undefined, glob: () => [], isInside: () => true, repositoryRoot: (dir: string) => (dir.startsWith('vendor/other') ? 'vendor/other' : '.') };
    const split = buildK8sIndex(parsed, { host, clusters: ['**'] });
    expect(split.selectedByInRepository(split.services[1]!)).toEqual([]);
    expect(split.selectedBy(split.services[0]!).map((w) => w.file)).toEqual(['clusters/prod/alpha/api.yaml']);
  });

  it('a Helm chart folder is one unit', () => {
    const files = { 'chart/one/api.yaml': deploy('api', '{ app: api }'), 'chart/two/svc.yaml': service('api', '{ app: api }') };
    const parsed = Object.entries(files).map(([path, text]) => ({ path, root: parseK8s({ path, text, kind: 'k8s' }).root }));
    const host = { readFile: (p: string) => (p === 'chart/Chart.yaml' ? 'name: api\n' : undefined), glob: () => [], isInside: () => true };
    expect(buildK8sIndex(parsed).selectedBy(buildK8sIndex(parsed).services[0]!)).toEqual([]);
    const idx = buildK8sIndex(parsed, { host });
    expect(idx.selectedBy(idx.services[0]!).map((w) => w.file)).toEqual(['chart/one/api.yaml']);
  });

  it('finds the workloads an HPA targets by kind and name in its namespace', () => {
    const idx = index({
      'a.yaml': `${deploy('orders', '{ app: orders }')}---\napiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: { name: orders }\nspec:\n  scaleTargetRef: { kind: Deployment, name: orders }\n  maxReplicas: 4\n---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: { name: other, namespace: x }\nspec:\n  scaleTargetRef: { kind: Deployment, name: orders }\n  maxReplicas: 4\n`,
    });
    const [h1, h2] = idx.hpas as Hpa[];
    expect(idx.hpaTargets(h1!).map((w) => w.name)).toEqual(['orders']);
    expect(idx.hpaTargets(h2!)).toEqual([]);
    expect(idx.hpasFor(idx.workloads[0] as Workload).map((h) => h.name)).toEqual(['orders']);
  });

  it('applies the namespace of the outermost kustomization that includes a file', () => {
    const files: Record<string, string> = {};
    for (const p of ['kustomize/base/kustomization.yaml', 'kustomize/base/deployment.yaml', 'kustomize/base/service.yaml', 'kustomize/overlays/prod/kustomization.yaml', 'kustomize/overlays/prod/hpa.yaml'])
      files[p] = readFileSync(join(FIX, p), 'utf8');
    const idx = index(files);
    expect(idx.objects.map((o) => `${o.kind}:${idx.namespaceOf(o)}`)).toEqual(['Deployment:shop-prod', 'Service:shop-prod', 'HorizontalPodAutoscaler:shop-prod']);
    expect(idx.kustomizationsFor('kustomize/base/deployment.yaml').map((k) => k.file)).toEqual(['kustomize/base/kustomization.yaml', 'kustomize/overlays/prod/kustomization.yaml']);
    expect(idx.selectedBy(idx.services[0]!).map((w) => w.name)).toEqual(['orders']);
    expect(idx.hpaTargets(idx.hpas[0]!).map((w) => w.name)).toEqual(['orders']);
  });

  it('matches PDB selectors with matchExpressions', () => {
    const idx = index({
      'a.yaml': `${deploy('web', '{ app: web, track: stable }')}---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: { name: web }\nspec:\n  minAvailable: 1\n  selector:\n    matchLabels: { app: web }\n    matchExpressions: [{ key: track, operator: In, values: [stable, canary] }]\n`,
    });
    expect(idx.pdbsFor(idx.workloads[0]!).map((p) => p.name)).toEqual(['web']);
    expect(idx.pdbs[0]?.minAvailable?.value).toBe(1);
  });

  it('selector helpers', () => {
    expect(selectorMatches({ app: 'a' }, { app: 'a', x: 'y' })).toBe(true);
    expect(selectorMatches({}, { app: 'a' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] }, { env: 'prod' })).toBe(true);
    expect(labelSelectorMatches({ matchLabels: {}, matchExpressions: [{ key: 'env', operator: 'DoesNotExist', values: [] }] }, { env: 'prod' })).toBe(false);
    expect(joinPath('k8s/overlays/prod', '../../base')).toBe('k8s/base');
    expect(joinPath('', './a.yaml')).toBe('a.yaml');
  });

  it('facts: images, quantities, int-or-percent', () => {
    expect(parseImage('registry:5000/org/app:1.2@sha256:abc')).toEqual({ repository: 'registry:5000/org/app', tag: '1.2', digest: 'sha256:abc' });
    expect(parseImage('nginx')).toEqual({ repository: 'nginx', tag: undefined, digest: undefined });
    expect(parseQuantity('512Mi')).toBe(512 * 2 ** 20);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('250m')).toBe(0.25);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('lots')).toBeUndefined();
    expect(resolveIntOrPercent('25%', 3, false)).toBe(0);
    expect(resolveIntOrPercent('25%', 3, true)).toBe(1);
    expect(resolveIntOrPercent(2, 3, false)).toBe(2);
  });
});

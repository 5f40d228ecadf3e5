/**
 * Classification by name and content: a Spring-named YAML file is a Kubernetes manifest when its
 * content says so, and JSON manifests are Kubernetes files.
 */
import { describe, expect, it } from 'vitest';
import { classify, classifyByName, needsContent } from '../../src/project/classify.js';

const DEPLOYMENT_YAML = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  replicas: 2\n';
const SPRING_YAML = 'server:\n  port: 8080\nspring:\n  datasource:\n    url: jdbc:postgresql://db/shop\n';

describe('Spring names with Kubernetes content', () => {
  it('leaves a Spring-named YAML file to its content, but not a .properties file', () => {
    expect(classifyByName('deploy/application.yaml')).toBeUndefined();
    expect(classifyByName('src/main/resources/application-prod.yml')).toBeUndefined();
    expect(needsContent('deploy/application.yaml')).toBe(true);
    expect(classifyByName('src/main/resources/application.properties')).toBe('spring');
  });

  it('reads application.yaml with apiVersion and kind as a manifest (Argo CD Application, a Deployment)', () => {
    const argo = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  project: default\n';
    expect(classify('argocd/application.yaml', argo)).toBe('k8s');
    expect(classify('deploy/application.yml', `# the app\n${DEPLOYMENT_YAML}`)).toBe('k8s');
    expect(classify('k8s/bootstrap.yaml', `---\n${DEPLOYMENT_YAML}---\napiVersion: v1\nkind: Service\n`)).toBe('k8s');
  });

  it('keeps Spring configuration Spring, even with a nested kind or apiVersion key', () => {
    expect(classify('src/main/resources/application.yml', SPRING_YAML)).toBe('spring');
    expect(classify('src/main/resources/application-k8s.yaml', 'spring:\n  cloud:\n    kubernetes:\n      config:\n        kind: ConfigMap\n        apiVersion: v1\n')).toBe('spring');
    expect(classify('src/main/resources/bootstrap.yml', '')).toBe('spring');
  });
});

describe('JSON manifests', () => {
  const deployment = JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec: { replicas: 2 } }, null, 2);

  it('reads a JSON object with apiVersion and kind as a manifest, and a List of them', () => {
    expect(needsContent('deploy/api.json')).toBe(true);
    expect(classify('deploy/api.json', deployment)).toBe('k8s');
    expect(classify('deploy/all.json', JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [JSON.parse(deployment)] }, null, '\t'))).toBe('k8s');
  });

  it('leaves other JSON alone: schemas, nested objects, arrays, broken or commented JSON', () => {
    expect(classify('tsconfig.json', '{\n  // comment\n  "compilerOptions": { "kind": "x", "apiVersion": "y" }\n}\n')).toBeUndefined();
    expect(classify('schema/deployment.json', JSON.stringify({ properties: { apiVersion: { type: 'string' }, kind: { type: 'string' } } }))).toBeUndefined();
    expect(classify('data/items.json', JSON.stringify([{ apiVersion: 'v1', kind: 'Pod' }]))).toBeUndefined();
    expect(classify('deploy/broken.json', '{"apiVersion": "v1", "kind": "Pod",')).toBeUndefined();
    expect(classify('.vscode/settings.json', JSON.stringify({ apiVersion: 3, kind: 'Deployment' }))).toBeUndefined();
    expect(classifyByName('package.json')).toBe('manifest');
  });
});

/** Example projects: parts of fixtures/projects/demo-shop, which the build bundles as a lazy chunk. */
import type { PlaygroundFile } from './lint.js';

export interface Example {
  id: string;
  title: string;
  includes(path: string): boolean;
}

const service = (name: string) => (p: string) => p.startsWith(`services/${name}/`) || p === `k8s/${name}.yaml`;

export const EXAMPLES: readonly Example[] = [
  { id: 'demo-shop', title: 'Demo shop (whole project)', includes: () => true },
  { id: 'nginx', title: 'nginx edge proxy', includes: (p) => p.startsWith('nginx/') },
  { id: 'api', title: 'Express API + Kubernetes', includes: service('api') },
  { id: 'orders', title: 'Spring Boot orders + Kubernetes', includes: service('orders') },
  { id: 'web', title: 'Django + gunicorn + Kubernetes', includes: service('web') },
  { id: 'tomcat', title: 'Tomcat server.xml', includes: (p) => p.startsWith('tomcat/') },
];

export async function exampleFiles(id: string): Promise<PlaygroundFile[]> {
  const example = EXAMPLES.find((e) => e.id === id);
  if (!example) return [];
  const { default: all } = await import('lint500-playground:demo-shop');
  return all.filter(([path]) => example.includes(path)).map(([path, text]) => ({ path, text }));
}

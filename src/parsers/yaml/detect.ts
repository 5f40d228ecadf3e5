/** Kubernetes: a YAML document with top-level `apiVersion` and `kind`, or a kustomization file. */
export function detectK8s(_path: string, name: string, text: string): boolean {
  if (!/\.ya?ml$/i.test(name)) return false;
  if (/^kustomization\.ya?ml$/i.test(name)) return true;
  return /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text);
}

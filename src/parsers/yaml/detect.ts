/**
 * Kubernetes: a YAML document with top-level `apiVersion` and `kind`, a kustomization file, or a
 * JSON file whose top-level object (or `List`) has string `apiVersion` and `kind` (kubectl reads
 * both; JSON is YAML, so the same parser reads it with exact positions).
 */
export function detectK8s(_path: string, name: string, text: string): boolean {
  if (/\.json$/i.test(name)) return isJsonManifest(text);
  if (!/\.ya?ml$/i.test(name)) return false;
  if (/^kustomization\.ya?ml$/i.test(name)) return true;
  return /^apiVersion\s*:/m.test(text) && /^kind\s*:/m.test(text);
}

/** Whether a JSON text is one Kubernetes object: `{"apiVersion": "…", "kind": "…", …}`. */
export function isJsonManifest(text: string): boolean {
  // Cheap checks first: most JSON files (package locks, schemas, data) never get parsed.
  if (!/^\s*\{/.test(text) || !text.includes('"apiVersion"') || !text.includes('"kind"')) return false;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return typeof o.apiVersion === 'string' && typeof o.kind === 'string' && /^[\w.-]+(\/[\w.-]+)?$/.test(o.apiVersion) && /^[A-Z]\w*$/.test(o.kind);
}

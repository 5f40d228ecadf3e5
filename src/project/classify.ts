/**
 * Classification: which kind of file is this? By name first, then by content (DESIGN.md, data flow
 * step 2). Each parser family owns its own detector (`src/parsers/<family>/detect.ts`); this module
 * asks them in a fixed order. Pure: path and text in, kind out, so the LSP uses it on unsaved buffers.
 */
import type { FileKind } from '../core/rule.js';
import { detectDockerfile } from '../parsers/dockerfile/detect.js';
import { detectJava } from '../parsers/java/detect.js';
import { detectJs } from '../parsers/js/detect.js';
import { detectManifest } from '../parsers/manifest/detect.js';
import { detectNginx, nginxByName } from '../parsers/nginx/detect.js';
import { detectSpring } from '../parsers/properties/detect.js';
import { detectPython } from '../parsers/python/detect.js';
import { detectTomcat } from '../parsers/xml/detect.js';
import { detectK8s } from '../parsers/yaml/detect.js';

export function basename(path: string): string {
  const p = path.replace(/\\/g, '/');
  return p.slice(p.lastIndexOf('/') + 1);
}

/**
 * Kind by path alone, when the name settles it (no need to read the file). A Spring YAML name
 * (`application.yaml`) does not: the file may as well be a Kubernetes manifest, which its content tells.
 */
export function classifyByName(path: string): FileKind | undefined {
  // Every file a walk finds comes here: no copy of a path that has no backslash, and one search for its name.
  const p = path.includes('\\') ? path.replace(/\\/g, '/') : path;
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (detectDockerfile(p, name)) return 'dockerfile';
  if (detectSpring(p, name)) return /\.ya?ml$/i.test(name) ? undefined : 'spring';
  if (detectTomcat(p, name)) return 'tomcat';
  if (detectManifest(p, name)) return 'manifest';
  if (nginxByName(p, name)) return 'nginx';
  if (detectJs(p, name)) return 'js';
  if (detectPython(p, name)) return 'python';
  if (detectJava(p, name)) return 'java';
  return undefined;
}

/** Whether the name allows a content check (YAML or JSON may be Kubernetes; `.conf` may be nginx). */
export function needsContent(path: string): boolean {
  return /\.(ya?ml|json|conf)$/i.test(path) || /\/(sites-available|sites-enabled|conf\.d|snippets)\/[^/]+$/.test(path.replace(/\\/g, '/'));
}

/**
 * Kind by name, then by content; undefined for files lint500 does not read. YAML with top-level
 * `apiVersion` and `kind` is a Kubernetes manifest whatever its name, `application.yaml` included;
 * any other Spring-named YAML is Spring configuration.
 */
export function classify(path: string, text: string): FileKind | undefined {
  const byName = classifyByName(path);
  if (byName) return byName;
  const p = path.replace(/\\/g, '/');
  const name = basename(p);
  if (detectK8s(p, name, text)) return 'k8s';
  if (detectSpring(p, name)) return 'spring';
  if (detectNginx(p, basename(p), text)) return 'nginx';
  return undefined;
}

/**
 * A file name for text read from standard input without `--stdin-filename`, guessed from its
 * content: a Kubernetes manifest, a Dockerfile, Tomcat's server.xml or context.xml, an nginx
 * configuration, Spring properties. Undefined when the content says nothing clear.
 */
export function guessStdinName(text: string): string | undefined {
  if (detectK8s('stdin.yaml', 'stdin.yaml', text)) return 'stdin.yaml';
  // The first instruction of a Dockerfile is FROM, after comments, parser directives and ARGs.
  if (/^(?:[ \t]*(?:#[^\n]*|ARG[ \t][^\n]*)?\r?\n)*[ \t]*FROM[ \t]+\S/i.test(text)) return 'Dockerfile';
  const root = /^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*<(Server|Context)[\s>/]/.exec(text);
  if (root) return root[1] === 'Server' ? 'server.xml' : 'context.xml';
  if (detectNginx('nginx.conf', 'nginx.conf', text)) return 'nginx.conf';
  if (/^(?:server|spring|management)\.[\w.-]+\s*[=:]/m.test(text)) return 'application.properties';
  return undefined;
}

/** A Helm chart template: Kubernetes YAML with `{{ }}` under templates/, not YAML until rendered. */
export function isHelmTemplate(path: string, kind: FileKind, text: string): boolean {
  return kind === 'k8s' && /(^|\/)templates\/[^/]+$/.test(path) && text.includes('{{');
}

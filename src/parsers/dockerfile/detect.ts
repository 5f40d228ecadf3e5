/**
 * `Dockerfile`, `Dockerfile.*`, `Dockerfile-*`, `*.Dockerfile`, `*.dockerfile`, `Containerfile`,
 * `Containerfile.*`. Not the files that sit next to them under similar names: a per-Dockerfile
 * `.dockerignore`, documentation, and templates rendered into a Dockerfile (`Dockerfile.template`,
 * `Dockerfile.j2`), which are not Dockerfile syntax until rendered.
 */
export function detectDockerfile(_path: string, name: string): boolean {
  if (!/^(Dockerfile|Containerfile)([.-].+)?$/i.test(name) && !/\.(dockerfile|containerfile)$/i.test(name)) return false;
  return !/\.(dockerignore|md|markdown|txt|rst|adoc|html|json|ya?ml|toml|sh|bash|ps1|py|js|ts|bak|orig|rej|swp|tmpl|tpl|template|j2|jinja2?|erb|mustache|hbs|in|gotmpl)$/i.test(name);
}

/**
 * Manifests other kinds read facts from: dependency files (framework detection), docker-compose and
 * skaffold (which Dockerfile builds which image). No rule reports in them by default.
 */
export function detectManifest(_path: string, name: string): boolean {
  return (
    name === 'package.json' ||
    /^requirements[\w.-]*\.txt$/i.test(name) ||
    name === 'pyproject.toml' ||
    name === 'Pipfile' ||
    name === 'pom.xml' ||
    /^build\.gradle(\.kts)?$/.test(name) ||
    /^(docker-)?compose([\w.-]*)?\.ya?ml$/i.test(name) ||
    /^skaffold\.ya?ml$/i.test(name)
  );
}

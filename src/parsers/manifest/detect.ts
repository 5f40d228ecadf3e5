import { isPhpFpmPath } from '../cross/php-fpm.js';
import { isUwsgiIniPath } from '../cross/uwsgi.js';

/**
 * Manifests other kinds read facts from: dependency files (framework detection), docker-compose and
 * skaffold (which Dockerfile builds which image), Procfiles (what a platform starts), uWSGI INI files (how uWSGI listens), PHP-FPM pool files (what nginx's `fastcgi_pass`
 * reaches). No rule reports in them by default.
 */
export function detectManifest(path: string, name: string): boolean {
  return (
    isPhpFpmPath(path) ||
    isUwsgiIniPath(path) ||
    name === 'Procfile' ||
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

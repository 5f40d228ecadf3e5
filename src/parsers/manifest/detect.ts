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

// These two name tests live here, not beside the PHP-FPM and uWSGI readers in src/parsers/cross,
// so that classifying a file does not load those readers.

/** Whether a path names a PHP-FPM configuration file. */
export function isPhpFpmPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (/^php-fpm\.conf$/i.test(name) || /\.pool\.conf$/i.test(name) || /^(php-)?fpm[\w.-]*pool[\w.-]*\.conf$/i.test(name)) return true;
  if (/(^|\/)(php-fpm\.d|pool\.d|fpm\/pool\.d)\/[^/]+\.conf$/i.test(p)) return true;
  // `www.conf` is PHP-FPM's stock pool file, unless it sits in an nginx or Apache folder.
  return /^www\.conf$/i.test(name) && !/(^|\/)(nginx|conf\.d|sites-(available|enabled)|apache2?|httpd|caddy)(\/|$)/i.test(p.slice(0, -name.length));
}

/** Whether a path names a uWSGI configuration file by its name (`uwsgi.ini`, `uwsgi-prod.ini`, `uwsgi/app.ini`). */
export function isUwsgiIniPath(path: string): boolean {
  return /(^|\/)uwsgi[\w.-]*\.ini$/i.test(path) || /(^|\/)uwsgi\/[^/]+\.ini$/i.test(path);
}

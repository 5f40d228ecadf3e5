/** nginx by name: `nginx.conf`, `*.conf` in nginx-style folders, and files in `sites-*`/`conf.d`/`snippets`. */
export function nginxByName(path: string, name: string): boolean {
  if (/^nginx.*\.conf$/i.test(name)) return true;
  if (/\.conf$/i.test(name) && /(^|\/)(nginx|conf\.d|sites-available|sites-enabled|snippets)\//.test(path)) return true;
  return /(^|\/)(sites-available|sites-enabled)\/[^/.]+$/.test(path);
}

/** nginx by content: a `.conf` whose top-level statements are nginx blocks or directives. */
export function detectNginx(path: string, _name: string, text: string): boolean {
  if (!/\.conf$/i.test(path) && !/(^|\/)(sites-available|sites-enabled|conf\.d|snippets)\//.test(path)) return false;
  return /^\s*(http|server|events|upstream|location|stream|map)\b[^;{]*\{/m.test(text) || /^\s*(worker_processes|proxy_pass|listen|server_name|root|include)\s+[^;]+;/m.test(text);
}

/**
 * Directives of widely used third-party modules, which the official reference does not list. The
 * `unknown-directive` rule lets them through by default; users name others with `extraDirectives`.
 */
export const THIRD_PARTY_MODULES: Record<string, (name: string) => boolean> = {
  // lua-nginx-module / OpenResty (and stream-lua).
  lua: (n) => n.startsWith('lua_') || /_by_lua(_block|_file)?$/.test(n) || n === 'access_by_lua' || n === 'content_by_lua',
  // headers-more-nginx-module.
  'headers-more': (n) => /^more_(set|clear)(_input)?_headers$/.test(n),
  // ngx_brotli.
  brotli: (n) => n === 'brotli' || n.startsWith('brotli_'),
  // nginx-module-vts.
  vts: (n) => n.startsWith('vhost_traffic_status'),
};

export function isThirdParty(name: string, modules: readonly string[]): boolean {
  return modules.some((m) => THIRD_PARTY_MODULES[m]?.(name) ?? false);
}

/** JavaScript and TypeScript sources (not declaration files or minified bundles). */
export function detectJs(_path: string, name: string): boolean {
  if (/\.d\.[cm]?ts$/.test(name) || /\.min\.js$/.test(name)) return false;
  return /\.(m|c)?(j|t)sx?$/.test(name);
}

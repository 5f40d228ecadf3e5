/** Build-argument and ENV substitution as the Docker builder does it in instruction arguments. */

/** Build arguments Docker predefines per platform: their values are not in the file. */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/** Substitutes `$X`, `${X}`, `${X:-d}`, `${X-d}`, `${X:+v}`, `${X+v}` from `vars`. */
export function substitute(text: string, vars: ReadonlyMap<string, string | undefined>): { text: string; unresolved: boolean } {
  let unresolved = false;
  const out = text.replace(/\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+])([^}]*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g, (_m, braced: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    const has = vars.has(name) && vars.get(name) !== undefined;
    const value = has ? vars.get(name)! : undefined;
    if (op === ':-' || op === '-') {
      if (value !== undefined && (op === '-' || value !== '')) return value;
      if (!has && PLATFORM_ARGS.has(name)) unresolved = true;
      return arg ?? '';
    }
    if (op === ':+' || op === '+') {
      if (!has) {
        if (PLATFORM_ARGS.has(name) || !vars.has(name)) unresolved = unresolved || PLATFORM_ARGS.has(name);
        return '';
      }
      return op === ':+' && value === '' ? '' : (arg ?? '');
    }
    if (value === undefined) {
      unresolved = true;
      return `\${${name}}`;
    }
    return value;
  });
  return { text: out, unresolved };
}


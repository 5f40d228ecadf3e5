/**
 * Spring Boot's relaxed binding, value conversions and profile expressions, as far as lint500 needs
 * them to read a setting the way Spring would.
 *
 * Relaxed binding: `server.tomcat.threads.max`, `server.tomcat.threadsMax`-style camel case,
 * `server_tomcat` underscores and the environment form `SERVER_TOMCAT_THREADS_MAX` all bind to the
 * same property. Spring compares names element by element, lower-cased and without `-` / `_`
 * (`ConfigurationPropertyName`'s uniform form); `canonicalKey` produces exactly that, and then maps
 * legacy names that newer Spring Boot versions still honour onto their current name.
 */

/** Legacy names (uniform form) → current name (uniform form). */
const LEGACY: Record<string, string> = {
  // Spring Boot 2.3 moved the thread settings under `threads`.
  'server.tomcat.maxthreads': 'server.tomcat.threads.max',
  'server.tomcat.minsparethreads': 'server.tomcat.threads.minspare',
  // Spring Boot 2.3 deprecated the server-wide timeout in favour of per-server ones.
  'server.connectiontimeout': 'server.tomcat.connectiontimeout',
  // Spring Boot 1.x bound the (then default) Tomcat JDBC pool directly under spring.datasource.
  'spring.datasource.maxactive': 'spring.datasource.tomcat.maxactive',
  'spring.datasource.maxwait': 'spring.datasource.tomcat.maxwait',
  'spring.datasource.testonborrow': 'spring.datasource.tomcat.testonborrow',
  'spring.datasource.testwhileidle': 'spring.datasource.tomcat.testwhileidle',
  'spring.datasource.validationquery': 'spring.datasource.tomcat.validationquery',
};

/** Splits a property name into elements: dots separate, `[…]` is an element of its own. */
function elements(key: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < key.length; i++) {
    const c = key[i]!;
    if (c === '[') {
      if (cur) out.push(cur);
      const close = key.indexOf(']', i);
      const end = close < 0 ? key.length : close + 1;
      out.push(key.slice(i, end));
      cur = '';
      i = end - 1;
      if (key[i + 1] === '.') i++;
    } else if (c === '.') {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** Whether a name is written in the environment-variable form (`SERVER_TOMCAT_THREADS_MAX`). */
function isEnvForm(key: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(key) && key.includes('_');
}

/** The uniform form of a property name: what Spring compares when it binds. Legacy names map to current ones. */
export function uniformKey(key: string): string {
  const parts = isEnvForm(key) ? key.split('_').filter(Boolean) : elements(key);
  return parts.map((p) => (p.startsWith('[') ? p.toLowerCase() : p.toLowerCase().replace(/[-_]/g, ''))).join('.');
}

/** The uniform form with legacy aliases resolved. */
export function canonicalKey(key: string): string {
  const u = uniformKey(key);
  return LEGACY[u] ?? u;
}

/** Whether two names bind to the same Spring property (relaxed binding and legacy names). */
export function sameProperty(a: string, b: string): boolean {
  return canonicalKey(a) === canonicalKey(b);
}

/** Whether the name is a legacy spelling that Spring maps to another one. */
export function isLegacyKey(key: string): boolean {
  return uniformKey(key) in LEGACY;
}

/** Whether a value still holds a `${placeholder}` (resolved only at run time). */
export function hasPlaceholder(value: string): boolean {
  return value.includes('${');
}

/** An integer as Spring's number conversion reads it (surrounding blanks ignored), or undefined. */
export function parseIntValue(value: string): number | undefined {
  const v = value.trim();
  if (!/^[+-]?\d{1,15}$/.test(v)) return undefined;
  return Number(v);
}

/** A boolean as Spring's `StringToBooleanConverter` reads it, or undefined. */
export function parseBoolValue(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (['true', 'on', 'yes', '1'].includes(v)) return true;
  if (['false', 'off', 'no', '0'].includes(v)) return false;
  return undefined;
}

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A `java.time.Duration` in Spring's formats, in milliseconds: simple (`20000`, `20s`, `5m`, with
 * `defaultUnit` when there is none) or ISO-8601 (`PT20S`). Undefined when it is neither.
 */
export function parseDurationMs(value: string, defaultUnit: keyof typeof UNIT_MS = 'ms'): number | undefined {
  const v = value.trim();
  if (v.length > 40) return undefined;
  const simple = /^([+-]?\d+)([a-zA-Z]{0,2})$/.exec(v);
  if (simple) {
    const unit = (simple[2] || defaultUnit).toLowerCase();
    const factor = UNIT_MS[unit];
    return factor === undefined ? undefined : Number(simple[1]) * factor;
  }
  const iso = /^([+-]?)P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(v);
  if (iso && v.length > 2) {
    const ms = Number(iso[2] ?? 0) * 86_400_000 + Number(iso[3] ?? 0) * 3_600_000 + Number(iso[4] ?? 0) * 60_000 + Number(iso[5] ?? 0) * 1000;
    return iso[1] === '-' ? -ms : ms;
  }
  return undefined;
}

/** The profile a file name names: `application-dev.yml` → `dev`; undefined for `application.yml`. */
export function profileFromFileName(path: string): string | undefined {
  const name = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
  const m = /^(?:application|bootstrap)-(.+)\.(?:properties|ya?ml)$/i.exec(name);
  return m ? m[1] : undefined;
}

/**
 * Whether a profile expression (`dev`, `dev | local`, `dev & !cloud`, `dev,test`) can only be active
 * when one of `devProfiles` is active. Parentheses are read as grouping only, which can make the
 * answer "no" for some exotic expressions but never wrongly "yes".
 */
export function isDevOnlyExpression(expression: string, devProfiles: readonly string[]): boolean {
  const dev = new Set(devProfiles.map((p) => p.toLowerCase()));
  const alternatives = expression.replace(/[()]/g, ' ').split(/[|,]/).map((a) => a.trim());
  if (!alternatives.length || alternatives.some((a) => !a)) return false;
  return alternatives.every((alt) =>
    alt
      .split('&')
      .map((atom) => atom.trim())
      .some((atom) => !atom.startsWith('!') && dev.has(atom.toLowerCase())),
  );
}

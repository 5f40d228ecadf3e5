/**
 * Sizes and durations as the layers write them: Kubernetes memory quantities (`512Mi`, `2G`,
 * `1.5Gi`, `1e9`), JVM sizes (`-Xmx2g`, `-Xmx1536m`) and nginx / ingress-nginx seconds.
 */

const MIB = 1024 ** 2;

const K8S_SUFFIX: Record<string, number> = {
  '': 1,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  m: 1e-3,
};

/**
 * Bytes of a compose memory size (`mem_limit: 512m`, `deploy.resources.limits.memory: 1G`): a number
 * with an optional b, k, m or g unit (powers of 1024, either case, optionally followed by `b`), or a
 * plain number of bytes.
 */
export function composeMemoryBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([bkmgt]?)b?\s*$/i.exec(text);
  if (!m) return undefined;
  const mult = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'b' | 'k' | 'm' | 'g' | 't'];
  return Number(m[1]) * mult;
}

/** Bytes of a Kubernetes memory quantity, or undefined when it is not one (the API server rejects those too). */
export function k8sMemoryBytes(text: string): number | undefined {
  const m = /^\s*([+]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m))?\s*$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * K8S_SUFFIX[m[3] ?? '']!;
}

/** `805306368` → `768 MiB`, `2147483648` → `2 GiB` (one decimal when needed). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${trim(bytes / 1024 ** 3)} GiB`;
  return `${trim(bytes / MIB)} MiB`;
}

function trim(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1).replace(/\.0$/, '');
}

/** `90s` → `90 s`, `2.5` → `2.5 s`. */
export function formatSeconds(s: number): string {
  return `${trim(s)} s`;
}

export { MIB };

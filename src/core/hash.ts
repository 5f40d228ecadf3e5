/** A digest of a text for cache keys; `fnv1a64` by default, the runner passes a native one. */
export type TextDigest = (text: string) => string;

const textHashes = new WeakMap<TextDigest, WeakMap<object, string>>();

/**
 * The hash of a file's text for cache keys, once per source object and digest. The engine stays
 * portable (it runs in a browser too): the CLI's runner passes Node's native SHA-1 as `digest` (a JS
 * loop over every character of a 10,000-file tree cost more than the cached run's parsing it replaced).
 */
export function textHash(file: { text: string; hash?: string }, digest: TextDigest = fnv1a64): string {
  if (file.hash !== undefined) return file.hash;
  let memo = textHashes.get(digest);
  if (!memo) textHashes.set(digest, (memo = new WeakMap()));
  let h = memo.get(file);
  if (h === undefined) {
    h = digest(file.text);
    memo.set(file, h);
  }
  return h;
}

/** FNV-1a (64-bit, as two 32-bit halves): a small, dependency-free, stable hash for fingerprints and cache keys. */
export function fnv1a64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 ^= c & 0xff;
    h1 = Math.imul(h1, 0x01000193);
    h2 ^= (c >>> 8) ^ (h1 >>> 24);
    h2 = Math.imul(h2, 0x01000193);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

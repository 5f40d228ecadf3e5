/**
 * Array helpers safe for unbounded input: `target.push(...items)` passes every item as an argument
 * and overflows the call stack past about 100 000 items (an EXPOSE of 130 000 ports did).
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const x of items) target.push(x);
  return target;
}

/** Adds `value` to the list of `key`, starting the list when the key is new. */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The largest number of a list (`-Infinity` when empty), without spreading it into arguments. */
export function maxOf(values: Iterable<number>): number {
  let m = -Infinity;
  for (const v of values) if (v > m) m = v;
  return m;
}

/**
 * A deterministic measure of work, for the linear-work suite: while `countWork` runs, the built-in
 * operations that walk a collection or a string count the elements or characters they visit. Array
 * callbacks (`forEach`, `map`, `filter`, `find`, `some`, `reduce`, …) count their calls, searches
 * (`indexOf`, `includes`) the elements they pass, iteration (`for…of`, spread, `Array.from`) over
 * arrays, Maps and Sets each step, string searches and scans (`indexOf`, `lastIndexOf`, `split`,
 * case changes) the characters they read, and regular expressions the characters up to the end of
 * their match (`slice` and `substring` are not counted: V8 makes them views of the string). Plain
 * `for (;;)` loops are not seen; everything the engine, the parsers, their libraries and the rules
 * do through these operations is. The count is the same from one run to the
 * next, unlike a time, so a test can compare the work at n and 10n.
 */

/** The count, and where it was spent when asked (one sample of the stack every `SAMPLE` units). */
const SAMPLE = 20_000;
let count = 0;
let nextSample = SAMPLE;
let where: Map<string, number> | undefined;
let depth = 0;

function add(units: number): void {
  count += units;
  if (where && count >= nextSample) {
    nextSample = count + SAMPLE;
    // The sampling itself is not counted.
    depth++;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 12;
    const stack = new Error().stack ?? '';
    Error.stackTraceLimit = limit;
    const frames = stack
      .split('\n')
      .filter((l) => /\/(src|rules|node_modules)\//.test(l) && !l.includes('work-counter'))
      .slice(0, 3)
      .map((l) => l.trim().replace(/^.*\/(src|rules|node_modules)\//, '$1/').replace(/\)$/, ''));
    const key = frames.join(' < ');
    where.set(key, (where.get(key) ?? 0) + 1);
    depth--;
  }
}


type AnyFn = (this: unknown, ...args: unknown[]) => unknown;
const restore: (() => void)[] = [];

function patch(proto: object, name: PropertyKey, wrap: (orig: AnyFn) => AnyFn): void {
  const desc = Object.getOwnPropertyDescriptor(proto, name);
  if (!desc || typeof desc.value !== 'function') return;
  const orig = desc.value as AnyFn;
  Object.defineProperty(proto, name, { ...desc, value: wrap(orig) });
  restore.push(() => Object.defineProperty(proto, name, desc));
}

/** Counts one unit per call of the callback (the first argument). */
function perCallback(orig: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const f = args[0];
    if (typeof f === 'function' && depth === 0) {
      args[0] = function (this: unknown, ...a: unknown[]) {
        add(1);
        return (f as AnyFn).apply(this, a);
      };
    }
    return orig.apply(this, args);
  };
}

/** Counts what a search passes: from its start to the hit, or to the end. */
function perSearch(orig: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const r = orig.apply(this, args);
    if (depth === 0) {
      const len = (this as { length: number }).length;
      const from = typeof args[1] === 'number' ? Math.max(0, args[1] < 0 ? len + args[1] : args[1]) : 0;
      add(typeof r === 'number' && r >= 0 ? r - from + 1 : r === true ? 1 : Math.max(0, len - from));
    }
    return r;
  };
}

/** The same, backwards (`lastIndexOf`). */
function perSearchBack(orig: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const r = orig.apply(this, args) as number;
    if (depth === 0) {
      const len = (this as { length: number }).length;
      const from = typeof args[1] === 'number' ? Math.min(len - 1, args[1] < 0 ? len + args[1] : args[1]) : len - 1;
      add(Math.max(1, r >= 0 ? from - r + 1 : from + 1));
    }
    return r;
  };
}

/** Counts the length of what it reads (`split`, `join`) or makes (`slice`, `concat`). */
function perLength(of: 'this' | 'result'): (orig: AnyFn) => AnyFn {
  return (orig) =>
    function (this: unknown, ...args: unknown[]) {
      const r = orig.apply(this, args);
      if (depth === 0) add(((of === 'this' ? this : r) as { length?: number } | null)?.length ?? 0);
      return r;
    };
}

/** Counts each step of an iterator. */
function perStep(orig: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const it = orig.apply(this, args) as Iterator<unknown> & Iterable<unknown>;
    if (depth > 0) return it;
    const counted = {
      next(): IteratorResult<unknown> {
        add(1);
        return it.next();
      },
      [Symbol.iterator]() {
        return counted;
      },
    };
    return counted;
  };
}

/** Regular expressions: the characters from where the search starts to the end of the match (or of the input). */
function perExec(orig: AnyFn): AnyFn {
  return function (this: unknown, ...args: unknown[]) {
    const re = this as RegExp;
    const start = re.global || re.sticky ? re.lastIndex : 0;
    depth++;
    let r: RegExpExecArray | null;
    try {
      r = orig.apply(this, args) as RegExpExecArray | null;
    } finally {
      depth--;
    }
    if (depth === 0) {
      // An anchored search (`^` without the m flag) reads at most its match.
      const end = r ? r.index + r[0].length : re.source.startsWith('^') && !re.multiline ? start : String(args[0]).length;
      add(Math.max(1, end - start));
    }
    return r;
  };
}

function install(): void {
  const A = Array.prototype;
  for (const m of ['forEach', 'map', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'reduce', 'reduceRight', 'flatMap', 'sort'] as const) patch(A, m, perCallback);
  for (const m of ['indexOf', 'includes'] as const) patch(A, m, perSearch);
  patch(A, 'lastIndexOf', perSearchBack);
  patch(A, 'join', perLength('this'));
  for (const m of ['slice', 'concat', 'splice'] as const) patch(A, m, perLength('result'));
  for (const proto of [Array.prototype, Map.prototype, Set.prototype]) {
    for (const m of ['keys', 'values', 'entries'] as const) patch(proto, m, perStep);
    patch(proto, Symbol.iterator, perStep);
  }
  patch(Map.prototype, 'forEach', perCallback);
  patch(Set.prototype, 'forEach', perCallback);
  const S = String.prototype;
  for (const m of ['indexOf', 'includes'] as const) patch(S, m, perSearch);
  patch(S, 'lastIndexOf', perSearchBack);
  for (const m of ['split', 'toLowerCase', 'toUpperCase'] as const) patch(S, m, perLength('this'));
  for (const m of ['repeat', 'padStart', 'padEnd'] as const) patch(S, m, perLength('result'));
  patch(RegExp.prototype, 'exec', perExec);
}

/**
 * Runs `f` with the counters installed and returns the work it did, and with `where`, the call sites
 * (three frames) that spent it, by samples. The built-ins are restored before the returned promise
 * settles, whatever happens.
 */
export async function countWork(f: () => Promise<unknown>, opts: { where?: boolean } = {}): Promise<{ work: number; where: [string, number][] }> {
  count = 0;
  depth = 0;
  nextSample = SAMPLE;
  where = opts.where ? new Map() : undefined;
  install();
  try {
    await f();
    return { work: count, where: [...(where ?? [])].sort((a, b) => b[1] - a[1]) };
  } finally {
    while (restore.length) restore.pop()!();
    where = undefined;
  }
}

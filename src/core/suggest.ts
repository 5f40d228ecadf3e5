/** "Did you mean" for rule ids: in config files, `--rule`, `explain` and suppression comments. */
import { distance } from 'fastest-levenshtein';

const tailOf = (id: string) => id.slice(id.lastIndexOf('/') + 1);

/**
 * The known id `id` most likely means: the only one with the same name after the domain
 * (`nginx/user-root` → `dockerfile/user-root`), else the nearest by edit distance when it is close
 * (a typo: `nginx/proxy-timout-too-low`); undefined when none is.
 */
export function closestId(id: string, known: Iterable<string>): string | undefined {
  const ids = [...known].filter((k) => k !== id);
  const tail = tailOf(id);
  const sameTail = ids.filter((k) => tailOf(k) === tail);
  if (sameTail.length === 1) return sameTail[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of ids) {
    const d = id.includes('/') ? distance(id, k) : distance(tail, tailOf(k));
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(2, Math.floor(tail.length / 5)) ? best : undefined;
}

/** ` (did you mean "<id>"?)`, or '' when no known id is close. */
export function didYouMean(id: string, known: Iterable<string>): string {
  const best = closestId(id, known);
  return best ? ` (did you mean "${best}"?)` : '';
}

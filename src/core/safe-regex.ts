/**
 * Regular expressions written by the authors of the linted files (nginx locations, Django routes)
 * are run by JavaScript's backtracking engine; this decides which are too dangerous to run.
 */

/**
 * Whether a pattern can backtrack exponentially: a quantified group that itself holds a quantifier
 * or an alternation (`(a+)+`, `(a|ab)*`). The patterns come from the linted files, that is from
 * whoever wrote the pull request, and JavaScript's regex engine backtracks; such patterns are not
 * run at all. Deliberately conservative: a harmless `(ab|cd)+` is skipped too.
 */
export function mayBacktrack(pattern: string): boolean {
  if (pattern.length > 2000) return true;
  const groups: boolean[] = [];
  let risky = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // A character class: skip to its end (a `]` right after `[` or `[^` is literal).
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      i = j;
      continue;
    }
    if (c === '(') groups.push(false);
    else if (c === ')') {
      const inner = groups.pop() ?? false;
      const q = pattern[i + 1];
      const quantified = q === '*' || q === '+' || q === '{';
      if (inner && quantified) risky = true;
      if (groups.length) groups[groups.length - 1] = groups[groups.length - 1]! || inner || quantified;
    } else if ((c === '*' || c === '+' || c === '{' || c === '|') && groups.length) groups[groups.length - 1] = true;
  }
  return risky;
}

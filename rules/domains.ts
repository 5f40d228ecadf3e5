/**
 * Which file kinds each rule folder reads. The engine loads a domain's rules only when a file of one
 * of its kinds is in the run; `test/meta` checks every rule's `meta.kind` against this table.
 */
import type { FileKind, RuleKind } from '../src/core/rule.js';

export const DOMAIN_KINDS = {
  nginx: ['nginx'],
  dockerfile: ['dockerfile'],
  k8s: ['k8s', 'project'],
  tomcat: ['tomcat', 'spring', 'project'],
  js: ['js', 'manifest', 'project'],
  python: ['python', 'manifest', 'project'],
  java: ['java', 'manifest', 'project'],
  cross: ['project'],
} as const satisfies Record<string, readonly RuleKind[]>;

export type Domain = keyof typeof DOMAIN_KINDS;

/** Domains whose rules can run on these kinds (`cross` only when asked: a run with several kinds). */
export function domainsFor(kinds: Iterable<FileKind>, cross: boolean): string[] {
  const set = new Set(kinds);
  return Object.entries(DOMAIN_KINDS)
    .filter(([d, ks]) => (d === 'cross' ? cross : (ks as readonly string[]).some((k) => set.has(k as FileKind))))
    .map(([d]) => d);
}

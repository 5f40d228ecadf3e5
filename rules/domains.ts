/**
 * Which file kinds each rule folder reads. The engine loads a domain's rules only when a file of one
 * of its kinds is in the run; `test/meta` checks every rule's `meta.kind` against this table.
 */
import type { RuleKind } from '../src/core/rule.js';

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

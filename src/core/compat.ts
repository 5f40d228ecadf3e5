/**
 * Ignores written for other linters, honoured for the lint500 rules that check the same thing, so
 * that a team can switch without rewriting them (docs/suppressions.md has the table):
 *
 * - hadolint: `# hadolint ignore=DL3025,DL3007` above an instruction (the next line), and
 *   `# hadolint global ignore=…` (the whole file);
 * - kube-linter: the annotation `ignore-check.kube-linter.io/<check>: "<reason>"` on an object.
 *
 * Codes and checks with no lint500 counterpart are passed over. These ignores are never reported
 * as unused: lint500 does not flag everything the other linter did.
 */

/** hadolint rule → the lint500 rules that share its concept. */
export const HADOLINT_RULES: Readonly<Record<string, readonly string[]>> = {
  DL3002: ['dockerfile/user-root'],
  DL3006: ['dockerfile/image-tag-unpinned'],
  DL3007: ['dockerfile/image-tag-unpinned'],
  DL3009: ['dockerfile/package-cache-kept'],
  DL3019: ['dockerfile/package-cache-kept'],
  DL3022: ['dockerfile/copy-from-unknown-stage'],
  DL3025: ['dockerfile/shell-form-cmd'],
  DL3042: ['dockerfile/package-cache-kept'],
  DL3060: ['dockerfile/package-cache-kept'],
  DL4003: ['dockerfile/multiple-cmd'],
};

/** kube-linter check → the lint500 rules that share its concept. */
export const KUBE_LINTER_CHECKS: Readonly<Record<string, readonly string[]>> = {
  'no-liveness-probe': ['k8s/liveness-probe-missing'],
  'no-readiness-probe': ['k8s/readiness-probe-missing'],
  'latest-tag': ['k8s/image-tag-unpinned'],
  'unset-cpu-requirements': ['k8s/resources-missing'],
  'unset-memory-requirements': ['k8s/resources-missing'],
  'minimum-three-replicas': ['k8s/replicas-single'],
  'dangling-service': ['k8s/service-selector-matches-nothing'],
  'dangling-ingress': ['k8s/ingress-backend-unknown'],
  'dangling-horizontalpodautoscaler': ['k8s/hpa-target-unknown'],
  'liveness-port': ['k8s/probe-port-unknown'],
  'readiness-port': ['k8s/probe-port-unknown'],
  'startup-port': ['k8s/probe-port-unknown'],
};

export const KUBE_LINTER_ANNOTATION_PREFIX = 'ignore-check.kube-linter.io/';

const HADOLINT = /^\s*hadolint\s+(global\s+)?ignore\s*=\s*([A-Za-z0-9,\s]*)$/;

/** A `hadolint ignore=…` comment: whether it is global, and the lint500 rules it maps to. */
export function hadolintIgnore(text: string): { global: boolean; codes: string[]; ruleIds: string[] } | undefined {
  const m = HADOLINT.exec(text.split(/\r\n|\r|\n/)[0] ?? '');
  if (!m) return undefined;
  const codes = m[2]!
    .split(/[\s,]+/)
    .map((c) => c.trim().toUpperCase())
    .filter(Boolean);
  const ruleIds = [...new Set(codes.flatMap((c) => HADOLINT_RULES[c] ?? []))];
  return { global: Boolean(m[1]), codes, ruleIds };
}

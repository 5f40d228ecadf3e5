import { defineRule, type RelatedLocation } from '../../src/core/rule.js';
import type { Span } from '../../src/core/text.js';
import { commandsOf } from '../../src/parsers/cross/app-server.js';
import { basename } from '../../src/parsers/dockerfile/shell.js';
import type { Container } from '../../src/parsers/yaml/objects.js';

/** Kubernetes' `terminationGracePeriodSeconds` when the pod does not set it. */
export const DEFAULT_GRACE_SECONDS = 30;

const SLEEP_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a `sleep` operand (`30`, `15s`, `1m`, `0.5`); undefined for anything else (`infinity`, `$DELAY`). */
function sleepSeconds(operand: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(operand);
  return m ? Number(m[1]) * SLEEP_UNITS[m[2]!]! : undefined;
}

/**
 * The least time a container's preStop hook takes, when it is known: `sleep.seconds`, or the
 * `sleep` commands of its `exec` command (run directly or in a `sh -c` script, added up). The span
 * is the first sleep's operand, or the `seconds` value.
 */
export function preStopSeconds(c: Container, textOf: (file: string) => string | undefined): { seconds: number; span: Span } | undefined {
  const p = c.preStop;
  if (!p) return undefined;
  if (p.handler === 'sleep') return p.sleepSeconds && p.sleepSeconds.value > 0 ? { seconds: p.sleepSeconds.value, span: p.sleepSeconds.span } : undefined;
  if (p.handler !== 'exec' || !p.command.length) return undefined;
  const words = p.command.map((w) => ({ value: w.value, file: c.file, span: w.span }));
  let total = 0;
  let span: Span | undefined;
  for (const cmd of commandsOf(words, textOf)) {
    if (basename(cmd[0]?.value ?? '') !== 'sleep') continue;
    const operand = cmd[1];
    const s = operand ? sleepSeconds(operand.value) : undefined;
    if (s === undefined) continue;
    total += s;
    span ??= operand!.span;
  }
  return span && total > 0 ? { seconds: total, span } : undefined;
}

export default defineRule({
  meta: {
    id: 'k8s/prestop-exceeds-grace-period',
    kind: 'k8s',
    severity: 'error',
    recommended: true,
    status: 'stable',
    since: '0.1.0',
    description: 'Keep the preStop hook shorter than terminationGracePeriodSeconds.',
    causes: ['rollout-drops-requests-502'],
    remediation:
      'Raise terminationGracePeriodSeconds to the preStop sleep plus the time the app needs to drain (e.g. sleep 10 and terminationGracePeriodSeconds: 45), or shorten the sleep.',
    messages: {
      exceeds:
        'The preStop hook of {{container}} takes at least {{sleep}} s, not less than the pod\'s terminationGracePeriodSeconds of {{grace}} s{{defaulted}}: the grace period counts down while the hook runs, so the app gets SIGTERM only when the time is up, at most 2 s before SIGKILL, and the requests it is serving are cut (502).',
    },
  },
  create(ctx) {
    return {
      container(c) {
        if (c.init || !c.owner.longRunning || !c.owner.template) return;
        const hook = preStopSeconds(c, (f) => ctx.model.text(f));
        if (!hook) return;
        const graceField = c.owner.template.terminationGracePeriodSeconds;
        const grace = graceField?.value ?? DEFAULT_GRACE_SECONDS;
        if (hook.seconds < grace) return;
        const related: RelatedLocation[] = graceField ? [{ file: c.file, span: graceField.span, message: 'The pod\'s grace period.' }] : [];
        ctx.report({
          file: c.file,
          span: hook.span,
          messageId: 'exceeds',
          data: { container: c.label, sleep: hook.seconds, grace, defaulted: graceField ? '' : ' (the default)' },
          related,
        });
      },
    };
  },
});

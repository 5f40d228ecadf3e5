/**
 * How long Kubernetes lets a container stop: the pod's termination grace period and the least
 * time the container's preStop hook takes out of it. Shared by the rules that compare what runs
 * after the stop begins (a preStop sleep, an app's drain timeout) with the grace period.
 */
import type { Span } from '../../core/text.js';
import { basename } from '../dockerfile/shell.js';
import type { Container } from '../yaml/objects.js';
import { commandsOf } from './app-server.js';

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

/**
 * Small helpers shared by the tomcat rules (kept here, not in rules/, where every file is a rule).
 */
import type { SpringConfig } from '../properties/index.js';
import { hasPlaceholder, parseIntValue } from '../properties/relaxed.js';
import type { XmlDocument } from './index.js';
import type { JvmConnector } from './jvm.js';

/** Whether a Spring file's settings reach a deployed app (test resources do not). */
export function springInScope(root: XmlDocument | SpringConfig): root is SpringConfig {
  return root.type === 'spring' && !root.test;
}

/** An integer Spring value, or undefined for placeholders and non-numbers. */
export function intOfSpring(value: string): number | undefined {
  return hasPlaceholder(value) ? undefined : parseIntValue(value);
}

/** ` on port 8080` for messages, or nothing when the port is not a literal. */
export function portLabel(c: JvmConnector): string {
  return c.port ? ` on port ${c.port.value}` : '';
}

/** A duration in ms as a short human text. */
export function msText(ms: number): string {
  if (ms < 0) return 'forever';
  if (ms % 1000 === 0) return `${ms / 1000} s`;
  return `${ms} ms`;
}

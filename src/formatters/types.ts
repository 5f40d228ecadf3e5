import type { FileResult } from '../core/diagnostics.js';
import type { RuleMeta } from '../core/rule.js';

/** What a formatter may know besides the results. Formatters are pure: no I/O, no process. */
export interface FormatContext {
  /** Absolute path the run was started from; result paths are relative to it or absolute. */
  cwd: string;
  /** Metadata of every rule (for SARIF `tool.driver.rules`, help text, docs URLs). */
  rules: ReadonlyMap<string, RuleMeta>;
  version: string;
  color: boolean;
  /** Rule docs (markdown body of rules/<id>.md) for SARIF `help.markdown`, when available. */
  ruleDocs?: (ruleId: string) => string | undefined;
}

export type Formatter = (results: readonly FileResult[], ctx: FormatContext) => string;

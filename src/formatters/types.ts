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

/**
 * Results in, text out. A formatter does not sort, filter or mutate the results: it writes them in the
 * order given, leaving out only suppressed findings where the format has no way to mark them (all
 * but json and sarif). Every document ends with a newline; `stylish` and `github` return '' when
 * there is nothing to report, so the caller can print nothing.
 */
export type Formatter = ((results: readonly FileResult[], ctx: FormatContext) => string) & {
  /**
   * The same document in pieces, one file's results at a time (formats whose document is a list of
   * files, like json): joined, they are exactly the formatter's text. The CLI writes them as they come,
   * so a large run never holds the whole document in memory.
   */
  chunks?: (results: readonly FileResult[], ctx: FormatContext) => Iterable<string>;
};

/**
 * lint500's public API: the rule API for plugin authors, the pure engine, the file-aware runner and
 * the formatters. `lint500/testing` exports the RuleTester.
 */
export { defineRule, FILE_KINDS } from './core/rule.js';
export type {
  AnyRule,
  Comment,
  Edit,
  FileHost,
  FileKind,
  FileRuleContext,
  OptionSpec,
  OptionSpecs,
  ParsedFile,
  ParserModule,
  ProjectModel,
  ProjectRuleContext,
  ReportDescriptor,
  Rule,
  RuleKind,
  RuleMeta,
  Severity,
  SourceFile,
} from './core/rule.js';
export { CAUSES, getCause, type Cause, type CauseId } from './core/causes.js';
export { lint, type EngineInput } from './core/engine.js';
export type { FileResult, LintMessage, RelatedMessage } from './core/diagnostics.js';
export { ConfigResolver } from './core/config/resolve.js';
export type { UserConfig, RuleSetting } from './core/config/types.js';
export { LineIndex, type Span } from './core/text.js';
export { MemoryHost } from './core/memory-host.js';
export { ruleDocsUrl } from './core/docs.js';
export { loadParser } from './parsers/index.js';
export { classify } from './project/classify.js';
export { run, type RunOptions, type RunOutcome } from './project/run.js';
export { getFormatter, FORMATTER_NAMES } from './formatters/index.js';
export { loadRules, RULE_IDS } from '../rules/index.js';

import type { Severity, Settings } from '../rule.js';

export type SeverityOrOff = Severity | 'off';
export type RuleSetting = SeverityOrOff | [SeverityOrOff] | [SeverityOrOff, Record<string, unknown>];
export type Preset = 'recommended' | 'strict' | 'all';
export type UnusedDirectivesLevel = 'off' | 'warn' | 'error';

export interface Override {
  files: string[];
  excludedFiles?: string[];
  rules?: Record<string, RuleSetting>;
  settings?: Settings;
}

/** The `.lint500.yaml` file, as the user writes it. */
export interface UserConfig {
  $schema?: string;
  extends?: Preset;
  rules?: Record<string, RuleSetting>;
  overrides?: Override[];
  ignorePatterns?: string[];
  plugins?: string[];
  settings?: Settings;
  reportUnusedDisableDirectives?: UnusedDirectivesLevel;
}

/** The effective setting of one rule for one file. */
export interface EffectiveRule {
  severity: Severity;
  /** The user set the severity explicitly (so a rule's per-finding severity does not override it). */
  explicit: boolean;
  options: Record<string, unknown>;
}

export interface FileConfig {
  rules: ReadonlyMap<string, EffectiveRule>;
  settings: Settings;
}

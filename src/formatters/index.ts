/** The output formats `--format` accepts, by name. */
import { checkstyle } from './checkstyle.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';
import type { Formatter } from './types.js';

const FORMATTERS = { stylish, json, sarif, github, junit, checkstyle, gitlab } as const satisfies Record<string, Formatter>;

export type FormatterName = keyof typeof FORMATTERS;

export const FORMATTER_NAMES: readonly FormatterName[] = Object.keys(FORMATTERS) as FormatterName[];

export function isFormatterName(name: string): name is FormatterName {
  return Object.prototype.hasOwnProperty.call(FORMATTERS, name);
}

export function getFormatter(name: string): Formatter | undefined {
  return isFormatterName(name) ? FORMATTERS[name] : undefined;
}

export type { FormatContext, Formatter } from './types.js';

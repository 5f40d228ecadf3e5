/**
 * Loads one formatter on demand: the CLI imports only the formats a run asks for (the SARIF writer
 * and the code-frame printer stay unloaded for a JSON run). `index.ts` has the same set, eagerly.
 */
import type { Formatter } from './types.js';

const LOADERS = {
  stylish: async () => (await import('./stylish.js')).stylish,
  json: async () => (await import('./json.js')).json,
  sarif: async () => (await import('./sarif.js')).sarif,
  github: async () => (await import('./github.js')).github,
  junit: async () => (await import('./junit.js')).junit,
  checkstyle: async () => (await import('./checkstyle.js')).checkstyle,
  gitlab: async () => (await import('./gitlab.js')).gitlab,
} as const satisfies Record<string, () => Promise<Formatter>>;

export const FORMAT_NAMES = Object.keys(LOADERS) as (keyof typeof LOADERS)[];

export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return Object.prototype.hasOwnProperty.call(LOADERS, name) ? LOADERS[name as keyof typeof LOADERS]() : undefined;
}

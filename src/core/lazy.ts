/**
 * Synchronous, on-first-use loading of dependencies that not every run needs (the YAML parser for a
 * config file, ajv for validating one, glob matchers for overrides). Start-up time is the budget of a
 * pre-commit hook: modules a run does not use are never loaded.
 */
import { createRequire } from 'node:module';

const req = createRequire(import.meta.url);

export function lazy<T>(id: string): () => T {
  let mod: T | undefined;
  return () => (mod ??= req(id) as T);
}

/**
 * The playground's stand-in for src/core/lazy.ts (the build puts it in that module's place). Node
 * loads those modules with a synchronous require on first use; a page cannot, so the small ones are
 * bundled here and the large nginx directive reference is fetched (`preload`) before the nginx
 * parser is. The engine calls `lazy(id)()` exactly as under Node.
 */
import picomatch from 'picomatch/posix.js';

const modules = new Map<string, unknown>([['picomatch', picomatch]]);

const loaders: Record<string, () => Promise<unknown>> = {
  '@nginx/reference-lib': () => import('@nginx/reference-lib'),
};

/** Loads a module that `lazy(id)` will then return. */
export async function preload(id: keyof typeof loaders): Promise<void> {
  if (!modules.has(id)) modules.set(id, await loaders[id]!());
}

export function lazy<T>(id: string): () => T {
  return () => {
    const mod = modules.get(id);
    if (mod === undefined) throw new Error(`${id} is not available in the playground`);
    return mod as T;
  };
}

/**
 * Parsers are loaded on demand, one module per kind, so a run over Dockerfiles never loads the YAML,
 * JavaScript or tree-sitter parsers.
 */
import type { FileKind, ParserModule } from '../core/rule.js';

export async function loadParser(kind: FileKind): Promise<ParserModule | undefined> {
  switch (kind) {
    case 'nginx':
      return (await import('./nginx/index.js')).default as ParserModule;
    case 'dockerfile':
      return (await import('./dockerfile/index.js')).default as ParserModule;
    case 'k8s':
      return (await import('./yaml/index.js')).default as ParserModule;
    case 'tomcat':
      return (await import('./xml/index.js')).default as ParserModule;
    case 'spring':
      return (await import('./properties/index.js')).default as ParserModule;
    case 'js':
      return (await import('./js/index.js')).default as ParserModule;
    case 'python':
      return (await import('./python/index.js')).default as ParserModule;
    case 'java':
      return (await import('./java/index.js')).default as ParserModule;
    case 'manifest':
      return (await import('./manifest/index.js')).default as ParserModule;
  }
}

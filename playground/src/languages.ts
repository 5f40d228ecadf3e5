/** Syntax highlighting for the editor, by file name; each language is loaded when first needed. */
import { StreamLanguage, type LanguageSupport, type StreamParser } from '@codemirror/language';
import type { Extension } from '@codemirror/state';

const legacy = (parser: StreamParser<unknown>): Extension => StreamLanguage.define(parser);

export async function languageFor(path: string): Promise<Extension | LanguageSupport> {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (name === 'dockerfile' || name.startsWith('dockerfile.') || name.endsWith('.dockerfile')) return legacy((await import('@codemirror/legacy-modes/mode/dockerfile')).dockerFile);
  if (name.endsWith('.conf') || name === 'nginx.conf') return legacy((await import('@codemirror/legacy-modes/mode/nginx')).nginx);
  if (/\.ya?ml$/.test(name)) return (await import('@codemirror/lang-yaml')).yaml();
  if (/\.(xml|xsd|pom)$/.test(name)) return (await import('@codemirror/lang-xml')).xml();
  if (name.endsWith('.properties')) return legacy((await import('@codemirror/legacy-modes/mode/properties')).properties);
  if (/\.(m|c)?(j|t)sx?$/.test(name) || name.endsWith('.json')) {
    const { javascript } = await import('@codemirror/lang-javascript');
    return javascript({ typescript: /\.(m|c)?tsx?$/.test(name), jsx: /x$/.test(name) });
  }
  if (name.endsWith('.py')) return (await import('@codemirror/lang-python')).python();
  if (name.endsWith('.java')) return (await import('@codemirror/lang-java')).java();
  return [];
}

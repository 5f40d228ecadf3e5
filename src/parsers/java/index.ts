/**
 * Java parser: tree-sitter-java through the shared tree-sitter layer. The root is the `program`
 * node; rules visit nodes by their tree-sitter type (`method_declaration`, `catch_clause`, …).
 * `//` and `/* … *\/` comments are returned for suppressions and dropped from the tree.
 */
import type { ParseOutput, ParserModule, SourceFile } from '../../core/rule.js';
import { loadGrammar, parseWith, traverseTree, type TsNode } from '../treesitter/index.js';

export type { TsNode as JavaNode } from '../treesitter/index.js';

declare module '../../core/rule.js' {
  interface KindRoots {
    java: TsNode;
  }
  interface KindNodes {
    java: Record<string, TsNode>;
  }
}

const COMMENTS = new Set(['line_comment', 'block_comment']);

function commentText(raw: string, type: string): string {
  if (type === 'line_comment') return raw.replace(/^\/\//, '');
  return raw.replace(/^\/\*+/, '').replace(/\*\/$/, '');
}

const parser: ParserModule<'java'> = {
  kind: 'java',
  comment: '//',
  init: () => loadGrammar('java'),
  parse(file: SourceFile): ParseOutput<TsNode> {
    // Java ends a line at LF, CR or CRLF (JLS 3.4); tree-sitter-java does not take a lone CR, so a
    // `//` comment would run on. LF in its place keeps every offset.
    const text = file.text.includes('\r') ? file.text.replace(/\r(?!\n)/g, '\n') : file.text;
    return parseWith('java', text, { commentTypes: COMMENTS, commentText });
  },
  traverse: traverseTree,
};

export default parser;

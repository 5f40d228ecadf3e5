/**
 * Python parser: tree-sitter-python through the shared tree-sitter layer. The root is the `module`
 * node; rules visit nodes by their tree-sitter type (`function_definition`, `call`, `except_clause`, …).
 * `#` comments are returned for suppressions and dropped from the tree.
 */
import type { ParseOutput, ParserModule, SourceFile } from '../../core/rule.js';
import { loadGrammar, parseWith, traverseTree, type TsNode } from '../treesitter/index.js';

export type { TsNode as PyNode } from '../treesitter/index.js';

declare module '../../core/rule.js' {
  interface KindRoots {
    python: TsNode;
  }
  interface KindNodes {
    python: Record<string, TsNode>;
  }
}

const COMMENTS = new Set(['comment']);

const parser: ParserModule<'python'> = {
  kind: 'python',
  comment: '#',
  init: () => loadGrammar('python'),
  parse(file: SourceFile): ParseOutput<TsNode> {
    // Python reads a lone CR as a line break (universal newlines); tree-sitter-python does not.
    // Swapping it for LF keeps every offset, so spans still index the original text.
    const text = file.text.includes('\r') ? file.text.replace(/\r(?!\n)/g, '\n') : file.text;
    return parseWith('python', text, { commentTypes: COMMENTS, commentText: (raw) => raw.replace(/^#/, '') });
  },
  traverse: traverseTree,
};

export default parser;

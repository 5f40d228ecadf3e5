/** Small readers over tree-sitter-python nodes, shared by the Python model and rules. */
import type { TsNode } from '../treesitter/index.js';
import { appendAll } from '../../core/append.js';

/** The value of a plain string literal (or implicit concatenation of them); undefined for f-strings with fields. */
export function stringValue(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    let out = '';
    for (const c of node.namedChildren) {
      const v = stringValue(c);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }
  if (node.type === 'parenthesized_expression') return stringValue(node.namedChildren[0]);
  if (node.type !== 'string') return undefined;
  let out = '';
  for (const c of node.children) {
    if (c.type === 'interpolation') return undefined;
    if (c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
  }
  return out;
}

export interface CallArgs {
  positional: TsNode[];
  keyword: Map<string, TsNode>;
  /** `*args` or `**kwargs` present: the call's arguments are not all known. */
  spread: boolean;
}

export function callArgs(call: TsNode): CallArgs {
  const out: CallArgs = { positional: [], keyword: new Map(), spread: false };
  const list = call.child('arguments');
  if (!list || list.type !== 'argument_list') return out;
  for (const a of list.namedChildren) {
    if (a.type === 'keyword_argument') {
      const name = a.child('name')?.text;
      const value = a.child('value');
      if (name && value) out.keyword.set(name, value);
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') out.spread = true;
    else out.positional.push(a);
  }
  return out;
}

/** `a.b.c` for identifiers and attribute chains; undefined for anything else. */
export function dottedName(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = dottedName(node.child('object'));
    const attr = node.child('attribute')?.text;
    return obj && attr ? `${obj}.${attr}` : undefined;
  }
  return undefined;
}

/** The last segment of the called name: `path` for `path(...)` and `urls.path(...)`. */
export function calleeName(call: TsNode): string | undefined {
  const f = call.child('function');
  if (!f) return undefined;
  if (f.type === 'identifier') return f.text;
  if (f.type === 'attribute') return f.child('attribute')?.text;
  return undefined;
}

/** The function_definition or class_definition inside a decorated_definition, or the node itself. */
export function definitionOf(node: TsNode): TsNode {
  return node.type === 'decorated_definition' ? (node.child('definition') ?? node) : node;
}

/** Decorator expressions of a function or class definition (empty when undecorated). */
export function decoratorsOf(def: TsNode): TsNode[] {
  const p = def.parent;
  if (p?.type !== 'decorated_definition') return [];
  return p.children.filter((c) => c.type === 'decorator').map((d) => d.namedChildren[0]!).filter(Boolean);
}

/** Statements of a block (or module). */
export function statements(block: TsNode | undefined): TsNode[] {
  return block ? block.namedChildren : [];
}

/** Names of a class's base classes, as written (`View`, `generic.TemplateView`). */
export function baseNames(cls: TsNode): string[] {
  const list = cls.child('superclasses');
  if (!list) return [];
  return list.namedChildren.filter((c) => c.type !== 'keyword_argument').flatMap((c) => dottedName(c) ?? []);
}

/** The enclosing function_definition of a node, stopping at class bodies and lambdas. */
export function enclosingFunction(node: TsNode): TsNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'function_definition') return p;
    if (p.type === 'class_definition' || p.type === 'lambda') return undefined;
  }
  return undefined;
}

/** The class a function is a method of (directly in its body), if any. */
export function methodClass(fn: TsNode): TsNode | undefined {
  let p = fn.parent;
  if (p?.type === 'decorated_definition') p = p.parent;
  if (p?.type === 'block' && p.parent?.type === 'class_definition') return p.parent;
  return undefined;
}

export const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace']);

/** Whether a function is a generator (has `yield` outside nested functions and lambdas). */
export function isGenerator(fn: TsNode): boolean {
  const stack = [...fn.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.type === 'yield') return true;
    if (n.type === 'function_definition' || n.type === 'lambda' || n.type === 'class_definition') continue;
    appendAll(stack, n.children);
  }
  return false;
}

/**
 * The Babel AST as lint500 sees it: every node carries a `span`, parents are kept on the side (a
 * WeakMap, so nodes stay acyclic and printable), and one iterative walker serves the engine's
 * traversal, the model builders and the rules. `@babel/traverse` is not used: it is large, slow to
 * load, and rules here only need document-order enter/leave and parent links.
 */
import type * as t from '@babel/types';
import type { Span } from '../../core/text.js';

/** A Babel node with the span lint500 reports on. */
export type JsNode = t.Node & { span: Span };
export type NodeOf<T extends t.Node['type']> = Extract<t.Node, { type: T }> & { span: Span };
export type JsFunction = (t.FunctionDeclaration | t.FunctionExpression | t.ArrowFunctionExpression | t.ObjectMethod | t.ClassMethod | t.ClassPrivateMethod) & { span: Span };

/** Keys of a Babel node that never hold child nodes. */
const SKIP = new Set(['type', 'start', 'end', 'loc', 'range', 'extra', 'span', 'leadingComments', 'trailingComments', 'innerComments', 'comments', 'tokens', 'errors']);

const parents = new WeakMap<object, JsNode>();

export function parentOf(node: t.Node): JsNode | undefined {
  return parents.get(node);
}

function isNode(v: unknown): v is t.Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

/** The child nodes of `node` in document order. */
export function childrenOf(node: t.Node): JsNode[] {
  const out: JsNode[] = [];
  const rec = node as unknown as Record<string, unknown>;
  for (const key in rec) {
    if (SKIP.has(key)) continue;
    const v = rec[key];
    if (Array.isArray(v)) {
      for (const x of v) if (isNode(x)) out.push(x as JsNode);
    } else if (isNode(v)) out.push(v as JsNode);
  }
  // Babel builds most nodes in source order; a few (template literals: quasis, then expressions;
  // decorators) are not, so sort only when needed.
  for (let i = 1; i < out.length; i++) {
    if ((out[i]!.start ?? 0) < (out[i - 1]!.start ?? 0)) {
      out.sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
      break;
    }
  }
  return out;
}

/**
 * Gives every node below `root` its span and parent link. Iterative, so a deeply nested file cannot
 * overflow the stack here.
 */
export function annotate(root: t.Node): void {
  const stack: t.Node[] = [root];
  (root as JsNode).span = { start: root.start ?? 0, end: root.end ?? 0 };
  while (stack.length) {
    const node = stack.pop()!;
    for (const c of childrenOf(node)) {
      c.span = { start: c.start ?? 0, end: c.end ?? 0 };
      parents.set(c, node as JsNode);
      stack.push(c);
    }
  }
}

export type WalkControl = void | 'skip';

/**
 * Document-order walk: `enter` before a node's children, `leave` after. `enter` may return 'skip'
 * to not descend (then `leave` is still called for that node).
 */
export function walk(root: t.Node, enter: (node: JsNode) => WalkControl, leave?: (node: JsNode) => void): void {
  // Frames: a node to enter, or (marked) a node to leave.
  const stack: { node: JsNode; exit: boolean }[] = [{ node: root as JsNode, exit: false }];
  while (stack.length) {
    const frame = stack.pop()!;
    if (frame.exit) {
      leave?.(frame.node);
      continue;
    }
    const ctl = enter(frame.node);
    stack.push({ node: frame.node, exit: true });
    if (ctl === 'skip') continue;
    const kids = childrenOf(frame.node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, exit: false });
  }
}

/** Every descendant of `root` (not `root` itself) that `pred` accepts, not entering nested functions when `ownScope`. */
export function findAll<T extends JsNode>(root: t.Node, pred: (n: JsNode) => n is T, ownScope = false): T[] {
  const out: T[] = [];
  walk(root, (n) => {
    if (n !== root) {
      if (pred(n)) out.push(n);
      if (ownScope && isFunction(n)) return 'skip';
    }
  });
  return out;
}

export function isFunction(n: t.Node | null | undefined): n is JsFunction {
  if (!n) return false;
  switch (n.type) {
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return true;
    default:
      return false;
  }
}

/** Strips parentheses, TypeScript casts and non-null assertions: `(x as Foo)!` is `x`. */
export function unwrap(n: t.Node | null | undefined): JsNode | undefined {
  let cur = n as JsNode | undefined;
  for (let i = 0; cur && i < 50; i++) {
    switch (cur.type) {
      case 'ParenthesizedExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TypeCastExpression':
        cur = cur.expression as JsNode;
        continue;
      default:
        return cur;
    }
  }
  return cur;
}

/** The name of a static property: `a.b`, `a['b']`, `{ b: … }`. */
export function propName(n: t.Node | null | undefined, computed = false): string | undefined {
  if (!n) return undefined;
  if (n.type === 'Identifier' && !computed) return n.name;
  if (n.type === 'StringLiteral') return n.value;
  if (n.type === 'NumericLiteral') return String(n.value);
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** `a.b.c` as ['a', 'b', 'c'] when every part is static (including `this`), else undefined. */
export function memberPath(n: t.Node | null | undefined, limit = 20): string[] | undefined {
  const parts: string[] = [];
  let cur = unwrap(n);
  for (let i = 0; cur && i < limit; i++) {
    if (cur.type === 'Identifier') return [cur.name, ...parts];
    if (cur.type === 'ThisExpression') return ['this', ...parts];
    if (cur.type === 'MemberExpression' || cur.type === 'OptionalMemberExpression') {
      const name = propName(cur.property, cur.computed);
      if (name === undefined) return undefined;
      parts.unshift(name);
      cur = unwrap(cur.object);
      continue;
    }
    return undefined;
  }
  return undefined;
}

/** The string value of a literal (`'x'`, `"x"`, `` `x` `` without substitutions). */
export function stringValue(n: t.Node | null | undefined): string | undefined {
  const u = unwrap(n);
  if (!u) return undefined;
  if (u.type === 'StringLiteral') return u.value;
  if (u.type === 'TemplateLiteral' && u.expressions.length === 0) return u.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export function isCall(n: t.Node | null | undefined): n is (t.CallExpression | t.OptionalCallExpression) & { span: Span } {
  return !!n && (n.type === 'CallExpression' || n.type === 'OptionalCallExpression');
}

/** The function's head, `async (req, res) =>` or `async function h(req, res)`: the span a handler is reported on. */
export function functionHead(fn: JsFunction, text: string): Span {
  let end = fn.body.start ?? fn.span.end;
  while (end > fn.span.start && /\s/.test(text[end - 1]!)) end--;
  return { start: fn.span.start, end: end > fn.span.start ? end : fn.span.end };
}

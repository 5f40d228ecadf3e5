/**
 * Does every path through a Java method call the method itself before it can leave? Exceptions are
 * not paths (any statement may throw); `catch` blocks are reached only through them.
 */
import { EXIT, FALLS, firstOutcome, MAX_FLOW_DEPTH, recursesAt, type Outcome } from '../treesitter/flow.js';
import type { TsNode } from '../treesitter/index.js';
import { enclosingType, methodsNamed, parametersOf } from './ast.js';


function operator(n: TsNode): string | undefined {
  return n.children.find((c) => !c.named)?.type;
}

function unconditionalCall(node: TsNode | undefined, isSelf: (c: TsNode) => boolean, depth = 0): TsNode | undefined {
  if (!node || depth > MAX_FLOW_DEPTH) return undefined;
  switch (node.type) {
    case 'lambda_expression':
    case 'class_body':
    case 'method_reference':
      return undefined;
    case 'ternary_expression':
      return unconditionalCall(node.child('condition'), isSelf, depth + 1);
    case 'switch_expression':
      return unconditionalCall(node.child('condition'), isSelf, depth + 1);
    case 'binary_expression': {
      const op = operator(node);
      if (op === '&&' || op === '||') return unconditionalCall(node.child('left'), isSelf, depth + 1);
      break;
    }
  }
  for (const c of node.children) {
    const hit = unconditionalCall(c, isSelf, depth + 1);
    if (hit) return hit;
  }
  if (node.type === 'method_invocation' && isSelf(node)) return node;
  return undefined;
}

function containsExit(node: TsNode, depth = 0): boolean {
  if (depth > MAX_FLOW_DEPTH) return true;
  if (node.type === 'return_statement' || node.type === 'throw_statement') return true;
  if (node.type === 'lambda_expression' || node.type === 'class_body') return false;
  return node.children.some((c) => containsExit(c, depth + 1));
}

function blockStatements(n: TsNode | undefined): TsNode[] {
  if (!n) return [];
  return n.type === 'block' ? n.namedChildren : [n];
}

function seq(stmts: TsNode[], isSelf: (c: TsNode) => boolean, depth: number): Outcome {
  return firstOutcome(stmts, (s) => stmt(s, isSelf, depth + 1));
}

function isTrue(n: TsNode | undefined): boolean {
  if (!n) return false;
  if (n.type === 'parenthesized_expression') return isTrue(n.namedChildren[0]);
  return n.type === 'true';
}

function stmt(s: TsNode, isSelf: (c: TsNode) => boolean, depth: number): Outcome {
  if (depth > MAX_FLOW_DEPTH) return EXIT;
  const call = (n: TsNode | undefined) => recursesAt(unconditionalCall(n, isSelf));
  switch (s.type) {
    case 'block':
      return seq(s.namedChildren, isSelf, depth);
    case 'return_statement':
    case 'throw_statement':
    case 'yield_statement':
      return call(s) ?? EXIT;
    case 'break_statement':
    case 'continue_statement':
      return EXIT;
    case 'local_class_declaration':
    case 'class_declaration':
      return FALLS;
    case 'labeled_statement':
      return stmt(s.namedChildren[s.namedChildren.length - 1]!, isSelf, depth + 1);
    case 'if_statement': {
      const c = call(s.child('condition'));
      if (c) return c;
      const then = stmt(s.child('consequence')!, isSelf, depth + 1);
      const alt = s.child('alternative');
      const other = alt ? stmt(alt, isSelf, depth + 1) : FALLS;
      if (then.kind === 'exit' || other.kind === 'exit') return EXIT;
      if (alt && then.kind === 'recurse' && other.kind === 'recurse') return then;
      return FALLS;
    }
    case 'while_statement': {
      const c = call(s.child('condition'));
      if (c) return c;
      const body = s.child('body');
      if (isTrue(s.child('condition')) && body) {
        const o = stmt(body, isSelf, depth + 1);
        if (o.kind === 'recurse') return o;
      }
      return body && containsExit(body) ? EXIT : FALLS;
    }
    case 'do_statement': {
      const body = s.child('body');
      const o = body ? stmt(body, isSelf, depth + 1) : FALLS;
      if (o.kind !== 'falls') return o;
      return call(s.child('condition')) ?? FALLS;
    }
    case 'for_statement': {
      for (const init of s.childrenOf('init')) {
        const c = call(init);
        if (c) return c;
      }
      const c = call(s.child('condition'));
      if (c) return c;
      const body = s.child('body');
      if (!s.child('condition') && body) {
        const o = stmt(body, isSelf, depth + 1);
        if (o.kind === 'recurse') return o;
      }
      return body && containsExit(body) ? EXIT : FALLS;
    }
    case 'enhanced_for_statement': {
      const c = call(s.child('value'));
      if (c) return c;
      const body = s.child('body');
      return body && containsExit(body) ? EXIT : FALLS;
    }
    case 'try_statement':
    case 'try_with_resources_statement': {
      const res = s.child('resources');
      const r = res ? call(res) : undefined;
      if (r) return r;
      const t = seq(blockStatements(s.child('body')), isSelf, depth);
      if (t.kind === 'recurse') return t;
      const fin = s.childOfType('finally_clause');
      const f = fin ? seq(blockStatements(fin.childOfType('block')), isSelf, depth) : FALLS;
      if (f.kind === 'recurse') return f;
      if (t.kind === 'exit' || f.kind === 'exit') return EXIT;
      return FALLS;
    }
    case 'synchronized_statement': {
      const c = call(s.childOfType('parenthesized_expression'));
      if (c) return c;
      return seq(blockStatements(s.child('body') ?? s.childOfType('block')), isSelf, depth);
    }
    case 'switch_expression':
    case 'switch_statement': {
      const c = call(s.child('condition'));
      if (c) return c;
      return s.child('body') && containsExit(s.child('body')!) ? EXIT : FALLS;
    }
    default:
      return call(s) ?? FALLS;
  }
}

/**
 * A matcher for invocations of `method` itself: same name, no receiver or `this` (or the class name
 * for static methods), the same number of arguments, and no other overload of that arity.
 */
export function javaSelfCallMatcher(method: TsNode): ((call: TsNode) => boolean) | undefined {
  const name = method.child('name')?.text;
  const type = enclosingType(method);
  if (!name || !type || !method.child('body')) return undefined;
  const params = parametersOf(method);
  if (params.some((p) => p.varargs)) return undefined;
  const overloads = methodsNamed(type, name).filter((m) => m !== method);
  if (overloads.some((m) => parametersOf(m).length === params.length || parametersOf(m).some((p) => p.varargs))) return undefined;
  const isStatic = /\bstatic\b/.test(method.childOfType('modifiers')?.text ?? '');
  const className = type.child('name')?.text;
  return (call) => {
    if (call.child('name')?.text !== name) return false;
    const args = call.child('arguments')?.namedChildren.length ?? 0;
    if (args !== params.length) return false;
    const obj = call.child('object');
    if (!obj) return true;
    if (obj.type === 'this') return !isStatic;
    return isStatic && obj.type === 'identifier' && obj.text === className;
  };
}

export function javaUnconditionalSelfCall(method: TsNode, isSelf: (c: TsNode) => boolean): TsNode | undefined {
  const o = seq(blockStatements(method.child('body')), isSelf, 0);
  return o.kind === 'recurse' ? o.call : undefined;
}

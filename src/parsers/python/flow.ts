/**
 * Control-flow questions over a Python function body, answered on the syntax tree:
 * - does every path call the function itself before it can leave (unconditional recursion)?
 * - can the body end, or `return` without a value (a view that returns None)?
 * Exceptions are not paths for the recursion check (any statement may raise); they are for the
 * return check, because a caught exception that falls out of its handler is exactly how a view
 * ends up returning None.
 */
import { EXIT, FALLS, firstOutcome, MAX_FLOW_DEPTH, recursesAt, type Outcome } from '../treesitter/flow.js';
import type { TsNode } from '../treesitter/index.js';

const SCOPES = new Set(['function_definition', 'lambda', 'class_definition', 'decorated_definition']);
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);


/** The first self-call that is evaluated whenever `node` is, in document order. */
function unconditionalCall(node: TsNode | undefined, isSelf: (call: TsNode) => boolean, depth = 0): TsNode | undefined {
  if (!node || depth > MAX_FLOW_DEPTH || SCOPES.has(node.type)) return undefined;
  switch (node.type) {
    case 'conditional_expression':
      // `a if c else b`: only the condition always runs.
      return unconditionalCall(node.namedChildren[1], isSelf, depth + 1);
    case 'boolean_operator':
      return unconditionalCall(node.child('left'), isSelf, depth + 1);
    case 'comparison_operator':
      // Chained comparisons short-circuit after the first pair.
      return unconditionalCall(node.namedChildren[0], isSelf, depth + 1) ?? unconditionalCall(node.namedChildren[1], isSelf, depth + 1);
  }
  if (COMPREHENSIONS.has(node.type)) {
    const first = node.childOfType('for_in_clause');
    return unconditionalCall(first?.child('right'), isSelf, depth + 1);
  }
  for (const c of node.children) {
    const hit = unconditionalCall(c, isSelf, depth + 1);
    if (hit) return hit;
  }
  if (node.type === 'call' && isSelf(node)) return node;
  return undefined;
}

function containsExit(node: TsNode, depth = 0): boolean {
  if (depth > MAX_FLOW_DEPTH) return true;
  if (node.type === 'return_statement' || node.type === 'raise_statement') return true;
  if (SCOPES.has(node.type)) return false;
  return node.children.some((c) => containsExit(c, depth + 1));
}

function isTrueLiteral(n: TsNode | undefined): boolean {
  return !!n && (n.type === 'true' || (n.type === 'integer' && n.text !== '0'));
}

function blockOf(n: TsNode | undefined): TsNode[] {
  if (!n) return [];
  const b = n.type === 'block' ? n : (n.child('body') ?? n.child('consequence') ?? n.childOfType('block'));
  return b ? b.namedChildren : [];
}

function seq(stmts: TsNode[], isSelf: (c: TsNode) => boolean, depth: number): Outcome {
  return firstOutcome(stmts, (s) => stmt(s, isSelf, depth + 1));
}

function stmt(s: TsNode, isSelf: (c: TsNode) => boolean, depth: number): Outcome {
  if (depth > MAX_FLOW_DEPTH) return EXIT;
  const call = (n: TsNode | undefined) => recursesAt(unconditionalCall(n, isSelf));
  switch (s.type) {
    case 'return_statement':
    case 'raise_statement':
      return call(s) ?? EXIT;
    case 'break_statement':
    case 'continue_statement':
      return EXIT;
    case 'function_definition':
    case 'class_definition':
    case 'decorated_definition':
      return FALLS;
    case 'if_statement': {
      const c = call(s.child('condition'));
      if (c) return c;
      const branches: TsNode[][] = [blockOf(s.child('consequence'))];
      let hasElse = false;
      for (const alt of s.childrenOf('alternative')) {
        if (alt.type === 'elif_clause') {
          // An elif's condition runs only when the earlier ones were false.
          branches.push(blockOf(alt.child('consequence')));
        } else {
          hasElse = true;
          branches.push(blockOf(alt.child('body') ?? alt));
        }
      }
      const outs = branches.map((b) => seq(b, isSelf, depth));
      if (outs.some((o) => o.kind === 'exit')) return EXIT;
      if (hasElse && outs.every((o) => o.kind === 'recurse')) return outs[0]!;
      return FALLS;
    }
    case 'while_statement': {
      const c = call(s.child('condition'));
      if (c) return c;
      const body = blockOf(s.child('body'));
      if (isTrueLiteral(s.child('condition'))) {
        const o = seq(body, isSelf, depth);
        if (o.kind === 'recurse') return o;
      }
      return body.some((b) => containsExit(b)) ? EXIT : FALLS;
    }
    case 'for_statement': {
      const c = call(s.child('right'));
      if (c) return c;
      return s.children.some((b) => b.type !== 'identifier' && containsExit(b)) ? EXIT : FALLS;
    }
    case 'with_statement': {
      for (const c of s.children) if (c.type === 'with_clause') {
        const r = call(c);
        if (r) return r;
      }
      return seq(blockOf(s.child('body')), isSelf, depth);
    }
    case 'try_statement': {
      let t = seq(blockOf(s.child('body')), isSelf, depth);
      const elseClause = s.childOfType('else_clause');
      if (t.kind === 'falls' && elseClause) t = seq(blockOf(elseClause.child('body') ?? elseClause), isSelf, depth);
      if (t.kind === 'recurse') return t;
      const fin = s.childOfType('finally_clause');
      const f = fin ? seq(blockOf(fin), isSelf, depth) : FALLS;
      if (f.kind === 'recurse') return f;
      if (t.kind === 'exit' || f.kind === 'exit') return EXIT;
      return FALLS;
    }
    case 'match_statement': {
      const c = call(s.child('subject'));
      if (c) return c;
      const cases = (s.child('body')?.namedChildren ?? []).filter((n) => n.type === 'case_clause');
      const outs = cases.map((k) => seq(blockOf(k.child('consequence')), isSelf, depth));
      if (outs.some((o) => o.kind === 'exit')) return EXIT;
      const irrefutable = cases.some((k) => !k.child('guard') && /^_$/.test(k.namedChildren[0]?.text ?? ''));
      if (irrefutable && outs.length && outs.every((o) => o.kind === 'recurse')) return outs[0]!;
      return FALLS;
    }
    default:
      return call(s) ?? FALLS;
  }
}

/** The self-call reached on every path through the function body, if there is one. */
export function unconditionalSelfCall(fn: TsNode, isSelf: (call: TsNode) => boolean): TsNode | undefined {
  const o = seq(blockOf(fn.child('body')), isSelf, 0);
  return o.kind === 'recurse' ? o.call : undefined;
}

// -------------------------------------------------------------------------------------------------
// Return analysis

const NO_RETURN_CALLS = new Set(['sys.exit', 'exit', 'quit', 'os._exit', 'abort', 'flask.abort']);

export interface ReturnGaps {
  /** `return` or `return None` statements reachable in the body. */
  emptyReturns: TsNode[];
  /** Whether control can reach the end of the body. */
  fallsOff: boolean;
}

function isNoneReturn(r: TsNode): boolean {
  const v = r.namedChildren[0];
  return !v || v.type === 'none';
}

function breaksOut(body: TsNode, depth = 0): boolean {
  if (depth > MAX_FLOW_DEPTH) return true;
  if (body.type === 'break_statement') return true;
  if (SCOPES.has(body.type) || body.type === 'while_statement' || body.type === 'for_statement') return false;
  return body.children.some((c) => breaksOut(c, depth + 1));
}

/** Whether control can flow past the statement list; collects empty returns on the way. */
function completes(stmts: TsNode[], out: TsNode[], depth: number): boolean {
  if (depth > MAX_FLOW_DEPTH) return true;
  let reachable = true;
  for (const s of stmts) {
    if (!reachable) break;
    reachable = completesStmt(s, out, depth + 1);
  }
  return reachable;
}

function completesStmt(s: TsNode, out: TsNode[], depth: number): boolean {
  switch (s.type) {
    case 'return_statement':
      if (isNoneReturn(s)) out.push(s);
      return false;
    case 'raise_statement':
      return false;
    case 'if_statement': {
      let any = completes(blockOf(s.child('consequence')), out, depth);
      let hasElse = false;
      for (const alt of s.childrenOf('alternative')) {
        if (alt.type === 'elif_clause') any = completes(blockOf(alt.child('consequence')), out, depth) || any;
        else {
          hasElse = true;
          any = completes(blockOf(alt.child('body') ?? alt), out, depth) || any;
        }
      }
      return any || !hasElse;
    }
    case 'while_statement': {
      const body = s.child('body');
      completes(blockOf(body), out, depth);
      if (isTrueLiteral(s.child('condition'))) return !!body && breaksOut(body);
      return true;
    }
    case 'for_statement':
      completes(blockOf(s.child('body')), out, depth);
      if (s.childOfType('else_clause')) completes(blockOf(s.childOfType('else_clause')!.child('body') ?? s.childOfType('else_clause')), out, depth);
      return true;
    case 'with_statement':
      return completes(blockOf(s.child('body')), out, depth);
    case 'try_statement': {
      const elseClause = s.childOfType('else_clause');
      let main = completes(blockOf(s.child('body')), out, depth);
      if (main && elseClause) main = completes(blockOf(elseClause.child('body') ?? elseClause), out, depth);
      let handlers = false;
      for (const h of s.children) if (h.type === 'except_clause' || h.type === 'except_group_clause') handlers = completes(blockOf(h), out, depth) || handlers;
      const fin = s.childOfType('finally_clause');
      if (fin && !completes(blockOf(fin), out, depth)) return false;
      return main || handlers;
    }
    case 'match_statement': {
      const cases = (s.child('body')?.namedChildren ?? []).filter((n) => n.type === 'case_clause');
      let any = false;
      for (const k of cases) any = completes(blockOf(k.child('consequence')), out, depth) || any;
      const irrefutable = cases.some((k) => !k.child('guard') && /^_$/.test(k.namedChildren[0]?.text ?? ''));
      return any || !irrefutable;
    }
    case 'assert_statement':
      return s.namedChildren[0]?.type !== 'false';
    case 'expression_statement': {
      const e = s.namedChildren[0];
      if (e?.type === 'call') {
        const f = e.child('function');
        const name = f?.type === 'identifier' ? f.text : f?.type === 'attribute' ? f.text.replace(/\s+/g, '') : '';
        if (NO_RETURN_CALLS.has(name)) return false;
      }
      return true;
    }
    default:
      return true;
  }
}

export function returnGaps(fn: TsNode): ReturnGaps {
  const emptyReturns: TsNode[] = [];
  const fallsOff = completes(blockOf(fn.child('body')), emptyReturns, 0);
  return { emptyReturns, fallsOff };
}

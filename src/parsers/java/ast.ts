/** Small readers over tree-sitter-java nodes, shared by the Java model and rules. */
import type { TsNode } from '../treesitter/index.js';
import { pushTo } from '../../core/append.js';

export const TYPE_DECLARATIONS = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration']);

/** Annotations on a declaration (class, method, parameter). */
export function annotationsOf(decl: TsNode): TsNode[] {
  const mods = decl.childOfType('modifiers');
  return mods ? mods.children.filter((c) => c.type === 'annotation' || c.type === 'marker_annotation') : [];
}

/** Simple name of an annotation: `GetMapping` for `@org.springframework…GetMapping(...)`. */
export function annotationName(a: TsNode): string {
  const n = a.child('name');
  return n ? n.text.split('.').pop()!.trim() : '';
}

export function findAnnotation(decl: TsNode, ...names: string[]): TsNode | undefined {
  return annotationsOf(decl).find((a) => names.includes(annotationName(a)));
}

/**
 * An annotation element's value nodes: `@X("a")` and `@X(value = {"a", "b"})` give the string
 * literals; `keys` are the element names that mean the same thing (`value`, `path`).
 */
export function annotationValues(a: TsNode, keys: string[]): TsNode[] | undefined {
  const args = a.child('arguments');
  if (!args) return undefined;
  let value: TsNode | undefined;
  for (const c of args.namedChildren) {
    if (c.type === 'element_value_pair') {
      if (keys.includes(c.child('key')?.text ?? '')) value = c.child('value');
    } else if (keys.includes('value')) value = c;
  }
  if (!value) return undefined;
  return value.type === 'element_value_array_initializer' || value.type === 'array_initializer' ? value.namedChildren : [value];
}

/** The value of a string literal (text blocks and escapes read as written). */
export function javaString(node: TsNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string_literal') {
    let out = '';
    for (const c of node.children) if (c.type === 'string_fragment' || c.type === 'escape_sequence' || c.type === 'multiline_string_fragment') out += c.text;
    return out;
  }
  if (node.type === 'parenthesized_expression') return javaString(node.namedChildren[0]);
  return undefined;
}

/** Evaluates a constant string expression: literals, `+` concatenation, and names `resolve` knows. */
export function constString(node: TsNode | undefined, resolve: (name: TsNode) => string | undefined, depth = 0): string | undefined {
  if (!node || depth > 20) return undefined;
  const lit = javaString(node);
  if (lit !== undefined) return lit;
  if (node.type === 'binary_expression' && node.children.some((c) => c.type === '+')) {
    const l = constString(node.child('left'), resolve, depth + 1);
    const r = constString(node.child('right'), resolve, depth + 1);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (node.type === 'identifier' || node.type === 'field_access') return resolve(node);
  if (node.type === 'parenthesized_expression') return constString(node.namedChildren[0], resolve, depth + 1);
  return undefined;
}

/** Type declarations anywhere in a file (nested ones included), outermost first. */
export function typeDeclarations(root: TsNode): TsNode[] {
  const out: TsNode[] = [];
  const stack = [root];
  while (stack.length) {
    const n = stack.shift()!;
    for (const c of n.namedChildren) {
      if (TYPE_DECLARATIONS.has(c.type)) {
        out.push(c);
        const body = c.child('body');
        if (body) stack.push(body);
      }
    }
  }
  return out;
}

/** Methods declared directly in a type's body. */
export function methodsOf(type: TsNode): TsNode[] {
  const body = type.child('body');
  if (!body) return [];
  const out = body.namedChildren.filter((c) => c.type === 'method_declaration');
  // enum bodies keep their methods in enum_body_declarations.
  for (const d of body.namedChildren) if (d.type === 'enum_body_declarations') for (const c of d.namedChildren) if (c.type === 'method_declaration') out.push(c);
  return out;
}

const methodsByName = new WeakMap<TsNode, Map<string, TsNode[]>>();

/** Methods declared directly in a type's body with this name (indexed once per type: a class of 10 000 methods stays linear). */
export function methodsNamed(type: TsNode, name: string): readonly TsNode[] {
  let index = methodsByName.get(type);
  if (!index) {
    index = new Map();
    for (const m of methodsOf(type)) {
      const n = m.child('name')?.text;
      if (n === undefined) continue;
      pushTo(index, n, m);
    }
    methodsByName.set(type, index);
  }
  return index.get(name) ?? [];
}

/** The type declaration a node sits in. */
export function enclosingType(node: TsNode): TsNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (TYPE_DECLARATIONS.has(p.type)) return p;
  return undefined;
}

/** The method or constructor a node sits in, not crossing lambdas or anonymous classes. */
export function enclosingMethod(node: TsNode): TsNode | undefined {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === 'method_declaration' || p.type === 'constructor_declaration') return p;
    if (p.type === 'lambda_expression' || p.type === 'class_body') return undefined;
  }
  return undefined;
}

/** Parameters of a method: name, type text, and whether it is varargs. */
export function parametersOf(method: TsNode): { name: string; type: string; varargs: boolean }[] {
  const params = method.child('parameters');
  if (!params) return [];
  return params.namedChildren.flatMap((p): { name: string; type: string; varargs: boolean }[] => {
    if (p.type === 'formal_parameter') return [{ name: p.child('name')?.text ?? '', type: p.child('type')?.text ?? '', varargs: false }];
    if (p.type === 'spread_parameter') {
      const decl = p.childOfType('variable_declarator');
      return [{ name: decl?.child('name')?.text ?? '', type: p.namedChildren[0]?.text ?? '', varargs: true }];
    }
    return [];
  });
}

export const CONTROLLER_ANNOTATIONS = ['RestController', 'Controller'];
export const ADVICE_ANNOTATIONS = ['ControllerAdvice', 'RestControllerAdvice'];
export const MAPPING_ANNOTATIONS: Record<string, string | undefined> = {
  RequestMapping: undefined,
  GetMapping: 'GET',
  PostMapping: 'POST',
  PutMapping: 'PUT',
  DeleteMapping: 'DELETE',
  PatchMapping: 'PATCH',
};

/** Whether a method carries a request-mapping annotation. */
export function isHandlerMethod(method: TsNode): boolean {
  return annotationsOf(method).some((a) => annotationName(a) in MAPPING_ANNOTATIONS);
}

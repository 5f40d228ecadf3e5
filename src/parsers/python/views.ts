/** Which Python functions are request handlers, and which calls are a function calling itself. */
import type { ParsedFile, ProjectModel } from '../../core/rule.js';
import type { TsNode } from '../treesitter/index.js';
import { baseNames, decoratorsOf, definitionOf, dottedName, HTTP_VERBS, methodClass } from './ast.js';
import { nodeKey, pythonFacts } from './apps.js';
import { appendAll } from '../../core/append.js';

export type ViewFramework = 'Django' | 'Flask' | 'FastAPI';

function fileImports(root: TsNode): Set<string> {
  const out = new Set<string>();
  for (const s of root.namedChildren) {
    if (s.type === 'import_from_statement') {
      const m = s.child('module_name')?.text.split('.')[0]?.trim();
      if (m) out.add(m);
    } else if (s.type === 'import_statement') {
      for (const n of s.childrenOf('name')) out.add((n.child('name') ?? n).text.split('.')[0]!.trim());
    }
  }
  return out;
}

/** Per file, not per function: the answer of each tree is kept (asked once per view otherwise, a scan of the file each time). */
const fileFrameworks = new WeakMap<TsNode, ViewFramework | null>();
function frameworkOfFile(root: TsNode): ViewFramework | undefined {
  const known = fileFrameworks.get(root);
  if (known !== undefined) return known ?? undefined;
  const imports = fileImports(root);
  const fw = imports.has('django') || imports.has('rest_framework') ? 'Django' : imports.has('flask') ? 'Flask' : imports.has('fastapi') ? 'FastAPI' : undefined;
  fileFrameworks.set(root, fw ?? null);
  return fw;
}

/** A class is view-like when a base's simple name ends in `View` (directly or through a class in the same file). */
function isViewClass(cls: TsNode, root: TsNode, depth = 0): boolean {
  if (depth > 8) return false;
  for (const base of baseNames(cls)) {
    const simple = base.split('.').pop()!;
    if (/View$/.test(simple)) return true;
    const local = root.namedChildren.map(definitionOf).find((d) => d.type === 'class_definition' && d.child('name')?.text === simple);
    if (local && local !== cls && isViewClass(local, root, depth + 1)) return true;
  }
  return false;
}

/**
 * The framework whose view this function is: routed in urls.py or by a route decorator, or an
 * HTTP-verb method of a class-based view. Undefined for anything else.
 */
export function viewFramework(model: ProjectModel, file: ParsedFile<'python'>, fn: TsNode): ViewFramework | undefined {
  const facts = pythonFacts(model);
  const fileFw = frameworkOfFile(file.root);
  if (facts.viewFunctions.has(nodeKey(file.path, fn))) {
    const app = facts.apps.find((a) => a.files.includes(file.path));
    const fw = app?.framework;
    if (fw === 'flask') return 'Flask';
    if (fw === 'fastapi') return 'FastAPI';
    if (fw === 'django') return 'Django';
    return fileFw ?? 'Django';
  }
  const cls = methodClass(fn);
  const name = fn.child('name')?.text ?? '';
  if (!cls || !HTTP_VERBS.has(name)) return undefined;
  if (facts.viewClasses.has(nodeKey(file.path, cls))) return fileFw === 'Flask' ? 'Flask' : 'Django';
  if (fileFw && fileFw !== 'FastAPI' && isViewClass(cls, file.root)) return fileFw;
  return undefined;
}

function paramNames(fn: TsNode): string[] {
  const out: string[] = [];
  for (const p of fn.child('parameters')?.namedChildren ?? []) {
    const id = p.type === 'identifier' ? p : (p.child('name') ?? p.namedChildren.find((c) => c.type === 'identifier'));
    if (id?.type === 'identifier') out.push(id.text);
  }
  return out;
}

/** Names bound in the function's own scope (assignments, imports, loops, nested defs). */
function localNames(fn: TsNode): Set<string> {
  const out = new Set(paramNames(fn));
  const stack = [...(fn.child('body')?.children ?? [])];
  const targets = (n: TsNode | undefined) => {
    if (!n) return;
    if (n.type === 'identifier') out.add(n.text);
    else if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'list_splat_pattern'].includes(n.type)) n.namedChildren.forEach(targets);
  };
  while (stack.length) {
    const n = stack.pop()!;
    switch (n.type) {
      case 'function_definition':
      case 'class_definition':
        targets(n.child('name'));
        continue;
      case 'lambda':
        continue;
      case 'assignment':
      case 'augmented_assignment':
        targets(n.child('left'));
        break;
      case 'for_statement':
      case 'for_in_clause':
        targets(n.child('left'));
        break;
      case 'named_expression':
        targets(n.child('name'));
        break;
      case 'as_pattern_target':
        n.namedChildren.forEach(targets);
        break;
      case 'aliased_import':
        targets(n.child('alias'));
        break;
      case 'import_statement':
        for (const x of n.childrenOf('name')) if (x.type === 'dotted_name') out.add(x.text.split('.')[0]!);
        break;
      case 'import_from_statement':
        for (const x of n.childrenOf('name')) if (x.type === 'dotted_name') out.add(x.text);
        break;
      case 'global_statement':
      case 'nonlocal_statement':
        // The name then refers to the outer binding, which may be rebound anywhere.
        n.namedChildren.forEach((c) => out.add(c.text));
        break;
    }
    appendAll(stack, n.children);
  }
  return out;
}

/**
 * A predicate for calls that invoke `fn` itself, or undefined when the function is not one whose
 * self-calls can be recognised (a property setter, an overload stub, a generator).
 */
export function selfCallMatcher(fn: TsNode): ((call: TsNode) => boolean) | undefined {
  const name = fn.child('name')?.text;
  if (!name) return undefined;
  const decorators = decoratorsOf(fn).map((d) => dottedName(d.type === 'call' ? d.child('function') : d) ?? '');
  if (decorators.some((d) => /(^|\.)(setter|getter|deleter|overload|register)$/.test(d))) return undefined;
  const isAsync = fn.children.some((c) => c.type === 'async');
  const awaited = (call: TsNode) => !isAsync || call.parent?.type === 'await';
  const cls = methodClass(fn);
  if (cls) {
    const isStatic = decorators.some((d) => /(^|\.)staticmethod$/.test(d));
    const className = cls.child('name')?.text;
    const first = isStatic ? undefined : paramNames(fn)[0];
    return (call) => {
      const f = call.child('function');
      if (f?.type !== 'attribute' || f.child('attribute')?.text !== name) return false;
      const obj = f.child('object');
      if (obj?.type !== 'identifier') return false;
      return (obj.text === first || (isStatic && obj.text === className)) && awaited(call);
    };
  }
  if (localNames(fn).has(name)) return undefined;
  return (call) => {
    const f = call.child('function');
    return f?.type === 'identifier' && f.text === name && awaited(call);
  };
}

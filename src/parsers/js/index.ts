/**
 * JavaScript and TypeScript (.js .mjs .cjs .jsx .ts .tsx .mts .cts) with `@babel/parser`: fast,
 * exact offsets, error recovery. Visitor keys are Babel's node types (`CallExpression`,
 * `ArrowFunctionExpression`, …); every node carries a `span`. Type information (ts-morph) is not
 * loaded here: rules that need it load it themselves, lazily.
 */
import { parse as babelParse, type ParserPlugin } from '@babel/parser';
import type * as t from '@babel/types';
import type { Comment, ParseOutput, ParserDiagnostic, ParserModule, SourceFile } from '../../core/rule.js';
import type { Span } from '../../core/text.js';
import { annotate, walk, type JsNode } from './ast.js';

export type JsRoot = t.File & { span: Span; errors?: unknown[] };

declare module '../../core/rule.js' {
  interface KindRoots {
    js: JsRoot;
  }
  interface KindNodes {
    js: { [T in t.Node['type']]: Extract<t.Node, { type: T }> & { span: Span } };
  }
}

function pluginsFor(path: string): ParserPlugin[] {
  const ext = /\.([cm]?[jt]sx?)$/i.exec(path)?.[1]?.toLowerCase() ?? 'js';
  const ts = ext.includes('t');
  const jsx = ext.endsWith('x') || !ts;
  // Legacy decorators are what TypeScript projects (NestJS) compile; plain JS gets JSX because
  // React code routinely lives in .js files.
  const plugins: ParserPlugin[] = [];
  if (ts) plugins.push(['typescript', { dts: false }]);
  if (jsx) plugins.push('jsx');
  plugins.push('decorators-legacy');
  return plugins;
}

function sourceTypeFor(path: string): 'module' | 'script' | 'unambiguous' {
  if (/\.m[jt]s$/i.test(path)) return 'module';
  if (/\.c[jt]s$/i.test(path)) return 'script';
  return 'unambiguous';
}

/** Babel appends " (line:column)" to its messages; the diagnostic has its own position. */
function cleanMessage(message: string): string {
  return message.replace(/\s*\(\d+:\d+\)\s*$/, '');
}

function errorSpan(pos: unknown, text: string): Span {
  const at = typeof pos === 'number' && pos >= 0 ? Math.min(pos, text.length) : 0;
  return { start: at, end: Math.min(at + 1, text.length) };
}

function emptyFile(text: string): JsRoot {
  const program = { type: 'Program', body: [], directives: [], sourceType: 'script', start: 0, end: text.length, span: { start: 0, end: text.length } };
  return { type: 'File', program, comments: [], start: 0, end: text.length, span: { start: 0, end: text.length } } as unknown as JsRoot;
}

export function parseJs(file: SourceFile): ParseOutput<JsRoot> {
  const text = file.text;
  const diagnostics: ParserDiagnostic[] = [];
  let ast: JsRoot;
  try {
    ast = babelParse(text, {
      sourceType: sourceTypeFor(file.path),
      sourceFilename: file.path,
      errorRecovery: true,
      allowReturnOutsideFunction: true,
      allowAwaitOutsideFunction: true,
      allowImportExportEverywhere: true,
      allowSuperOutsideMethod: true,
      allowUndeclaredExports: true,
      plugins: pluginsFor(file.path),
    }) as unknown as JsRoot;
  } catch (e) {
    const err = e as Error & { pos?: number };
    const overflow = e instanceof RangeError;
    diagnostics.push({
      code: 'parse-error',
      severity: 'error',
      span: overflow ? { start: 0, end: 0 } : errorSpan(err.pos, text),
      message: overflow ? 'The file is nested too deeply to parse.' : cleanMessage(err.message),
    });
    return { root: emptyFile(text), comments: [], diagnostics };
  }
  for (const e of (ast.errors ?? []) as (Error & { pos?: number })[]) {
    diagnostics.push({ code: 'parse-error', severity: 'error', span: errorSpan(e.pos, text), message: cleanMessage(e.message) });
  }
  annotate(ast);
  const comments: Comment[] = (ast.comments ?? []).map((c) => ({ span: { start: c.start ?? 0, end: c.end ?? 0 }, text: c.value }));
  return { root: ast, comments, diagnostics };
}

const parser: ParserModule<'js'> = {
  kind: 'js',
  comment: '//',
  parse: parseJs,
  traverse(root, enter, leave) {
    walk(
      root,
      (n: JsNode) => enter(n.type, n),
      (n: JsNode) => leave(n.type, n),
    );
  },
};

export default parser;

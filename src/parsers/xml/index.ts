/**
 * Tomcat XML (`server.xml`, `context.xml`, `conf/Catalina/<host>/*.xml`) on saxes, with exact spans
 * for elements, attribute names and attribute values.
 *
 * No DTD is ever read and no entity is ever expanded: saxes knows only the five predefined entities,
 * so `<!ENTITY x SYSTEM "file:///etc/passwd">` (XXE) reads nothing and nested entity definitions
 * (billion laughs) cost nothing. A reference to an entity that the document's own DOCTYPE declares
 * is kept as written (`&x;`) instead of being a parse error, since a validating parser would accept it.
 */
import { SaxesParser } from 'saxes';
import type { Comment, ParseOutput, ParserDiagnostic, ParserModule, SourceFile } from '../../core/rule.js';
import { detachStrings, type Span } from '../../core/text.js';
import { scanAttributes } from './position.js';

export interface XmlAttribute {
  type: 'attribute';
  name: string;
  /** The value as an XML processor sees it: predefined entities and character references decoded. */
  value: string;
  /** The value as written between the quotes. */
  raw: string;
  /** From the name to the closing quote. */
  span: Span;
  nameSpan: Span;
  /** Between the quotes. */
  valueSpan: Span;
}

export interface XmlElement {
  type: 'element';
  name: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** The enclosing element (not enumerable, so trees compare and print without cycles). */
  readonly parent?: XmlElement;
  /** From `<` to the end of the close tag (or of the open tag when self-closing). */
  span: Span;
  /** The element name in its open tag. */
  nameSpan: Span;
  /** The open tag, `<` to `>`. */
  openSpan: Span;
  selfClosing: boolean;
}

export interface XmlDocument {
  type: 'document';
  file: string;
  root?: XmlElement;
  /** The DOCTYPE declaration's content, when there is one (never resolved). */
  doctype?: string;
  span: Span;
}

/** Elements with a visitor of their own; every element is also visited as `element`. */
export const TOMCAT_ELEMENTS = [
  'Server',
  'Service',
  'Executor',
  'Connector',
  'Engine',
  'Host',
  'Context',
  'Valve',
  'Resource',
  'ResourceLink',
  'GlobalNamingResources',
  'Realm',
  'Listener',
  'Environment',
  'Parameter',
] as const;
export type TomcatElementName = (typeof TOMCAT_ELEMENTS)[number];
const NAMED = new Set<string>(TOMCAT_ELEMENTS);

declare module '../../core/rule.js' {
  interface KindRoots {
    tomcat: XmlDocument;
  }
  interface KindNodes {
    tomcat: { document: XmlDocument; element: XmlElement } & { [K in TomcatElementName]: XmlElement };
  }
}

/** The attribute of that name (case-sensitive, as Tomcat's digester matches setters). */
export function attr(el: XmlElement, name: string): XmlAttribute | undefined {
  return el.attributes.find((a) => a.name === name);
}

/** Child elements of that name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** Every element of the document in document order (iterative: no recursion limit on deep files). */
export function allElements(doc: XmlDocument): XmlElement[] {
  const out: XmlElement[] = [];
  if (!doc.root) return out;
  const stack: XmlElement[] = [doc.root];
  while (stack.length) {
    const el = stack.pop()!;
    out.push(el);
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i]!);
  }
  return out;
}

/** Names of the general entities a DOCTYPE's internal subset declares. */
function declaredEntities(doctype: string): Set<string> {
  const names = new Set<string>();
  let at = doctype.indexOf('<!ENTITY');
  while (at >= 0) {
    let i = at + 8;
    while (i < doctype.length && /\s/.test(doctype[i]!)) i++;
    if (doctype[i] !== '%') {
      const start = i;
      while (i < doctype.length && !/[\s>]/.test(doctype[i]!)) i++;
      if (i > start) names.add(doctype.slice(start, i));
    }
    at = doctype.indexOf('<!ENTITY', i);
  }
  return names;
}

/** Whether the DOCTYPE names an external DTD (entities may be declared there). */
function hasExternalSubset(doctype: string): boolean {
  const head = doctype.split('[')[0] ?? '';
  return /\b(SYSTEM|PUBLIC)\b/.test(head);
}

export function parseXml(file: SourceFile): ParseOutput<XmlDocument> {
  const text = file.text;
  const doc: XmlDocument = { type: 'document', file: file.path, span: { start: 0, end: text.length } };
  const comments: Comment[] = [];
  const diagnostics: ParserDiagnostic[] = [];
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let entities: Set<string> | undefined;
  let externalDtd = false;
  let firstError: ParserDiagnostic | undefined;

  const spanAt = (pos: number): Span => {
    const end = Math.max(0, Math.min(pos, text.length));
    return { start: Math.max(0, end - 1), end };
  };

  parser.on('doctype', (dt) => {
    doc.doctype = dt;
    entities = declaredEntities(dt);
    externalDtd = hasExternalSubset(dt);
  });

  parser.on('opentag', (tag) => {
    const end = parser.position;
    const start = Math.max(0, text.lastIndexOf(`<${tag.name}`, end - 1));
    const el: XmlElement = {
      type: 'element',
      name: tag.name,
      attributes: [],
      children: [],
      span: { start, end },
      nameSpan: { start: start + 1, end: start + 1 + tag.name.length },
      openSpan: { start, end },
      selfClosing: tag.isSelfClosing,
    };
    const raw = scanAttributes(text, start, end);
    const decoded = tag.attributes as Record<string, string>;
    for (const [name, value] of Object.entries(decoded)) {
      const r = raw.find((a) => a.name === name);
      el.attributes.push({
        type: 'attribute',
        name,
        value,
        raw: r?.raw ?? value,
        span: r?.span ?? el.nameSpan,
        nameSpan: r?.nameSpan ?? el.nameSpan,
        valueSpan: r?.valueSpan ?? el.nameSpan,
      });
    }
    el.attributes.sort((a, b) => a.span.start - b.span.start);
    const parent = stack[stack.length - 1];
    if (parent) {
      Object.defineProperty(el, 'parent', { value: parent, enumerable: false });
      parent.children.push(el);
    } else if (!doc.root) doc.root = el;
    stack.push(el);
  });

  parser.on('closetag', () => {
    const el = stack.pop();
    if (el) el.span = { start: el.span.start, end: Math.max(el.span.end, parser.position) };
  });

  parser.on('comment', () => {
    // saxes fires this around the closing `-->`; find the exact delimiters in the text. Look only
    // near the position: a comment full of `--` fires once per pair, and a search to the end of
    // the file each time made a 1 MB line of dashes take an hour.
    const from = Math.max(0, parser.position - 3);
    const near = text.slice(from, parser.position + 3).indexOf('-->');
    if (near < 0) return;
    const close = from + near;
    const start = text.lastIndexOf('<!--', close);
    // After a malformed comment (`--` inside) saxes reports the rest as a second comment.
    if (start < 0 || comments[comments.length - 1]?.span.start === start) return;
    comments.push({ span: { start, end: close + 3 }, text: text.slice(start + 4, close) });
  });

  parser.on('error', (err) => {
    const pos = parser.position;
    const message = err.message.replace(/^\d+:\d+: /, '');
    if (message.startsWith('undefined entity')) {
      const amp = text.lastIndexOf('&', pos - 1);
      const name = amp >= 0 ? text.slice(amp + 1, Math.max(amp + 1, pos - 1)) : '';
      if (externalDtd || entities?.has(name)) return;
    }
    if (firstError) return;
    let span = spanAt(pos);
    if (message.startsWith('unclosed tag') && stack.length) span = stack[stack.length - 1]!.nameSpan;
    if (message.startsWith('document must contain a root element')) span = { start: 0, end: 0 };
    if (message.startsWith('unexpected close tag') && text[pos - 1] === '>') span = { start: Math.max(0, text.lastIndexOf('</', pos - 1)), end: pos };
    firstError = { code: 'parse-error', severity: 'error', message: `Malformed XML: ${message}`, span };
  });

  // saxes builds an Error for every problem it meets (one per `--` in a comment: hundreds of
  // thousands in a hostile file); their stack traces are never read and dominated the time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    parser.write(text).close();
  } catch (e) {
    // saxes reports through the error handler; anything thrown anyway is still a parse error.
    firstError ??= { code: 'parse-error', severity: 'error', message: `Malformed XML: ${(e as Error).message}`, span: spanAt(parser.position) };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
  // Elements still open at the end of input (after an error) end with the file.
  for (const el of stack) el.span = { start: el.span.start, end: text.length };
  if (firstError) diagnostics.push(firstError);
  // The engine keeps the tree for the whole run after it let the text go: a slice of the text (a
  // name, an attribute value) would keep all of it alive.
  detachStrings(doc);
  detachStrings(comments);
  return { root: doc, comments, diagnostics };
}

const parser: ParserModule<'tomcat'> = {
  kind: 'tomcat',
  comment: ['<!--', '-->'],
  parse: parseXml,
  traverse(root, enter, leave) {
    enter('document', root);
    if (root.root) {
      // Iterative depth-first walk, so a deeply nested file cannot overflow the call stack.
      const stack: { el: XmlElement; done: boolean }[] = [{ el: root.root, done: false }];
      while (stack.length) {
        const top = stack.pop()!;
        const named = NAMED.has(top.el.name);
        if (top.done) {
          if (named) leave(top.el.name, top.el);
          leave('element', top.el);
          continue;
        }
        enter('element', top.el);
        if (named) enter(top.el.name, top.el);
        stack.push({ el: top.el, done: true });
        for (let i = top.el.children.length - 1; i >= 0; i--) stack.push({ el: top.el.children[i]!, done: false });
      }
    }
    leave('document', root);
  },
};

export default parser;

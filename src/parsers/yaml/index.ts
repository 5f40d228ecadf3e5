/**
 * The Kubernetes parser: YAML (every document of a multi-document file, `List` kinds expanded) into
 * typed objects with exact spans. Syntax errors, duplicate keys and bad aliases are `parse-error`
 * diagnostics; templated files (Helm) are skipped with one `template-skipped` note.
 *
 * Visitor keys for `kind: 'k8s'` rules: `object` (every object), `workload`, `container` (init
 * containers too, with `init: true`), `service`, `ingress`, `hpa`, `pdb`, `kustomization`.
 * Run-wide indexes (Services selecting a pod, HPAs targeting a workload) are in `model.ts`.
 */
import type { Comment, ParserDiagnostic, ParserModule, SourceFile, SuppressionRegion } from '../../core/rule.js';
import { LineIndex, type Span } from '../../core/text.js';
import { at, pairOf, str, type YMap, type YNode } from './ast.js';
import { compose, findExcessiveNesting, type ComposedDocument } from './compose.js';
import {
  kustomizationOf,
  objectsOfDocument,
  type Container,
  type Hpa,
  type Ingress,
  type K8sObject,
  type Kustomization,
  type Pdb,
  type Service,
  type Workload,
} from './objects.js';
import { appendAll } from '../../core/append.js';

/**
 * A parsed k8s file: plain data only (no YAML node, no function), so that the engine can keep every
 * root for the whole run at a small multiple of the text, and a root survives `structuredClone`.
 */
export interface K8sFile {
  path: string;
  /** Every Kubernetes object in document order, `List` items expanded. */
  objects: K8sObject[];
  /** Set for `kustomization.yaml` files. */
  kustomization: Kustomization | undefined;
  /** The file is a template (Helm): nothing was read. */
  templated: boolean;
}

declare module '../../core/rule.js' {
  interface KindRoots {
    k8s: K8sFile;
  }
  interface KindNodes {
    k8s: {
      object: K8sObject;
      workload: Workload;
      container: Container;
      service: Service;
      ingress: Ingress;
      hpa: Hpa;
      pdb: Pdb;
      kustomization: Kustomization;
    };
  }
}

export const IGNORE_ANNOTATION = 'lint500.dev/ignore';

const DEFAULT_MAX_DEPTH = 200;
const DEFAULT_MAX_ALIAS_COUNT = 100;

function emptyRoot(path: string, templated: boolean): K8sFile {
  return { path, objects: [], kustomization: undefined, templated };
}

/** Whether `{{ }}` / `{% %}` in the text is template syntax rather than text inside YAML strings. */
function templateSpan(text: string): Span | undefined {
  let at = text.indexOf('{{');
  if (at < 0) at = text.indexOf('{%');
  if (at < 0) return undefined;
  const lineEnd = text.indexOf('\n', at);
  const close = text.indexOf('}', at + 2);
  const end = close >= 0 && (lineEnd < 0 || close < lineEnd) ? Math.min(text.length, close + (text[close + 1] === '}' ? 2 : 1)) : at + 2;
  return { start: at, end };
}

/** Disjoint, sorted intervals, for "is this offset inside any of them" lookups. */
function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

function inside(intervals: Span[], offset: number): boolean {
  let lo = 0;
  let hi = intervals.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = intervals[mid]!;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Tabs where YAML expects spaces. The `yaml` library follows YAML 1.2, which allows a tab as
 * separation after a value; go-yaml (kubectl) rejects a tab in indentation or right after `:`,
 * `-` or `?`, and PyYAML-based tools also reject one after a value.
 */
function tabDiagnostics(text: string, content: Span[], lines: LineIndex, errorLines: Set<number>): ParserDiagnostic[] {
  if (!text.includes('\t')) return [];
  const intervals = mergeSpans(content);
  const out: ParserDiagnostic[] = [];
  const done = new Set<number>();
  for (let i = text.indexOf('\t'); i >= 0; i = text.indexOf('\t', i + 1)) {
    if (inside(intervals, i)) continue;
    const line = lines.position(i).line;
    if (done.has(line) || errorLines.has(line)) continue;
    done.add(line);
    let j = i - 1;
    while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
    const prev = j >= 0 && text[j] !== '\n' && text[j] !== '\r' ? text[j]! : undefined;
    const span = { start: i, end: i + 1 };
    if (prev === undefined || prev === ':' || prev === '-' || prev === '?') {
      out.push({
        code: 'parse-error',
        severity: 'error',
        span,
        message: prev
          ? `Tab character after "${prev}": kubectl (go-yaml) rejects the file ("found character that cannot start any token"); use spaces.`
          : 'Tab character in indentation: kubectl (go-yaml) rejects the file ("found character that cannot start any token"); indent with spaces.',
      });
    } else {
      const nl = text.indexOf('\n', i);
      const rest = text.slice(i, nl < 0 ? text.length : nl).trim();
      if (rest && !rest.startsWith('#')) continue;
      out.push({
        code: 'parse-error',
        severity: 'warning',
        span,
        message: 'Tab character after a value: kubectl accepts it, but PyYAML-based tools (Ansible, yamllint, pre-commit check-yaml) reject the file with "found character \'\\t\' that cannot start any token"; use spaces.',
      });
    }
  }
  return out;
}

function ignoreRegion(o: K8sObject, pairOwner: YNode | undefined, lines: LineIndex): SuppressionRegion | undefined {
  const p = pairOf(pairOwner, IGNORE_ANNOTATION);
  if (!p) return undefined;
  const raw = str(p.value) ?? '';
  let ids = raw;
  let reason: string | undefined;
  const sep = raw.indexOf('--');
  if (sep >= 0) {
    ids = raw.slice(0, sep);
    reason = raw.slice(sep + 2).trim() || undefined;
  }
  const list = ids
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    file: o.file,
    fromLine: lines.position(o.span.start).line,
    toLine: lines.position(Math.max(o.span.start, o.span.end - 1)).line,
    ruleIds: list.length && !(list.length === 1 && list[0] === 'all') ? list : 'all',
    ...(reason ? { reason } : {}),
    span: p.span,
  };
}

function isKustomizationFile(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return /^(kustomization\.ya?ml|Kustomization)$/.test(name);
}

/** YAML 1.2 (and kubectl's parser) read a lone CR as a line break; the yaml package does not. LF in its place keeps every offset, so spans still index the original text. */
function lineBreaksRead(text: string): string {
  return text.includes('\r') ? text.replace(/\r(?!\n)/g, '\n') : text;
}

/**
 * The YAML documents of a k8s text, composed as `parseK8s` composes them. Roots do not keep the
 * tree; this is for tests and tools that need it (none when the text is nested too deep).
 */
export function k8sDocuments(text: string, settings: SourceFileSettings = {}): ComposedDocument[] {
  const t = lineBreaksRead(text);
  const maxDepth = settings.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (findExcessiveNesting(t, maxDepth) !== undefined) return [];
  return compose(t, { maxDepth, maxAliasCount: settings.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT }).documents;
}

/** The map of an object in the documents `k8sDocuments` returns (a document, or a `List` item). */
export function objectNode(documents: readonly ComposedDocument[], o: Pick<K8sObject, 'doc' | 'base'>): YNode | undefined {
  return at(documents.find((d) => d.index === o.doc)?.node, o.base);
}

export function parseK8s(file: SourceFile, settings: SourceFileSettings = {}): { root: K8sFile; comments: Comment[]; diagnostics: ParserDiagnostic[]; suppressions: SuppressionRegion[] } {
  const text = lineBreaksRead(file.text);
  const maxDepth = settings.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxAliasCount = settings.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT;
  const tooDeep = findExcessiveNesting(text, maxDepth);
  if (tooDeep !== undefined) {
    return {
      root: emptyRoot(file.path, false),
      comments: [],
      diagnostics: [{ code: 'parse-error', severity: 'error', span: { start: tooDeep, end: Math.min(text.length, tooDeep + 1) }, message: `The YAML is nested deeper than ${maxDepth} levels (settings.limits.maxDepth); the file was not read.` }],
      suppressions: [],
    };
  }
  const composed = compose(text, { maxDepth, maxAliasCount });
  const tmpl = templateSpan(text);
  if (tmpl) {
    const inTemplatesDir = /(^|\/)templates\//.test(file.path);
    const broken = composed.diagnostics.length > 0 || composed.documents.some((d) => d.broken);
    if (inTemplatesDir || broken || composed.templateBraces.length) {
      return {
        root: emptyRoot(file.path, true),
        comments: composed.comments,
        diagnostics: [{
          code: 'template-skipped',
          severity: 'info',
          span: tmpl,
          message: 'Templated YAML ({{ }}) is not linted as a manifest. Lint the rendered output instead: helm template … | lint500 --stdin --stdin-filename chart.yaml',
        }],
        suppressions: [],
      };
    }
  }
  const lines = new LineIndex(text);
  const diagnostics = [...composed.diagnostics];
  const errorLines = new Set(diagnostics.map((d) => lines.position(d.span.start).line));
  appendAll(diagnostics, tabDiagnostics(text, composed.contentSpans, lines, errorLines));

  // The root keeps plain data only: the YAML tree is garbage once this function returns.
  const root: K8sFile = { path: file.path, objects: [], kustomization: undefined, templated: false };
  const suppressions: SuppressionRegion[] = [];
  const kustomization = isKustomizationFile(file.path);
  for (const doc of composed.documents) {
    if (doc.broken || !doc.node) continue;
    if (kustomization && doc.index === 0 && doc.node.type === 'map') {
      root.kustomization = kustomizationOf(file.path, doc.node as YMap);
      continue;
    }
    for (const { object: o, node } of objectsOfDocument(file.path, doc.index, doc.node)) {
      root.objects.push(o);
      const own = ignoreRegion(o, at(node, 'metadata.annotations'), lines);
      if (own) suppressions.push(own);
      if (o.category === 'workload' && o.template) {
        const t = ignoreRegion(o, at(node, o.template.path ? `${o.template.path}.metadata.annotations` : 'metadata.annotations'), lines);
        if (t && o.template.path) suppressions.push(t);
      }
    }
  }
  return { root, comments: composed.comments, diagnostics, suppressions };
}

export interface SourceFileSettings {
  maxDepth?: number;
  maxAliasCount?: number;
}

const parser: ParserModule<'k8s'> = {
  kind: 'k8s',
  comment: '#',
  parse(file, env) {
    const limits = env.settings.limits ?? {};
    return parseK8s(file, { maxDepth: limits.maxDepth, maxAliasCount: limits.maxAliasCount });
  },
  traverse(root, enter, leave) {
    if (root.kustomization) {
      enter('kustomization', root.kustomization);
      leave('kustomization', root.kustomization);
    }
    for (const o of root.objects) {
      enter('object', o);
      if (o.category !== 'other') {
        enter(o.category, o);
        if (o.category === 'workload' && o.template) {
          const cs = [...o.template.initContainers, ...o.template.containers].sort((a, b) => a.span.start - b.span.start);
          for (const c of cs) {
            enter('container', c);
            leave('container', c);
          }
        }
        leave(o.category, o);
      }
      leave('object', o);
    }
  },
};

export default parser;
export type { Container, Hpa, Ingress, K8sObject, Kustomization, Pdb, Service, Workload } from './objects.js';

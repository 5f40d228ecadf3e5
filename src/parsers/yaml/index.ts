/**
 * The Kubernetes parser: YAML or JSON (every document of a multi-document file, `List` kinds expanded) into
 * typed objects with exact spans. Syntax errors, duplicate keys and bad aliases are `parse-error`
 * diagnostics; templated files (Helm) are skipped with one `template-skipped` note.
 *
 * Visitor keys for `kind: 'k8s'` rules: `object` (every object), `workload`, `container` (init
 * containers too, with `init: true`), `service`, `ingress`, `hpa`, `pdb`, `kustomization`.
 * Run-wide indexes (Services selecting a pod, HPAs targeting a workload) are in `model.ts`.
 */
import { KUBE_LINTER_ANNOTATION_PREFIX, KUBE_LINTER_CHECKS } from '../../core/compat.js';
import { settleUsers } from '../cross/deploy-users.js';
import type { Comment, ParserDiagnostic, ParserModule, SourceFile, SuppressionRegion } from '../../core/rule.js';
import { detachStrings, LineIndex, type Span } from '../../core/text.js';
import { at, str, type YMap, type YNode } from './ast.js';
import { compose, composeReusing, findExcessiveNesting, type Composed, type ComposedDocument, type ComposeStore } from './compose.js';
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

/**
 * The entries of a `lint500.dev/ignore` value: rule ids separated by commas, spaces or new lines,
 * each group of ids optionally followed by ` -- <reason>`. A reason runs to the end of its line or
 * to a comma followed by the next rule id (`k8s/replicas-single -- staging only, k8s/image-tag-unpinned
 * -- pinned by digest in CD`), so reasons may contain commas of their own.
 */
export function parseIgnoreList(raw: string): { ids: string[] | 'all'; reason?: string }[] {
  const entries: { ids: string[] | 'all'; reason?: string }[] = [];
  for (const line of raw.split(/\r\n|\r|\n|;/)) {
    // Split before each `, <id>` that follows a reason, so the next group starts there.
    const groups = line.split(/,(?=\s*(?:all|[a-z0-9-]+\/[a-z0-9-]+)(?:[\s,]|$))/);
    let current: { ids: string[]; reason?: string } | undefined;
    for (const g of groups) {
      const sep = /(^|\s)--(\s|$)/.exec(g);
      const idText = sep ? g.slice(0, sep.index) : g;
      const reason = sep ? g.slice(sep.index + sep[0].length).trim() || undefined : undefined;
      const ids = idText
        .split(/[\s,]+/)
        .map((x) => x.trim())
        .filter(Boolean);
      if (!current || current.reason !== undefined) {
        current = { ids: [] };
        entries.push(current);
      }
      current.ids.push(...ids);
      if (reason !== undefined) current.reason = reason;
    }
  }
  const out = entries.filter((e) => e.ids.length || e.reason);
  return out.map((e) => {
    const ids: string[] | 'all' = e.ids.length && !(e.ids.length === 1 && e.ids[0] === 'all') ? e.ids : 'all';
    return e.reason ? { ids, reason: e.reason } : { ids };
  });
}

/**
 * The suppressions written on an object's (or its pod template's) annotations: `lint500.dev/ignore`,
 * and kube-linter's `ignore-check.kube-linter.io/<check>` for the checks lint500 shares (compat.ts).
 */
function ignoreRegions(o: K8sObject, pairOwner: YNode | undefined, lines: LineIndex): SuppressionRegion[] {
  if (!pairOwner || pairOwner.type !== 'map') return [];
  const fromLine = lines.position(o.span.start).line;
  const toLine = lines.position(Math.max(o.span.start, o.span.end - 1)).line;
  const out: SuppressionRegion[] = [];
  for (const p of pairOwner.pairs) {
    const key = str(p.key) ?? '';
    if (key === IGNORE_ANNOTATION) {
      const entries = parseIgnoreList(str(p.value) ?? '');
      if (!entries.length) entries.push({ ids: 'all' });
      for (const e of entries) out.push({ file: o.file, fromLine, toLine, ruleIds: e.ids, ...(e.reason ? { reason: e.reason } : {}), span: p.span });
    } else if (key.startsWith(KUBE_LINTER_ANNOTATION_PREFIX)) {
      const ids = KUBE_LINTER_CHECKS[key.slice(KUBE_LINTER_ANNOTATION_PREFIX.length)];
      if (!ids) continue;
      const reason = (str(p.value) ?? '').trim();
      out.push({ file: o.file, fromLine, toLine, ruleIds: [...ids], reason: reason ? `${key}: ${reason}` : key, span: p.span, foreign: 'kube-linter' });
    }
  }
  return out;
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

export function parseK8s(file: SourceFile, settings: SourceFileSettings = {}, reuse?: Map<string, unknown>): { root: K8sFile; comments: Comment[]; diagnostics: ParserDiagnostic[]; suppressions: SuppressionRegion[] } {
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
  const limits = { maxDepth, maxAliasCount };
  let composed: Composed;
  if (reuse) {
    const key = `compose\u0000${maxDepth}\u0000${maxAliasCount}`;
    let store = reuse.get(key) as ComposeStore | undefined;
    if (!store) reuse.set(key, (store = new Map()));
    composed = composeReusing(text, limits, store);
  } else composed = compose(text, limits);
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
  // kubectl decodes a JSON manifest as JSON, where a tab is ordinary whitespace.
  if (!/\.json$/i.test(file.path)) appendAll(diagnostics, tabDiagnostics(text, composed.contentSpans, lines, errorLines));

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
      suppressions.push(...ignoreRegions(o, at(node, 'metadata.annotations'), lines));
      if (o.category === 'workload' && o.template?.path) suppressions.push(...ignoreRegions(o, at(node, `${o.template.path}.metadata.annotations`), lines));
    }
  }
  // Nor any slice of the text (a name, a label, a comment): the engine keeps roots after it let the
  // text go, and a slice would keep the whole text alive.
  detachStrings(root, true);
  detachStrings(composed.comments);
  return { root, comments: composed.comments, diagnostics, suppressions };
}

export interface SourceFileSettings {
  maxDepth?: number;
  maxAliasCount?: number;
}

const parser: ParserModule<'k8s'> = {
  kind: 'k8s',
  deploys: { dockerfile: settleUsers },
  comment: '#',
  parse(file, env) {
    const limits = env.settings.limits ?? {};
    return parseK8s(file, { maxDepth: limits.maxDepth, maxAliasCount: limits.maxAliasCount }, env.reuse);
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

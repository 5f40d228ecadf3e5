/**
 * SARIF 2.1.0, as GitHub code scanning, Azure DevOps and SARIF viewers read it. One run; the driver
 * lists every rule that has a result (suppressed ones included) and every core code used, sorted by
 * id so the output is stable. Paths inside the run's cwd are relative to `%SRCROOT%`, which
 * `originalUriBaseIds` maps to the cwd; paths outside it are absolute `file:` URIs.
 */
import type * as Sarif from 'sarif';
import { CAUSES, isCauseId } from '../core/causes.js';
import { CORE_CODES, isCoreCode, type FileResult, type LintMessage } from '../core/diagnostics.js';
import { DOCS_BASE, ruleDocsUrl } from '../core/docs.js';
import type { Edit, RuleMeta, Severity } from '../core/rule.js';
import { LineIndex } from '../core/text.js';
import { fixKindOf, isSecurityRelevant, piecewise } from './common.js';
import { encodeUriPath, fileUri, relativeInside, toAbsolute } from './paths.js';
import type { FormatContext, Formatter } from './types.js';

export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SRCROOT = '%SRCROOT%';
/** The key of lint500's fingerprint in `partialFingerprints`; bump the version if the hash changes. */
export const FINGERPRINT_KEY = 'lint500/v1';
const INFORMATION_URI = DOCS_BASE.replace(/\/blob\/main\/$/, '');


function level(s: Severity): Sarif.Result.level {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** `nginx/proxy-timeout-too-low` → `NginxProxyTimeoutTooLow`: SARIF's `name` is a readable identifier. */
function pascalName(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function causeLines(causes: readonly string[], markdown: boolean): string[] {
  return causes.filter(isCauseId).map((id) => {
    const c = CAUSES[id];
    return markdown ? `- **${c.title}** (HTTP ${c.status}, \`${id}\`): ${c.explanation}` : `- ${c.title} (HTTP ${c.status}, ${id}): ${c.explanation}`;
  });
}

function ruleDescriptor(id: string, ctx: FormatContext): Sarif.ReportingDescriptor {
  const helpUri = ruleDocsUrl(id);
  if (isCoreCode(id)) {
    const core = CORE_CODES[id];
    return {
      id,
      name: pascalName(id),
      shortDescription: { text: core.description },
      fullDescription: { text: core.description },
      help: { text: `${core.description}\n\nSee ${helpUri}`, markdown: `${core.description}\n\nSee [${id}](${helpUri}).` },
      helpUri,
      defaultConfiguration: { level: level(core.severity) },
      properties: { tags: ['lint500-core'], precision: 'very-high' },
    };
  }
  const meta: RuleMeta | undefined = ctx.rules.get(id);
  if (!meta) {
    // A rule from a plugin the formatter has no metadata for: still a valid, linkable descriptor.
    return { id, name: pascalName(id), shortDescription: { text: `Rule ${id}.` }, helpUri };
  }
  const causesText = causeLines(meta.causes, false);
  const causesMd = causeLines(meta.causes, true);
  const docs = ctx.ruleDocs?.(id)?.trim();
  const tags: string[] = [...meta.causes];
  if (isSecurityRelevant(meta.causes)) tags.push('security');
  return {
    id,
    name: pascalName(id),
    shortDescription: { text: meta.description },
    fullDescription: {
      text: causesText.length ? `${meta.description}\n\nHow it becomes a 5xx:\n${causesText.join('\n')}` : meta.description,
      markdown: causesMd.length ? `${meta.description}\n\nHow it becomes a 5xx:\n\n${causesMd.join('\n')}` : meta.description,
    },
    help: {
      text: `${meta.remediation}${docs ? `\n\n${docs}` : ''}\n\nSee ${helpUri}`,
      markdown: `**Remediation:** ${meta.remediation}${docs ? `\n\n${docs}` : ''}\n\n[Rule documentation](${helpUri})`,
    },
    helpUri,
    defaultConfiguration: { level: level(meta.severity) },
    properties: {
      tags,
      precision: meta.status === 'stable' ? 'high' : 'medium',
      status: meta.status,
      recommended: meta.recommended,
      ...(meta.fix ? { fix: meta.fix } : {}),
    },
  };
}

function artifactLocation(cwd: string, p: string): Sarif.ArtifactLocation {
  const rel = relativeInside(cwd, p);
  if (rel !== undefined) return { uri: encodeUriPath(rel), uriBaseId: SRCROOT };
  return { uri: fileUri(toAbsolute(cwd, p)) };
}

function region(loc: { line: number; column: number; endLine: number; endColumn: number }): Sarif.Region {
  const startLine = Math.max(1, loc.line);
  const startColumn = Math.max(1, loc.column);
  let endLine = Math.max(startLine, loc.endLine);
  let endColumn = Math.max(1, loc.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  if (loc.endLine < startLine) {
    endLine = startLine;
    endColumn = startColumn;
  }
  return { startLine, startColumn, endLine, endColumn };
}

/** The log with an empty `results`, and the results one at a time (built as they are read). */
function sarifParts(results: readonly FileResult[], ctx: FormatContext): { log: Sarif.Log; each: () => Iterable<Sarif.Result> } {
  const lineIndexes = new Map<string, LineIndex>();
  // Sources are read on demand (a result's text may be read lazily): only files with findings need one.
  const byPath = new Map(results.map((r) => [toAbsolute(ctx.cwd, r.filePath), r]));
  const sources = { get: (abs: string) => byPath.get(abs)?.source };
  const indexOf = (p: string): LineIndex | undefined => {
    const abs = toAbsolute(ctx.cwd, p);
    let idx = lineIndexes.get(abs);
    if (!idx) {
      const src = sources.get(abs);
      // Without the text (a file outside the results, or one the engine could not read) lines are unknown.
      if (!src) return undefined;
      idx = new LineIndex(src);
      lineIndexes.set(abs, idx);
    }
    return idx;
  };

  const deletedRegion = (e: Edit, defaultFile: string): Sarif.Region => {
    const idx = indexOf(e.file ?? defaultFile);
    if (!idx) return { charOffset: e.span.start, charLength: Math.max(0, e.span.end - e.span.start) };
    const s = idx.position(e.span.start);
    const end = idx.position(e.span.end);
    return region({ line: s.line, column: s.column, endLine: end.line, endColumn: end.column });
  };

  const sarifFix = (description: string, edits: readonly Edit[], filePath: string): Sarif.Fix => {
    const byFile = new Map<string, Edit[]>();
    for (const e of edits) {
      const f = e.file ?? filePath;
      byFile.set(f, [...(byFile.get(f) ?? []), e]);
    }
    return {
      description: { text: description },
      artifactChanges: [...byFile].map(([f, es]) => ({
        artifactLocation: artifactLocation(ctx.cwd, f),
        replacements: [...es]
          .sort((a, b) => a.span.start - b.span.start)
          .map((e) => ({ deletedRegion: deletedRegion(e, filePath), insertedContent: { text: e.text } })),
      })),
    };
  };

  const ruleIds = new Set<string>();
  for (const r of results) for (const m of [...r.messages, ...r.suppressedMessages]) ruleIds.add(m.ruleId);
  const sortedIds = [...ruleIds].sort();
  const ruleIndex = new Map(sortedIds.map((id, i) => [id, i]));

  const toResult = (m: LintMessage, r: FileResult): Sarif.Result => {
    const fixes: Sarif.Fix[] = [];
    if (m.fix?.length) {
      const kind = fixKindOf(m, ctx);
      fixes.push(sarifFix(kind === 'safe' ? `Fix for ${m.ruleId}.` : `${kind === 'unsafe' ? 'Unsafe fix' : 'Fix'} for ${m.ruleId} (review the change).`, m.fix, r.filePath));
    }
    for (const s of m.suggestions ?? []) if (s.edits.length) fixes.push(sarifFix(s.desc, s.edits, r.filePath));
    return {
      ruleId: m.ruleId,
      ruleIndex: ruleIndex.get(m.ruleId)!,
      level: level(m.severity),
      message: { text: m.message },
      locations: [{ physicalLocation: { artifactLocation: artifactLocation(ctx.cwd, r.filePath), region: region(m) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: m.fingerprint },
      ...(m.related?.length
        ? {
            relatedLocations: m.related.map((x, i) => ({
              id: i + 1,
              physicalLocation: { artifactLocation: artifactLocation(ctx.cwd, x.filePath), region: region(x) },
              message: { text: x.message },
            })),
          }
        : {}),
      // Present on every result: an empty array says "not suppressed", absence would mean "unknown".
      suppressions: (m.suppressions ?? []).map((s) => ({
        kind: s.kind === 'baseline' ? 'external' : 'inSource',
        status: 'accepted',
        ...(s.justification ? { justification: s.justification } : {}),
      })),
      ...(fixes.length ? { fixes } : {}),
      ...(m.causes.length ? { properties: { tags: [...m.causes] } } : {}),
    };
  };

  const executionSuccessful = !results.some((r) => r.messages.some((m) => m.ruleId === 'internal-error'));
  function* each(): Iterable<Sarif.Result> {
    for (const r of results) {
      for (const m of r.messages) yield toResult(m, r);
      for (const m of r.suppressedMessages) yield toResult(m, r);
    }
  }

  const driver: Sarif.ToolComponent = {
    name: 'lint500',
    version: ctx.version,
    ...(SEMVER.test(ctx.version) ? { semanticVersion: ctx.version } : {}),
    informationUri: INFORMATION_URI,
    rules: sortedIds.map((id) => ruleDescriptor(id, ctx)),
  };
  const cwdUri = fileUri(toAbsolute('/', ctx.cwd));
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        invocations: [{ executionSuccessful }],
        originalUriBaseIds: { [SRCROOT]: { uri: cwdUri.endsWith('/') ? cwdUri : `${cwdUri}/` } },
        results: [],
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return { log, each };
}

export function sarifLog(results: readonly FileResult[], ctx: FormatContext): Sarif.Log {
  const { log, each } = sarifParts(results, ctx);
  log.runs[0]!.results = [...each()];
  return log;
}

/** How `JSON.stringify(log, null, 2)` ends when `results` is empty: `results` is the run's last key but one. */
const EMPTY_RESULTS_TAIL = '"results": [],\n      "columnKind": "utf16CodeUnits"\n    }\n  ]\n}';
const ITEM_INDENT = '\n        ';

/**
 * The text of `JSON.stringify(sarifLog(…), null, 2)` in pieces, one result at a time: a large run
 * never holds every result object and the whole document at once. Each result is printed at the
 * indentation of `runs[0].results` (JSON text has no raw line breaks inside strings, so indenting
 * every line break is exact).
 */
function* sarifChunks(results: readonly FileResult[], ctx: FormatContext): Iterable<string> {
  const { log, each } = sarifParts(results, ctx);
  const head = JSON.stringify(log, null, 2);
  if (!head.endsWith(EMPTY_RESULTS_TAIL)) throw new Error('sarif: unexpected document layout');
  let first = true;
  for (const r of each()) {
    yield first ? `${head.slice(0, -EMPTY_RESULTS_TAIL.length)}"results": [${ITEM_INDENT}` : `,${ITEM_INDENT}`;
    yield JSON.stringify(r, null, 2).replaceAll('\n', ITEM_INDENT);
    first = false;
  }
  yield first ? `${head}\n` : '\n      ],\n      "columnKind": "utf16CodeUnits"\n    }\n  ]\n}\n';
}

export const sarif: Formatter = piecewise(sarifChunks);


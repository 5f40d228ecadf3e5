/**
 * RuleTester: runs a rule over valid and invalid cases through the real engine and parsers, with
 * exact positions. Exported (`lint500/testing`) so third-party rule packs test their rules the same way.
 *
 * It refuses duplicate cases, invalid cases without exact positions, unknown messageIds, and a rule
 * whose messageIds are not all covered by some invalid case.
 */
import { describe, expect, it } from 'vitest';
import { ConfigResolver } from '../core/config/resolve.js';
import type { LintMessage } from '../core/diagnostics.js';
import { lint } from '../core/engine.js';
import { MemoryHost } from '../core/memory-host.js';
import { ruleKinds, type AnyRule, type FileKind, type Settings, type SourceFile } from '../core/rule.js';
import { loadParser } from '../parsers/index.js';
import { classify } from '../project/classify.js';

export interface ValidCase {
  name?: string;
  /** The text of the file under test (named `filename`). */
  code?: string;
  filename?: string;
  /** More files of the same run (multi-file cases), path → text. */
  files?: Record<string, string>;
  options?: Record<string, unknown>;
  settings?: Settings;
  /** Only report in these files (pre-commit style); default: every file. */
  only?: string[];
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** File the finding is in (multi-file cases); default the file under test. */
  file?: string;
  data?: Record<string, string | number>;
  message?: string;
  severity?: 'error' | 'warning' | 'info';
  /** Paths of related locations, in order. */
  related?: { file: string; line: number; column?: number }[];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedError[];
  /** The text after applying fixes (`--fix`), or null/undefined when the case has no fix. */
  output?: string | null;
}

const DEFAULT_NAMES: Record<FileKind, string> = {
  nginx: 'nginx.conf',
  dockerfile: 'Dockerfile',
  k8s: 'deploy.yaml',
  tomcat: 'conf/server.xml',
  spring: 'src/main/resources/application.properties',
  js: 'app.js',
  python: 'app.py',
  java: 'src/main/java/App.java',
  manifest: 'package.json',
};

function caseFiles(rule: AnyRule, c: ValidCase): { files: SourceFile[]; main?: string } {
  const kinds = ruleKinds(rule.meta).filter((k): k is FileKind => k !== 'project');
  if (c.code !== undefined && !c.filename && !kinds.length) throw new Error(`${rule.meta.id} is a project rule: give each case with \`code\` a \`filename\``);
  const main = c.filename ?? (c.code !== undefined ? DEFAULT_NAMES[kinds[0]!] : undefined);
  const all: Record<string, string> = { ...(c.files ?? {}) };
  if (c.code !== undefined && main) all[main] = c.code;
  const files: SourceFile[] = [];
  for (const [path, text] of Object.entries(all)) {
    const kind = classify(path, text);
    if (kind) files.push({ path, text, kind });
  }
  return { files, main };
}

export interface TestRun {
  messages: LintMessage[];
  outputs: Map<string, string>;
}

/** Runs one case through the engine with only `rule` enabled. */
export async function runCase(rule: AnyRule, c: ValidCase, fix = false): Promise<TestRun> {
  const { files, main } = caseFiles(rule, c);
  // The host sees every file of the case, also those of no kind (mime.types, fastcgi_params).
  const host = new MemoryHost({ ...(c.files ?? {}), ...(c.code !== undefined && main ? { [main]: c.code } : {}) });
  const rules = new Map([[rule.meta.id, rule]]);
  const config = new ConfigResolver(
    { extends: 'all', rules: { [rule.meta.id]: [rule.meta.severity, c.options ?? {}] }, settings: c.settings, reportUnusedDisableDirectives: 'off' },
    rules,
  );
  // Keep the rule's own per-finding severity (the tester configures it only to pass options).
  const eff = config.forFile('');
  for (const r of eff.rules.values()) r.explicit = false;
  const only = c.only ? new Set(c.only) : undefined;
  const results = await lint({
    files,
    rules: [rule],
    config,
    parsers: loadParser,
    host,
    reportOn: only ? (p) => only.has(p) : undefined,
    fix: fix ? 'unsafe' : false,
  });
  const outputs = new Map<string, string>();
  for (const r of results) if (r.output !== undefined) outputs.set(r.filePath, r.output);
  return { messages: results.flatMap((r) => r.messages.map((m) => ({ ...m, filePath: r.filePath }))), outputs };
}

function caseKey(c: ValidCase): string {
  return JSON.stringify([c.code, c.filename, c.files, c.options, c.settings, c.only]);
}

function caseName(c: ValidCase, i: number): string {
  if (c.name) return c.name;
  const src = c.code ?? Object.keys(c.files ?? {}).join(', ');
  return `#${i + 1}: ${src.replace(/\s+/g, ' ').slice(0, 70)}`;
}

export class RuleTester {
  /**
   * `supplement`: cases that add to a rule's own suite from elsewhere (a cross-layer test file), so
   * they need not cover every messageId themselves.
   */
  run(rule: AnyRule, tests: { valid: (ValidCase | string)[]; invalid: InvalidCase[] }, options: { supplement?: boolean } = {}): void {
    const meta = rule.meta;
    const valid = tests.valid.map((v) => (typeof v === 'string' ? { code: v } : v));
    describe(meta.id, () => {
      it('has no duplicate cases', () => {
        const seen = new Set<string>();
        for (const c of [...valid, ...tests.invalid]) {
          const k = caseKey(c);
          expect(seen.has(k), `duplicate case: ${caseName(c, 0)}`).toBe(false);
          seen.add(k);
        }
      });
      it('covers every messageId with an invalid case, and uses no unknown ones', () => {
        const used = new Set(tests.invalid.flatMap((c) => c.errors.map((e) => e.messageId)));
        if (!options.supplement) for (const id of Object.keys(meta.messages)) expect(used.has(id), `messageId "${id}" has no invalid case`).toBe(true);
        const coreIds = new Set(['parse-error']);
        for (const id of used) expect(id in meta.messages || coreIds.has(id), `unknown messageId "${id}"`).toBe(true);
      });
      describe('valid', () => {
        valid.forEach((c, i) => {
          it(caseName(c, i), async () => {
            const { messages } = await runCase(rule, c);
            expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`)).toEqual([]);
          });
        });
      });
      describe('invalid', () => {
        tests.invalid.forEach((c, i) => {
          it(caseName(c, i), async () => {
            expect(c.errors.length, 'an invalid case needs at least one error').toBeGreaterThan(0);
            const { files, main } = caseFiles(rule, c);
            expect(files.length, 'no file of a known kind in this case').toBeGreaterThan(0);
            const { messages } = await runCase(rule, c);
            const actual = messages.map((m) => {
              const e: Record<string, unknown> = {
                messageId: m.ruleId === meta.id ? m.messageId : m.ruleId,
                file: (m as LintMessage & { filePath: string }).filePath,
                line: m.line,
                column: m.column,
                endLine: m.endLine,
                endColumn: m.endColumn,
              };
              return e;
            });
            const expected = c.errors.map((e) => ({
              messageId: e.messageId,
              file: e.file ?? main,
              line: e.line,
              column: e.column,
              endLine: e.endLine,
              endColumn: e.endColumn,
            }));
            expect(actual).toEqual(expected);
            c.errors.forEach((e, j) => {
              const m = messages[j]!;
              if (e.message !== undefined) expect(m.message).toBe(e.message);
              if (e.severity !== undefined) expect(m.severity).toBe(e.severity);
              if (e.data) {
                const template = (meta.messages as Record<string, string>)[e.messageId]!;
                const rendered = template.replace(/\{\{\s*([\w.-]+)\s*\}\}/g, (w, k: string) => (k in e.data! ? String(e.data![k]) : w));
                expect(m.message).toBe(rendered);
              }
              if (e.related) expect((m.related ?? []).map((r) => ({ file: r.filePath, line: r.line, ...(e.related!.some((x) => x.column !== undefined) ? { column: r.column } : {}) }))).toEqual(e.related);
            });
            if (c.output !== undefined) {
              const { outputs } = await runCase(rule, c, true);
              const out = main ? outputs.get(main) : undefined;
              if (c.output === null) expect(out, 'expected no fix').toBeUndefined();
              else expect(out ?? c.code).toBe(c.output);
            } else if (meta.fix) {
              const { outputs } = await runCase(rule, c, true);
              expect(main ? outputs.get(main) : undefined, 'this case is fixed: give `output`').toBeUndefined();
            }
          });
        });
      });
    });
  }
}

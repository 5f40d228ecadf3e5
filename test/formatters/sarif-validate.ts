/**
 * SARIF validation for tests: the official SARIF 2.1.0 JSON schema (through ajv) and Microsoft's
 * SARIF Multitool `validate`, which also applies the SARIF1xxx/2xxx rules the schema cannot express.
 * Shared with the CLI end-to-end tests.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const multitoolDir = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..');
export const SARIF_SCHEMA_PATH = join(multitoolDir, 'sarif-2.1.0.json');
export const MULTITOOL = join(multitoolDir, 'Sarif.Multitool');

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

let validator: ReturnType<Ajv2020['compile']> | undefined;

/** Errors of the log against the official schema (draft 2020-12), as `path: message` strings. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, 'utf8')) as object);
  }
  if (validator(log)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

export interface MultitoolReport {
  /** Exit status of the tool; not a verdict (it exits 0 even when the log has errors). */
  status: number | null;
  stdout: string;
  /** Findings of the validator by level; a result without a level is a warning (SARIF's default). */
  errors: string[];
  warnings: string[];
  notes: string[];
}

interface ValidationLog {
  runs: { results?: { ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }[] }[];
}

/** Runs `Sarif.Multitool validate` on the text and returns its findings. */
export function runMultitool(sarifText: string): MultitoolReport {
  const dir = mkdtempSync(join(tmpdir(), 'lint500-sarif-'));
  try {
    const input = join(dir, 'input.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, sarifText);
    const run = spawnSync(MULTITOOL, ['validate', '--level', 'Error;Warning;Note', '--output', output, input], {
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 512 * 1024 * 1024,
      // .NET needs ICU unless told to run without culture data; CI images often lack libicu.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    });
    if (run.error) throw run.error;
    const report: MultitoolReport = { status: run.status, stdout: `${run.stdout}${run.stderr}`, errors: [], warnings: [], notes: [] };
    const log = JSON.parse(readFileSync(output, 'utf8')) as ValidationLog;
    for (const r of log.runs[0]?.results ?? []) {
      const text = `${r.ruleId}: ${r.message.text ?? `${r.message.id ?? ''} ${(r.message.arguments ?? []).join(' | ')}`}`;
      const level = r.level ?? 'warning';
      if (level === 'error') report.errors.push(text);
      else if (level === 'warning') report.warnings.push(text);
      else report.notes.push(text);
    }
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

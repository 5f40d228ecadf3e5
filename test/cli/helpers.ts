import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with a captured environment. */
export async function cli(args: string[], cwd: string, opts: { stdin?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd,
    env: opts.env ?? {},
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    readStdin: async () => opts.stdin ?? '',
    isTTY: opts.tty ?? false,
  });
  return { code, stdout, stderr };
}

/** A temporary project folder with the given files. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint500-cli-'));
  mkdirSync(join(dir, '.git'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

/**
 * A plugin rule over package.json files (kind `manifest`): reports every `"bad"` string as an error,
 * every `"meh"` as a warning, fixes `"bad"` to `"good"`, and throws on `"boom"`.
 */
export const PLUGIN = `
const rule = {
  meta: {
    id: 'acme/bad-value', kind: 'manifest', severity: 'error', recommended: true, status: 'stable', since: '1.0.0',
    description: 'Do not use bad values.', causes: ['unhandled-exception-500'], remediation: 'Use good values.',
    messages: { bad: 'Value "{{v}}" is bad.' }, fix: 'safe',
  },
  create(ctx) {
    return {
      manifest(node) {
        if (node.text.includes('"boom"')) throw new Error('plugin exploded');
        for (const v of ['bad', 'meh']) {
          let i = -1;
          while ((i = node.text.indexOf('"' + v + '"', i + 1)) >= 0) {
            const span = { start: i, end: i + v.length + 2 };
            ctx.report({ span, messageId: 'bad', data: { v }, severity: v === 'meh' ? 'warning' : undefined, fix: v === 'bad' ? { span, text: '"good"' } : undefined });
          }
        }
      },
    };
  },
};
export default [rule];
`;

export const CONFIG = 'plugins: ["lint500-plugin-acme"]\n';

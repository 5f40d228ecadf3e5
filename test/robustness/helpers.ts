/** Helpers of the robustness suites: temporary projects and JSON runs of the in-process CLI. */
import { cli, project } from '../cli/helpers.js';

export { cli, project };

export interface JsonMessage {
  ruleId: string;
  severity: number | string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}
export interface JsonResult {
  filePath: string;
  messages: JsonMessage[];
}

/** Runs `lint500 <args> -f json` in `dir`; results keyed by path relative to `dir`. */
export async function lintJson(dir: string, args: string[] = ['.']): Promise<{ code: number; stderr: string; files: Map<string, JsonMessage[]> }> {
  const r = await cli([...args, '-f', 'json'], dir);
  let parsed: JsonResult[];
  try {
    parsed = JSON.parse(r.stdout || '[]') as JsonResult[];
  } catch {
    throw new Error(`not JSON (exit ${r.code}): ${r.stdout.slice(0, 500)}\n${r.stderr.slice(0, 500)}`);
  }
  const files = new Map(parsed.map((f) => [f.filePath.startsWith(dir) ? f.filePath.slice(dir.length + 1) : f.filePath, f.messages]));
  return { code: r.code, stderr: r.stderr, files };
}

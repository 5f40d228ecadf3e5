/**
 * Tests that drive a real program of the system (nginx -t, Debian's Tomcat configuration, Django's
 * source, pre-commit, Neovim). On a developer machine without the program they skip, and say so in
 * their title; `.ci/run` installs every one of them and sets LINT500_REQUIRE_TOOLS=1, under which an
 * absent program fails its tests instead of skipping them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const REQUIRE_TOOLS = process.env['LINT500_REQUIRE_TOOLS'] === '1';

/** The first of `paths` that exists. */
export function firstExisting(...paths: string[]): string | undefined {
  return paths.find((p) => existsSync(p));
}

/** Whether `cmd` runs (found on PATH and exits 0 with `args`). */
export function runs(cmd: string, ...args: string[]): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 });
  return r.status === 0;
}

export interface ToolGate {
  /** Skip the describe() block (the program is absent and CI does not require it). */
  skip: boolean;
  /** The describe() title, with the reason when skipped. */
  title: string;
}

/** `describe.skipIf(g.skip)(g.title, …)` for a block that needs `what` (a Debian package name). */
export function toolGate(title: string, present: boolean, what: string): ToolGate {
  const skip = !present && !REQUIRE_TOOLS;
  return { skip, title: skip ? `${title} (${what} is not installed: skipped; .ci/run installs it)` : title };
}

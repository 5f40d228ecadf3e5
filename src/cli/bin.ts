#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ can keep the compiled code of the modules loaded after this call (in the OS temp
// folder, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE turns it off), which shortens start-up;
// Node 20 has no such API. Hence main.js is imported only now, not at the top.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { main, readAllStdin } = await import('./main.js');

const code = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: readAllStdin,
  isTTY: Boolean(process.stdout.isTTY),
});
// -1: a long-running subcommand (the language server) owns the process now.
if (code >= 0) process.exitCode = code;

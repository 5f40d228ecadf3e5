#!/usr/bin/env node
import { main, readAllStdin } from './main.js';

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

#!/usr/bin/env node
// The floor of a Dockerfile run: read every file named on the command line and parse it with
// dockerfile-ast (the parser lint500 uses), nothing else. `bench/run.mjs` times lint500 against it.
import { readFileSync } from 'node:fs';
import { DockerfileParser } from 'dockerfile-ast';

let instructions = 0;
for (const file of process.argv.slice(2)) instructions += DockerfileParser.parse(readFileSync(file, 'utf8')).getInstructions().length;
if (!instructions) process.exitCode = 1;

#!/usr/bin/env node
// `lint500-lsp`: the language server over stdio, for editors that start a server binary directly.
import { startServer } from './server.js';

startServer();

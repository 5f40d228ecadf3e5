/**
 * The lint500 language server. Open buffers are linted as they are (saved or not) together with the
 * workspace's other files on disk, so cross-file rules see the whole project; findings become
 * diagnostics (pushed, or pulled by clients that support LSP 3.17 pull diagnostics), code actions and
 * hovers. Every lint of a workspace folder goes through one queue: a change storm collapses into one
 * pass after the debounce, and a document closed or changed while a pass runs is never published
 * with stale results.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isInsideDir } from '../project/paths.js';
import { findRepoRoot } from '../project/discover.js';
import { CONFIG_NAMES, type ConfigError } from '../project/config-files.js';
import { packageVersion } from '../project/package-root.js';
import { codeActions, FIX_ALL_KIND } from './actions.js';
import { fileUri, SOURCE, toDiagnostic } from './convert.js';
import { hover } from './hover.js';
import { Linter, type DocResult, type OpenDoc } from './linter.js';
import { WorkspaceRoot } from './workspace.js';
import { classify } from '../project/classify.js';
import { LineIndex } from '../core/text.js';

export interface ServerSettings {
  /** Quiet time after the last keystroke before a lint runs. */
  debounceMs: number;
  /** At most this many workspace files are read for cross-file rules. */
  contextLimit: number;
}

const DEFAULTS: ServerSettings = { debounceMs: 250, contextLimit: 5000 };

/** Files whose change on disk changes what lint500 reports. */
const WATCH_GLOBS = [
  '**/.lint500.{yaml,yml,json}',
  '**/package.json',
  '**/{.gitignore,.lint500ignore}',
  '**/*.{conf,yaml,yml,xml,properties,js,mjs,cjs,jsx,ts,mts,cts,tsx,py,java,toml,txt,gradle,kts}',
  '**/{Dockerfile,Containerfile,Pipfile}',
  '**/{Dockerfile,Containerfile}.*',
  '**/*.{dockerfile,Dockerfile}',
  '**/{sites-available,sites-enabled,conf.d,snippets}/**',
];

function isConfigFile(abs: string): boolean {
  const name = basename(abs);
  return CONFIG_NAMES.includes(name) || name === 'package.json';
}

function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** Wires the server onto a connection; returned for tests that drive it in-process. */
export function createServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const linter = new Linter();
  const results = new Map<string, DocResult>();
  /** Bumped whenever anything a folder's pass reads changes; a result from an older generation is stale. */
  const generations = new Map<WorkspaceRoot, number>();
  const resultGen = new Map<string, number>();
  const genOf = (root: WorkspaceRoot) => generations.get(root) ?? 0;
  const bump = (root: WorkspaceRoot) => generations.set(root, genOf(root) + 1);
  const folders: WorkspaceRoot[] = [];
  const fallbackRoots = new Map<string, WorkspaceRoot>();
  const timers = new Map<WorkspaceRoot, NodeJS.Timeout>();
  const queued = new Map<WorkspaceRoot, Promise<void>>();
  const publishedConfigs = new Set<string>();
  const uriByAbs = new Map<string, string>();
  const opening = new Set<string>();
  let settings = DEFAULTS;
  let pull = false;
  let refreshSupport = false;
  let shuttingDown = false;
  let queue: Promise<void> = Promise.resolve();

  const log = (msg: string) => connection.console.log(`[lint500] ${msg}`);
  // Parameters come from the wire: a malformed message may carry anything where a URI belongs.
  const absOf = (uri: unknown): string | undefined => {
    if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
    try {
      return fileURLToPath(uri);
    } catch {
      return undefined;
    }
  };
  const uriOfAbs = (abs: string) => uriByAbs.get(abs) ?? fileUri(abs);

  const rootFor = (abs: string): WorkspaceRoot => {
    let best: WorkspaceRoot | undefined;
    for (const f of folders) if (isInsideDir(f.dir, abs) && (!best || f.dir.length > best.dir.length)) best = f;
    if (best) return best;
    const repo = findRepoRoot(dirname(abs));
    const dir = repo ?? dirname(abs);
    let root = fallbackRoots.get(dir);
    if (!root) fallbackRoots.set(dir, (root = new WorkspaceRoot(real(dir), Boolean(repo), settings.contextLimit)));
    return root;
  };

  const openDocsIn = (root: WorkspaceRoot): OpenDoc[] =>
    documents.all().flatMap((d) => {
      const abs = absOf(d.uri);
      if (!abs || rootFor(abs) !== root) return [];
      return [{ uri: d.uri, abs: real(abs), version: d.version, text: d.getText() }];
    });

  const diagnosticsOf = (r: DocResult): Diagnostic[] => r.messages.map((m) => toDiagnostic(m, r.rules.get(m.ruleId), (p) => uriOfAbs(resolve(r.cwd, p))));

  const configDiagnostics = (file: string, errors: ConfigError[]): Diagnostic[] => {
    let lines: LineIndex | undefined;
    try {
      lines = new LineIndex(readFileSync(file, 'utf8'));
    } catch {
      lines = undefined;
    }
    return errors.map((e) => {
      const line = Math.max(0, e.line - 1);
      const character = Math.max(0, e.column - 1);
      const end = lines ? Math.max(character, lines.lineEnd(e.line) - lines.lineStart(e.line)) : character;
      return { range: { start: { line, character }, end: { line, character: end } }, severity: 1, code: 'config-error', source: SOURCE, message: `lint500 configuration: ${e.message}` };
    });
  };

  const lintNow = async (root: WorkspaceRoot): Promise<void> => {
    queued.delete(root);
    if (shuttingDown) return;
    const docs = openDocsIn(root);
    if (!docs.length) return;
    const gen = genOf(root);
    for (const d of docs) uriByAbs.set(d.abs, d.uri);
    const pass = await linter.lintRoot(root, docs);
    for (const [file, errors] of pass.configs) {
      if (!errors.length && !publishedConfigs.has(file)) continue;
      if (errors.length) {
        publishedConfigs.add(file);
        log(`configuration error in ${file}: ${errors.map((e) => `${e.line}:${e.column} ${e.message}`).join('; ')}`);
      } else publishedConfigs.delete(file);
      await connection.sendDiagnostics({ uri: uriOfAbs(file), diagnostics: configDiagnostics(file, errors) });
    }
    for (const r of pass.docs) {
      const now = documents.get(r.uri);
      // Closed or edited while the pass ran: the next pass (already scheduled) publishes.
      if (!now || now.version !== r.version) continue;
      results.set(r.uri, r);
      resultGen.set(r.uri, gen);
      if (!pull) await connection.sendDiagnostics({ uri: r.uri, version: r.version, diagnostics: diagnosticsOf(r) });
    }
  };

  /** Queues one pass over a folder (coalescing with a pass already waiting) and resolves when it has run. */
  const enqueue = (root: WorkspaceRoot): Promise<void> => {
    const waiting = queued.get(root);
    if (waiting) return waiting;
    const p = queue.then(() =>
      lintNow(root).catch((e: unknown) => {
        log(`lint failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }),
    );
    queued.set(root, p);
    queue = p;
    return p;
  };

  const schedule = (root: WorkspaceRoot, delay: number) => {
    const t = timers.get(root);
    if (t) clearTimeout(t);
    timers.set(
      root,
      setTimeout(() => {
        timers.delete(root);
        void enqueue(root);
      }, delay),
    );
  };

  /** A document changed (or opened or closed): results of its folder are stale; push clients get a pass. */
  const touched = (uri: string, delay: number) => {
    const abs = absOf(uri);
    if (!abs) return;
    const root = rootFor(abs);
    bump(root);
    if (!pull) schedule(root, delay);
  };

  const allRootsWithDocs = (): WorkspaceRoot[] => {
    const set = new Set<WorkspaceRoot>();
    for (const d of documents.all()) {
      const abs = absOf(d.uri);
      if (abs) set.add(rootFor(abs));
    }
    return [...set];
  };

  /** Something on disk changed: re-lint every folder with open documents, then let pull clients ask again. */
  const relintAll = async () => {
    for (const r of allRootsWithDocs()) bump(r);
    await Promise.all(allRootsWithDocs().map((r) => enqueue(r)));
    if (pull && refreshSupport) await connection.languages.diagnostics.refresh().catch(() => undefined);
  };

  const diskChanged = (abs: string, type: 'created' | 'changed' | 'deleted') => {
    if (isConfigFile(abs)) {
      linter.configChanged();
      for (const r of [...folders, ...fallbackRoots.values()]) r.reset();
      return;
    }
    linter.filesChanged();
    for (const r of [...folders, ...fallbackRoots.values()]) if (isInsideDir(r.dir, abs)) r.fileEvent(abs, type);
  };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const opts = (params.initializationOptions ?? {}) as Partial<ServerSettings>;
    settings = {
      debounceMs: typeof opts.debounceMs === 'number' && opts.debounceMs >= 0 ? opts.debounceMs : DEFAULTS.debounceMs,
      contextLimit: typeof opts.contextLimit === 'number' && opts.contextLimit >= 0 ? opts.contextLimit : DEFAULTS.contextLimit,
    };
    const dirs = params.workspaceFolders?.length
      ? params.workspaceFolders.map((f) => f.uri)
      : params.rootUri
        ? [params.rootUri]
        : params.rootPath
          ? [fileUri(params.rootPath)]
          : [];
    for (const uri of dirs) {
      const abs = absOf(uri);
      if (abs) folders.push(new WorkspaceRoot(real(abs), true, settings.contextLimit));
    }
    const caps = params.capabilities;
    pull = Boolean(caps.textDocument?.diagnostic);
    refreshSupport = Boolean(caps.workspace?.diagnostics?.refreshSupport);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        ...(pull ? { diagnosticProvider: { identifier: 'lint500', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'lint500', version: packageVersion() },
    };
  });

  connection.onInitialized(() => {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCH_GLOBS.map((globPattern) => ({ globPattern })) }).catch(() => {
      // Clients without dynamic registration still get saves through textDocument/didSave.
    });
  });

  documents.onDidOpen((e) => {
    const abs = absOf(e.document.uri);
    if (abs) uriByAbs.set(real(abs), e.document.uri);
    opening.add(e.document.uri);
    touched(e.document.uri, 0);
  });
  documents.onDidChangeContent((e) => {
    // TextDocuments reports an opening as a content change too; the opening was handled above.
    if (opening.delete(e.document.uri)) return;
    touched(e.document.uri, settings.debounceMs);
  });
  documents.onDidSave((e) => {
    const abs = absOf(e.document.uri);
    if (!abs) return;
    // Clients that do not watch files still tell us about saves: the disk copy changed.
    diskChanged(real(abs), 'changed');
    if (isConfigFile(abs)) void relintAll();
    else touched(e.document.uri, 0);
  });
  documents.onDidClose((e) => {
    results.delete(e.document.uri);
    resultGen.delete(e.document.uri);
    if (!pull) void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    // Other open files may have cross-file findings that depended on the buffer's unsaved text.
    touched(e.document.uri, settings.debounceMs);
  });

  connection.onDidChangeWatchedFiles((params) => {
    for (const c of params.changes) {
      const abs = absOf(c.uri);
      if (!abs) continue;
      diskChanged(real(abs), c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed');
    }
    void relintAll();
  });

  /** The result for a document at its current version, linting now if needed (pull mode, code actions). */
  const fresh = async (uri: string): Promise<DocResult | undefined> => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = documents.get(uri);
      if (!doc) return undefined;
      const abs = absOf(uri);
      if (!abs) return undefined;
      const root = rootFor(abs);
      const r = results.get(uri);
      if (r && r.version === doc.version && resultGen.get(uri) === genOf(root) && !timers.has(root) && !queued.has(root)) return r;
      const t = timers.get(root);
      if (t) {
        clearTimeout(t);
        timers.delete(root);
      }
      await enqueue(root);
      const after = results.get(uri);
      if (after && after.version === documents.get(uri)?.version) return after;
    }
    return undefined;
  };

  connection.languages.diagnostics.on(async (params) => {
    const u: unknown = params?.textDocument?.uri;
    const r = typeof u === 'string' ? await fresh(u) : undefined;
    const items = r ? diagnosticsOf(r) : [];
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params?.textDocument?.uri);
    const r = results.get(params?.textDocument?.uri);
    // Offsets are only valid for the text they were computed on.
    if (!doc || !r || r.version !== doc.version) return [];
    const context = params.context ?? { diagnostics: [] };
    if (!params.range?.start || !params.range.end) return [];
    return codeActions(r, params.range, Array.isArray(context.diagnostics) ? context.diagnostics : [], Array.isArray(context.only) ? context.only : undefined, (p) => uriOfAbs(resolve(r.cwd, p)), (m) => toDiagnostic(m, r.rules.get(m.ruleId), (p) => uriOfAbs(resolve(r.cwd, p))));
  });

  connection.onHover((params) => {
    const doc = documents.get(params?.textDocument?.uri);
    if (!doc || typeof params.position?.line !== 'number' || typeof params.position.character !== 'number') return null;
    const r = results.get(doc.uri);
    const abs = absOf(doc.uri) ?? doc.uri;
    const current: DocResult =
      r && r.version === doc.version
        ? r
        : { uri: doc.uri, version: doc.version, text: doc.getText(), path: abs, kind: classify(abs, doc.getText()), messages: [], texts: new Map(), rules: new Map(), cwd: dirname(abs) };
    return hover(current, params.position);
  });

  connection.onShutdown(() => {
    shuttingDown = true;
    for (const t of timers.values()) clearTimeout(t);
    timers.clear();
  });

  documents.listen(connection);
  connection.listen();
}

/** `lint500 lsp --stdio` and `lint500-lsp`: the server over standard input and output. */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // stdout carries the protocol: anything printed by accident must not corrupt it.
  console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
  console.info = console.log;
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
  process.on('uncaughtException', (e) => connection.console.error(`[lint500] uncaught: ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => connection.console.error(`[lint500] unhandled rejection: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  createServer(connection);
}

/**
 * lint500 for VS Code: starts the lint500 language server over stdio and lets vscode-languageclient
 * do the rest (diagnostics, quick fixes, hovers). The server comes from, in order: the
 * `lint500.serverPath` setting, the workspace's `node_modules/lint500` (so the editor and CI run the
 * same version and the project's plugins resolve), or the copy bundled with the extension.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspace, type ExtensionContext, type OutputChannel, window } from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

const SERVER_IN_PACKAGE = join('dist', 'src', 'lsp', 'bin.js');

let client: LanguageClient | undefined;

/** dist/src/lsp/bin.js of a lint500 package folder, or the file itself when given one. */
function binIn(path: string): string | undefined {
  try {
    if (statSync(path).isFile()) return path;
  } catch {
    return undefined;
  }
  const bin = join(path, SERVER_IN_PACKAGE);
  return existsSync(bin) ? bin : undefined;
}

function findServer(context: ExtensionContext, out: OutputChannel): string | undefined {
  const configured = workspace.getConfiguration('lint500').get<string>('serverPath')?.trim();
  if (configured) {
    const folder = workspace.workspaceFolders?.[0]?.uri.fsPath;
    const bin = binIn(folder && !configured.startsWith('/') ? join(folder, configured) : configured);
    if (bin) return bin;
    out.appendLine(`lint500.serverPath "${configured}" is neither a lint500 package nor its ${SERVER_IN_PACKAGE}; falling back.`);
  }
  for (const folder of workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const bin = binIn(join(folder.uri.fsPath, 'node_modules', 'lint500'));
    if (bin) return bin;
  }
  // The server bundled with the extension (scripts/bundle.mjs).
  return binIn(join(context.extensionPath, 'server'));
}

async function start(context: ExtensionContext, out: OutputChannel): Promise<void> {
  const config = workspace.getConfiguration('lint500');
  if (!config.get<boolean>('enable', true)) return;
  const bin = findServer(context, out);
  if (!bin) {
    void window.showErrorMessage('lint500: no language server found. Install lint500 in the workspace or set lint500.serverPath.');
    return;
  }
  out.appendLine(`Starting ${bin}`);
  // The server is a Node program: run it with the Node that runs VS Code's extension host.
  const run = { module: bin, transport: TransportKind.stdio, options: { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'dockerfile' },
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'nginx' },
      { scheme: 'file', language: 'xml' },
      { scheme: 'file', language: 'properties' },
      { scheme: 'file', language: 'spring-boot-properties' },
      { scheme: 'file', language: 'javascript' },
      { scheme: 'file', language: 'javascriptreact' },
      { scheme: 'file', language: 'typescript' },
      { scheme: 'file', language: 'typescriptreact' },
      { scheme: 'file', language: 'python' },
      { scheme: 'file', language: 'java' },
      // Files VS Code has no language for (nginx snippets, Containerfile) still carry their names.
      { scheme: 'file', pattern: '**/{Dockerfile,Containerfile}*' },
      { scheme: 'file', pattern: '**/*.conf' },
    ],
    initializationOptions: { debounceMs: config.get<number>('debounceMs', 250) },
    outputChannel: out,
  };
  client = new LanguageClient('lint500', 'lint500', serverOptions, clientOptions);
  await client.start();
}

export async function activate(context: ExtensionContext): Promise<void> {
  const out = window.createOutputChannel('lint500');
  context.subscriptions.push(out);
  context.subscriptions.push(
    workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('lint500')) return;
      // Where the server comes from and how it is started are read at start: restart to apply.
      await client?.stop();
      client = undefined;
      await start(context, out);
    }),
  );
  await start(context, out);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

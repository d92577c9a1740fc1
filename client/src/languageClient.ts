import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, NotificationSpec, RequestSpec, SERVER_EXEC_ARGV } from '../../server/src/protocol';
import { CloseAction, ErrorAction, ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { RestartPolicy } from './restartPolicy';
import { tipUriBase } from './tipUri';

// The language client, bundled on its own (dist/languageClient.js) and loaded just after
// activation: vscode-languageclient is most of the client's code, and activation should not wait
// for it (see extension.ts).

const SUPPRESS = Commands.suppress;

// Every file on disk: a secret can sit in any text file (a `.txt`, a template, a file without an
// extension), and the engine decides by content what it reads. Other schemes (git diffs, output
// panes) are not files the user edits.
const DOCUMENT_SELECTOR = [{ scheme: 'file' }];

/** What the rest of the client uses of the server connection. */
export interface ServerConnection {
  /** Resolves once the server is up (or failed to start). */
  readonly started: Promise<void>;
  /** Undefined when the server is stopped or the request fails. */
  request<P, R>(type: RequestSpec<P, R>, params?: P): Promise<R | undefined>;
  executeCommand<T>(command: string, args: unknown[]): Promise<T | undefined>;
  notify<P>(type: NotificationSpec<P>, params?: P): void;
  onNotification<P>(type: NotificationSpec<P>, handler: (params: P) => void): void;
  /** A manual restart: also forgets earlier crashes. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  isRunning(): boolean;
  /** Crashes in the last minutes, and why the server stays stopped (if it does). */
  health(): { recentCrashes: number; stopped?: string };
}

export function startLanguageClient(context: vscode.ExtensionContext): ServerConnection {
  const restarts = new RestartPolicy();
  let stopped: string | undefined;
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: {
      configurationSection: 'vigil',
      // Team packs and the baseline reload when they change on disk.
      fileEvents: vscode.workspace.createFileSystemWatcher('**/.vigil/*.json'),
    },
    // The tips panel exists (code actions may link to it); Workspace Trust decides whether the
    // workspace pack loads; fetched packs are cached in the extension's storage.
    initializationOptions: {
      tipsCommand: true,
      // Rule codes in Problems link here; the URI handler (extension.ts) opens the tip, offline.
      tipUri: tipUriBase(context),
      trusted: vscode.workspace.isTrusted,
      cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'packs').fsPath,
      // Results of unchanged files, so reopening a workspace does not analyse it all again.
      resultCacheDir: vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'results').fsPath,
      // The TypeScript compiler's bytecode, shared by every workspace: the server starts parsing sooner.
      codeCacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'code').fsPath,
    },
    // A crashed server comes back at once, then after longer and longer pauses; one that keeps
    // crashing stays stopped and the user is told why and what to do.
    errorHandler: {
      error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
      closed: async () => {
        const wait = restarts.afterCrash();
        if (wait === undefined) {
          stopped = `Vigil: the language server stopped ${restarts.recentCrashes} times in the last 3 minutes and will not be restarted. See the "Vigil" output for the cause, then run "Vigil: Restart Server".`;
          void vscode.window.showErrorMessage(stopped, 'Restart Server').then((choice) => {
            if (choice) void vscode.commands.executeCommand('vigil.restartServer');
          });
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        if (wait > 0) {
          vscode.window.setStatusBarMessage(`Vigil: the language server stopped; restarting in ${wait / 1000} s`, wait);
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
        return { action: CloseAction.Restart, handled: true };
      },
    },
    // Hovers link to the tips panel; only that command may run from server-provided markdown.
    markdown: { isTrusted: { enabledCommands: ['vigil.showTip'] }, supportHtml: false },
    middleware: {
      executeCommand: async (command, args, next) => {
        if (command === SUPPRESS && args.length === 3) {
          const reason = await askSuppressionReason(String(args[2]));
          if (reason === undefined) return undefined;
          return next(command, [...args, reason]);
        }
        return next(command, args);
      },
    },
  };
  const client = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
  const started = client.start().catch((err: Error) => {
    void vscode.window.showErrorMessage(`Vigil: the language server did not start (${err.message}). Run "Vigil: Restart Server" to try again.`);
  });
  const request = async <T>(send: () => Promise<T>): Promise<T | undefined> => {
    // A starting client queues the request until the server is up.
    if (client.state === State.Stopped) return undefined;
    try {
      return await send();
    } catch {
      return undefined;
    }
  };
  return {
    started,
    request: <P, R>(type: RequestSpec<P, R>, params?: P) => request(() => client.sendRequest<R>(type.method, params)),
    executeCommand: (command, args) => request(() => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args })),
    notify: (type, params) => void client.sendNotification(type.method, params),
    onNotification: (type, handler) => void client.onNotification(type.method, handler),
    restart: async () => {
      restarts.reset();
      stopped = undefined;
      await client.restart();
    },
    stop: () => client.stop(),
    isRunning: () => client.isRunning(),
    health: () => ({ recentCrashes: restarts.recentCrashes, ...(stopped ? { stopped } : {}) }),
  };
}

function askSuppressionReason(ruleId: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Suppress ${ruleId}`,
    prompt: 'Why is this safe? The reason is written next to the suppression for reviewers.',
    placeHolder: 'e.g. test fixture, not a real credential',
    validateInput: (value) => (value.trim().length === 0 ? 'A reason is required to suppress a finding.' : undefined),
  });
}

import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { installHook } from '../../server/src/workspace/gitHook';
import { createPracticeWorkspace, practiceDir, trackPractice } from './practice';
import { StatusBar, showFindingsMenu } from './statusBar';
import { TipsViewProvider } from './tipsView';

// Thin client: starts the language server and hosts VS Code UI (tips panel, status bar,
// walkthrough commands). Every finding comes from the server.

const SCAN_WORKSPACE = 'vigil.server.scanWorkspace';
const SUPPRESS = 'vigil.server.suppress';
const WALKTHROUGH = 'vigil.vigil#vigil.onboarding';

/** Files Vigil analyses in the editor: code and config, not prose. */
const DOCUMENT_SELECTOR = [
  ...['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'json', 'jsonc', 'yaml', 'dotenv', 'properties', 'ini', 'shellscript', 'python', 'dockerfile', 'xml', 'toml'].map(
    (language) => ({ scheme: 'file', language }),
  ),
  { scheme: 'file', pattern: '**/.env*' },
];

let client: LanguageClient | undefined;

/** What the extension exports: used by its extension-host tests. */
export interface VigilApi {
  tips: TipsViewProvider;
  createPracticeWorkspace(dir?: string): Promise<string>;
  /** The language server's process id (crash-recovery tests). */
  serverProcessId(): Promise<number | undefined>;
}

export async function activate(context: vscode.ExtensionContext): Promise<VigilApi> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
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
      trusted: vscode.workspace.isTrusted,
      cacheDir: vscode.Uri.joinPath(context.globalStorageUri, 'packs').fsPath,
      // Results of unchanged files, so reopening a workspace does not analyse it all again.
      resultCacheDir: vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'results').fsPath,
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
  client = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);

  const tips = new TipsViewProvider(context, () => client);
  const statusBar = new StatusBar();
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(TipsViewProvider.viewId, tips),
    tips,
    statusBar,
    vscode.commands.registerCommand('vigil.scanWorkspace', () => scanWorkspace()),
    vscode.commands.registerCommand('vigil.showTips', () => vscode.commands.executeCommand(`${TipsViewProvider.viewId}.focus`)),
    vscode.commands.registerCommand('vigil.showTip', async (ruleId?: string) => {
      await vscode.commands.executeCommand(`${TipsViewProvider.viewId}.focus`);
      if (typeof ruleId === 'string') await tips.showRule(ruleId, true);
    }),
    vscode.commands.registerCommand('vigil.restartServer', async () => {
      await client?.restart();
      void vscode.window.setStatusBarMessage('Vigil: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('vigil.openWalkthrough', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false),
    ),
    vscode.commands.registerCommand('vigil.openPracticeWorkspace', async () => {
      const dir = await createPracticeWorkspace(practiceDir(context));
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: false });
    }),
    vscode.commands.registerCommand('vigil.showHouseRules', async () => {
      await vscode.commands.executeCommand(`${TipsViewProvider.viewId}.focus`);
      await tips.showHouseRules();
    }),
    vscode.commands.registerCommand('vigil.installPreCommitHook', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return void vscode.window.showWarningMessage('Vigil: open a folder (a git repository) first.');
      const result = await installHook(folder.uri.fsPath);
      void (result.ok ? vscode.window.showInformationMessage(`Vigil: ${result.message}`) : vscode.window.showWarningMessage(`Vigil: ${result.message}`));
    }),
    vscode.commands.registerCommand('vigil.statusBarMenu', () => showFindingsMenu()),
    trackPractice(context),
  );
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.sendNotification('vigil/trustGranted')));
  client.onNotification('vigil/packsChanged', () => void tips.refresh());
  // Activation does not wait for the server: VS Code waits for `activate`, and requests made
  // before the server is up wait for it (vscode-languageclient queues them).
  const started = client.start().catch((err: Error) => {
    void vscode.window.showErrorMessage(`Vigil: the language server did not start (${err.message}). Run "Vigil: Restart Server" to try again.`);
  });
  return {
    tips,
    createPracticeWorkspace: (dir) => createPracticeWorkspace(dir ?? practiceDir(context)),
    serverProcessId: async () => {
      await started;
      return client?.isRunning() ? client.sendRequest<number>('vigil/processId') : undefined;
    },
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function scanWorkspace(): Promise<void> {
  if (!client) return;
  const result = (await client.sendRequest(ExecuteCommandRequest.type, { command: SCAN_WORKSPACE, arguments: [] })) as
    | { files: number; findings: number; skipped: number; cancelled: boolean }
    | undefined;
  if (result) {
    const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
    void vscode.window.showInformationMessage(
      `Vigil: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}${skipped}${result.cancelled ? ' (cancelled)' : ''}.`,
    );
  }
}

function askSuppressionReason(ruleId: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: `Suppress ${ruleId}`,
    prompt: 'Why is this safe? The reason is written next to the suppression for reviewers.',
    placeHolder: 'e.g. test fixture, not a real credential',
    validateInput: (value) => (value.trim().length === 0 ? 'A reason is required to suppress a finding.' : undefined),
  });
}

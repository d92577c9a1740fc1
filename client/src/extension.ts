import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands, InstallHookRequest, PacksChangedNotification, ProcessIdRequest, TrustGrantedNotification } from '../../server/src/protocol';
import type { ServerConnection } from './languageClient';
import { createPracticeWorkspace, markPracticeJustOpened, practiceDir, trackPractice } from './practice';
import { StatusBar, showFindingsMenu } from './statusBar';
import { ruleOfTipUri } from './tipUri';
import { TipsViewProvider } from './tipsView';

// Thin client: starts the language server and hosts VS Code UI (tips panel, status bar,
// walkthrough commands). Every finding comes from the server. Activation registers the UI and
// returns at once; the language client (most of the client's code, dist/languageClient.js) loads
// and starts the server right after, and anything that needs the server waits for it.

const SCAN_WORKSPACE = Commands.scanWorkspace;
const WALKTHROUGH = 'vigil.vigil#vigil.onboarding';
/** Context key: the pre-commit hook was installed in this window (the walkthrough's last step). */
export const HOOK_INSTALLED = 'vigil.hookInstalled';

let server: Promise<ServerConnection> | undefined;
/** When this module's body started to run: activation is timed from here (the benchmark reads it). */
const moduleStarted = performance.now();

/** What the extension exports: used by its extension-host tests. */
export interface VigilApi {
  tips: TipsViewProvider;
  createPracticeWorkspace(dir?: string): Promise<string>;
  /** The language server's process id (crash-recovery tests). */
  serverProcessId(): Promise<number | undefined>;
  /** Recent crashes, and why the server stays stopped if it does (crash-recovery tests). */
  serverHealth(): Promise<{ recentCrashes: number; stopped?: string }>;
  /** The status-bar item's text and tooltip (status-bar tests). */
  statusBar(): { text: string; tooltip: string };
  /** Milliseconds from this module's body to the end of `activate` (test/bench/activation.mjs). */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<VigilApi> {
  // After this turn of the event loop: VS Code counts activation until `activate` returns.
  server = new Promise((resolve, reject) =>
    setImmediate(() => {
      try {
        resolve(loadLanguageClient().startLanguageClient(context));
      } catch (err) {
        void vscode.window.showErrorMessage(`Vigil: the language client did not load (${(err as Error).message}).`);
        reject(err);
      }
    }),
  );
  const tips = new TipsViewProvider(context, server);
  const statusBar = new StatusBar(server.catch(() => undefined));
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
      await (await server)?.restart();
      void vscode.window.setStatusBarMessage('Vigil: language server restarted', 3000);
    }),
    vscode.commands.registerCommand('vigil.openWalkthrough', () => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH, false)),
    vscode.commands.registerCommand('vigil.openPracticeWorkspace', async () => {
      const dir = await createPracticeWorkspace(practiceDir(context));
      await markPracticeJustOpened(context);
      await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(dir), { forceNewWindow: false });
    }),
    vscode.commands.registerCommand('vigil.searchTips', async () => {
      await vscode.commands.executeCommand(`${TipsViewProvider.viewId}.focus`);
      await tips.focusSearch();
    }),
    vscode.commands.registerCommand('vigil.showHouseRules', async () => {
      await vscode.commands.executeCommand(`${TipsViewProvider.viewId}.focus`);
      await tips.showHouseRules();
    }),
    vscode.commands.registerCommand('vigil.installPreCommitHook', async () => {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder) return void vscode.window.showWarningMessage('Vigil: open a folder (a git repository) first.');
      // The extension carries the CLI: the hook falls back on it when the project has none. The
      // team pack's policy (from the server, which loaded it) says whether a missing CLI blocks.
      // The server installs it (it knows the team pack's policy on a missing CLI); the client
      // only says where the bundled CLI is.
      const connection = await server;
      const result = connection?.isRunning() ? await connection.request(InstallHookRequest, { folder: folder.uri.fsPath, bundledCli: context.asAbsolutePath('dist/cli.js') }) : undefined;
      if (!result)
        return void vscode.window.showWarningMessage(
          'Vigil: the language server is not running, so the hook was not installed. Restart it ("Vigil: Restart Server"), or run `vigil install-hook` in a terminal.',
        );
      // The walkthrough's pre-commit step completes on this key (onContext:): set only when the hook really was installed.
      if (result.ok) await vscode.commands.executeCommand('setContext', HOOK_INSTALLED, true);
      void (result.ok ? vscode.window.showInformationMessage(`Vigil: ${result.message}`) : vscode.window.showWarningMessage(`Vigil: ${result.message}`));
    }),
    vscode.commands.registerCommand('vigil.statusBarMenu', () => showFindingsMenu()),
    // Rule codes in Problems link to `<scheme>://vigil.vigil/tip?rule=<id>` (see the language
    // client's initializationOptions.tipUri): open Vigil's own tip, no network needed.
    vscode.window.registerUriHandler({ handleUri: (uri) => void openTipUri(uri) }),
    trackPractice(context),
  );
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(async () => (await server)?.notify(TrustGrantedNotification)));
  // One handler per notification method (a second one would replace the first).
  void server.then((s) =>
    s.onNotification(PacksChangedNotification, () => {
      void tips.refresh();
      void statusBar.refreshPacks();
    }),
  );
  return {
    tips,
    createPracticeWorkspace: (dir) => createPracticeWorkspace(dir ?? practiceDir(context)),
    serverProcessId: async () => {
      const connection = await server;
      await connection?.started;
      return connection?.isRunning() ? connection.request(ProcessIdRequest) : undefined;
    },
    serverHealth: async () => (await server)?.health() ?? { recentCrashes: 0 },
    statusBar: () => statusBar.view(),
    activationMs: performance.now() - moduleStarted,
  };
}

export async function deactivate(): Promise<void> {
  await (await server)?.stop();
}

/** Opens the tip a `…/tip?rule=<id>` URI names; other URIs are ignored. */
export async function openTipUri(uri: vscode.Uri): Promise<boolean> {
  const rule = ruleOfTipUri(uri);
  if (!rule) return false;
  await vscode.commands.executeCommand('vigil.showTip', rule);
  return true;
}

/** The separately bundled language client, beside this bundle. */
function loadLanguageClient(): typeof import('./languageClient') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(__dirname, 'languageClient.js')) as typeof import('./languageClient');
}

async function scanWorkspace(): Promise<void> {
  const connection = await server;
  const result = await connection?.executeCommand<{ files: number; findings: number; skipped: number; cancelled: boolean }>(SCAN_WORKSPACE, []);
  if (result) {
    const skipped = result.skipped > 0 ? `, ${result.skipped} skipped` : '';
    void vscode.window.showInformationMessage(
      `Vigil: ${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.files} file${result.files === 1 ? '' : 's'}${skipped}${result.cancelled ? ' (cancelled)' : ''}.`,
    );
  }
}

import * as vscode from 'vscode';
import { PackInfoRequest, ScanFinishedNotification, ScanProgressNotification, ScanStartedNotification } from '../../server/src/protocol';
import { countFindings, FindingRow, findingsList, ScanState, Severity, statusView, teamPacks } from './findingsFormat';
import type { ServerConnection } from './languageClient';

/** Vigil's findings in VS Code's diagnostics, with where they are. */
function vigilFindings(): Array<FindingRow & { uri: vscode.Uri; range: vscode.Range }> {
  return vscode.languages.getDiagnostics().flatMap(([uri, ds]) =>
    ds
      .filter((d) => d.source === 'vigil')
      .map((d) => ({
        ruleId: String(typeof d.code === 'object' ? d.code.value : (d.code ?? '')),
        message: d.message,
        severity: d.severity as Severity,
        path: vscode.workspace.asRelativePath(uri),
        line: d.range.start.line + 1,
        uri,
        range: d.range,
      })),
  );
}

/**
 * Status-bar item: what VS Code's own problem counts do not say: whether Vigil is scanning (and
 * how far), its findings by category, and the team pack in force. Opens the findings menu.
 */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vigil.findings', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;
  private scan: ScanState = { scanning: false };
  private packs: string[] | undefined;

  constructor(server?: Promise<ServerConnection | undefined>) {
    this.item.name = 'Vigil';
    this.item.command = 'vigil.statusBarMenu';
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.update());
    this.update();
    this.item.show();
    void server?.then(async (connection) => {
      if (!connection) return;
      connection.onNotification(ScanStartedNotification, () => this.setScan({ scanning: true, last: this.scan.last }));
      connection.onNotification(ScanProgressNotification, (p) => this.setScan({ ...this.scan, scanning: true, done: p.done, total: p.total }));
      connection.onNotification(ScanFinishedNotification, (p) =>
        this.setScan({ scanning: false, last: { files: Number(p.files ?? 0), findings: Number(p.findings ?? 0), cancelled: p.cancelled === true } }),
      );
      this.connection = connection;
      await this.refreshPacks();
    });
  }

  private connection: ServerConnection | undefined;

  /** Asks the server for the packs in force again (on start and when they change). */
  async refreshPacks(): Promise<void> {
    const connection = this.connection;
    if (!connection) return;
    await connection.started;
    const info = connection.isRunning() ? await connection.request(PackInfoRequest, undefined) : undefined;
    this.packs = info ? teamPacks(info.sources) : [];
    this.update();
  }

  private setScan(scan: ScanState): void {
    this.scan = scan;
    this.update();
  }

  update(): void {
    const view = statusView(countFindings(vigilFindings()), this.scan, this.packs);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.accessibilityInformation = { label: view.tooltip };
  }

  view(): { text: string; tooltip: string } {
    return { text: this.item.text, tooltip: String(this.item.tooltip ?? '') };
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

/**
 * The status bar's menu. VS Code 1.100 has no API to set the Problems view's filter text (its
 * filter box is internal), so "Problems" opens the view and focuses its filter box; Vigil's own
 * list is the filtered view.
 */
export async function showFindingsMenu(): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(list-flat) Show Vigil findings', description: 'sorted by severity, with file:line', action: 'findings' },
      { label: '$(warning) Open the Problems view', description: 'type "vigil" in its filter box for Vigil only', action: 'problems' },
      { label: '$(book) Open Training Tips', action: 'tips' },
      { label: '$(run-all) Scan Workspace', action: 'scan' },
    ],
    { title: 'Vigil' },
  );
  if (choice?.action === 'problems') {
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('problems.action.focusFilter').then(undefined, () => undefined);
  }
  if (choice?.action === 'tips') await vscode.commands.executeCommand('vigil.showTips');
  if (choice?.action === 'scan') await vscode.commands.executeCommand('vigil.scanWorkspace');
  if (choice?.action !== 'findings') return;
  const findings = vigilFindings();
  const items = findingsList(findings).map((i) =>
    i.separator ? { label: i.separator, kind: vscode.QuickPickItemKind.Separator } : { label: i.label, description: i.description, detail: i.detail, finding: i.finding },
  );
  const picked = await vscode.window.showQuickPick(items, {
    title: `Vigil findings (${findings.length}), most severe first`,
    placeHolder: 'Filter by file, rule or message',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  const f = picked && 'finding' in picked ? picked.finding : undefined;
  if (f) await vscode.window.showTextDocument(f.uri, { selection: f.range });
}

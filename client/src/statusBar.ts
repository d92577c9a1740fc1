import * as vscode from 'vscode';

/** Status-bar item with Vigil's finding count by severity; opens the Problems view. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vigil.findings', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = 'Vigil findings';
    this.item.command = 'vigil.statusBarMenu';
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.update());
    this.update();
    this.item.show();
  }

  update(): void {
    let errors = 0;
    let warnings = 0;
    let infos = 0;
    for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
      for (const d of diagnostics) {
        if (d.source !== 'vigil') continue;
        if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
        else infos++;
      }
    }
    const total = errors + warnings + infos;
    this.item.text = total === 0 ? '$(shield) Vigil' : `$(shield) Vigil $(error) ${errors} $(warning) ${warnings}${infos ? ` $(info) ${infos}` : ''}`;
    this.item.tooltip = `Vigil: ${errors} errors, ${warnings} warnings, ${infos} info. Click to list Vigil findings or open the tips.`;
    this.item.accessibilityInformation = { label: `Vigil: ${errors} errors, ${warnings} warnings, ${infos} information findings` };
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

/** The status bar's menu: Vigil's findings only (Problems filtered to Vigil), the Problems view, or the tips. */
export async function showFindingsMenu(): Promise<void> {
  const choice = await vscode.window.showQuickPick(
    [
      { label: '$(shield) Show Vigil findings', action: 'findings' },
      { label: '$(warning) Open the Problems view', action: 'problems' },
      { label: '$(book) Open Training Tips', action: 'tips' },
    ],
    { title: 'Vigil' },
  );
  if (choice?.action === 'problems') await vscode.commands.executeCommand('workbench.actions.view.problems');
  if (choice?.action === 'tips') await vscode.commands.executeCommand('vigil.showTips');
  if (choice?.action !== 'findings') return;
  const icon: Record<number, string> = { 0: '$(error)', 1: '$(warning)', 2: '$(info)', 3: '$(info)' };
  const items = vscode.languages.getDiagnostics().flatMap(([uri, ds]) =>
    ds
      .filter((d) => d.source === 'vigil')
      .map((d) => ({
        label: `${icon[d.severity]} ${d.message}`,
        description: `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`,
        uri,
        range: d.range,
      })),
  );
  const picked = await vscode.window.showQuickPick(items, { title: `Vigil findings (${items.length})`, matchOnDescription: true });
  if (picked) await vscode.window.showTextDocument(picked.uri, { selection: picked.range });
}

import * as vscode from 'vscode';

/** Status-bar item with Vigil's finding count by severity; opens the Problems view. */
export class StatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('vigil.findings', vscode.StatusBarAlignment.Left, 50);
  private readonly listener: vscode.Disposable;

  constructor() {
    this.item.name = 'Vigil findings';
    this.item.command = 'workbench.actions.view.problems';
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
    this.item.tooltip = `Vigil: ${errors} errors, ${warnings} warnings, ${infos} info. Click to open the Problems view.`;
    this.item.accessibilityInformation = { label: `Vigil: ${errors} errors, ${warnings} warnings, ${infos} information findings` };
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}

import { randomBytes } from 'node:crypto';
import MarkdownIt from 'markdown-it';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';

/** A rule's training tip as the server sends it (`vigil/tip`, `vigil/tips`). */
export interface Tip {
  ruleId: string;
  name: string;
  category: string;
  severity: string;
  tip: string;
  cwe: string[];
  owasp: string[];
}

// Raw HTML in tips is disabled: tips come from rule packs and must not inject markup or scripts.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/**
 * The training-tips webview view: follows the cursor and shows the tip for the Vigil finding
 * under it, or a tip of the day. Strict CSP with a nonce; no remote content.
 */
export class TipsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'vigil.tips';
  private view: vscode.WebviewView | undefined;
  /** What the webview shows now (`mode:ruleId`), so unchanged content is not re-rendered. */
  private renderedKey: string | undefined;
  private pinned = false;
  private allTips: Tip[] | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly extensionUri: vscode.Uri, private readonly client: () => LanguageClient | undefined) {
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection(() => this.followCursorSoon()),
      vscode.window.onDidChangeActiveTextEditor(() => this.followCursorSoon()),
      vscode.languages.onDidChangeDiagnostics(() => this.followCursorSoon()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [] };
    view.webview.onDidReceiveMessage((message: { type?: string; ruleId?: string }) => {
      if (message.type === 'show' && typeof message.ruleId === 'string') void this.showRule(message.ruleId, true);
    }, undefined, this.disposables);
    view.onDidChangeVisibility(() => view.visible && this.followCursorSoon(), undefined, this.disposables);
    this.renderedKey = undefined;
    void this.followCursor();
  }

  /** Shows one rule's tip; `pin` keeps it until the cursor lands on another finding. */
  async showRule(ruleId: string, pin = false): Promise<void> {
    this.pinned = pin;
    if (this.renderedKey === `finding:${ruleId}`) return;
    const tip = await this.request<Tip | null>('vigil/tip', { ruleId });
    await this.render(tip ?? undefined, tip ? 'finding' : 'none');
  }

  private followCursorSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.followCursor(), 120);
  }

  private async followCursor(): Promise<void> {
    if (!this.view?.visible) return;
    const ruleId = ruleIdUnderCursor();
    if (ruleId) {
      await this.showRule(ruleId);
      return;
    }
    if (this.pinned) return;
    await this.render(await this.tipOfTheDay(), 'daily');
  }

  private async tipOfTheDay(): Promise<Tip | undefined> {
    this.allTips ??= (await this.request<Tip[]>('vigil/tips', undefined)) ?? undefined;
    if (!this.allTips || this.allTips.length === 0) return undefined;
    const day = Math.floor(Date.now() / 86_400_000);
    return this.allTips[day % this.allTips.length];
  }

  private async request<T>(method: string, params: unknown): Promise<T | undefined> {
    const client = this.client();
    if (!client?.isRunning()) return undefined;
    try {
      return await client.sendRequest<T>(method, params);
    } catch {
      return undefined;
    }
  }

  private async render(tip: Tip | undefined, mode: 'finding' | 'daily' | 'none'): Promise<void> {
    if (!this.view) return;
    const key = `${mode}:${tip?.ruleId ?? ''}`;
    if (key === this.renderedKey) return;
    this.renderedKey = key;
    this.allTips ??= (await this.request<Tip[]>('vigil/tips', undefined)) ?? undefined;
    this.view.webview.html = renderHtml(this.view.webview, tip, mode, this.allTips ?? []);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function ruleIdUnderCursor(): string | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const cursor = editor.selection.active;
  const here = vscode.languages
    .getDiagnostics(editor.document.uri)
    .filter((d) => d.source === 'vigil' && d.range.contains(cursor));
  const code = here[0]?.code;
  const id = typeof code === 'object' ? code.value : code;
  return id === undefined ? undefined : String(id);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderHtml(webview: vscode.Webview, tip: Tip | undefined, mode: 'finding' | 'daily' | 'none', all: Tip[]): string {
  const nonce = randomBytes(16).toString('base64');
  const heading = mode === 'finding' ? 'Finding under the cursor' : mode === 'daily' ? 'Tip of the day' : 'No tip';
  const body = tip
    ? `<article aria-labelledby="tip-title">
        <p class="meta"><span class="badge ${escapeHtml(tip.severity)}">${escapeHtml(tip.severity)}</span> ${escapeHtml(tip.category)} · <code>${escapeHtml(tip.ruleId)}</code></p>
        <h2 id="tip-title">${escapeHtml(tip.name)}</h2>
        <div class="tip">${markdown.render(tip.tip)}</div>
        <p class="refs">${[...tip.cwe, ...tip.owasp.map((o) => `OWASP ${o}`)].map(escapeHtml).join(' · ')}</p>
      </article>`
    : '<p>Move the cursor onto a Vigil finding to see what is wrong, why it matters and how to fix it.</p>';
  const list = all
    .map((t) => `<li><button type="button" data-rule="${escapeHtml(t.ruleId)}" aria-label="Show tip: ${escapeHtml(t.name)}">${escapeHtml(t.name)}</button></li>`)
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Vigil training tips</title>
<style nonce="${nonce}">
  body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); padding: 0 12px 12px; }
  h1 { font-size: 0.85em; text-transform: uppercase; letter-spacing: 0.04em; color: var(--vscode-descriptionForeground); margin: 10px 0 4px; }
  h2 { font-size: 1.2em; margin: 4px 0 8px; }
  h3 { font-size: 1.05em; }
  code { font-family: var(--vscode-editor-font-family); background: var(--vscode-textCodeBlock-background); padding: 0 3px; }
  a { color: var(--vscode-textLink-foreground); }
  .meta, .refs { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
  .badge { border-radius: 3px; padding: 0 5px; color: var(--vscode-badge-foreground); background: var(--vscode-badge-background); }
  .badge.error { background: var(--vscode-editorError-foreground); color: var(--vscode-editor-background); }
  .badge.warning { background: var(--vscode-editorWarning-foreground); color: var(--vscode-editor-background); }
  ul { list-style: none; padding: 0; }
  li button { background: none; border: none; color: var(--vscode-textLink-foreground); cursor: pointer; padding: 2px 0; text-align: left; font: inherit; }
  li button:focus { outline: 1px solid var(--vscode-focusBorder); }
  hr { border: none; border-top: 1px solid var(--vscode-panel-border); }
</style>
</head>
<body>
<h1>${heading}</h1>
<main id="tip" aria-live="polite">${body}</main>
<hr>
<nav aria-label="All tips"><h1>All tips</h1><ul>${list}</ul></nav>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  for (const button of document.querySelectorAll('button[data-rule]')) {
    button.addEventListener('click', () => vscode.postMessage({ type: 'show', ruleId: button.dataset.rule }));
  }
</script>
</body>
</html>`;
}

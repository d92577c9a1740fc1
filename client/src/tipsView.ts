import * as vscode from 'vscode';
import { PackInfoRequest, RequestSpec, TipRequest, TipsRequest } from '../../server/src/protocol';
import type { ServerConnection } from './languageClient';
import { PackInfo, renderPanel, Tip, TipMode } from './tipsHtml';

const READ_KEY = 'vigil.readTips';
const LAST_TIP_KEY = 'vigil.lastTip';

/** A message the panel's script posts. */
export type PanelMessage = { type: 'show'; ruleId: string } | { type: 'markRead'; ruleId: string };

/**
 * The training-tips webview view: follows the cursor and shows the tip for the Vigil finding under
 * it (or a tip of the day), lets people browse, search and mark tips read (progress kept in global
 * state), and shows the team's house rules.
 */
export class TipsViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'vigil.tips';
  private view: vscode.WebviewView | undefined;
  private current: Tip | undefined;
  private mode: TipMode = 'daily';
  private pinned = false;
  /** The finding's rule under the cursor when a tip was pinned: the cursor staying there keeps the pinned tip. */
  private underCursorAtPin: string | undefined;
  private allTips: Tip[] | undefined;
  private pack: PackInfo | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly server: Promise<ServerConnection>,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeTextEditorSelection(() => this.followCursorSoon()),
      vscode.window.onDidChangeActiveTextEditor(() => this.followCursorSoon()),
      vscode.languages.onDidChangeDiagnostics(() => this.followCursorSoon()),
    );
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [] };
    view.webview.onDidReceiveMessage((m: PanelMessage) => void this.handleMessage(m), undefined, this.disposables);
    view.onDidChangeVisibility(() => view.visible && this.followCursorSoon(), undefined, this.disposables);
    // Back where the reader left off (state kept across reloads).
    const last = this.context.workspaceState.get<string>(LAST_TIP_KEY);
    void (last ? this.showRule(last, true) : this.followCursor());
  }

  /** What the panel's script can ask for. Public so extension-host tests can drive it like the webview does. */
  async handleMessage(message: PanelMessage): Promise<void> {
    if (message.type === 'show' && typeof message.ruleId === 'string') await this.showRule(message.ruleId, true);
    if (message.type === 'markRead' && typeof message.ruleId === 'string') {
      const read = new Set(this.read());
      read.add(message.ruleId);
      await this.context.globalState.update(READ_KEY, [...read]);
      await this.render();
    }
  }

  /** Read / total, for tests and the walkthrough. */
  progress(): { read: number; total: number; current: string | undefined; mode: TipMode } {
    const read = this.read();
    return { read: (this.allTips ?? []).filter((t) => read.has(t.ruleId)).length, total: this.allTips?.length ?? 0, current: this.current?.ruleId, mode: this.mode };
  }

  /** Shows one tip; `pin` keeps it until the cursor lands on another finding. */
  async showRule(ruleId: string, pin = false): Promise<void> {
    this.pinned = pin;
    if (pin) this.underCursorAtPin = ruleIdUnderCursor();
    const mode: TipMode = pin ? 'chosen' : 'finding';
    // Same tip, same reason to show it: nothing to redraw. (A tip chosen from a link that the
    // cursor then lands on becomes the finding's tip.)
    if (this.current?.ruleId === ruleId && this.mode === mode) return;
    const tip = await this.request(TipRequest, { ruleId });
    if (!tip) return;
    this.current = tip;
    this.mode = mode;
    await this.context.workspaceState.update(LAST_TIP_KEY, pin ? ruleId : undefined);
    await this.render();
  }

  /** The title bar's magnifier: puts the keyboard in the panel's search box. */
  async focusSearch(): Promise<void> {
    if (!this.view) await new Promise((resolve) => setTimeout(resolve, 200));
    await this.view?.webview.postMessage({ type: 'focusSearch' });
  }

  async showHouseRules(): Promise<void> {
    await this.render();
    await this.view?.webview.postMessage({ type: 'focusHouseRules' });
  }

  /** Packs or tips changed on the server: fetch them again. */
  async refresh(): Promise<void> {
    this.allTips = undefined;
    this.pack = undefined;
    await this.render();
  }

  private read(): Set<string> {
    return new Set(this.context.globalState.get<string[]>(READ_KEY, []));
  }

  private followCursorSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.followCursor(), 120);
  }

  private async followCursor(): Promise<void> {
    if (!this.view?.visible) return;
    const ruleId = ruleIdUnderCursor();
    // A tip chosen (a link, the list) stays until the cursor lands on another finding: the panel
    // becoming visible with the cursor where it was does not replace it.
    if (this.pinned && ruleId === this.underCursorAtPin) return;
    this.underCursorAtPin = undefined;
    if (ruleId) {
      await this.showRule(ruleId);
      return;
    }
    if (this.pinned || (this.current && this.mode === 'daily')) return;
    this.current = await this.tipOfTheDay();
    this.mode = 'daily';
    await this.render();
  }

  private async tipOfTheDay(): Promise<Tip | undefined> {
    const all = await this.tips();
    if (all.length === 0) return undefined;
    const day = Math.floor(Date.now() / 86_400_000);
    return all[day % all.length];
  }

  private async tips(): Promise<Tip[]> {
    this.allTips ??= (await this.request(TipsRequest, undefined)) ?? undefined;
    return this.allTips ?? [];
  }

  private async request<P, R>(type: RequestSpec<P, R>, params: P): Promise<R | undefined> {
    return (await this.server).request(type, params);
  }

  private async render(): Promise<void> {
    if (!this.view) return;
    const all = await this.tips();
    this.pack ??= await this.request(PackInfoRequest, undefined);
    this.view.webview.html = renderPanel({ current: this.current, mode: this.mode, all, read: this.read(), pack: this.pack, cspSource: this.view.webview.cspSource });
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
  const here = vscode.languages.getDiagnostics(editor.document.uri).filter((d) => d.source === 'vigil' && d.range.contains(cursor));
  const code = here[0]?.code;
  const id = typeof code === 'object' ? code.value : code;
  return id === undefined ? undefined : String(id);
}

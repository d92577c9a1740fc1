// The protocol between Vigil's client and its language server, declared once and imported by
// both (as vscode-eslint does): command ids, the `vigil/*` requests and notifications with their
// payloads. No imports: the client bundle takes nothing else of the server's source with it.

/** A request: its method and, as types only, its parameters and result. */
export interface RequestSpec<P, R> {
  readonly method: string;
  /** Phantom fields: never set, they only carry the types. */
  readonly params?: P;
  readonly result?: R;
}
export interface NotificationSpec<P> {
  readonly method: string;
  readonly params?: P;
}
const request = <P, R>(method: string): RequestSpec<P, R> => ({ method });
const notification = <P>(method: string): NotificationSpec<P> => ({ method });

/**
 * Node options the editor starts the language server with: semi-spaces of 4 MB at most (V8 grows
 * them to 16 MB). The server lives as long as the editor, and while it scans a workspace its own
 * thread (results arriving, edits answered) and the scan worker (which inherits the option) kept
 * a young generation that large: peak 207-217 MB during the startup scan of 27,000 files with
 * 200 edits, against 169-171 MB with this option and 155-162 MB for `vigil scan` of the same tree
 * on one thread; the scan took 4% longer, edits were answered as fast (p99 39-43 ms).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4'];

/** Commands the server executes (workspace/executeCommand) and the client command it links to. */
export const Commands = {
  scanWorkspace: 'vigil.server.scanWorkspace',
  suppress: 'vigil.server.suppress',
  movedToEnv: 'vigil.server.movedToEnv',
  /** The client's own command (the tips panel): the server links to it only when the client says it has it. */
  showTip: 'vigil.showTip',
} as const;

/** A training tip as the tips panel shows it. */
export interface Tip {
  ruleId: string;
  name: string;
  /** `secret`, `transport`, `crypto` or `topic`. */
  category: string;
  severity: string;
  tip: string;
  cwe: string[];
  owasp: string[];
  /** Words the rule looks for (`md5`, `createhash`): search finds a tip by them too. */
  keywords?: string[];
}

/** The packs in force and the team's house rules. */
export interface PackInfo {
  sources: Array<{ id: string; version: string; publisher: string; description: string; origin: string }>;
  houseRules: string[];
  policy?: { hookWithoutCli?: 'warn' | 'block'; [key: string]: unknown };
}

export interface InstallHookParams {
  /** The workspace folder (a path on disk). */
  folder: string;
  /** The CLI bundled with the extension, used by the hook when `vigil` is not installed. */
  bundledCli: string;
}
export interface InstallHookResult {
  ok: boolean;
  message: string;
}

export const TipRequest = request<{ ruleId: string }, Tip | null>('vigil/tip');
export const TipsRequest = request<void, Tip[]>('vigil/tips');
export const PackInfoRequest = request<void, PackInfo>('vigil/packInfo');
export const ProcessIdRequest = request<void, number>('vigil/processId');
export const InstallHookRequest = request<InstallHookParams, InstallHookResult>('vigil/installHook');

export const ScanStartedNotification = notification<{ generation: number }>('vigil/scanStarted');
/** How far the workspace scan is (at most once per percent or per 100 files). */
export const ScanProgressNotification = notification<{ generation: number; done: number; total: number }>('vigil/scanProgress');
export const ScanFinishedNotification = notification<{ generation: number; [key: string]: unknown }>('vigil/scanFinished');
export const PacksChangedNotification = notification<void>('vigil/packsChanged');
export const TrustGrantedNotification = notification<void>('vigil/trustGranted');

/** The MITRE page of a `CWE-n` reference, or undefined for anything else (tips, hovers, SARIF). */
export function cweUrl(cwe: string): string | undefined {
  const m = /^CWE-(\d+)$/i.exec(cwe);
  return m ? `https://cwe.mitre.org/data/definitions/${m[1]}.html` : undefined;
}

import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';

/** What a typical editor declares: CodeAction literals and markdown hovers. */
export const TEXT_DOCUMENT_CAPABILITIES = {
  codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } } },
  hover: { contentFormat: ['markdown', 'plaintext'] },
};

export const SERVER = path.resolve(__dirname, '../../dist/server.js');

/** The real bundled server over stdio, with a bare protocol connection, as any editor would use it. */
export class LspSession {
  readonly connection: ProtocolConnection;
  private readonly process: ChildProcess;
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  private readonly waiters: Array<{ uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  readonly appliedEdits: unknown[] = [];
  /** What the server registered with `client/registerCapability`, in arrival order. */
  readonly registrations: Array<{ method: string; registerOptions?: unknown }> = [];
  /** `$/progress` values in arrival order (begin, report..., end). */
  readonly progress: Array<{ kind: string; title?: string; message?: string }> = [];
  readonly progressTokens: Array<string | number> = [];
  /** window/showMessage texts (errors and warnings shown to the user). */
  readonly messages: string[] = [];
  readonly logs: string[] = [];
  /** Diagnostics, progress and Vigil's scan notifications in arrival order, with the time they arrived. */
  readonly timeline: Array<{ method: string; at: number; uri?: string; count?: number; kind?: string; params?: unknown }> = [];
  /** Everything the server wrote to stdout, raw: for leak checks. */
  raw = '';

  /** The server process's id (its main thread's id on Linux). */
  get pid(): number | undefined {
    return this.process.pid;
  }

  constructor(options: { execArgv?: string[]; env?: Record<string, string> } = {}) {
    this.process = spawn(process.execPath, [...(options.execArgv ?? []), SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    this.process.stderr?.on('data', (d: Buffer) => this.logs.push(d.toString()));
    this.process.stdout?.on('data', (d: Buffer) => {
      this.raw += d.toString();
    });
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      this.timeline.push({ method: 'textDocument/publishDiagnostics', at: Date.now(), uri: p.uri, count: p.diagnostics.length });
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.test(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    this.connection.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
    });
    this.connection.onRequest('workspace/applyEdit', (p: unknown) => {
      this.appliedEdits.push(p);
      return { applied: true };
    });
    this.connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({ scanOnStartup: false })));
    this.connection.onRequest('client/registerCapability', (p: { registrations: Array<{ method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    this.connection.onRequest('window/showMessageRequest', (p: { message: string }) => {
      this.messages.push(p.message);
      return null;
    });
    this.connection.onNotification('window/showMessage', (p: { message: string }) => {
      this.messages.push(p.message);
    });
    this.connection.onNotification('$/progress', (p: { value: { kind: string; title?: string; message?: string } }) => {
      this.progress.push(p.value);
      this.timeline.push({ method: '$/progress', at: Date.now(), kind: p.value.kind });
    });
    for (const method of ['vigil/scanStarted', 'vigil/scanFinished']) {
      this.connection.onNotification(method, (params: unknown) => {
        this.timeline.push({ method, at: Date.now(), params });
      });
    }
    this.connection.listen();
  }

  async initialize(
    rootUri: string | null,
    scanOnStartup = false,
    initializationOptions: Record<string, unknown> = {},
    settings: Record<string, unknown> = {},
    textDocument: Record<string, unknown> = TEXT_DOCUMENT_CAPABILITIES,
    workspace: Record<string, unknown> = {},
  ): Promise<unknown> {
    // `files.exclude` is VS Code's own setting: answered from settings['files.exclude'].
    this.connection.onRequest('workspace/configuration', (p: { items: Array<{ section?: string }> }) =>
      p.items.map((item) => (item.section === 'files.exclude' ? (settings['files.exclude'] ?? {}) : { scanOnStartup, ...settings })),
    );
    const result = await this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: rootUri ? [{ uri: rootUri, name: 'ws' }] : null,
      capabilities: { workspace: { configuration: true, applyEdit: true, ...workspace }, window: { workDoneProgress: true }, textDocument },
      initializationOptions,
    });
    await this.connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `test` (or the current ones, if they do). */
  waitForDiagnostics(uri: string, test: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 15000): Promise<PublishDiagnosticsParams> {
    const current = this.diagnostics.get(uri);
    if (current && test(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; logs: ${this.logs.join(' | ')}`)), timeoutMs);
      this.waiters.push({
        uri,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      });
    });
  }

  /** Resolves once the server says `count` workspace scans finished (findings are published as files are analysed, before that). */
  async waitForScanFinished(timeoutMs = 60_000, count = 1): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (this.timeline.filter((e) => e.method === 'vigil/scanFinished').length < count) {
      if (Date.now() > end) throw new Error(`${count === 1 ? 'no' : `fewer than ${count}`} vigil/scanFinished within ${timeoutMs} ms; logs: ${this.logs.join(' | ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async dispose(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // the process may already be gone
    }
    this.connection.dispose();
    this.process.kill();
  }
}

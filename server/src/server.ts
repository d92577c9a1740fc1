import * as path from 'node:path';
import {
  CodeAction,
  CodeActionKind,
  CodeActionParams,
  createConnection,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  MarkupKind,
  MessageType,
  ProposedFeatures,
  TextDocumentEdit,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { tell } from './lsp/messages';
import { Commands, PacksChangedNotification, ProcessIdRequest, TrustGrantedNotification } from './protocol';
import { handle, registerRequests } from './lsp/requests';
import { URI } from 'vscode-uri';
import { scanText } from './engine/scan';
import { suppressionEdit } from './engine/suppressEdit';
import { Finding, RuleFailure, ScanResult, SyntaxMemo } from './engine/types';
import { codeActionsFor, findingsIn, fixAllActions, fixAllOnSaveAction, FIX_ALL_ON_SAVE_KIND, kindRequested, SUPPRESS_COMMAND } from './lsp/codeActions';
import { ignoreDotenvAction, moveToEnvAction, MOVED_TO_ENV_COMMAND } from './lsp/moveToEnv';
import { linkRuleCodesTo, toDiagnostic } from './lsp/diagnostics';
import { hoverFor } from './lsp/hover';
import { DEFAULT_SETTINGS, readSettings, Settings } from './lsp/settings';
import { ActivePacks } from './lsp/packs';
import { CompiledRule } from './packs/load';
import { VIGIL_VERSION } from './version';
import { readForScan } from './workspace/read';
import { isExcluded } from './workspace/discover';
import { workspaceModuleReader } from './resolve/moduleReader';
import { useCompilerCodeCache } from './syntax/compilerLoader';
import { warmUpEngine } from './lsp/warmUp';
import { cacheNamespace } from './workspace/resultCache';
import { editorConcurrency } from './workspace/scanPool';
import { WorkspaceScan } from './lsp/workspaceScan';
import { DiskChanges } from './lsp/diskChanges';

// LSP wiring only: document sync, debounced diagnostics, when to scan the workspace (the scan
// itself is lsp/workspaceScan.ts), hovers, code actions and commands. All analysis is the
// engine's (`scanText`), shared with the CLI.

const SCAN_WORKSPACE_COMMAND = Commands.scanWorkspace;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const packs = new ActivePacks(connection);
const ruleById = (id: string): CompiledRule | undefined => packs.ruleById(id);

/** Latest findings per document URI: what hovers and code actions answer from. */
/** The longest one open document's analysis may hold the server's thread. */
const EDIT_TIME_LIMIT_MS = 3_000;
const findingsByUri = new Map<string, Finding[]>();
/** Open documents analysed so far: once the user's files are, the engine needs no made-up warm-up. */
let documentsAnalysed = 0;
const pendingValidation = new Map<string, NodeJS.Timeout>();
/** Syntax trees of open documents only, so an edit re-parses just what changed; dropped on close. */
const syntaxMemos = new Map<string, SyntaxMemo>();

let workspaceRoots: string[] = [];
let settings: Settings = DEFAULT_SETTINGS;
let canReadConfiguration = false;
let canReportProgress = false;
let canTrackFolders = false;
/** The client watches files for the server when asked (`client/registerCapability`). */
let canWatchFiles = false;
/** The client has Vigil's own commands (the VS Code extension), so tips can be linked. */
let clientHasTips = false;
/** The client applies versioned `documentChanges` in workspace edits. */
let clientTakesDocumentChanges = false;
/** The client reads only plain text in hovers. */
let clientHoverPlainText = false;
/** The client takes CodeAction literals; otherwise only Commands may be returned (LSP 3.8). */
let clientTakesCodeActionLiterals = true;
const PLACEHOLDER_REASON = 'TODO: say why this is safe';
/** Workspace Trust, as the client reports it: untrusted workspaces load no workspace pack. */
let trusted = true;
let cacheDir: string | undefined;
/** Results of unchanged files between sessions (the extension's storage); none when the client gives no folder. */
let resultCacheDir: string | undefined;
/** Settings and packs are loaded: nothing is analysed before, so the first results use the team's rules. */
let markReady: () => void = () => undefined;
const ready = new Promise<void>((resolve) => {
  markReady = resolve;
});
const workspaceScan = new WorkspaceScan({
  connection,
  documents,
  ready,
  canReportProgress: () => canReportProgress,
  roots: () => workspaceRoots,
  options: () => ({
    pack: packs.pack,
    baseline: packs.baseline,
    include: settings.include,
    exclude: excludeGlobs(),
    maxFileBytes: settings.maxFileSizeKb * 1024,
    cacheDir: resultCacheDir,
    concurrency: editorConcurrency(),
  }),
  inputs: scanInputs,
  overlay,
  publish,
  hasDiagnostics: (uri) => findingsByUri.has(uri),
  revalidateOpenDocuments: () => {
    for (const doc of documents.all()) scheduleValidation(doc, 0);
  },
});

const diskChanges = new DiskChanges({
  rootOf: rootOfPath,
  isOpen: (uri) => documents.get(uri) !== undefined,
  isExcluded: (root, fsPath) => isExcluded(root, fsPath, { exclude: excludeGlobs() }),
  scansOn: () => settings.scanOnStartup && workspaceRoots.length > 0 && resultCacheDir !== undefined,
  rescan: async () => {
    await workspaceScan.idle();
    const started = Date.now();
    return (await workspaceScan.refresh()) ? Date.now() - started : undefined;
  },
  report: (message) => connection.console.error(message),
});

connection.onInitialize((params) => {
  const caps = params.capabilities;
  canReadConfiguration = caps.workspace?.configuration === true;
  canReportProgress = caps.window?.workDoneProgress === true;
  canTrackFolders = caps.workspace?.workspaceFolders === true;
  canWatchFiles = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  clientTakesDocumentChanges = caps.workspace?.workspaceEdit?.documentChanges === true;
  const hoverFormats = caps.textDocument?.hover?.contentFormat;
  clientHoverPlainText = Array.isArray(hoverFormats) && hoverFormats.length > 0 && !hoverFormats.includes(MarkupKind.Markdown);
  clientTakesCodeActionLiterals = caps.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
  const init = (params.initializationOptions ?? {}) as { tipsCommand?: boolean; tipUri?: string; trusted?: boolean; cacheDir?: string; resultCacheDir?: string; codeCacheDir?: string };
  clientHasTips = init.tipsCommand === true;
  // Rule codes in Problems open Vigil's tip through the client's URI handler, when it has one.
  linkRuleCodesTo(clientHasTips && typeof init.tipUri === 'string' ? init.tipUri : undefined);
  trusted = init.trusted !== false;
  cacheDir = typeof init.cacheDir === 'string' ? init.cacheDir : undefined;
  resultCacheDir = typeof init.resultCacheDir === 'string' ? init.resultCacheDir : undefined;
  // Before the compiler's first use (warmUpEngine, after this answer): the extension's storage keeps its bytecode.
  useCompilerCodeCache(typeof init.codeCacheDir === 'string' ? init.codeCacheDir : undefined);
  workspaceRoots = (params.workspaceFolders ?? [])
    .map((f) => URI.parse(f.uri))
    .filter((u) => u.scheme === 'file')
    .map((u) => u.fsPath);
  if (workspaceRoots.length === 0 && params.rootUri) workspaceRoots = [URI.parse(params.rootUri).fsPath];
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_ON_SAVE_KIND] },
      executeCommandProvider: { commands: [SCAN_WORKSPACE_COMMAND, SUPPRESS_COMMAND, MOVED_TO_ENV_COMMAND] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'vigil', version: VIGIL_VERSION },
  };
});

connection.onInitialized(async () => {
  if (canReadConfiguration) {
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'vigil' }).catch(() => undefined);
  }
  // Rescans after disk changes are warm or not at all: without a result cache (a client that gives
  // no storage folder) each would analyse every file again, for every checkout.
  if (canWatchFiles && resultCacheDir !== undefined) {
    // Every file: what changes on disk outside the editor reaches Problems (see lsp/diskChanges.ts).
    void connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
      .catch((err: Error) => connection.console.warn(`Vigil: files changed outside the editor will not be rescanned: ${err.message}`));
  }
  if (canTrackFolders) {
    connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => URI.parse(f.uri).fsPath));
      workspaceRoots = [...workspaceRoots.filter((r) => !removed.has(r)), ...event.added.map((f) => URI.parse(f.uri).fsPath)];
      // A folder added is scanned, a removed one's findings are cleared: what a rescan does.
      if (settings.scanOnStartup && !workspaceScan.upToDate())
        void workspaceScan.refresh().catch((err: Error) => connection.console.error(`Vigil: rescan after the workspace folders changed failed: ${err.message}`));
    });
  }
  await refreshSettings();
  await reloadPacks();
  markReady();
  // Load the compiler now, while nothing waits: the first opened JS/TS file then needs no load.
  // Loads the compiler (lazily loaded, see engine/scan.ts) and warms the engine up between messages.
  // The startup scan follows: started at once, its discovery and workers made the first
  // keystrokes wait behind a cold engine (60-120 ms against 10 ms once warm).
  await new Promise((resolve) => setImmediate(resolve));
  await warmUpEngine(() => packs.pack, { stop: () => documentsAnalysed > 0 });
  if (settings.scanOnStartup && workspaceRoots.length > 0) await workspaceScan.run();
});

async function reloadPacks(): Promise<void> {
  const nonProduction = settings.nonProductionCode === 'default' ? undefined : settings.nonProductionCode;
  await packs.reload({ root: workspaceRoots[0], trusted, refs: settings.rulePacks, trustedPublicKeys: settings.trustedPublicKeys, cacheDir, overlay, nonProduction });
}

/**
 * Everything that decides a workspace scan's results: the rules in force, the baseline, the
 * settings and the folders. A reload that leaves it unchanged (a pack file opened, a setting
 * written back with the same value) needs no rescan.
 */
function scanInputs(): string {
  const { debounceMs: _debounce, ...scanSettings } = settings;
  return JSON.stringify({ results: cacheNamespace(packs.pack, packs.baseline, settings.maxFileSizeKb * 1024), settings: scanSettings, roots: workspaceRoots, trusted });
}

/** After the packs change, every result may change: re-check open documents and rescan. */
async function packsChanged(): Promise<void> {
  await ready;
  await reloadPacks();
  void connection.sendNotification(PacksChangedNotification.method);
  if (workspaceScan.upToDate()) return;
  for (const doc of documents.all()) scheduleValidation(doc, 0);
  if (settings.scanOnStartup && workspaceRoots.length > 0) await workspaceScan.run();
  else workspaceScan.skip();
}

// A rescan still waiting for the disk to be quiet is dropped: the server is going away.
connection.onShutdown(() => diskChanges.dispose());

connection.onDidChangeWatchedFiles(async (event) => {
  const packChanges = event.changes.filter((c) => packs.isPackFile(URI.parse(c.uri).fsPath));
  if (packChanges.length > 0) await packsChanged();
  await diskChanges.changed(packChanges.length > 0 ? event.changes.filter((c) => !packChanges.includes(c)) : event.changes);
});

connection.onNotification(TrustGrantedNotification.method, async () => {
  trusted = true;
  await packsChanged();
});

// VS Code's client sends didChangeConfiguration right after start (once for its own
// synchronisation, once more when the server registers for it) and may repeat it for any change
// of any section: only a change of what Vigil reads reloads the packs and rescans.
let configurationChanges: Promise<void> = Promise.resolve();
connection.onDidChangeConfiguration(() => {
  configurationChanges = configurationChanges.then(async () => {
    await ready;
    const before = JSON.stringify(settings);
    await refreshSettings();
    if (JSON.stringify(settings) !== before) await packsChanged();
  });
  return configurationChanges;
});

async function refreshSettings(): Promise<void> {
  try {
    const read = await readSettings(connection, canReadConfiguration);
    settings = read.settings;
    for (const p of read.problems) tell(connection, MessageType.Warning, `Vigil: ${p}`);
  } catch (err) {
    connection.console.error(`Vigil: could not read settings: ${(err as Error).message}`);
  }
}

/** Path used for globs and fingerprints: relative to its workspace folder, like the CLI's. */
function rootOf(uri: string): string | undefined {
  return rootOfPath(URI.parse(uri).fsPath);
}

function rootOfPath(fsPath: string): string | undefined {
  return workspaceRoots.find((r) => fsPath === r || fsPath.startsWith(r + path.sep));
}

function scanPath(uri: string): string {
  const fsPath = URI.parse(uri).fsPath;
  const root = rootOf(uri);
  return root ? path.relative(root, fsPath).split(path.sep).join('/') : fsPath;
}

function publish(uri: string, findings: Finding[], problems: ScanResult['problems'] = []): void {
  if (findings.length + problems.length === 0) findingsByUri.delete(uri);
  else findingsByUri.set(uri, findings);
  const configuration = problems.map((p) => ({
    range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: Number.MAX_SAFE_INTEGER } },
    severity: DiagnosticSeverity.Warning,
    source: 'vigil',
    code: 'vigil.suppression',
    message: p.message,
  }));
  void connection.sendDiagnostics({ uri, diagnostics: [...findings.map((f) => toDiagnostic(f, ruleById(f.ruleId))), ...configuration] });
}

const reportedFailures = new Set<string>();

/** A rule that throws is logged (its message is already masked) and shown once, not on every keystroke. */
function reportFailures(file: string, failures: RuleFailure[]): void {
  for (const failure of failures) {
    if (reportedFailures.has(failure.ruleId)) continue;
    reportedFailures.add(failure.ruleId);
    connection.console.warn(`Vigil: ${file}: ${failure.message}`);
    if (failure.ruleId !== 'vigil.syntax') tell(connection, MessageType.Warning, `Vigil: ${failure.message}. The other rules still run.`);
  }
}

/** Open documents' text, for reading modules the user is editing. */
/** Vigil's own excludes plus VS Code's `files.exclude`: what the explorer hides is not scanned. */
function excludeGlobs(): string[] {
  return [...settings.exclude, ...settings.filesExclude];
}

function overlay(absolute: string): string | undefined {
  return documents.get(URI.file(absolute).toString())?.getText();
}

/** The document's findings now (its current text); undefined for files Vigil does not report. */
async function analyse(document: TextDocument): Promise<ScanResult | undefined> {
  // A pack file's diagnostics are its load problems (see ActivePacks), not findings.
  if (packs.isPackFile(URI.parse(document.uri).fsPath)) return undefined;
  const root = rootOf(document.uri);
  // An open file that a workspace scan leaves out (.gitignore, excludes) is not reported either:
  // a git-ignored .env is exactly where secrets belong.
  if (root && (await isExcluded(root, URI.parse(document.uri).fsPath, { exclude: excludeGlobs() }))) return { findings: [], suppressed: [], failures: [] };
  const modules = root ? workspaceModuleReader(root, overlay) : undefined;
  let syntaxMemo = syntaxMemos.get(document.uri);
  if (!syntaxMemo) syntaxMemos.set(document.uri, (syntaxMemo = {}));
  // An open document is analysed on the thread that answers the editor: a time limit keeps it answering.
  documentsAnalysed++;
  return scanText({ path: scanPath(document.uri), text: document.getText(), modules, baseline: packs.baseline, syntaxMemo, deadline: Date.now() + EDIT_TIME_LIMIT_MS }, packs.pack);
}

async function validate(document: TextDocument): Promise<void> {
  await ready;
  const result = await analyse(document);
  if (!result) return;
  if (documents.get(document.uri)?.version !== document.version) return;
  reportFailures(scanPath(document.uri), result.failures);
  publish(document.uri, result.findings, result.problems);
}

/** Debounced per document; a newer edit cancels the pending run, a stale result is never published. */
function scheduleValidation(document: TextDocument, delay = settings.debounceMs): void {
  const pending = pendingValidation.get(document.uri);
  if (pending) clearTimeout(pending);
  const version = document.version;
  pendingValidation.set(
    document.uri,
    setTimeout(() => {
      pendingValidation.delete(document.uri);
      const current = documents.get(document.uri);
      if (!current || current.version !== version) return;
      validate(current).catch((err: unknown) => {
        connection.console.error(`Vigil: analysis failed for ${scanPath(document.uri)}: ${(err as Error).message}`);
      });
    }, delay),
  );
}

documents.onDidOpen((e) => scheduleValidation(e.document, 0));
let packReload: NodeJS.Timeout | undefined;
documents.onDidChangeContent((e) => {
  if (!packs.isPackFile(URI.parse(e.document.uri).fsPath)) {
    scheduleValidation(e.document);
    return;
  }
  // Editing a pack: reload it from the editor's text (debounced), so its problems show while typing.
  if (packReload) clearTimeout(packReload);
  packReload = setTimeout(() => void packsChanged(), 400);
});
documents.onDidClose(async (e) => {
  syntaxMemos.delete(e.document.uri);
  const pending = pendingValidation.get(e.document.uri);
  if (pending) clearTimeout(pending);
  pendingValidation.delete(e.document.uri);
  // A closed file keeps the findings of its saved content, as a workspace scan would show them.
  const uri = URI.parse(e.document.uri);
  const root = rootOf(e.document.uri);
  if (uri.scheme !== 'file' || !workspaceScan.scanned(e.document.uri) || !root || (await isExcluded(root, uri.fsPath, { exclude: excludeGlobs() }))) {
    publish(e.document.uri, []);
    return;
  }
  const read = readForScan(uri.fsPath, settings.maxFileSizeKb * 1024);
  const modules = workspaceModuleReader(root, overlay);
  publish(e.document.uri, 'text' in read ? scanText({ path: scanPath(e.document.uri), text: read.text, modules, baseline: packs.baseline }, packs.pack).findings : []);
});

connection.onHover((params) => hoverFor(findingsByUri.get(params.textDocument.uri) ?? [], params.position, ruleById, { tipsCommand: clientHasTips, plainText: clientHoverPlainText }));

connection.onCodeAction(async (params) => {
  const actions = await codeActions(params);
  // A client without CodeAction literals takes only Commands: the actions that run one.
  return clientTakesCodeActionLiterals ? actions : actions.flatMap((a) => (a.command ? [a.command] : []));
});

async function codeActions(params: CodeActionParams): Promise<CodeAction[]> {
  const document = documents.get(params.textDocument.uri);
  if (!document) return [];
  const only = params.context.only;
  const actions: CodeAction[] = [];
  // Fix on save: only when asked for (source actions are not quick fixes), on the text as it is
  // now, not on findings of a few keystrokes ago.
  if (only !== undefined && only.length > 0 && kindRequested(FIX_ALL_ON_SAVE_KIND, only)) {
    await ready;
    const version = document.version;
    const result = await analyse(document);
    const fixAll = result && documents.get(document.uri)?.version === version ? fixAllOnSaveAction(document, result.findings, ruleById) : undefined;
    if (fixAll) actions.push(fixAll);
  }
  if (!kindRequested(CodeActionKind.QuickFix, only)) return actions;
  const here = findingsIn(findingsByUri.get(document.uri) ?? [], params.range);
  const moves = new Map<Finding, Awaited<ReturnType<typeof moveToEnvAction>>>();
  for (const f of here) {
    moves.set(f, (await moveToEnvAction(document, f, rootOf(document.uri), documents)) ?? (await ignoreDotenvAction(document, f, rootOf(document.uri), documents)));
  }
  const all = findingsByUri.get(document.uri) ?? [];
  return [...actions, ...codeActionsFor(document, scanPath(document.uri), here, ruleById, (f) => moves.get(f), clientHasTips), ...fixAllActions(document, here, all, ruleById)];
}

connection.onExecuteCommand(async (params) => {
  const args = params.arguments ?? [];
  if (params.command === SCAN_WORKSPACE_COMMAND) return workspaceScan.run();
  if (params.command === MOVED_TO_ENV_COMMAND) {
    const [name] = args as [string];
    tell(
      connection,
      MessageType.Warning,
      `Vigil: the secret now comes from the environment variable ${String(name)} (.env, not committed). It was already in the code: revoke and rotate it at the provider, and purge it from git history if the repository is shared.`,
    );
    return { notified: true };
  }
  if (params.command === SUPPRESS_COMMAND) {
    const [uri, line, ruleId, reason] = args as [string, number, string, string | undefined];
    const document = documents.get(uri);
    if (!document || typeof line !== 'number' || typeof ruleId !== 'string') return { applied: false };
    // VS Code asks for the reason before running the command; other editors have no input box.
    const placeholder = typeof reason !== 'string' || reason.trim() === '';
    const edit = suppressionEdit(scanPath(uri), document.getText(), line, ruleId, placeholder ? PLACEHOLDER_REASON : reason);
    if (!edit) return { applied: false };
    const result = await connection.workspace.applyEdit({
      label: `Suppress ${ruleId}`,
      // Versioned edits only for clients that take them; the plain form otherwise.
      edit: clientTakesDocumentChanges ? { documentChanges: [TextDocumentEdit.create({ uri, version: document.version }, [edit])] } : { changes: { [uri]: [edit] } },
    });
    if (result.applied && placeholder) {
      tell(connection, MessageType.Warning, `Vigil: the suppression of ${ruleId} has a placeholder reason ("${PLACEHOLDER_REASON}"): replace it with why this is safe, so a reviewer can check it.`);
    }
    return { applied: result.applied };
  }
  return undefined;
});

/** The tips panel's, the pack's and the hook's requests (lsp/requests.ts). */
registerRequests(connection, () => packs.pack);

/** The server's process id: lets tests (and support) check crash recovery. */
handle(connection, ProcessIdRequest, () => process.pid);

/** What the server holds: syntax trees (open documents only) and memory (peak includes scan workers). */
connection.onRequest('vigil/stats', () => ({
  openDocuments: documents.all().length,
  syntaxTrees: syntaxMemos.size,
  heapUsedMb: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
  rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
}));

process.on('uncaughtException', (err) => connection.console.error(`Vigil: internal error: ${err.message}`));

documents.listen(connection);
connection.listen();

import { Connection, TextDocuments, WorkDoneProgressServerReporter } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import type { Finding, ScanResult } from '../engine/types';
import type { CompiledPack } from '../packs/load';
import { ScanFinishedNotification, ScanProgressNotification, ScanStartedNotification } from '../protocol';
import { FileReport, scanFiles } from '../workspace/scanFiles';
import type { KeptIndex } from '../workspace/resultCache';

// The editor's workspace scan: every file of every workspace folder, with the packs in force,
// results published as files are analysed, progress in the editor, cancelled by the user or by a
// newer scan. The server (server.ts) decides when to scan; this module does the scanning.

/** Results reach the client in batches while a scan runs: at most this long after a file is analysed. */
const PUBLISH_BATCH_MS = 200;

/** What one folder is scanned with, read when its scan starts. */
export interface FolderScanOptions {
  pack: CompiledPack;
  baseline: Set<string> | undefined;
  include: string[];
  exclude: string[];
  maxFileBytes: number;
  /** Results of unchanged files between sessions (the extension's storage). */
  cacheDir: string | undefined;
  /** Worker threads analysing files; the server's own thread stays free for edits. */
  concurrency: number;
}

/** What the scan needs of the server. */
export interface WorkspaceScanHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Settings and packs are loaded: nothing is scanned before. */
  ready: Promise<void>;
  /** The client shows work-done progress (and can cancel through it). */
  canReportProgress: () => boolean;
  roots: () => string[];
  options: () => FolderScanOptions;
  /** Everything that decides a scan's results: packs, baseline, settings, folders, trust. */
  inputs: () => string;
  /** Open editor buffers by absolute path, preferred over the disk. */
  overlay: (absolute: string) => string | undefined;
  publish: (uri: string, findings: Finding[], problems?: ScanResult['problems']) => void;
  /** The file has diagnostics in the editor now (published and not cleared since). */
  hasDiagnostics: (uri: string) => boolean;
  /** Open documents answer for themselves: analyse them again (a .gitignore may have changed). */
  revalidateOpenDocuments: () => void;
}

export interface WorkspaceScanSummary {
  files: number;
  findings: number;
  skipped: number;
  cancelled: boolean;
}

export class WorkspaceScan {
  private generation = 0;
  /** The inputs of the last workspace scan started. */
  private lastInputs: string | undefined;
  /** URIs that got diagnostics from a workspace scan (so a rescan can clear stale ones). */
  private readonly scannedUris = new Set<string>();
  /** Each folder's result-cache index, kept between scans: a rescan after a checkout does not read it again. */
  private readonly keptIndexes = new Map<string, KeptIndex>();

  constructor(private readonly host: WorkspaceScanHost) {}

  /** The file got its diagnostics from a workspace scan (a closed document keeps them). */
  scanned(uri: string): boolean {
    return this.scannedUris.has(uri);
  }

  /** A scan now would use what the last one started with: a reload that changed nothing needs no rescan. */
  upToDate(): boolean {
    return this.host.inputs() === this.lastInputs;
  }

  /** No scan for these inputs (scans are off): they count as the last ones. */
  skip(): void {
    this.lastInputs = this.host.inputs();
  }

  /**
   * A closed file's results: sent when there is something to show or to clear. Most files of a
   * workspace have no finding, and an empty list for a file that shows nothing changes nothing:
   * 27,000 such messages filled the pipe to the editor and held the server's thread on writes.
   */
  private publishClosed(uri: string, findings: Finding[], problems: ScanResult['problems'] = []): void {
    if (findings.length + problems.length > 0 || this.host.hasDiagnostics(uri)) this.host.publish(uri, findings, problems);
  }

  /** The scan in progress, if any (a newer one cancels it, and it then ends soon). */
  private active: Promise<WorkspaceScanSummary> | undefined;
  /** The user cancelled the last scan (its progress notification): nothing rescans on its own until they scan again. */
  private stoppedByUser = false;

  async run(): Promise<WorkspaceScanSummary> {
    const scan = this.scan();
    this.active = scan;
    try {
      return await scan;
    } finally {
      if (this.active === scan) this.active = undefined;
    }
  }

  /**
   * A rescan after files changed on disk: once the scan in progress ends, not instead of it (a
   * startup scan cancelled by every burst of changes would never finish). Files unchanged since
   * come from the result cache. None after the user cancelled the last scan: they scan again.
   */
  async refresh(): Promise<WorkspaceScanSummary | undefined> {
    await this.idle();
    return this.stoppedByUser ? undefined : this.run();
  }

  /** Resolves when no scan is in progress. */
  async idle(): Promise<void> {
    while (this.active) await this.active;
  }

  private async scan(): Promise<WorkspaceScanSummary> {
    const { connection, documents } = this.host;
    await this.host.ready;
    const generation = ++this.generation;
    this.lastInputs = this.host.inputs();
    void connection.sendNotification(ScanStartedNotification.method, { generation });
    let progress: WorkDoneProgressServerReporter | undefined;
    if (this.host.canReportProgress()) {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('Vigil: scanning workspace', 0, 'discovering files', true);
    }
    const seen = new Set<string>();
    let findings = 0;
    let files = 0;
    let skipped = 0;
    let reused = 0;
    let cancelled = false;
    // Results go out as files are analysed, a batch at a time, not all at the end of the scan.
    let batch: FileReport[] = [];
    let lastFlush = Date.now();
    const flush = (): void => {
      for (const file of batch) {
        const uri = URI.file(file.absolute).toString();
        if (!documents.get(uri)) this.publishClosed(uri, file.findings, file.problems);
      }
      batch = [];
      lastFlush = Date.now();
    };
    const flushTimer = setInterval(() => {
      if (batch.length > 0 && Date.now() - lastFlush >= PUBLISH_BATCH_MS) flush();
    }, PUBLISH_BATCH_MS);
    // A folder no longer in the workspace keeps no index in memory.
    for (const root of this.keptIndexes.keys()) if (!this.host.roots().includes(root)) this.keptIndexes.delete(root);
    try {
      for (const root of this.host.roots()) {
        const { pack, ...options } = this.host.options();
        let keptIndex = this.keptIndexes.get(root);
        if (!keptIndex) this.keptIndexes.set(root, (keptIndex = {}));
        const scan = await scanFiles(['.'], root, pack, {
          ...options,
          keptIndex,
          // The scan gives way to the editor: an edit is answered on the server's thread at normal priority.
          background: true,
          overlay: this.host.overlay,
          openDocuments: openDocumentTexts(documents),
          isCancelled: () => generation !== this.generation || progress?.token.isCancellationRequested === true,
          onFile: (file) => {
            seen.add(URI.file(file.absolute).toString());
            findings += file.findings.length;
            batch.push(file);
            if (Date.now() - lastFlush >= PUBLISH_BATCH_MS) flush();
          },
          onProgress: (done, total) => {
            // One report per percent (or per 100 files): a 10,000-file scan is not 10,000 messages.
            if (done !== total && done % 100 !== 0 && Math.floor((done * 100) / total) === Math.floor(((done - 1) * 100) / total)) return;
            progress?.report(Math.round((done / Math.max(1, total)) * 100), `${done}/${total} files`);
            void connection.sendNotification(ScanProgressNotification.method, { generation, done, total });
          },
        });
        flush();
        cancelled ||= scan.cancelled;
        reused += scan.reused;
        if (scan.cacheProblem) connection.console.warn(`Vigil: ${scan.cacheProblem}`);
        files += scan.scanned;
        skipped += scan.skipped.length;
      }
      if (!cancelled) {
        for (const uri of this.scannedUris) if (!seen.has(uri) && !documents.get(uri)) this.publishClosed(uri, []);
        this.scannedUris.clear();
      }
      for (const uri of seen) this.scannedUris.add(uri);
      this.host.revalidateOpenDocuments();
    } finally {
      clearInterval(flushTimer);
      flush();
      progress?.done();
    }
    // A scan that a newer one replaced was not stopped by the user; one whose progress they cancelled was.
    if (generation === this.generation) this.stoppedByUser = progress?.token.isCancellationRequested === true;
    connection.console.info(`Vigil: workspace scan: ${findings} findings in ${files} files (${reused} unchanged since the last scan), ${skipped} skipped${cancelled ? ' (cancelled)' : ''}`);
    const summary = { files, findings, skipped, cancelled };
    void connection.sendNotification(ScanFinishedNotification.method, { generation, ...summary });
    return summary;
  }
}

/** Open editor buffers by absolute path, for scan workers. */
function openDocumentTexts(documents: TextDocuments<TextDocument>): Map<string, string> {
  const open = new Map<string, string>();
  for (const doc of documents.all()) {
    const uri = URI.parse(doc.uri);
    if (uri.scheme === 'file') open.set(uri.fsPath, doc.getText());
  }
  return open;
}

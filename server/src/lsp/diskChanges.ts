import { FileChangeType, FileEvent } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';

// Files changed outside the editor (a checkout, a pull, a generator, a file deleted in a
// terminal) reach the Problems panel: after a quiet moment the workspace is scanned again. The
// rescan is warm (unchanged files come from the result cache: a 27,000-file workspace takes about
// 0.7 s), and it is what clears the findings of files that are gone.

/** How long the disk must stay quiet before the rescan: a checkout is thousands of events in bursts. */
export const RESCAN_QUIET_MS = 500;
/** Events checked between two yields to the editor's messages: a storm is not one long task. */
const CHECKED_PER_TURN = 200;
/**
 * A rescan starts no sooner than this many times the last rescan's duration after that rescan
 * ended: a tool that rewrites files without pause (a code generator in watch mode) keeps rescans
 * to a third of a core. Counted from its end, not from the change: after a quiet spell a change
 * waits the quiet time only (on a 27,000-file workspace, counting from the change made each
 * later change wait 1.2 s instead of 0.5 s before its 0.6 s rescan).
 */
const WAIT_PER_RESCAN_TIME = 2;

export interface DiskChangesHost {
  /** The folder of the workspace `fsPath` is in, if any. */
  rootOf: (fsPath: string) => string | undefined;
  /** An open document answers for itself (its buffer, not the disk). */
  isOpen: (uri: string) => boolean;
  /** Whether a workspace scan would leave the file out (excludes, .gitignore): its changes change nothing. */
  isExcluded: (root: string, fsPath: string) => Promise<boolean>;
  /** Whether workspace scans are on: with them off, closed files show nothing to refresh. */
  scansOn: () => boolean;
  /** A warm workspace scan, after one in progress ends: how long it took itself (ms, the wait left out), if it ran. */
  rescan: () => Promise<number | undefined>;
  /** Where a failed rescan is said (the server's log). */
  report: (message: string) => void;
}

export class DiskChanges {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** Changes arrived while a rescan ran: it may have read their files before they changed. */
  private again = false;
  /** How long the last rescan took (ms), and when it ended (performance.now()). */
  private lastRescanMs = 0;
  private lastRescanEnd = 0;

  constructor(
    private readonly host: DiskChangesHost,
    private readonly quietMs = RESCAN_QUIET_MS,
  ) {}

  /** Watched-file events from the client: a rescan is scheduled if one of them matters. */
  async changed(changes: readonly FileEvent[]): Promise<void> {
    if (!this.host.scansOn()) return;
    for (let i = 0; i < changes.length; i++) {
      if (i > 0 && i % CHECKED_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      if (await this.matters(changes[i])) {
        this.schedule();
        return;
      }
    }
  }

  private async matters(change: FileEvent): Promise<boolean> {
    const uri = URI.parse(change.uri);
    if (uri.scheme !== 'file') return false;
    const root = this.host.rootOf(uri.fsPath);
    if (!root) return false;
    // A change of an open file's disk copy (a save) is already answered from its buffer.
    if (change.type === FileChangeType.Changed && this.host.isOpen(change.uri)) return false;
    try {
      return !(await this.host.isExcluded(root, uri.fsPath));
    } catch {
      // Not knowing whether discovery leaves it out (an unreadable .gitignore): a rescan settles it.
      return true;
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        void this.fire();
      },
      Math.max(this.quietMs, this.lastRescanEnd + WAIT_PER_RESCAN_TIME * this.lastRescanMs - performance.now()),
    );
  }

  private async fire(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      this.lastRescanMs = (await this.host.rescan()) ?? 0;
      this.lastRescanEnd = performance.now();
    } catch (err) {
      this.host.report(`Vigil: rescan after files changed on disk failed: ${(err as Error).message}`);
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.schedule();
    }
  }

  /** No rescan after this (the server is shutting down). */
  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

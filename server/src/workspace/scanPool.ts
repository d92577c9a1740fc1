import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { PackSnapshot } from '../packs/snapshot';
import { FileJob, FileOutcome } from './analyseFile';

// Workspace scans on every core: worker threads read, hash and analyse files while the calling
// thread (the language server's, or the CLI's) only hands out work and collects results, so an
// edit in the editor is answered while a scan runs.

/** What every worker starts from: the pack in force and the scan's fixed inputs. */
export interface WorkerSetup {
  snapshot: PackSnapshot;
  root: string;
  /** Folders scanned outside `root`, whose modules are read too (see workspaceModuleReader). */
  moduleFolders: string[];
  baseline?: string[];
  /** Open editor buffers, which win over the disk. */
  overlay: Array<[string, string]>;
  maxFileBytes: number;
  today: string;
  settledBefore: number;
  /** The compiler's code cache folder (syntax/compilerLoader.ts), read but not written by workers. */
  compilerCodeCache?: string;
  /** Whether outcomes carry cache keys (see AnalyseContext.cacheKeys). */
  cacheKeys: boolean;
  /** Workers run at a lower priority than the calling thread (a language server's, which answers edits). */
  background?: boolean;
}

export type WorkerRequest = { jobs: Array<[number, FileJob]> };
export type WorkerReply = { results: Array<[number, FileOutcome]> };

/** Below this many files, starting workers costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 48;

/** The bundled worker next to the bundle that runs this code; absent when running from sources. */
export function defaultWorkerScript(): string | undefined {
  const script = path.join(__dirname, 'scanWorker.js');
  return existsSync(script) ? script : undefined;
}

export function defaultConcurrency(): number {
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

/**
 * A language server's workspace scans: one worker per core but one, so a core stays free for the
 * editor's requests on the server's own thread (on 2 cores, two workers left edits waiting for a
 * core and doubled the memory of a one-thread scan).
 */
export function editorConcurrency(): number {
  return Math.max(1, defaultConcurrency() - 1);
}

/** Loaded when a scan first starts workers: most CLI runs (a warm rescan, a commit's files) start none, and loading it cost each 2 ms. */
function workerThreads(): typeof import('node:worker_threads') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:worker_threads') as typeof import('node:worker_threads');
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Array<[number, FileJob]>>;
  batchId: number;
}

/**
 * Analyses `jobs` on `count` workers, calling `onOutcome` as results arrive (in any order).
 * Resolves with whether it was cancelled. A worker that dies has its files reported as not
 * analysed (with the reason) and is replaced, a few times at most; the rest of the scan goes on.
 */
export function analyseWithWorkers(
  jobs: FileJob[],
  setup: WorkerSetup,
  options: {
    count: number;
    script: string;
    onOutcome(index: number, outcome: FileOutcome): void;
    isCancelled?(): boolean;
    /** Also analyse on the calling thread (a CLI's thread is otherwise idle, and works while the workers start). */
    here?(job: FileJob, index: number): FileOutcome;
  },
): Promise<boolean> {
  const batchSize = Math.max(1, Math.min(16, Math.ceil(jobs.length / (options.count * 6))));
  let next = 0;
  let remaining = jobs.length;
  let restarts = 0;
  let finished = false;
  const slots = new Set<Slot>();

  return new Promise<boolean>((resolve) => {
    const finish = (cancelled: boolean): void => {
      if (finished) return;
      finished = true;
      for (const slot of slots) void slot.worker.terminate();
      slots.clear();
      resolve(cancelled);
    };
    const deliver = (index: number, outcome: FileOutcome): void => {
      options.onOutcome(index, outcome);
      remaining--;
    };
    const feed = (slot: Slot): void => {
      while (slot.inFlight.size < 2 && next < jobs.length) {
        const batch: Array<[number, FileJob]> = [];
        for (; batch.length < batchSize && next < jobs.length; next++) batch.push([next, jobs[next]]);
        const id = slot.batchId++;
        slot.inFlight.set(id, batch);
        slot.worker.postMessage({ id, jobs: batch });
      }
    };
    const start = (): void => {
      const worker = new (workerThreads().Worker)(options.script, { workerData: setup });
      const slot: Slot = { worker, inFlight: new Map(), batchId: 0 };
      slots.add(slot);
      worker.on('message', (reply: WorkerReply & { id: number }) => {
        if (finished) return;
        slot.inFlight.delete(reply.id);
        for (const [index, outcome] of reply.results) deliver(index, outcome);
        if (options.isCancelled?.()) return finish(true);
        if (remaining === 0) return finish(false);
        feed(slot);
      });
      const died = (reason: string): void => {
        if (finished || !slots.has(slot)) return;
        slots.delete(slot);
        for (const batch of slot.inFlight.values()) {
          for (const [index] of batch) deliver(index, { kind: 'skipped', reason: `not analysed: the scan worker stopped (${reason})` });
        }
        slot.inFlight.clear();
        if (remaining === 0) return finish(false);
        if (restarts++ < 3) start();
        else if (slots.size === 0) {
          // Workers keep dying: report what is left instead of looping.
          for (; next < jobs.length; next++) deliver(next, { kind: 'skipped', reason: `not analysed: scan workers keep stopping (${reason})` });
          finish(false);
        }
      };
      worker.on('error', (err) => died(err.name));
      worker.on('exit', (code) => died(`exit code ${code}`));
      feed(slot);
    };
    if (jobs.length === 0) return finish(false);
    for (let i = 0; i < Math.min(options.count, Math.ceil(jobs.length / batchSize)); i++) start();
    const here = options.here;
    if (here) {
      // One file at a time, yielding between files so worker replies are handled (and workers fed) promptly.
      const step = (): void => {
        if (finished || next >= jobs.length) return;
        if (options.isCancelled?.()) return finish(true);
        const index = next++;
        deliver(index, here(jobs[index], index));
        if (remaining === 0) return finish(false);
        setImmediate(step);
      };
      setImmediate(step);
    }
  });
}

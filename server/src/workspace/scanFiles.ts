import { statSync } from 'node:fs';
import * as path from 'node:path';
import { workspaceModuleReader } from '../resolve/moduleReader';
import { compilerCodeCacheDir, saveCompilerCodeCache } from '../syntax/compilerLoader';
import { ScanResult } from '../engine/types';
import { CompiledPack } from '../packs/load';
import { snapshotPack } from '../packs/snapshot';
import { AnalyseContext, analyseFile, checkCached, FileJob, FileOutcome, ReadAhead } from './analyseFile';
import { discover, DiscoveredFile, DiscoverOptions, SkippedPath } from './discover';
import { DEFAULT_MAX_FILE_BYTES } from './read';
import { cacheNamespace, KeptIndex, ResultCache } from './resultCache';
import { analyseWithWorkers, defaultConcurrency, defaultWorkerScript, MIN_FILES_FOR_WORKERS } from './scanPool';

export interface FileReport extends ScanResult {
  /** Relative to the `relativeTo` folder, `/`-separated. */
  file: string;
  absolute: string;
}

export interface WorkspaceScan {
  /**
   * The files with something to report: findings, suppressed findings, failures, problems or a
   * skip reason. The rest are counted in `scanned`, not kept: a scan of 100,000 files holds no
   * state for the clean ones once they are done (`onFile` sees every file as it finishes).
   */
  files: FileReport[];
  skipped: SkippedPath[];
  scanned: number;
  /** Files whose stored result was reused (unchanged since the last scan). */
  reused: number;
  cancelled: boolean;
  /** Something went wrong with the result cache (the scan itself is complete). */
  cacheProblem?: string;
}

export interface ScanFilesOptions extends DiscoverOptions {
  maxFileBytes?: number;
  onProgress?(done: number, total: number): void;
  /** Each file's result as soon as it is known (cached or analysed), in completion order: a language server publishes them while the scan goes on. */
  onFile?(report: FileReport): void;
  isCancelled?(): boolean;
  /** Text to use instead of the disk (open editor buffers). */
  overlay?(absolute: string): string | undefined;
  /** Open editor buffers by absolute path, for scan workers (which cannot call `overlay`). */
  openDocuments?: ReadonlyMap<string, string>;
  /** Accepted fingerprints (`.vigil/baseline.json`). */
  baseline?: ReadonlySet<string>;
  /** Folder for the result cache; without it every file is analysed. */
  cacheDir?: string;
  /** The cache's index kept in memory between scans of this root (a language server's). */
  keptIndex?: KeptIndex;
  /** Threads analysing files; 0 or 1 analyses on this thread only. Default: one per core, for scans big enough to gain. */
  concurrency?: number;
  /** This thread analyses too, beside the workers (the CLI; a language server keeps its thread for edits). */
  useCallingThread?: boolean;
  /** Workers run at a lower priority than this thread (a language server's: edits come first). */
  background?: boolean;
  /** Fewer files than this to analyse stay on one thread (default MIN_FILES_FOR_WORKERS). */
  minFilesForWorkers?: number;
  /** The bundled worker script (default: `scanWorker.js` beside this bundle). */
  workerScript?: string;
  /** Today as YYYY-MM-DD, for suppression expiry (default: the current date). */
  today?: string;
  /** Epoch ms: files last changed before this get a stamp in the cache (default: 2 s before the scan starts). */
  settledBefore?: number;
}

/**
 * Discovers and analyses files under `targets`: the CLI and the language server's workspace scan
 * share this loop. Unchanged files reuse their cached result; the rest are analysed on worker
 * threads when there are enough of them, else on this thread, yielding to the event loop between
 * files so a language server stays responsive.
 */
export async function scanFiles(targets: string[], relativeTo: string, pack: CompiledPack, options: ScanFilesOptions = {}): Promise<WorkspaceScan> {
  const root = path.resolve(relativeTo);
  const skipped: SkippedPath[] = [];
  const seen = new Set<string>();
  const queue: DiscoveredFile[] = [];
  for (const target of targets) {
    // A thread that analyses files itself (the CLI's) keeps nothing else waiting: it reads folders at once.
    const found = await discover(path.resolve(relativeTo, target), relativeTo, { ...options, blocking: options.blocking ?? options.useCallingThread === true });
    skipped.push(...found.skipped);
    for (const f of found.files) {
      if (!seen.has(f.absolute)) {
        seen.add(f.absolute);
        queue.push(f);
      }
    }
  }
  // A folder scanned outside the root (`vigil scan ../api`): its modules are read for cross-file
  // constants as the root's are, so what is found does not depend on where the scan was started.
  const moduleFolders = targets
    .map((t) => path.resolve(relativeTo, t))
    .map((t) => (statSync(t, { throwIfNoEntry: false })?.isFile() ? path.dirname(t) : t))
    .filter((t) => path.relative(root, t).startsWith('..') || path.isAbsolute(path.relative(root, t)));
  return analyseQueue(queue, skipped, root, pack, options, { wholeRoot: targets.some((t) => path.resolve(relativeTo, t) === root), moduleFolders });
}

/** A file's text from somewhere other than the disk: a staged blob, a commit's version. */
export interface Source {
  /** Relative to the scan's root, `/`-separated. */
  relative: string;
  text: string;
}

/**
 * Analyses texts that are not (or not as given) on disk, such as what the next commit holds: the
 * same analysis as `scanFiles`, files they import read from `overlay` sources first. No result cache.
 */
export async function scanSources(sources: Source[], relativeTo: string, pack: CompiledPack, options: Omit<ScanFilesOptions, 'overlay' | 'openDocuments' | 'cacheDir'> = {}): Promise<WorkspaceScan> {
  const root = path.resolve(relativeTo);
  const texts = new Map(sources.map((s) => [path.resolve(root, s.relative), s.text]));
  const queue = sources.map((s) => ({ absolute: path.resolve(root, s.relative), relative: s.relative }));
  return analyseQueue(queue, [], root, pack, { ...options, overlay: (absolute) => texts.get(absolute), openDocuments: texts }, { wholeRoot: false, moduleFolders: [] });
}

/** What was scanned: the whole root (the cache may then forget files no longer there), and folders outside it. */
interface ScanScope {
  wholeRoot: boolean;
  moduleFolders: string[];
}

async function analyseQueue(queue: DiscoveredFile[], skipped: SkippedPath[], root: string, pack: CompiledPack, options: ScanFilesOptions, scope: ScanScope): Promise<WorkspaceScan> {
  // Files modified from here on (less a margin for coarse file-system clocks) get no stamp in the
  // cache: a second write in the same clock tick would keep the stamp of the first.
  const settledBefore = options.settledBefore ?? Date.now() - 2000;
  const maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const cache = options.cacheDir ? await ResultCache.open(options.cacheDir, root, cacheNamespace(pack, options.baseline, maxFileBytes), options.keptIndex) : undefined;
  const jobs: FileJob[] = queue.map((f) => {
    const cached = cache?.key(f.relative);
    return { absolute: f.absolute, relative: f.relative, ...(f.committedIgnored ? { committedIgnored: true } : {}), ...(cached ? { cached } : {}) };
  });

  // Each outcome is settled when it arrives (cache updated, result handed to `onFile`); the
  // summary keeps discovery order whatever order the files finish in.
  const reports: Array<FileReport | undefined> = new Array(jobs.length);
  const skippedAt: Array<SkippedPath | undefined> = new Array(jobs.length);
  let scanned = 0;
  let reused = 0;
  let done = 0;
  const record = (index: number, outcome: FileOutcome): void => {
    const f = queue[index];
    let result: ScanResult | undefined;
    if (outcome.kind === 'skipped') {
      cache?.forget(f.relative);
      skippedAt[index] = { path: f.relative, reason: outcome.reason };
    } else if (outcome.kind === 'cached') {
      result = cache!.reuse(f.relative, outcome.stamp, outcome.deps)!.result;
      reused++;
    } else {
      result = outcome.result;
      cache?.store(f.relative, { result, ...outcome.key });
    }
    if (result) {
      if (result.skipped) skippedAt[index] = { path: f.relative, reason: result.skipped };
      else scanned++;
      const report: FileReport = { file: f.relative, absolute: f.absolute, ...result };
      options.onFile?.(report);
      if (worthKeeping(report)) reports[index] = report;
    }
    options.onProgress?.(++done, jobs.length);
  };
  const here: AnalyseContext = {
    pack,
    modules: workspaceModuleReader(root, options.overlay, { alsoInside: scope.moduleFolders }),
    baseline: options.baseline,
    maxFileBytes,
    today,
    settledBefore,
    overlay: options.overlay,
    cacheKeys: cache !== undefined,
  };
  // Files with a cached result are checked here first: reading and hashing is cheap, and an
  // unchanged tree then never pays for starting workers. What changed is analysed below; what this
  // thread read of it is kept (within a budget) for analysing it here without reading it again.
  const pending: number[] = [];
  const ahead = new Map<number, ReadAhead>();
  let aheadChars = 0;
  let cancelled = false;
  for (let i = 0; i < jobs.length && !cancelled; i++) {
    if (!jobs[i].cached) pending.push(i);
    else {
      const checked = checkCached(jobs[i], here);
      if (checked.kind === 'cached') record(i, checked);
      else {
        pending.push(i);
        const chars = checked.ahead && 'text' in checked.ahead.read ? checked.ahead.read.text.length : 0;
        if (checked.ahead && aheadChars + chars <= READ_AHEAD_CHARS) {
          ahead.set(pending.length - 1, checked.ahead);
          aheadChars += chars;
        }
      }
      if (i % 64 === 63) {
        await new Promise((resolve) => setImmediate(resolve));
        cancelled = options.isCancelled?.() === true;
      }
    }
  }
  const script = options.workerScript ?? defaultWorkerScript();
  const threads = Math.min(options.concurrency ?? defaultConcurrency(), pending.length);
  const workers = options.useCallingThread ? threads - 1 : threads;
  const toAnalyse = pending.map((i) => withoutCachedKey(jobs[i]));
  // A read ahead is let go once its file is done, wherever it was analysed.
  const recordPending = (k: number, outcome: FileOutcome): void => {
    ahead.delete(k);
    record(pending[k], outcome);
  };
  const analyseHereAt = (job: FileJob, k: number): FileOutcome => analyseFile(job, here, ahead.get(k));
  if (cancelled) {
    // Stopped while checking the cache: nothing more to do.
  } else if (script && workers > 0 && toAnalyse.length >= (options.minFilesForWorkers ?? MIN_FILES_FOR_WORKERS)) {
    const openDocuments = [...(options.openDocuments ?? new Map<string, string>())];
    const setup = {
      snapshot: snapshotPack(pack),
      root,
      moduleFolders: scope.moduleFolders,
      baseline: options.baseline ? [...options.baseline] : undefined,
      overlay: openDocuments,
      maxFileBytes,
      today,
      settledBefore,
      compilerCodeCache: compilerCodeCacheDir(),
      cacheKeys: cache !== undefined,
      ...(options.background ? { background: true } : {}),
    };
    // Workers read files themselves: what was read ahead is kept only for this thread's share.
    if (!options.useCallingThread) ahead.clear();
    const alsoHere = options.useCallingThread ? { here: analyseHereAt } : {};
    cancelled = await analyseWithWorkers(toAnalyse, setup, { count: workers, script, onOutcome: recordPending, isCancelled: options.isCancelled, ...alsoHere });
  } else {
    cancelled = await analyseHere(toAnalyse, analyseHereAt, recordPending, options.isCancelled);
  }

  const out: WorkspaceScan = {
    files: reports.filter((r): r is FileReport => r !== undefined),
    skipped: [...skipped, ...skippedAt.filter((k): k is SkippedPath => k !== undefined)],
    scanned,
    reused,
    cancelled,
  };
  if (cache && !cancelled) {
    const problem = await cache.save(scope.wholeRoot);
    if (problem) out.cacheProblem = problem;
    if (cache.rejected > 0)
      out.cacheProblem = [
        out.cacheProblem,
        `${cache.rejected} result-cache entr${cache.rejected === 1 ? 'y' : 'ies'} did not verify (edited outside Vigil?) and ${cache.rejected === 1 ? 'was' : 'were'} analysed again`,
      ]
        .filter(Boolean)
        .join('; ');
  }
  // After a scan the compiler's hot functions are compiled too: the code cache then holds them.
  const codeCacheProblem = saveCompilerCodeCache();
  if (codeCacheProblem) out.cacheProblem = out.cacheProblem ? `${out.cacheProblem}; ${codeCacheProblem}` : codeCacheProblem;
  return out;
}

/**
 * Text read while checking the cache and kept for analysis, in characters: a few changed files (a
 * save, a commit) are not read and hashed twice; a checkout that changed thousands is not held in memory.
 */
const READ_AHEAD_CHARS = 8 * 1024 * 1024;

// Per-file objects put their own keys before a spread, never after it: V8 11 (Node 20) gives every
// object built as `{ ...a, key }` (a key `a` lacks) a hidden class of its own, about 200 bytes
// each, so a 27,000-file scan kept 10 MB of them (found in a heap snapshot of the language server).
function withoutCachedKey({ cached: _cached, ...job }: FileJob): FileJob {
  return job;
}

function worthKeeping(report: FileReport): boolean {
  return report.findings.length + report.suppressed.length + report.failures.length + (report.problems?.length ?? 0) > 0 || report.skipped !== undefined;
}

async function analyseHere(jobs: FileJob[], analyse: (job: FileJob, i: number) => FileOutcome, record: (i: number, o: FileOutcome) => void, isCancelled?: () => boolean): Promise<boolean> {
  for (let i = 0; i < jobs.length; i++) {
    if (isCancelled?.()) return true;
    record(i, analyse(jobs[i], i));
    // Yield to the event loop now and then, so a language server stays responsive during a scan.
    if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

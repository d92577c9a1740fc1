import { parentPort, workerData } from 'node:worker_threads';
import { restorePack } from './packs/snapshot';
import { useCompilerCodeCache } from './syntax/compilerLoader';
import { workspaceModuleReader } from './resolve/moduleReader';
import { AnalyseContext, analyseFile, FileOutcome } from './workspace/analyseFile';
import { WorkerRequest, WorkerSetup } from './workspace/scanPool';
import { lowerThreadPriority } from './workspace/threadPriority';

// A scan worker thread (see workspace/scanPool.ts): rebuilds the pack once, then analyses the
// batches of files it is sent and replies with one outcome per file.

const setup = workerData as WorkerSetup;
// Where the system has no per-thread priority the scan runs as before, beside the editor's thread.
if (setup.background) lowerThreadPriority();
useCompilerCodeCache(setup.compilerCodeCache, { write: false });
const open = new Map(setup.overlay);
const overlay = open.size > 0 ? (absolute: string) => open.get(absolute) : undefined;
const context: AnalyseContext = {
  pack: restorePack(setup.snapshot),
  modules: workspaceModuleReader(setup.root, overlay, { alsoInside: setup.moduleFolders }),
  baseline: setup.baseline ? new Set(setup.baseline) : undefined,
  maxFileBytes: setup.maxFileBytes,
  today: setup.today,
  settledBefore: setup.settledBefore,
  overlay,
  cacheKeys: setup.cacheKeys,
};

parentPort?.on('message', (request: WorkerRequest & { id: number }) => {
  const results = request.jobs.map(([index, job]): [number, FileOutcome] => {
    try {
      return [index, analyseFile(job, context)];
    } catch (err) {
      // The engine catches rule failures itself; this is the last line, so one file never stops a scan.
      // Only the error's kind: its message could quote the file.
      return [index, { kind: 'skipped', reason: `not analysed: internal error (${(err as Error).name})` }];
    }
  });
  parentPort?.postMessage({ id: request.id, results });
});

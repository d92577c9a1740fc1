import * as path from 'node:path';
import { scanText } from '../engine/scan';
import { workspaceModuleReader } from '../resolve/moduleReader';
import { ScanResult } from '../engine/types';
import { CompiledPack } from '../packs/load';
import { discover, DiscoveredFile, DiscoverOptions, SkippedPath } from './discover';
import { DEFAULT_MAX_FILE_BYTES, ReadResult, readForScan } from './read';

export interface FileReport extends ScanResult {
  /** Relative to the `relativeTo` folder, `/`-separated. */
  file: string;
  absolute: string;
}

export interface WorkspaceScan {
  files: FileReport[];
  skipped: SkippedPath[];
  scanned: number;
  cancelled: boolean;
}

export interface ScanFilesOptions extends DiscoverOptions {
  maxFileBytes?: number;
  onProgress?(done: number, total: number): void;
  isCancelled?(): boolean;
  /** Text to use instead of the disk (open editor buffers). */
  overlay?(absolute: string): string | undefined;
  /** Accepted fingerprints (`.vigil/baseline.json`). */
  baseline?: ReadonlySet<string>;
}

/**
 * Discovers and scans files under `targets`: the CLI and the language server's workspace scan
 * share this loop. Yields to the event loop between files so a server stays responsive.
 */
export async function scanFiles(targets: string[], relativeTo: string, pack: CompiledPack, options: ScanFilesOptions = {}): Promise<WorkspaceScan> {
  const out: WorkspaceScan = { files: [], skipped: [], scanned: 0, cancelled: false };
  const seen = new Set<string>();
  const queue: DiscoveredFile[] = [];
  for (const target of targets) {
    const found = await discover(path.resolve(relativeTo, target), relativeTo, options);
    out.skipped.push(...found.skipped);
    for (const f of found.files) {
      if (!seen.has(f.absolute)) {
        seen.add(f.absolute);
        queue.push(f);
      }
    }
  }
  // One reader for the whole scan: each module is read once however many files import it.
  const modules = workspaceModuleReader(path.resolve(relativeTo), options.overlay);
  // Reads run a few files ahead of the analysis, so the disk and the CPU work at the same time.
  const AHEAD = 16;
  const reads = new Map<number, Promise<ReadResult>>();
  const startRead = (i: number): void => {
    if (i >= queue.length || reads.has(i)) return;
    const f = queue[i];
    const open = options.overlay?.(f.absolute);
    reads.set(i, open !== undefined ? Promise.resolve({ text: open }) : readForScan(f.absolute, options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES));
  };
  for (let i = 0; i < queue.length; i++) {
    if (options.isCancelled?.()) {
      out.cancelled = true;
      break;
    }
    const f = queue[i];
    for (let j = i; j < i + AHEAD; j++) startRead(j);
    const read = await reads.get(i)!;
    reads.delete(i);
    if ('skipped' in read) {
      out.skipped.push({ path: f.relative, reason: read.skipped });
    } else {
      const result = scanText({ path: f.relative, text: read.text, modules, baseline: options.baseline }, pack);
      if (result.skipped) out.skipped.push({ path: f.relative, reason: result.skipped });
      else out.scanned++;
      out.files.push({ ...result, file: f.relative, absolute: f.absolute });
    }
    options.onProgress?.(i + 1, queue.length);
    // Yield to the event loop now and then, so a language server stays responsive during a scan.
    if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { CompiledPack } from '../packs/load';
import { packFingerprint, snapshotPack } from '../packs/snapshot';
import { BUILD_ID } from '../version';
import { CacheEntry, CacheKey, ModuleDependency } from './analyseFile';
import { FileStamp, sameStamp } from './read';
import { bodySigner, integrityKey, sign } from '../integrity';

// Results of unchanged files, kept between scans (the extension's storage, or ~/.cache/vigil for
// the CLI), so reopening a workspace or re-running CI on an unchanged tree reads and hashes files
// instead of analysing them. Everything that can change a result is in the namespace: the engine
// build, the pack in force, the baseline and the size limit; a different namespace starts empty.
// Entries hold findings as reported (masked messages, fingerprints), never a secret's value.

// The file is one line with the HMAC of the body under the user's key, then the body (JSON). One
// MAC over the whole index, not one per entry: a warm rescan of a large tree verifies it in one
// pass instead of re-serialising every entry. An edited file verifies as a whole or not at all.
const FORMAT = 3;

/** Entries serialised (and hashed) between two yields to the event loop: a language server answers edits while a large cache is written. */
const SAVE_PIECE = 500;

interface CacheFile {
  format: number;
  namespace: string;
  root: string;
  entries: Record<string, CacheEntry>;
}

export function cacheNamespace(pack: CompiledPack, baseline: ReadonlySet<string> | undefined, maxFileBytes: number): string {
  const inputs = {
    format: FORMAT,
    build: BUILD_ID ?? 'unbundled',
    pack: packFingerprint(snapshotPack(pack)),
    baseline: baseline ? [...baseline].sort() : null,
    maxFileBytes,
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex');
}

/**
 * A cache's index held in memory between scans by a long-lived caller (the language server, which
 * rescans after every checkout): the next scan of the same root takes it instead of reading,
 * parsing and verifying the file again, while the file is the one it was read from or written to
 * (same size, modification time and inode: a write by another process, renamed into place, changes
 * them). Reading the index is otherwise about a sixth of a warm rescan of a large workspace.
 */
export interface KeptIndex {
  held?: { file: string; namespace: string; root: string; identity: string; entries: ReadonlyMap<string, CacheEntry> };
}

/** The cache file as it is on disk now (size, modification time, inode), or undefined when absent. */
async function identityOf(file: string): Promise<string | undefined> {
  try {
    const s = await fs.stat(file, { bigint: true });
    return `${s.size}:${s.mtimeNs}:${s.ino}`;
  } catch {
    return undefined;
  }
}

export class ResultCache {
  private readonly next = new Map<string, CacheEntry>();
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly namespace: string,
    private readonly root: string,
    private readonly previous: Map<string, CacheEntry>,
    private readonly signingKey: Buffer | undefined,
    /** Entries dropped because they did not verify (edited), for the note after the scan. */
    readonly rejected: number,
    readonly problem: string | undefined,
    private readonly kept: KeptIndex | undefined,
  ) {}

  /** Opens the cache of `root`; a missing, unreadable or outdated file gives an empty cache. */
  static async open(dir: string, root: string, namespace: string, kept?: KeptIndex): Promise<ResultCache> {
    const file = path.join(dir, `${createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 24)}.json`);
    const resolved = path.resolve(root);
    const { key, problem } = integrityKey();
    const identity = kept && (await identityOf(file));
    const held = kept?.held;
    if (key && held && identity !== undefined && held.identity === identity && held.file === file && held.namespace === namespace && held.root === resolved) {
      return new ResultCache(file, namespace, resolved, new Map(held.entries), key, 0, problem, kept);
    }
    if (kept) kept.held = undefined;
    const previous = new Map<string, CacheEntry>();
    let rejected = 0;
    try {
      const text = await fs.readFile(file, 'utf8');
      const newline = text.indexOf('\n');
      const body = text.slice(newline + 1);
      const stored = JSON.parse(body) as CacheFile;
      if (key && stored.format === FORMAT && stored.namespace === namespace && stored.root === resolved) {
        const entries = Object.entries(stored.entries);
        if (newline > 0 && text.slice(0, newline) === sign(key, body)) for (const [relative, entry] of entries) previous.set(relative, entry);
        else rejected = entries.length;
      }
    } catch {
      // No cache yet, or one from another version: start empty.
    }
    // Kept only when the file did not change while it was read.
    if (kept && key && rejected === 0 && previous.size > 0 && identity !== undefined && (await identityOf(file)) === identity) {
      kept.held = { file, namespace, root: resolved, identity, entries: new Map(previous) };
    }
    return new ResultCache(file, namespace, resolved, previous, key, rejected, problem, kept);
  }

  /** What a worker needs to check an entry (not the stored result). */
  key(relative: string): CacheKey | undefined {
    const entry = this.previous.get(relative);
    return entry
      ? {
          hash: entry.hash,
          ...(entry.stamp ? { stamp: entry.stamp } : {}),
          ...(entry.day ? { day: entry.day } : {}),
          ...(entry.deps ? { deps: entry.deps } : {}),
          ...(entry.committedIgnored ? { committedIgnored: true } : {}),
        }
      : undefined;
  }

  /**
   * The stored entry of a file whose key was confirmed; it is kept for the next run, with `stamp` if
   * the file was read again, and `deps` if its modules' folders were looked at again.
   */
  reuse(relative: string, stamp?: FileStamp, deps?: ModuleDependency[]): CacheEntry | undefined {
    const entry = this.previous.get(relative);
    if (!entry) return undefined;
    const newStamp = stamp && !(entry.stamp && sameStamp(entry.stamp, stamp));
    if (newStamp || deps) {
      // Not `{ ...entry, stamp }`: that gives each entry a hidden class of its own (see scanFiles.ts).
      this.next.set(relative, Object.assign({}, entry, newStamp ? { stamp } : {}, deps ? { deps } : {}));
      this.changed = true;
    } else {
      this.next.set(relative, entry);
    }
    return entry;
  }

  store(relative: string, entry: CacheEntry): void {
    this.next.set(relative, entry);
    this.changed = true;
  }

  forget(relative: string): void {
    if (this.previous.delete(relative)) this.changed = true;
  }

  /**
   * Writes the cache (atomically: a temporary file renamed over the old one). After a scan of the
   * whole root, entries of files not seen are dropped; after a partial scan they are kept.
   * Returns a problem to report, or undefined.
   */
  async save(wholeRoot: boolean): Promise<string | undefined> {
    const entries = new Map(wholeRoot ? [] : this.previous);
    for (const [k, v] of this.next) entries.set(k, v);
    if (!this.signingKey) return this.problem;
    if (!this.changed && entries.size === this.previous.size && this.rejected === 0) return undefined;
    const pieces = await serialise({ format: FORMAT, namespace: this.namespace, root: this.root, entries: {} }, entries);
    let bytes = 0;
    for (const piece of pieces) bytes += Buffer.byteLength(piece, 'utf8');
    const signer = bodySigner(this.signingKey, bytes);
    for (const [i, piece] of pieces.entries()) {
      signer.update(piece);
      if (i % 4 === 3) await nextTurn();
    }
    const temporary = `${this.file}.${process.pid}.tmp`;
    if (this.kept) this.kept.held = undefined;
    try {
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await fs.writeFile(temporary, [`${signer.digest()}\n`, ...pieces]);
      // Its identity before the rename: a write by another process after it gives the file another one.
      const identity = this.kept && (await identityOf(temporary));
      await fs.rename(temporary, this.file);
      if (this.kept && identity !== undefined) this.kept.held = { file: this.file, namespace: this.namespace, root: this.root, identity, entries };
      return undefined;
    } catch (err) {
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      return `result cache not written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): the next scan analyses every file again`;
    }
  }
}

/**
 * The cache file's body, `JSON.stringify` of `head` with `entries` as its entries, in pieces of
 * SAVE_PIECE entries, yielding between pieces (one `JSON.stringify` of 27,000 entries held the
 * server's thread for over 100 ms).
 */
async function serialise(head: CacheFile, entries: Map<string, CacheEntry>): Promise<string[]> {
  // `…,"entries":{}}` without its last two characters: the entries follow.
  const pieces = [JSON.stringify(head).slice(0, -2)];
  let piece = '';
  let count = 0;
  for (const [relative, entry] of entries) {
    piece += `${count++ === 0 ? '' : ','}${JSON.stringify(relative)}:${JSON.stringify(entry)}`;
    if (count % SAVE_PIECE === 0) {
      pieces.push(piece);
      piece = '';
      await nextTurn();
    }
  }
  pieces.push(`${piece}}}`);
  return pieces;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

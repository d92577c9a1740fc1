import { decodeForScan } from './read';
import { BlobReader } from './gitBlobs';
import { AddedLines, diffWithLines, git, SUBMODULE_MODE, SYMLINK_MODE, ZERO_BLOB } from './gitDiff';
import { Source } from './scanFiles';
import { SkippedPath } from './discover';

/**
 * Lines changed against a git ref (default HEAD), per file relative to `cwd`: added or modified
 * lines of tracked files, and every line of untracked files. For `vigil scan --changed`.
 */
export async function changedLines(cwd: string, ref = 'HEAD'): Promise<AddedLines> {
  const [{ added }, untracked] = await Promise.all([diffWithLines(cwd, [ref]), git(cwd, ['ls-files', '-z', '--others', '--exclude-standard'])]);
  for (const f of untracked.split('\0').filter(Boolean)) added.set(f, 'all');
  return added;
}

export interface StagedChange {
  /** What the next commit holds for each added, modified, renamed or copied file (relative to `cwd`). */
  sources: Source[];
  /** Lines the commit adds per file: only findings there block it. */
  added: AddedLines;
  /** Staged files that are not scanned, with the reason (binary, too large, submodule). */
  skipped: SkippedPath[];
}

/**
 * Exactly what `git commit` would record, read from the index (never from the working tree: a
 * secret staged and then removed from the file on disk is still committed).
 */
export async function stagedChange(cwd: string, maxBytes: number): Promise<StagedChange> {
  // Before the first commit there is no HEAD: everything staged is new.
  const { entries, added } = await diffWithLines(cwd, ['--cached']);
  const out: StagedChange = { sources: [], added, skipped: [] };
  const reader = new BlobReader(cwd);
  try {
    const reads = entries
      .filter((e) => e.status !== 'D' && e.status !== 'U')
      .map((e) => {
        if (e.newMode === SUBMODULE_MODE) return Promise.resolve({ path: e.path, read: { skipped: 'submodule (scan it in its own repository)' } });
        if (e.newMode === SYMLINK_MODE) return Promise.resolve({ path: e.path, read: { skipped: 'symbolic link' } });
        if (ZERO_BLOB.test(e.newBlob)) return Promise.resolve({ path: e.path, read: { skipped: 'not in the index' } });
        return reader.read(e.newBlob, maxBytes).then((read) => ({ path: e.path, read }));
      });
    for (const { path, read } of await Promise.all(reads)) {
      const decoded = 'data' in read ? decodeForScan(read.data) : read;
      if ('text' in decoded) out.sources.push({ relative: path, text: decoded.text });
      else out.skipped.push({ path, reason: decoded.skipped });
    }
  } finally {
    reader.close();
  }
  return out;
}

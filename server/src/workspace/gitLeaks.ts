import { CompiledPack } from '../packs/load';
import { BlobReader } from './gitBlobs';
import { git, SUBMODULE_MODE, ZERO_BLOB } from './gitDiff';
import { HistoryFinding, scanHistory, secretRules } from './gitHistory';
import { CommitInfo, gitLog, LogSelection } from './gitLog';
import { decodeForScan } from './read';
import { scanSources, Source } from './scanFiles';

// `vigil report leaks`: for offboarding or an incident, every secret the selected people added or
// could have seen. "Seen" means present in a file they changed (before or after their change)
// while it held the secret. Secrets are found once over the whole history; only the people's own
// commits that touched files with secrets are read again.

export interface Leak extends HistoryFinding {
  /** The selected people's commit added it. */
  addedBySelected: boolean;
  /** Their commits that changed the file while it held the secret (oldest first). */
  seenIn: CommitInfo[];
}

export interface People {
  author?: string;
  since?: string;
  until?: string;
}

export interface LeakSearch {
  leaks: Leak[];
  commits: number;
  /** Commits of the selected people (all commits when nobody is selected). */
  theirCommits: number;
}

export async function findLeaks(
  cwd: string,
  pack: CompiledPack,
  people: People,
  scope: Pick<LogSelection, 'range' | 'all' | 'paths'>,
  options: { baseline?: Set<string>; maxFileBytes: number; excluded?: (file: string) => boolean },
): Promise<LeakSearch> {
  const history = await scanHistory(cwd, pack, scope, options);
  const everyone = !people.author && !people.since && !people.until;
  if (everyone) return { leaks: history.findings.map((f) => ({ ...f, addedBySelected: true, seenIn: [] })), commits: history.commits, theirCommits: history.commits };
  const secretPaths = new Set(history.findings.map((f) => f.file));
  const theirs = new Set<string>();
  const seen = new Map<HistoryFinding, CommitInfo[]>();
  const byPath = new Map<string, HistoryFinding[]>();
  for (const f of history.findings) {
    const list = byPath.get(f.file);
    if (list) list.push(f);
    else byPath.set(f.file, [f]);
  }
  const secrets = secretRules(pack);
  const reader = new BlobReader(cwd);
  const present = new Map<string, Set<string>>();
  /** Fingerprints of the secrets a blob holds at a path (each pair analysed once). */
  const fingerprintsOf = async (blob: string, path: string): Promise<Set<string>> => {
    const key = `${blob}\0${path}`;
    const known = present.get(key);
    if (known) return known;
    const read = await reader.read(blob, options.maxFileBytes);
    const decoded = 'data' in read ? decodeForScan(read.data) : read;
    const sources: Source[] = 'text' in decoded ? [{ relative: path, text: decoded.text }] : [];
    const scan = await scanSources(sources, cwd, secrets, { concurrency: 0 });
    const prints = new Set(scan.files.flatMap((f) => [...f.findings, ...f.suppressed].map((x) => x.fingerprint)));
    present.set(key, prints);
    return prints;
  };
  try {
    for await (const commit of gitLog(cwd, { ...scope, ...people, patch: false })) {
      const info: CommitInfo = { sha: commit.sha, author: commit.author, email: commit.email, date: commit.date };
      theirs.add(commit.sha);
      for (const file of commit.files) {
        const path = file.path;
        if (!secretPaths.has(path) || file.newMode === SUBMODULE_MODE) continue;
        // What they saw: the file before their change and after it.
        const blobs = [file.oldBlob, file.newBlob].filter((b) => !ZERO_BLOB.test(b));
        const prints = new Set<string>();
        for (const blob of blobs) for (const p of await fingerprintsOf(blob, file.status === 'R' && blob === file.oldBlob && file.from ? file.from : path)) prints.add(p);
        for (const f of byPath.get(path) ?? []) {
          if (f.commit.sha === commit.sha || !prints.has(f.finding.fingerprint)) continue;
          seen.set(f, [...(seen.get(f) ?? []), info]);
        }
      }
    }
  } finally {
    reader.close();
  }
  const leaks: Leak[] = [];
  for (const f of history.findings) {
    const addedBySelected = theirs.has(f.commit.sha);
    const seenIn = seen.get(f) ?? [];
    if (addedBySelected || seenIn.length > 0) leaks.push({ ...f, addedBySelected, seenIn });
  }
  return { leaks, commits: history.commits, theirCommits: theirs.size };
}

/** Whether `cwd` is inside a git work tree with at least one commit (for a clear message first). */
export async function hasCommits(cwd: string): Promise<boolean> {
  return git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']).then(
    () => true,
    () => false,
  );
}

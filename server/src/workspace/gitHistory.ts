import { createHash } from 'node:crypto';
import { CompiledPack } from '../packs/load';
import { Finding, SuppressedFinding } from '../engine/types';
import { BlobReader } from './gitBlobs';
import { git, SUBMODULE_MODE, SYMLINK_MODE, ZERO_BLOB } from './gitDiff';
import { CommitFile, CommitInfo, gitLog, LogSelection } from './gitLog';
import { SkippedPath } from './discover';
import { decodeForScan } from './read';
import { scanSources, Source } from './scanFiles';

// `vigil scan --history`: every secret the selected commits added. Each blob is looked at once,
// however many commits or branches hold it: first the new side of its hunks (a few lines, the same
// rules), and only when they show something is the whole blob analysed, so that findings get the
// file's full context, suppressions and baseline. A finding counts when it sits on a line the commit
// added and was not reported before (same rule, file and value: re-indenting a secret does not
// add it again).

export interface HistoryFinding {
  file: string;
  commit: CommitInfo;
  finding: Finding;
  /** The same rule and value are still in that file at HEAD. */
  inHead: boolean;
}

export interface HistorySuppressed {
  file: string;
  commit: CommitInfo;
  finding: SuppressedFinding;
}

export interface HistoryScan {
  findings: HistoryFinding[];
  suppressed: HistorySuppressed[];
  commits: number;
  /** Distinct blobs looked at (their changed lines), and how many of them were analysed whole. */
  blobs: number;
  analysed: number;
  /** One entry per path and reason, however many versions of it were skipped. */
  skipped: SkippedPath[];
  failures: Array<{ file: string; ruleId: string; message: string }>;
}

export interface HistoryOptions {
  baseline?: Set<string>;
  maxFileBytes: number;
  /** Paths never scanned (lock files, bundles, VCS data). */
  excluded?: (file: string) => boolean;
  onCommit?: (commits: number) => void;
}

interface Candidate {
  commit: CommitInfo;
  file: CommitFile;
}

const BATCH = 256;

/** History holds secrets to rotate; weak crypto or http:// in an old revision is not actionable. */
export function secretRules(pack: CompiledPack): CompiledPack {
  return { ...pack, rules: pack.rules.filter((r) => r.category === 'secret') };
}

export async function scanHistory(cwd: string, pack: CompiledPack, selection: LogSelection, options: HistoryOptions): Promise<HistoryScan> {
  const secrets = secretRules(pack);
  const out: HistoryScan = { findings: [], suppressed: [], commits: 0, blobs: 0, analysed: 0, skipped: [], failures: [] };
  // Each blob at each path, once: the same content on another branch or after a revert is not
  // looked at again, a copy under another name is (its path can change the rules that apply).
  const seen = new Set<number>();
  const reported = new Set<string>();
  const skipped = new Map<string, string>();
  const reader = new BlobReader(cwd);
  let batch: Candidate[] = [];
  let inBatch = new Set<string>();

  const skip = (path: string, reason: string): void => {
    const key = `${path}\0${reason}`;
    if (!skipped.has(key)) skipped.set(own(key), reason);
  };

  const flush = async (): Promise<void> => {
    const candidates = batch;
    batch = [];
    inBatch = new Set();
    if (candidates.length === 0) return;
    // First look: the changed lines with a line of context, same rules.
    const glance = candidates.filter((c) => c.file.added !== 'all' && c.file.fragment.trim() !== '');
    const quick = await scanSources(
      glance.map((c) => ({ relative: c.file.path, text: c.file.fragment })),
      cwd,
      secrets,
      { concurrency: 0 },
    );
    // Changed lines read apart from the rest can be too nested for the syntax rules (a block's
    // first line changed, its last not): then the whole file is looked at too.
    const hits = new Set(quick.files.filter((f) => f.findings.length + f.suppressed.length > 0 || f.failures.some((x) => x.ruleId === 'vigil.syntax')).map((f) => f.file));
    const whole = candidates.filter((c) => c.file.added === 'all' || hits.has(c.file.path));
    if (whole.length === 0) return;
    const reads = await Promise.all(whole.map((c) => reader.read(c.file.newBlob, options.maxFileBytes)));
    const sources: Source[] = [];
    const byPath = new Map<string, Candidate>();
    whole.forEach((c, i) => {
      const read = reads[i];
      const decoded = 'data' in read ? decodeForScan(read.data) : read;
      if ('skipped' in decoded) return skip(c.file.path, decoded.skipped);
      sources.push({ relative: c.file.path, text: decoded.text });
      byPath.set(c.file.path, c);
    });
    out.analysed += sources.length;
    const full = await scanSources(sources, cwd, secrets, { concurrency: 0, baseline: options.baseline });
    for (const s of full.skipped) skip(s.path, s.reason);
    const results = new Map(full.files.map((f) => [f.file, f]));
    // In commit order, so that the first commit to add a value is the one reported.
    for (const source of sources) {
      const result = results.get(source.relative);
      const c = byPath.get(source.relative)!;
      if (!result) continue;
      if (result.skipped) skip(source.relative, result.skipped);
      const added = c.file.added;
      const isNew = (f: Finding): boolean => (added === 'all' || added.has(f.range.start.line + 1)) && !reported.has(f.fingerprint);
      for (const f of result.findings.filter(isNew)) {
        reported.add(f.fingerprint);
        out.findings.push({ file: own(source.relative), commit: c.commit, finding: f, inHead: false });
      }
      for (const f of result.suppressed.filter(isNew)) {
        reported.add(f.fingerprint);
        out.suppressed.push({ file: own(source.relative), commit: c.commit, finding: f });
      }
      for (const failure of result.failures) out.failures.push({ file: source.relative, ...failure });
    }
  };

  try {
    for await (const commit of gitLog(cwd, { ...selection, context: 1 })) {
      out.commits++;
      options.onCommit?.(out.commits);
      const info: CommitInfo = { sha: own(commit.sha), author: own(commit.author), email: own(commit.email), date: own(commit.date) };
      for (const file of commit.files) {
        if (file.status === 'D' || file.status === 'U' || ZERO_BLOB.test(file.newBlob)) continue;
        if (file.newMode === SUBMODULE_MODE) {
          skip(file.path, 'submodule (scan it in its own repository)');
          continue;
        }
        // A rename or mode change adds no line: nothing to look at.
        if (file.newMode === SYMLINK_MODE || (file.added !== 'all' && file.added.size === 0) || options.excluded?.(file.path)) continue;
        const id = blobAt(file.newBlob, file.path);
        if (seen.has(id)) continue;
        seen.add(id);
        out.blobs++;
        if (inBatch.has(file.path) || batch.length >= BATCH) await flush();
        batch.push({ commit: info, file });
        inBatch.add(file.path);
      }
    }
    await flush();
    await markStillInHead(cwd, secrets, out.findings, reader, options.maxFileBytes);
  } finally {
    reader.close();
  }
  out.skipped = [...skipped].map(([key, reason]) => ({ path: key.slice(0, key.indexOf('\0')), reason }));
  return out;
}

/** 48 bits identifying a blob at a path, as a number: a substring would keep git's whole output alive. */
function blobAt(blob: string, path: string): number {
  return createHash('sha256').update(blob).update('\0').update(path).digest().readUIntBE(0, 6);
}

/** A copy that does not share memory with the string it was cut from (V8 keeps the whole parent alive). */
function own(s: string): string {
  return Buffer.from(s, 'utf8').toString('utf8');
}

/** `inHead`: the file at HEAD still holds the same rule and value. */
async function markStillInHead(cwd: string, pack: CompiledPack, findings: HistoryFinding[], reader: BlobReader, maxFileBytes: number): Promise<void> {
  if (findings.length === 0) return;
  const wanted = new Set(findings.map((f) => f.file));
  let tree: string;
  try {
    tree = await git(cwd, ['ls-tree', '-r', '-z', 'HEAD']);
  } catch {
    return; // no HEAD (an orphan branch being built): nothing is present there
  }
  const blobs = new Map<string, string>();
  for (const entry of tree.split('\0')) {
    const m = /^\d+ blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m && wanted.has(m[2])) blobs.set(m[2], m[1]);
  }
  const sources: Source[] = [];
  for (const [file, blob] of blobs) {
    const read = await reader.read(blob, maxFileBytes);
    const decoded = 'data' in read ? decodeForScan(read.data) : read;
    if ('text' in decoded) sources.push({ relative: file, text: decoded.text });
  }
  const scan = await scanSources(sources, cwd, pack, { concurrency: 0 });
  const present = new Set(scan.files.flatMap((f) => [...f.findings, ...f.suppressed].map((x) => `${f.file}\0${x.fingerprint}`)));
  for (const f of findings) f.inHead = present.has(`${f.file}\0${f.finding.fingerprint}`);
}

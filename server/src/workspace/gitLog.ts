import { spawn } from 'node:child_process';
import { PassThrough, pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { DiffEntry, OVERRIDES } from './gitDiff';

// Streaming `git log --raw -z --patch`, one commit at a time: names and blob ids come from the -z
// raw part (any byte but NUL is a legal name), added lines from the patch, matched by blob id.
// Never holds more than one commit's patch in memory.

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** Author date, ISO 8601 with offset. */
  date: string;
}

/** A file a commit changed: its new blob and the lines the commit added (1-based). */
export interface CommitFile extends DiffEntry {
  /** Added lines, or 'all' when git shows no text lines for the change (binary to git). */
  added: Set<number> | 'all';
  /** The new side of each hunk (added lines and context), for a quick first look. */
  fragment: string;
}

export interface LoggedCommit extends CommitInfo {
  files: CommitFile[];
}

/** What to walk: `git log` selection options, already checked. */
export interface LogSelection {
  since?: string;
  until?: string;
  author?: string;
  /** `A..B`, a ref or a commit; HEAD when absent. */
  range?: string;
  /** Revisions as `git rev-list` takes them (`sha`, `^sha`), instead of `range`. */
  revisions?: string[];
  /** Every branch, tag and remote ref (`git log --all`). */
  all?: boolean;
  /** Pathspecs relative to the working folder. */
  paths?: string[];
  /** Context lines around each hunk in `fragment`. */
  context?: number;
  /** false: names and blob ids only, no patch (every file's `added` is then empty or 'all'). */
  patch?: boolean;
}

const FORMAT = '%x01%H%x1f%an%x1f%ae%x1f%aI';
const RECORD_START = /\x01(?=[0-9a-f]{40,64}\x1f)/;
/** More than a record start with its lookahead (`\x01`, up to 64 hex digits, `\x1f`). */
const TAIL = 80;
/** Chunks of git's output (64 KB at most each) read ahead of the scan. */
const READ_AHEAD_CHUNKS = 256;

export function logArgs(sel: LogSelection): string[] {
  const args = ['log', '--reverse', '--no-color', '--no-ext-diff', '--no-textconv', '--relative', '--find-renames', '--src-prefix=a/', '--dst-prefix=b/'];
  args.push('--raw', '-z', '--no-abbrev', `--format=${FORMAT}`);
  if (sel.patch !== false) args.push('--full-index', '--patch', `--unified=${sel.context ?? 0}`);
  if (sel.since) args.push(`--since=${sel.since}`);
  if (sel.until) args.push(`--until=${sel.until}`);
  if (sel.author) args.push(`--author=${sel.author}`);
  if (sel.all) args.push('--all');
  // --end-of-options: a range can never be read as an option.
  const revisions = sel.revisions ?? (sel.all ? [] : [sel.range ?? 'HEAD']);
  args.push('--end-of-options', ...revisions, '--', ...(sel.paths ?? []));
  return args;
}

/** Commits in the selection, oldest first, parsed as they stream out of git. */
export async function* gitLog(cwd: string, sel: LogSelection): AsyncGenerator<LoggedCommit> {
  const child = spawn('git', [...OVERRIDES, ...logArgs(sel)], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`cannot run git: ${err.message}`)));
    child.on('close', (code) => resolve(code ?? 1));
  });
  const decoder = new StringDecoder('utf8');
  const recordStart = new RegExp(RECORD_START.source, 'g');
  // The record being read. A commit of hundreds of megabytes (a build folder committed) arrives in
  // 64 KB chunks: only each new chunk is searched for the next record, with the few characters
  // before it (a record start's lookahead may span the two), so the text read so far is not
  // flattened and searched again at each chunk (that was quadratic).
  let pending = '';
  // Its last characters, kept apart: a slice of `pending` itself would flatten it.
  let tail = '';
  try {
    // Read ahead of the scan, up to a bound: straight from the pipe, git stops whenever the scan
    // is busy (the pipe holds 64 KB) and the scan waits whenever git computes a large diff.
    // Chunk by chunk (object mode): one read of everything buffered would make a string of megabytes.
    const ahead = new PassThrough({ readableObjectMode: true, readableHighWaterMark: READ_AHEAD_CHUNKS });
    // A read error ends `ahead` with it, so the loop below throws instead of waiting forever.
    pipeline(child.stdout, ahead, () => {});
    for await (const chunk of ahead as AsyncIterable<Buffer>) {
      const text = decoder.write(chunk);
      const offset = pending.length - tail.length;
      const probe = tail + text;
      pending += text;
      tail = probe.length > TAIL ? probe.slice(-TAIL) : probe;
      // Never the current record's own start (position 0).
      recordStart.lastIndex = offset === 0 ? 1 : 0;
      const ends: number[] = [];
      for (let m = recordStart.exec(probe); m; m = recordStart.exec(probe)) ends.push(offset + m.index);
      let start = 0;
      for (const end of ends) {
        yield parseCommit(pending.slice(start + 1, end));
        start = end;
      }
      // The last record may be incomplete: keep it until the next one starts or git ends.
      if (start > 0) {
        pending = pending.slice(start);
        tail = pending.length > TAIL ? pending.slice(-TAIL) : pending;
      }
    }
    pending += decoder.end();
    const code = await exited;
    if (code !== 0) throw new Error(stderr.trim().split('\n')[0] || `git log exited with ${code}`);
    if (pending.startsWith('\x01')) yield parseCommit(pending.slice(1));
  } finally {
    if (child.exitCode === null) child.kill();
  }
}

/** One record: `sha\x1fauthor\x1femail\x1fdate\0`, raw entries (`:meta\0path\0[path\0]`), `\0`, the patch. */
export function parseCommit(record: string): LoggedCommit {
  const headerEnd = record.indexOf('\0');
  const [sha, author, email, date] = (headerEnd < 0 ? record : record.slice(0, headerEnd)).trim().split('\x1f');
  const commit: LoggedCommit = { sha, author, email, date, files: [] };
  if (headerEnd < 0) return commit;
  // git puts a newline between the header and the raw entries.
  let at = record.startsWith('\n', headerEnd + 1) ? headerEnd + 2 : headerEnd + 1;
  const next = (): string => {
    const end = record.indexOf('\0', at);
    const token = end < 0 ? record.slice(at) : record.slice(at, end);
    at = end < 0 ? record.length : end + 1;
    return token;
  };
  const entries: DiffEntry[] = [];
  while (at < record.length && record[at] !== '\0' && record.startsWith(':', at)) {
    const meta = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(next());
    if (!meta) break;
    const [, oldMode, newMode, oldBlob, newBlob, status] = meta;
    if (status === 'R' || status === 'C') {
      const from = next();
      entries.push({ status, from, path: next(), oldMode, newMode, oldBlob, newBlob });
    } else entries.push({ status, path: next(), oldMode, newMode, oldBlob, newBlob });
  }
  // A NUL ends the raw entries; the patch follows.
  const hunks = parsePatchByChange(record.slice(record[at] === '\0' ? at + 1 : at));
  for (const e of entries) {
    // A type change (file ↔ symlink) is patched as a deletion and an addition.
    const h = hunks.get(`${e.oldBlob}..${e.newBlob}`) ?? (e.status === 'T' ? hunks.get(`${'0'.repeat(e.newBlob.length)}..${e.newBlob}`) : undefined);
    // No hunks: a pure rename or mode change adds nothing; a changed blob is binary to git.
    const added = h ? h.added : e.oldBlob === e.newBlob ? new Set<number>() : 'all';
    commit.files.push({ ...e, added, fragment: h ? h.fragment : '' });
  }
  return commit;
}

/**
 * Added lines and new-side hunk text per change, keyed `oldBlob..newBlob` (from `index old..new`
 * header lines, which `--full-index` prints in full). Files with the same change (a translation file
 * copied to fifty languages) have the same hunks: they are read once, not appended to one another
 * (that grew each copy's text with the number of copies, and the commit's memory with its square).
 * Only header lines are read as headers: inside a hunk every line starts with `+`, `-`, ` ` or `\`.
 */
export function parsePatchByChange(patch: string): Map<string, { added: Set<number>; fragment: string }> {
  const out = new Map<string, { added: Set<number>; fragment: string[] }>();
  let current: { added: Set<number>; fragment: string[] } | undefined;
  let inHeader = false;
  let line = 0;
  let change: string | undefined;
  for (const text of patch.split('\n')) {
    if (text.startsWith('diff --git ')) {
      inHeader = true;
      current = undefined;
      change = undefined;
    } else if (inHeader && text.startsWith('index ')) {
      const ids = /^index ([0-9a-f]+)\.\.([0-9a-f]+)/.exec(text);
      change = ids && !/^0+$/.test(ids[2]) ? `${ids[1]}..${ids[2]}` : undefined;
      if (change && !out.has(change)) {
        current = { added: new Set(), fragment: [] };
        out.set(change, current);
      }
    } else if (inHeader && text.startsWith('Binary files ') && change && current) {
      // Binary to git (UTF-16 text among others): no lines, the caller looks at the whole blob.
      out.delete(change);
      current = undefined;
    } else if (text.startsWith('@@')) {
      inHeader = false;
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(text);
      line = hunk ? Number(hunk[1]) : 0;
      if (current && current.fragment.length > 0) current.fragment.push('');
    } else if (!inHeader && current) {
      if (text.startsWith('+')) {
        current.added.add(line++);
        current.fragment.push(text.slice(1));
      } else if (text.startsWith(' ')) {
        line++;
        current.fragment.push(text.slice(1));
      }
    }
  }
  // One string per change, shared by the files that have it.
  return new Map([...out].map(([key, h]) => [key, { added: h.added, fragment: h.fragment.join('\n') }]));
}

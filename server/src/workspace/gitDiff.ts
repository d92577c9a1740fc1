import { execFile } from 'node:child_process';

// Reading `git diff` robustly, whatever the user's configuration: names come from `-z` raw output
// (any byte but NUL is a legal name), the patch is only read for added line numbers, and every
// `diff.*` setting that changes the output (prefixes, relative paths, colour, external tools,
// text conversion, renames) is overridden on the command line.

/** One changed path, from `git diff --raw -z`. */
export interface DiffEntry {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed, U unmerged. */
  status: string;
  path: string;
  /** The old name of a rename or copy. */
  from?: string;
  oldMode: string;
  newMode: string;
  oldBlob: string;
  /** All zeros when the new side is the working tree (git does not hash it). */
  newBlob: string;
}

/** Lines added per path (1-based), or 'all' when git saw no text lines (binary to git: scan it whole). */
export type AddedLines = Map<string, Set<number> | 'all'>;

export const OVERRIDES = ['-c', 'core.quotePath=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'color.ui=never'];
const DIFF_FLAGS = ['--no-color', '--no-ext-diff', '--no-textconv', '--relative', '--find-renames', '--src-prefix=a/', '--dst-prefix=b/'];

export const ZERO_BLOB = /^0+$/;
export const SUBMODULE_MODE = '160000';
export const SYMLINK_MODE = '120000';

export function git(cwd: string, args: string[], maxBuffer = 1 << 28): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...OVERRIDES, ...args], { cwd, maxBuffer, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) reject(new Error((stderr || err.message).trim().split('\n')[0]));
      else resolve(stdout);
    });
  });
}

/**
 * The paths that differ between two sides (`--cached` for the index against HEAD, a ref for the
 * working tree against it), relative to `cwd`, with the lines each adds.
 */
export async function diffWithLines(cwd: string, sides: string[]): Promise<{ entries: DiffEntry[]; added: AddedLines }> {
  const [raw, patch] = await Promise.all([git(cwd, ['diff', ...DIFF_FLAGS, '--raw', '-z', '--no-abbrev', ...sides, '--']), git(cwd, ['diff', ...DIFF_FLAGS, '--unified=0', ...sides, '--'])]);
  const entries = parseRawZ(raw);
  const hunks = parseAddedLines(patch);
  const added: AddedLines = new Map();
  for (const e of entries) {
    if (e.status === 'D' || e.status === 'U') continue;
    const lines = hunks.get(e.path);
    if (lines) added.set(e.path, lines);
    else if (e.oldBlob !== e.newBlob || ZERO_BLOB.test(e.newBlob)) added.set(e.path, 'all');
  }
  return { entries, added };
}

/** `git diff --raw -z` output: `:old new oldsha newsha status\0path\0` (two paths for renames and copies). */
export function parseRawZ(out: string): DiffEntry[] {
  const parts = out.split('\0');
  const entries: DiffEntry[] = [];
  for (let i = 0; i < parts.length; i++) {
    const meta = /^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) ([A-Z])\d*$/.exec(parts[i]);
    if (!meta) continue;
    const [, oldMode, newMode, oldBlob, newBlob, status] = meta;
    if (status === 'R' || status === 'C') {
      entries.push({ status, from: parts[i + 1], path: parts[i + 2], oldMode, newMode, oldBlob, newBlob });
      i += 2;
    } else {
      entries.push({ status, path: parts[i + 1], oldMode, newMode, oldBlob, newBlob });
      i += 1;
    }
  }
  return entries;
}

/**
 * Added line numbers per new path from a `--unified=0` patch. Only header lines are read for
 * names: inside a hunk every line starts with `+`, `-`, ` ` or `\`, so a content line such as
 * `+++ b/x` can never be taken for a header.
 */
export function parseAddedLines(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let file: string | undefined;
  let inHeader = false;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      inHeader = true;
      file = undefined;
    } else if (line.startsWith('@@')) {
      inHeader = false;
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!hunk || file === undefined) continue;
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      let lines = out.get(file);
      if (!lines) out.set(file, (lines = new Set()));
      for (let l = start; l < start + count; l++) lines.add(l);
    } else if (inHeader && line.startsWith('+++ ')) {
      const name = line.slice(4);
      file = name === '/dev/null' ? undefined : stripPrefix(unquoteName(name));
    }
  }
  return out;
}

function stripPrefix(name: string): string | undefined {
  return name.startsWith('b/') ? name.slice(2) : undefined;
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * A name as git prints it in a patch header: C-quoted when it holds a quote, backslash or control
 * character (octal escapes are UTF-8 bytes), else as is with a tab appended when it holds a space.
 */
export function unquoteName(name: string): string {
  if (!name.startsWith('"')) return name.endsWith('\t') && name.includes(' ') ? name.slice(0, -1) : name;
  const bytes: number[] = [];
  const end = name.lastIndexOf('"');
  for (let i = 1; i < end; i++) {
    if (name[i] !== '\\') {
      // Whole code points (an emoji is two UTF-16 units), as UTF-8 bytes.
      const cp = name.codePointAt(i)!;
      bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      if (cp > 0xffff) i++;
      continue;
    }
    const next = name[++i];
    if (/[0-7]/.test(next)) {
      bytes.push(parseInt(name.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

import { execFile } from 'node:child_process';
import { promises as fs, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { Ignore } from 'ignore';
import { globMatcher } from '../engine/globs';

/**
 * Every file, whatever its extension or none (`credentials`, `.pgpass`, `notes.txt`, `data.db`):
 * whether it is text is decided by its content when it is read, not by its name.
 */
export const DEFAULT_INCLUDE = ['**'];

/** Folders read at once during discovery. */
const PARALLEL_READS = 8;

/** Dependencies and build output: not the team's own code, unless git tracks a file there. */
const UNTRACKED_EXCLUDE = ['**/node_modules/**', '**/dist/**', '**/build/**', '**/out/**', '**/coverage/**', '**/.next/**'];

/** Never scanned, tracked or not: VCS data, Vigil's own files, lock files, bundles and maps. */
const ALWAYS_EXCLUDE = [
  '**/.git/**',
  '**/.vigil/**',
  '**/*.min.js',
  '**/*.map',
  '**/{package-lock,npm-shrinkwrap}.json{,.*}',
  '**/yarn.lock{,.*}',
  '**/pnpm-lock.yaml{,.*}',
  '**/*.lock',
  '**/go.sum',
  '**/*.min.css',
  '**/.yarn/{cache,releases,unplugged}/**',
  '**/__pycache__/**',
  '**/.venv/**',
  '**/.DS_Store',
];

export const DEFAULT_EXCLUDE = [...UNTRACKED_EXCLUDE, ...ALWAYS_EXCLUDE];

export interface DiscoverOptions {
  include?: string[];
  exclude?: string[];
  /**
   * Read folders synchronously: the calling thread has nothing else to do meanwhile (the CLI's).
   * A language server's thread answers edits during discovery, so it reads through libuv's pool.
   */
  blocking?: boolean;
}

export interface DiscoveredFile {
  /** Absolute path. */
  absolute: string;
  /** Path relative to the root it was found under, with `/` separators. */
  relative: string;
  /** Git tracks it although .gitignore ignores it (or a folder holding it). */
  committedIgnored?: boolean;
}

export interface SkippedPath {
  path: string;
  reason: string;
}

export interface Discovery {
  files: DiscoveredFile[];
  skipped: SkippedPath[];
}

/**
 * Walks `root` (a folder or a single file) honouring `.gitignore` files at every level and the
 * include/exclude globs. A file named explicitly is always taken. Unreadable folders are reported,
 * not fatal.
 */
export async function discover(root: string, relativeTo: string, options: DiscoverOptions = {}): Promise<Discovery> {
  const included = globMatcher(options.include?.length ? options.include : DEFAULT_INCLUDE);
  const excluded = globMatcher([...DEFAULT_EXCLUDE, ...(options.exclude ?? [])]);
  const excludedWhenTracked = globMatcher([...ALWAYS_EXCLUDE, ...(options.exclude ?? [])]);
  const result: Discovery = { files: [], skipped: [] };
  const rel = (p: string): string => toPosix(path.relative(relativeTo, p)) || path.basename(p);

  let stat;
  try {
    stat = await fs.stat(root);
  } catch (err) {
    result.skipped.push({ path: rel(root), reason: `cannot read: ${errorCode(err)}` });
    return result;
  }
  if (!stat.isDirectory()) {
    // A FIFO or device named on the command line would block or never end: never read.
    if (stat.isFile()) result.files.push({ absolute: path.resolve(root), relative: rel(root) });
    else result.skipped.push({ path: rel(root), reason: 'not a regular file (FIFO, socket or device): not read' });
    return result;
  }

  // Paths relative to `root` are built by concatenation as the walk descends (path.relative per
  // entry was a fifth of a rescan's discovery time). Each .gitignore scope remembers its prefix.
  const sameBase = path.resolve(relativeTo) === path.resolve(root);
  // Inside a git repository, git is the source of truth: a file it tracks is scanned even where
  // .gitignore or the dependency/build-output defaults would leave it out (`git add -f`, a
  // committed config/config.json, a server whose source sits in a folder named node_modules).
  const git = await trackedFiles(root);
  // Folders are read a few at a time (not one readdir round trip through libuv's thread pool after
  // another, nor thousands at once, which stalls a language server's thread), and their results
  // are joined in name order, so the order of files and skipped folders is that of a depth-first walk.
  let reading = 0;
  const waiting: Array<() => void> = [];
  const readFolder = async (dir: string) => {
    // A round trip through the thread pool per folder was a sixth of a warm rescan's discovery.
    if (options.blocking) return readdirSync(dir, { withFileTypes: true });
    if (reading >= PARALLEL_READS) await new Promise<void>((resolve) => waiting.push(resolve));
    reading++;
    try {
      return await fs.readdir(dir, { withFileTypes: true });
    } finally {
      reading--;
      waiting.shift()?.();
    }
  };
  type Found = Array<{ file: DiscoveredFile } | { skip: SkippedPath } | Promise<Found>>;
  const walk = async (dir: string, relDir: string, rules: Array<{ prefix: number; ig: Ignore }>, onlyTracked = false, inIgnored = false): Promise<Found> => {
    const found: Found = [];
    let entries;
    try {
      entries = await readFolder(dir);
    } catch (err) {
      found.push({ skip: { path: rel(dir), reason: `cannot read folder: ${errorCode(err)}` } });
      return found;
    }
    const gitignore = entries.find((e) => e.isFile() && e.name === '.gitignore');
    const scoped = gitignore ? [...rules, { prefix: relDir.length, ig: await loadGitignore(path.join(dir, '.gitignore'), git?.ignoreCase ?? true) }] : rules;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const isDir = entry.isDirectory();
      if (!isDir && !entry.isFile()) continue; // sockets, fifos, symlinks: not followed
      const relToRoot = relDir + entry.name;
      const ignored = scoped.some(({ prefix, ig }) => ig.ignores(relToRoot.slice(prefix) + (isDir ? '/' : '')));
      // `dir` is absolute and normalised, and a name has no separator: no path.join needed.
      const absolute = dir.endsWith(path.sep) ? dir + entry.name : dir + path.sep + entry.name;
      if (isDir) {
        if (excludedWhenTracked(`${relToRoot}/x`)) continue;
        if (ignored || excluded(`${relToRoot}/x`)) {
          if (git?.dirs.has(relToRoot)) found.push(walk(absolute, `${relToRoot}/`, scoped, true, inIgnored || ignored));
          continue;
        }
        found.push(walk(absolute, `${relToRoot}/`, scoped, onlyTracked, inIgnored));
        continue;
      }
      const tracked = git?.files.has(relToRoot) === true;
      if ((ignored || onlyTracked) && !tracked) continue;
      if (included(relToRoot) && !(tracked ? excludedWhenTracked(relToRoot) : excluded(relToRoot))) {
        found.push({
          file: { absolute: flattened(absolute), relative: flattened(sameBase ? relToRoot : rel(absolute)), ...(tracked && (ignored || inIgnored) ? { committedIgnored: true } : {}) },
        });
      }
    }
    return found;
  };
  const flatten = async (found: Found): Promise<void> => {
    for (const item of found) {
      if (item instanceof Promise) await flatten(await item);
      else if ('file' in item) result.files.push(item.file);
      else result.skipped.push(item.skip);
    }
  };
  await flatten(await walk(path.resolve(root), '', []));
  return result;
}

/**
 * A path built by concatenation is a chain of pieces in V8 (with `path.join`, about ten small
 * objects per path), kept as long as the file list is: 760 bytes a file. Converting it to a number
 * needs its characters in one piece, so V8 flattens it in place, and the collector drops the
 * chain: the list of 100,000 files went from 76 MB to 22 MB (heap after a forced collection).
 */
function flattened(s: string): string {
  void Number(s);
  return s;
}

/** Whether a tracked file is still left out of scans (lock files, bundles, VCS and Vigil data). */
export function excludedWhenTracked(relative: string, options: DiscoverOptions = {}): boolean {
  return globMatcher([...ALWAYS_EXCLUDE, ...(options.exclude ?? [])])(relative);
}

/** Files git tracks under `root` (relative, `/`-separated) and the folders holding them; undefined outside a repository or without git. */
async function trackedFiles(root: string): Promise<{ files: Set<string>; dirs: Set<string>; ignoreCase: boolean } | undefined> {
  // Outside a repository git would only say so, after two process starts (most of a warm rescan
  // of a small tree): a `.git` on the way up, or GIT_DIR, is what makes one.
  if (process.env.GIT_DIR === undefined && !(await gitFolderAbove(root))) return undefined;
  const run = (args: string[]) =>
    new Promise<string | undefined>((resolve) => {
      execFile('git', args, { cwd: root, maxBuffer: 1 << 28, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : stdout));
    });
  // Git matches .gitignore patterns by case only where core.ignorecase is set (macOS and Windows
  // clones); unset, `plan.md` does not ignore a committed `PLAN.md`.
  const [listed, ignoreCase] = await Promise.all([run(['ls-files', '-z', '--cached']), run(['config', '--bool', '--get', 'core.ignorecase'])]);
  if (listed === undefined) return undefined;
  const files = new Set(listed.split('\0').filter(Boolean));
  const dirs = new Set<string>();
  for (const f of files) {
    for (let i = f.indexOf('/'); i !== -1; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  }
  return { files, dirs, ignoreCase: ignoreCase?.trim() === 'true' };
}

/** A `.git` folder (a repository) or file (a worktree, a submodule) in `dir` or a folder above it. */
async function gitFolderAbove(dir: string): Promise<boolean> {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    try {
      await fs.stat(path.join(at, '.git'));
      return true;
    } catch {
      // None here: look in the folder above.
    }
    if (path.dirname(at) === at) return false;
  }
}

/**
 * Whether discovery would leave `absolute` out of a scan of `root`: the default and configured
 * excludes, or a `.gitignore` on the way from `root` to the file. Used for files opened in the
 * editor, so a git-ignored `.env` is treated as a workspace scan treats it.
 */
export async function isExcluded(root: string, absolute: string, options: DiscoverOptions = {}): Promise<boolean> {
  const rel = toPosix(path.relative(root, absolute));
  if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
  if (globMatcher([...DEFAULT_EXCLUDE, ...(options.exclude ?? [])])(rel)) return true;
  const parts = rel.split('/');
  for (let depth = 0; depth < parts.length; depth++) {
    const ig = await cachedGitignore(path.join(root, ...parts.slice(0, depth), '.gitignore'));
    if (!ig) continue;
    const below = parts.slice(depth);
    // A path is ignored when it, or one of its parent folders, matches.
    for (let i = 1; i <= below.length; i++) {
      if (ig.ignores(below.slice(0, i).join('/') + (i < below.length ? '/' : ''))) return true;
    }
  }
  return false;
}

/**
 * Parsed `.gitignore` files, reused while their size and modification time are unchanged: the
 * language server asks on every edit, and a stat is much cheaper than a read and parse.
 */
const gitignoreCache = new Map<string, { mtimeMs: number; size: number; ig: Ignore }>();

async function cachedGitignore(file: string): Promise<Ignore | undefined> {
  // A synchronous stat (microseconds): the language server asks on every edit, and an async one
  // costs a round trip through libuv's thread pool per folder level.
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
  } catch {
    stat = undefined;
  }
  if (!stat) {
    gitignoreCache.delete(file);
    return undefined;
  }
  const hit = gitignoreCache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.ig;
  const ig = await loadGitignore(file);
  gitignoreCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, ig });
  return ig;
}

/** `ignoreCase`: outside a git repository nothing says, and matching without case skips more. */
async function loadGitignore(file: string, ignoreCase = true): Promise<Ignore> {
  try {
    return ignore({ ignorecase: ignoreCase }).add(await fs.readFile(file, 'utf8'));
  } catch {
    // An unreadable .gitignore ignores nothing: scanning too much is safer than too little.
    return ignore();
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

function errorCode(err: unknown): string {
  return (err as NodeJS.ErrnoException).code ?? (err as Error).message;
}

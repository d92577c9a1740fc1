import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { DEADLINE_RULE, scanText } from '../engine/scan';

/** No file holds a scan for longer than this: the rules not started by then are reported as not run. */
const FILE_TIME_LIMIT_MS = 10_000;
import { ScanResult } from '../engine/types';
import { CompiledPack } from '../packs/load';
import { ModuleReader } from '../syntax/evaluate';
import { currentStamp, FileStamp, readForScan, ReadResult, sameStamp } from './read';

// One file of a workspace scan, from path to result: read, hash, reuse a cached result when the
// file and every module it read constants from are unchanged, otherwise analyse. The same function
// runs on the main thread (small scans) and in scan workers, so both give the same answer.

/** A module a file read constants from: the result is reused only while this resolves to the same text. */
export interface ModuleDependency {
  from: string;
  specifier: string;
  /** Absent when the specifier did not resolve to a readable workspace module. */
  path?: string;
  hash?: string;
  /**
   * A relative specifier: the folders its candidates are looked for in (`x.ts`, `x.js`, `x.d.ts`…
   * beside it; for a folder `x`, also `x/index.ts`…), each with its modification time when it had
   * settled. While they are unchanged no candidate came or went, so the specifier resolves as
   * before without loading the compiler to ask it.
   */
  folders?: Array<[string, number]>;
}

/** What the cache needs to decide whether a stored result still holds. */
export interface CacheKey {
  hash: string;
  /** The file's stamp when it was read, if it had settled by then (see AnalyseContext.settledBefore). */
  stamp?: FileStamp;
  /** Set when the file has suppressions: an `until` date may have passed since. */
  day?: string;
  /** The result holds the git state it was made with: committed although ignored. */
  committedIgnored?: boolean;
  deps?: ModuleDependency[];
}

export interface CacheEntry extends CacheKey {
  result: ScanResult;
}

export interface FileJob {
  absolute: string;
  relative: string;
  /** Git tracks it although .gitignore ignores it (a finding of its own). */
  committedIgnored?: boolean;
  cached?: CacheKey;
}

export type FileOutcome =
  | { kind: 'skipped'; reason: string }
  /**
   * The stored result holds; `stamp` refreshes the stored one (a touched but unchanged file), `deps`
   * the stored modules' folders (see `stillValid`).
   */
  | { kind: 'cached'; stamp?: FileStamp; deps?: ModuleDependency[] }
  | { kind: 'analysed'; result: ScanResult; key: CacheKey };

export interface AnalyseContext {
  pack: CompiledPack;
  modules: ModuleReader;
  baseline?: ReadonlySet<string>;
  maxFileBytes: number;
  /** YYYY-MM-DD, fixed for the whole scan. */
  today: string;
  /**
   * Epoch ms: a file's stamp is stored only if it was last modified and changed before this (the
   * scan's start less a margin), so a write in the same clock tick as the read cannot go unseen.
   */
  settledBefore?: number;
  overlay?(absolute: string): string | undefined;
  /**
   * false: no result cache keeps what is analysed (`--no-cache`), so no key is worked out for it:
   * no hash of the text or of imported modules, no folder times (a tenth of a second on effect).
   */
  cacheKeys?: boolean;
}

export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

/** What `checkCached` read of a file whose stored result no longer holds: analysing it need not read and hash it again. */
export interface ReadAhead {
  read: ReadResult;
  /** The text's hash, when it is text. */
  hash?: string;
}

/** `ahead`: the file as `checkCached` read it (see ReadAhead). */
export function analyseFile(job: FileJob, context: AnalyseContext, ahead?: ReadAhead): FileOutcome {
  const onDisk = ahead ? undefined : unchangedOnDisk(job, context);
  if (onDisk) return onDisk;
  const read = ahead?.read ?? readJob(job, context);
  if ('skipped' in read) return read.head !== undefined ? binaryFile(job, read.head, read.skipped, context) : { kind: 'skipped', reason: read.skipped };
  const keep = context.cacheKeys !== false;
  const hash = keep ? (ahead?.hash ?? textHash(read.text)) : '';
  const stamp = settledStamp(read.stamp, context);
  const valid = keep && job.cached && job.cached.hash === hash ? stillValid(job.cached, job, context) : false;
  if (valid) return cachedOutcome(valid, stamp);

  const deps: ModuleDependency[] = [];
  const modules: ModuleReader = {
    read(from, specifier) {
      const found = context.modules.read(from, specifier);
      if (!keep) return found;
      const folders = candidateFolders(job, from, specifier, context);
      deps.push({ from, specifier, ...(found ? { path: found.path, hash: moduleHash(found.text) } : {}), ...(folders ? { folders } : {}) });
      return found;
    },
  };
  const facts = job.committedIgnored ? { facts: { committedIgnored: true } } : {};
  const result = scanText({ path: job.relative, text: read.text, modules, baseline: context.baseline, today: context.today, deadline: Date.now() + FILE_TIME_LIMIT_MS, ...facts }, context.pack);
  // A result cut short by the time limit is not kept: the next scan tries the file again.
  if (!keep || result.failures.some((f) => f.ruleId === DEADLINE_RULE)) return { kind: 'analysed', result, key: { hash: '' } };
  const key: CacheKey = { hash, ...(stamp ? { stamp } : {}), ...(job.committedIgnored ? { committedIgnored: true } : {}) };
  if (read.text.includes('vigil-ignore')) key.day = context.today;
  if (deps.length > 0) key.deps = dedupe(deps);
  return { kind: 'analysed', result, key };
}

/**
 * The cached outcome of `job` if its stored result still holds; else 'changed' (to be analysed),
 * with what was read of the file if it had to be read.
 */
export function checkCached(job: FileJob, context: AnalyseContext): Extract<FileOutcome, { kind: 'cached' }> | { kind: 'changed'; ahead?: ReadAhead } {
  if (!job.cached) return { kind: 'changed' };
  const onDisk = unchangedOnDisk(job, context);
  if (onDisk) return onDisk;
  const read = readJob(job, context);
  const hash = 'text' in read ? textHash(read.text) : undefined;
  const valid = hash === job.cached.hash && stillValid(job.cached, job, context);
  return valid ? cachedOutcome(valid, settledStamp('text' in read ? read.stamp : undefined, context)) : { kind: 'changed', ahead: { read, ...(hash !== undefined ? { hash } : {}) } };
}

/** Same stamp as when the cached result was made (and not open in an editor): no need to read it. */
function unchangedOnDisk(job: FileJob, context: AnalyseContext): Extract<FileOutcome, { kind: 'cached' }> | undefined {
  const stored = job.cached?.stamp;
  if (!stored || context.overlay?.(job.absolute) !== undefined) return undefined;
  const now = currentStamp(job.absolute);
  const valid = now !== undefined && sameStamp(now, stored) && stillValid(job.cached!, job, context);
  return valid ? cachedOutcome(valid) : undefined;
}

function cachedOutcome(valid: Exclude<Confirmed, false>, stamp?: FileStamp): Extract<FileOutcome, { kind: 'cached' }> {
  return { kind: 'cached', ...(stamp ? { stamp } : {}), ...(valid !== true ? { deps: valid.deps } : {}) };
}

function settledStamp(stamp: FileStamp | undefined, context: AnalyseContext): FileStamp | undefined {
  if (!stamp || context.settledBefore === undefined) return undefined;
  return stamp[1] < context.settledBefore && stamp[2] < context.settledBefore ? stamp : undefined;
}

/**
 * A binary file is not read as text, but file rules still see it (a key store by its first bytes,
 * a committed-although-ignored file): analysed with empty text; skipped as before when nothing fires.
 * Never cached (its head is re-read each scan: 8 KB at most).
 */
function binaryFile(job: FileJob, head: string, reason: string, context: AnalyseContext): FileOutcome {
  const result = scanText(
    { path: job.relative, text: '', baseline: context.baseline, today: context.today, facts: { binaryHead: head, ...(job.committedIgnored ? { committedIgnored: true } : {}) } },
    context.pack,
  );
  if (result.findings.length + result.suppressed.length === 0) return { kind: 'skipped', reason };
  return { kind: 'analysed', result: { ...result, skipped: reason }, key: { hash: `binary:${head}` } };
}

function readJob(job: FileJob, context: AnalyseContext): ReadResult {
  const open = context.overlay?.(job.absolute);
  return open !== undefined ? { text: open } : readForScan(job.absolute, context.maxFileBytes);
}

/** true: the stored key holds as is; `deps`: it holds, and these are its modules with their folders now. */
type Confirmed = false | true | { deps: ModuleDependency[] };

function stillValid(key: CacheKey, job: FileJob, context: AnalyseContext): Confirmed {
  if (key.day !== undefined && key.day !== context.today) return false;
  if ((key.committedIgnored ?? false) !== (job.committedIgnored ?? false)) return false;
  let refreshed = false;
  const deps: ModuleDependency[] = [];
  for (const d of key.deps ?? []) {
    if (d.folders?.every(([folder, modified]) => folderModified(folder) === modified)) {
      const text = d.path === undefined ? undefined : context.modules.textOf?.(d.path);
      if (d.path === undefined || text !== undefined) {
        if (text !== undefined && moduleHash(text) !== d.hash) return false;
        deps.push(d);
        continue;
      }
    }
    const found = context.modules.read(d.from, d.specifier);
    if (found ? found.path !== d.path || moduleHash(found.text) !== d.hash : d.path !== undefined) return false;
    // Resolved as before, but it took the compiler: a key made before its folders had settled (a
    // checkout, an install), or one of them changed without changing what the import finds. The
    // folders as they are now let the next scan confirm it without the compiler.
    const folders = candidateFolders(job, d.from, d.specifier, context);
    if (!sameFolders(folders, d.folders)) refreshed = true;
    deps.push({ from: d.from, specifier: d.specifier, ...(d.path !== undefined ? { path: d.path, hash: d.hash } : {}), ...(folders ? { folders } : {}) });
  }
  return refreshed ? { deps } : true;
}

function sameFolders(a: Array<[string, number]> | undefined, b: Array<[string, number]> | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && a.every(([folder, modified], i) => folder === b[i][0] && modified === b[i][1]);
}

/**
 * Where a relative specifier's candidates live, with those folders' settled modification times;
 * nothing for other specifiers. A specifier naming a folder resolves to a file beside it
 * (`x.ts` comes first) or to an index file in it: both folders' entries decide. A folder with a
 * package.json is left to the compiler, which reads that file's `main` and `types` each time
 * (an edit to it changes no folder's time).
 */
function candidateFolders(job: FileJob, from: string, specifier: string, context: AnalyseContext): Array<[string, number]> | undefined {
  if (!/^\.\.?(?:\/|$)/.test(specifier) || context.settledBefore === undefined) return undefined;
  const settled = context.settledBefore;
  const fromAbsolute = path.isAbsolute(from) ? from : from === job.relative ? job.absolute : undefined;
  if (!fromAbsolute) return undefined;
  const base = path.resolve(path.dirname(fromAbsolute), specifier);
  const beside = path.dirname(base);
  const candidates: Array<[string, number | undefined]> = [[beside, folderModified(beside)]];
  const named = folderModified(base);
  if (named !== undefined) {
    if (existsSync(path.join(base, 'package.json'))) return undefined;
    candidates.push([base, named]);
  }
  const folders: Array<[string, number]> = [];
  for (const [folder, modified] of candidates) {
    if (modified === undefined || modified >= settled) return undefined;
    folders.push([folder, modified]);
  }
  return folders;
}

/** A folder's modification time (entries added, removed or renamed), or nothing if it is not a folder. */
function folderModified(folder: string): number | undefined {
  try {
    const stat = statSync(folder);
    return stat.isDirectory() ? stat.mtimeMs : undefined;
  } catch {
    return undefined;
  }
}

/** Many files import the same few modules: hash each module text once. */
const hashesByText = new Map<string, string>();
let hashedChars = 0;
/** Module texts remembered, in characters: as many as the module reader keeps (a module may be 512 KB). */
const MAX_HASHED_CHARS = 16 * 1024 * 1024;

function moduleHash(text: string): string {
  let hash = hashesByText.get(text);
  if (hash === undefined) {
    hash = textHash(text);
    // Bounded by size, not count: 2,000 generated modules could have held a gigabyte.
    if (hashesByText.size >= 2000 || hashedChars + text.length > MAX_HASHED_CHARS) {
      hashesByText.clear();
      hashedChars = 0;
    }
    hashesByText.set(text, hash);
    hashedChars += text.length;
  }
  return hash;
}
function dedupe(deps: ModuleDependency[]): ModuleDependency[] {
  const seen = new Set<string>();
  return deps.filter((d) => {
    const k = `${d.from}\0${d.specifier}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

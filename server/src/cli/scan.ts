import { existsSync, promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Severity } from '../engine/types';
import { PackProblem } from '../packs/load';
import { loadActivePack } from '../packs/sources';
import { NON_PRODUCTION_MODES, NonProductionMode } from '../packs/types';
import { failsAt, historyReport, Report, toReport } from '../report/findings';
import { formatHtml } from '../report/html';
import { formatJson } from '../report/json';
import { formatSarif } from '../report/sarif';
import { formatText, printable } from '../report/text';
import { COLOURS } from '../report/ansi';
import { progressLine, Terminal } from './terminal';
import { BUILD_ID, VIGIL_VERSION } from '../version';
import { changedLines, stagedChange } from '../workspace/gitChanges';
import { scanHistory } from '../workspace/gitHistory';
import { LogSelection } from '../workspace/gitLog';
import { pushedRevisions } from '../workspace/gitPush';
import { AddedLines } from '../workspace/gitDiff';
import { excludedWhenTracked, toPosix } from '../workspace/discover';
import { DEFAULT_MAX_FILE_BYTES } from '../workspace/read';
import { scanFiles, scanSources, WorkspaceScan } from '../workspace/scanFiles';
import { CompiledPack } from '../packs/load';
import { useCompilerCodeCache } from '../syntax/compilerLoader';
import { one, ParsedArgs, parseFlags, UsageError } from './args';
import { DEFAULT_BASELINE, readBaseline } from '../workspace/baseline';

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** Everything on standard input (the pre-push hook's ref lines). */
  stdin?: () => Promise<string>;
  /** Colour on stdout, progress on stderr (default: neither). */
  terminal?: Terminal;
}

export const SCAN_FLAGS = {
  format: 'string',
  output: 'string',
  'fail-on': 'string',
  pack: 'multi',
  baseline: 'string',
  'no-baseline': 'boolean',
  changed: 'optional',
  staged: 'boolean',
  history: 'boolean',
  since: 'string',
  until: 'string',
  author: 'string',
  range: 'string',
  'all-branches': 'boolean',
  'pre-push': 'optional',
  'show-suppressed': 'boolean',
  report: 'string',
  'trusted-key': 'multi',
  concurrency: 'string',
  'cache-dir': 'string',
  'no-cache': 'boolean',
  'non-production': 'string',
  verbose: 'boolean',
} as const;

/** One line per pack problem: `file:line: where: what to do`; a warning says so first. */
export function describeProblem(p: PackProblem): string {
  const where = p.line ? `${p.pack}:${p.line}` : p.pack;
  return `${p.severity === 'warning' ? 'warning: ' : ''}rule pack ${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** The packs in force for a folder, as the editor loads them: built-in, `.vigil/pack.json`, then `--pack`. */
export async function activePackFor(cwd: string, packs: string[], trustedKeys: string[], nonProduction?: NonProductionMode) {
  return loadActivePack({
    nonProduction,
    root: cwd,
    workspacePack: true,
    refs: packs,
    trustedPublicKeys: trustedKeys,
    cacheDir: path.join(os.homedir(), '.cache', 'vigil', 'packs'),
  });
}

export async function scanCommand(argv: string[], io: Io): Promise<number> {
  const args = parseFlags(argv, SCAN_FLAGS);
  const format = one(args, 'format', ['text', 'json', 'sarif'] as const) ?? 'text';
  const failOnFlag = one(args, 'fail-on', ['error', 'warning', 'info', 'never'] as const);
  const paths = args.positional.length > 0 ? args.positional : ['.'];
  for (const p of paths) {
    if (!existsSync(p)) throw new UsageError(`no such file or folder: ${p}`);
  }
  const cwd = process.cwd();
  let configErrors = 0;
  const keys = (args.values.get('trusted-key') ?? []).map((k) => (existsSync(k) ? readFileSync(k, 'utf8') : k));
  const nonProduction = one(args, 'non-production', NON_PRODUCTION_MODES);
  const { pack, problems } = await activePackFor(cwd, args.values.get('pack') ?? [], keys, nonProduction);
  for (const p of problems) {
    io.stderr(`vigil: ${describeProblem(p)}\n`);
    // A warning (a deprecated form that still works) does not fail the run.
    if (p.severity !== 'warning') configErrors++;
  }
  let baseline: Set<string> | undefined;
  const baselineFile = one(args, 'baseline') ?? (args.values.has('no-baseline') ? undefined : existsSync(DEFAULT_BASELINE) ? DEFAULT_BASELINE : undefined);
  if (baselineFile) {
    try {
      baseline = await readBaseline(baselineFile);
    } catch (err) {
      io.stderr(`vigil: baseline ${baselineFile}: ${(err as Error).message}\n`);
      configErrors++;
    }
  }
  const { codeCacheDir, ...resources } = scanResources(args);
  useCompilerCodeCache(codeCacheDir);
  let report: Report;
  if (args.values.has('history') || args.values.has('pre-push')) report = await scanHistoryCommand(cwd, args, pack, baseline, io);
  else {
    checkNoHistoryFlags(args);
    const progress = io.terminal?.progress ? progressLine(io.stderr) : undefined;
    const onProgress = progress ? (done: number, total: number) => progress.update(done, total) : undefined;
    const { scan, keep } = args.values.has('staged') ? await scanStaged(cwd, paths, pack, args, baseline, onProgress) : await scanTree(cwd, paths, pack, args, baseline, { ...resources, onProgress });
    progress?.clear();
    if (scan.cacheProblem) io.stderr(`vigil: note: ${scan.cacheProblem}\n`);
    for (const file of scan.files) {
      // A directive with a typo suppresses nothing (the finding it meant is still reported): a
      // warning at that directive, not a configuration error that fails the run.
      for (const p of file.problems ?? []) io.stderr(`vigil: warning: ${printable(file.file)}:${p.line + 1}: ${printable(p.message)}\n`);
    }
    report = toReport(scan, keep);
  }
  const showSuppressed = args.values.has('show-suppressed');
  const output = one(args, 'output');
  const body =
    format === 'json'
      ? formatJson(report, VIGIL_VERSION, showSuppressed) + '\n'
      : format === 'sarif'
        ? formatSarif(report, pack, VIGIL_VERSION, showSuppressed) + '\n'
        : formatText(report, { showSuppressed, verbose: args.values.has('verbose'), paint: io.terminal?.color && !output ? COLOURS : undefined });
  if (output) await writeOrFail(output, body);
  else io.stdout(body);
  const html = one(args, 'report');
  if (html) {
    await writeOrFail(
      html,
      formatHtml(report, pack, { version: VIGIL_VERSION, date: new Date(), scanned: paths.map((p) => path.resolve(cwd, p)), history: args.values.has('history') || args.values.has('pre-push') }),
    );
    io.stderr(`vigil: wrote the HTML report to ${printable(html)}\n`);
  }
  if (configErrors > 0) return 2;
  const threshold: Severity | 'never' = failOnFlag ?? pack.policy.failOn ?? 'warning';
  return failsAt(report.findings, threshold) ? 1 : 0;
}

type Keep = (file: string, f: { range: { start: { line: number } } }) => boolean;
type OnProgress = (done: number, total: number) => void;

/** Findings only on the lines a change adds (a new file: all of them). */
function onAddedLines(added: AddedLines): Keep {
  return (file, f) => {
    const lines = added.get(file);
    return lines === 'all' || (lines !== undefined && lines.has(f.range.start.line + 1));
  };
}

/** The files on disk under `paths`; with `--changed[=REF]`, findings on lines changed since REF. */
async function scanTree(
  cwd: string,
  paths: string[],
  pack: CompiledPack,
  args: ParsedArgs,
  baseline: Set<string> | undefined,
  resources: Omit<ScanResources, 'codeCacheDir'> & { onProgress?: OnProgress },
): Promise<{ scan: WorkspaceScan; keep?: Keep }> {
  let keep: Keep | undefined;
  if (args.values.has('changed')) {
    checkUnderCwd(cwd, paths, 'changed');
    const ref = args.values.get('changed')?.[0] || 'HEAD';
    try {
      keep = onAddedLines(await changedLines(cwd, ref));
    } catch (err) {
      throw new UsageError(`--changed needs a git repository and a valid ref (${ref}): ${(err as Error).message}`);
    }
  }
  return { scan: await scanFiles(paths, cwd, pack, { baseline, useCallingThread: true, ...resources }), keep };
}

/**
 * git's changes are read under the current folder (`git diff --relative`): a path outside it
 * would match none of them and the check would pass having looked at nothing.
 */
function checkUnderCwd(cwd: string, paths: string[], flag: 'staged' | 'changed'): void {
  for (const p of paths) {
    const relative = path.relative(cwd, path.resolve(cwd, p));
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new UsageError(`--${flag} reads the changes under the current folder, and ${printable(p)} is outside it: run vigil from the repository that holds it`);
    }
  }
}

/** `--staged`: what the next commit holds, read from git's index, findings on the lines it adds. */
async function scanStaged(
  cwd: string,
  paths: string[],
  pack: CompiledPack,
  args: ParsedArgs,
  baseline: Set<string> | undefined,
  onProgress?: OnProgress,
): Promise<{ scan: WorkspaceScan; keep: Keep }> {
  if (args.values.has('changed')) throw new UsageError('--staged and --changed cannot be combined: --staged checks the next commit, --changed the working tree');
  checkUnderCwd(cwd, paths, 'staged');
  let staged: Awaited<ReturnType<typeof stagedChange>>;
  try {
    staged = await stagedChange(cwd, DEFAULT_MAX_FILE_BYTES);
  } catch (err) {
    throw new UsageError(`--staged needs a git repository: ${(err as Error).message}`);
  }
  const within = paths.map((p) => toPosix(path.relative(cwd, path.resolve(cwd, p))));
  const wanted = (file: string): boolean => within.some((w) => w === '' || file === w || file.startsWith(`${w}/`)) && !excludedWhenTracked(file);
  const scan = await scanSources(
    staged.sources.filter((s) => wanted(s.relative)),
    cwd,
    pack,
    { baseline, useCallingThread: true, onProgress },
  );
  scan.skipped.push(...staged.skipped.filter((s) => wanted(s.path)));
  return { scan, keep: onAddedLines(staged.added) };
}

const HISTORY_ONLY = ['since', 'until', 'author', 'range', 'all-branches'] as const;

function checkNoHistoryFlags(args: ParsedArgs): void {
  const stray = HISTORY_ONLY.find((f) => args.values.has(f));
  if (stray) throw new UsageError(`--${stray} selects commits: use it with --history`);
}

/**
 * `--history`: every secret the selected commits added, with the commit, author and date, and
 * whether HEAD still holds it. Paths given on the command line limit the files looked at.
 */
async function scanHistoryCommand(cwd: string, args: ParsedArgs, pack: CompiledPack, baseline: Set<string> | undefined, io: Io): Promise<Report> {
  for (const f of ['staged', 'changed'] as const) {
    if (args.values.has(f)) throw new UsageError(`--history and --${f} cannot be combined: --history reads commits, --${f} the ${f === 'staged' ? 'index' : 'working tree'}`);
  }
  const prePush = args.values.has('pre-push');
  if (prePush && HISTORY_ONLY.some((f) => args.values.has(f))) throw new UsageError('--pre-push scans the commits being pushed: it takes no --since, --until, --author, --range or --all-branches');
  const range = one(args, 'range');
  if (range !== undefined && (range === '' || range.startsWith('-'))) throw new UsageError(`--range takes a revision range such as main..feature (got "${range}")`);
  const selection: LogSelection = {
    since: one(args, 'since'),
    until: one(args, 'until'),
    author: one(args, 'author'),
    range,
    all: args.values.has('all-branches'),
    paths: args.positional.map((p) => toPosix(path.relative(cwd, path.resolve(cwd, p))) || '.'),
  };
  if (prePush) {
    // Run by git's pre-push hook: the refs being pushed arrive on stdin.
    const lines = io.stdin ? await io.stdin() : '';
    try {
      selection.revisions = await pushedRevisions(cwd, args.values.get('pre-push')?.[0] || undefined, lines);
    } catch (err) {
      throw new UsageError(`--pre-push needs a git repository: ${(err as Error).message}`);
    }
    if (selection.revisions.length === 0) return historyReport({ findings: [], suppressed: [], commits: 0, blobs: 0, analysed: 0, skipped: [], failures: [] });
  }
  if (selection.all && range) throw new UsageError('--range and --all-branches cannot be combined: --all-branches already walks every branch and tag');
  const progress = io.terminal?.progress ? (n: number) => n % 200 === 0 && io.stderr(`\r\x1b[Kvigil: ${n.toLocaleString('en-US')} commits read`) : undefined;
  try {
    const scan = await scanHistory(cwd, pack, selection, { baseline, maxFileBytes: DEFAULT_MAX_FILE_BYTES, excluded: (f) => excludedWhenTracked(f), onCommit: progress });
    if (progress) io.stderr('\r\x1b[K');
    return historyReport(scan);
  } catch (err) {
    throw new UsageError(historyProblem((err as Error).message));
  }
}

/** git's words, said for --history: a repository missing objects has commits, it cannot give them all. */
function historyProblem(gitMessage: string): string {
  if (/unable to read|bad object|missing (?:blob|tree|commit)|invalid object|is corrupt/i.test(gitMessage)) {
    return `--history could not read the whole history: the repository is missing objects (${gitMessage.trim()}); \`git fsck\` lists them, a fresh clone restores them`;
  }
  return `--history needs a git repository with commits to read: ${gitMessage}`;
}

interface ScanResources {
  /** Results of unchanged files (workspace/resultCache.ts). */
  cacheDir?: string;
  /** The TypeScript compiler's bytecode (syntax/compilerLoader.ts): shared by every tree scanned. */
  codeCacheDir?: string;
  concurrency?: number;
  minFilesForWorkers?: number;
}

/**
 * Whether a scan uses worker threads when `--concurrency` does not say. Each worker is a V8
 * isolate that pays its own start, compiler load and JIT warm-up, so threads pay off only for
 * enough files. Measured on 2 cores (cold scans, alternating runs, 2 workers against one thread):
 * a generated tree at 4,000 files 0.96x, 6,000 0.86x, 10,000 0.76x, 27,000 0.6-0.7x; effect's 657
 * files 1.15x and typeorm's 1,967 1.3x. Machines with more cores were not available to measure.
 */
export function defaultThreads(cores: number): Pick<ScanResources, 'concurrency' | 'minFilesForWorkers'> {
  if (cores < 2) return { concurrency: 0 };
  return { minFilesForWorkers: cores === 2 ? 6000 : 4000 };
}

/** Where results are cached, and on how many threads: `--cache-dir`, `--no-cache`, `--concurrency`. */
export function scanResources(args: ParsedArgs): ScanResources {
  const out: ScanResources = defaultThreads(os.availableParallelism?.() ?? os.cpus().length);
  const concurrency = one(args, 'concurrency');
  if (concurrency !== undefined && concurrency !== 'auto') {
    delete out.minFilesForWorkers;
    if (concurrency === 'off') out.concurrency = 0;
    else if (/^\d+$/.test(concurrency)) out.concurrency = Number(concurrency);
    else throw new UsageError(`--concurrency takes a number of threads, "auto" or "off" (got "${concurrency}")`);
  }
  const explicit = args.values.has('no-cache') ? undefined : one(args, 'cache-dir');
  const home = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'vigil');
  // Unbundled runs (tests from sources) have no build id to key a cache on: only an explicit folder.
  if (explicit) out.codeCacheDir = path.resolve(explicit);
  else if (BUILD_ID) out.codeCacheDir = path.join(home, 'code');
  // The compiler's bytecode is not a result: --no-cache keeps it (in its usual place), so the
  // 3.5 MB compiler is not compiled from scratch on every run.
  if (args.values.has('no-cache')) return out;
  if (explicit) out.cacheDir = path.resolve(explicit);
  else if (BUILD_ID) out.cacheDir = path.join(home, 'results');
  return out;
}

async function writeOrFail(file: string, body: string): Promise<void> {
  try {
    await fs.writeFile(file, body);
  } catch (err) {
    throw new UsageError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

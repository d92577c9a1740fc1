// `npm run bench [-- PATH...] [--files N] [--runs N] [--limit SECONDS] [--no-competitors] [--no-real] [--no-editor] [--no-scans] [--concurrency-curve]`
//
// Prints, for each workspace (the generated one, the real projects installed as benchmark
// dependencies, and any PATH given), on the same files in the same run:
//   - Vigil's CLI: full scan (cold, no cache) and warm rescan (cache) wall time, files/s, peak RSS
//     and CPU time (all threads: less moved than wall time by the machine's other load);
//   - the floor: read every file + parse every JS/TS file with the TypeScript parser + one walk;
//   - secretlint 13 (recommended preset) and ESLint + eslint-plugin-security, and the ratios;
//   - the files Vigil skipped and why (minified, over the size limit, binary): work the floor and
//     the competitors did and Vigil did not;
//   - issue 18's targets (cold ≤ 1.25× floor, warm ≤ 0.15× floor, faster than secretlint 13),
//     each marked met or not met;
// then, with --concurrency-curve, Vigil's cold scan at --concurrency off,1,2,4,8 on the largest
// workspace; then, through the real language server over LSP: server start time and edit →
// diagnostics latency (p50/p95 over 200 one-character edits of a 2,000-line TypeScript file), the
// same edits during the startup scan of a 27,000-file workspace beside `vigil scan` of that tree
// (up to 3 runs: p99, max, and the server's scan time and memory against the CLI's), and
// the extension's activation time in a real VS Code (code-server); and what every CLI command
// pays before it reads a file (Node's start, an empty folder, the same with a team pack). Every
// figure is the median of --runs (default 3) runs taken in alternation (A, B, C, A, B, C…), with
// the 1-minute load average at the start of each run beside it. Figures, not pass/fail: these machines are shared and noisy,
// so run it again before trusting a small difference. `--files 100000 --no-competitors --no-real
// --no-editor --runs 1` gives the 100,000-file monorepo (cold, warm, peak RSS); not in the default
// run, it takes minutes on 2 cores.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeclarationFile } from '../../server/src/engine/language';
import { discover } from '../../server/src/workspace/discover';
import { DEFAULT_MAX_FILE_BYTES } from '../../server/src/workspace/read';
import { LspSession } from '../protocol/lspClient';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';
import { generate } from './generate';
import { quantile, typeInto } from './typing';
import { editsDuringScan, editsWorkspace, EditsDuringScan, WRITE_GAP_MS } from './editsDuringScan';
import { RESCAN_QUIET_MS } from '../../server/src/lsp/diskChanges';

const ROOT = path.resolve(__dirname, '../..');
const BENCH = __dirname;
const CLI = path.join(ROOT, 'dist/cli.js');
const WORK = path.join(os.tmpdir(), 'vigil-bench');

interface Options {
  paths: string[];
  files: number;
  runs: number;
  competitors: boolean;
  real: boolean;
  editor: boolean;
  scans: boolean;
  /** Vigil's cold scan at --concurrency off,1,2,4,8 on the largest workspace. */
  concurrencyCurve: boolean;
  /** Competitors are stopped after this long (their figure is then a lower bound). */
  limitS: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { paths: [], files: 10_000, runs: 3, competitors: true, real: true, editor: true, scans: true, concurrencyCurve: false, limitS: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files') o.files = Number(argv[++i]);
    else if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]));
    else if (a === '--no-competitors') o.competitors = false;
    else if (a === '--no-real') o.real = false;
    else if (a === '--no-editor') o.editor = false;
    else if (a === '--no-scans') o.scans = false;
    else if (a === '--concurrency-curve') o.concurrencyCurve = true;
    else if (a === '--limit') o.limitS = Number(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.paths.push(path.resolve(a));
  }
  return o;
}

interface Run {
  wallMs: number;
  rssMb: number;
  /** CPU time of the process, all threads (user + system): less moved by other load than wall time. */
  cpuMs: number;
  output: string;
  code: number;
  /** The 1-minute load average when this run started (os.loadavg()[0]). */
  load1: number;
  /** Stopped at the time limit: wallMs is a lower bound. */
  timedOut?: boolean;
}

/** One measured command: `node args…` in `cwd`, with `before` run (untimed) before each run. */
interface Spec {
  name: string;
  args: string[];
  cwd: string;
  before?: () => void;
  limitMs?: number;
}

/** A figure: the median run by wall time, with every run's wall time and load average. */
interface Measured {
  median: Run;
  runs: Run[];
}

/** Runs `node args…` in `cwd` once with the RSS probe preloaded. */
async function runOnce(args: string[], cwd: string, limitMs = Infinity): Promise<Run> {
  const rssFile = path.join(WORK, `rss-${process.pid}`);
  const load1 = os.loadavg()[0];
  const started = performance.now();
  let timedOut = false;
  const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(process.execPath, ['-r', path.join(BENCH, 'rss.cjs'), ...args], { cwd, env: { ...process.env, VIGIL_BENCH_RSS: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const timer = Number.isFinite(limitMs) ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), limitMs) : undefined;
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => out.push(d));
    child.on('exit', (c) => {
      if (timer) clearTimeout(timer);
      resolve({ code: c ?? 1, output: Buffer.concat(out).toString('utf8') });
    });
  });
  const wallMs = performance.now() - started;
  const [rssKb, cpuUs] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [NaN, NaN];
  rmSync(rssFile, { force: true });
  return { wallMs, rssMb: rssKb / 1024, cpuMs: cpuUs / 1000, output, code, load1, ...(timedOut ? { timedOut } : {}) };
}

/**
 * Runs the specs in alternation, `runs` rounds of A, B, C, A, B, C…, never all runs of one tool
 * then the next, so a change in the machine's load falls on every tool alike. A spec stopped at
 * its time limit is not run again (its figure is a lower bound already). Each figure is the median
 * run by wall time.
 */
async function measureAlternating(specs: Spec[], runs: number): Promise<Map<string, Measured>> {
  const all = new Map<string, Run[]>(specs.map((s) => [s.name, []]));
  for (let round = 0; round < runs; round++) {
    for (const spec of specs) {
      const done = all.get(spec.name)!;
      if (done.some((r) => r.timedOut)) continue;
      spec.before?.();
      done.push(await runOnce(spec.args, spec.cwd, spec.limitMs));
    }
  }
  const out = new Map<string, Measured>();
  for (const [name, list] of all) {
    const sorted = [...list].sort((a, b) => a.wallMs - b.wallMs);
    out.set(name, { median: sorted[Math.floor(sorted.length / 2)], runs: list });
  }
  return out;
}

/** `1.9 (1.7-2.3)`: the load average at the start of the median run, and the range over all runs. */
function loadText(m: Measured): string {
  const loads = m.runs.map((r) => r.load1);
  const lo = Math.min(...loads);
  const hi = Math.max(...loads);
  return loads.length > 1 ? `${fmt(m.median.load1, 1)} (${fmt(lo, 1)}-${fmt(hi, 1)})` : fmt(m.median.load1, 1);
}

function ensureSetup(): void {
  const wanted = (JSON.parse(readFileSync(path.join(BENCH, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
  const installed = (name: string): string | undefined => {
    const file = path.join(BENCH, 'node_modules', name, 'package.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version : undefined;
  };
  if (Object.entries(wanted).some(([name, version]) => installed(name) !== version)) {
    console.log('installing the benchmark dependencies (test/bench/package.json)…');
    const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: BENCH, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('npm ci in test/bench failed');
  }
  console.log('building the production bundles (what the .vsix and the CLI ship)…');
  const b = spawnSync(process.execPath, ['scripts/build.mjs', '--production'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build failed');
}

/** A real project from the benchmark's node_modules, copied out so it is scanned as a workspace. */
function realProject(name: string): string {
  const target = path.join(WORK, name);
  if (!existsSync(target)) cpSync(path.join(BENCH, 'node_modules', name), target, { recursive: true });
  return target;
}

const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const pad = (s: string, n: number): string => s.padEnd(n);
const lpad = (s: string, n: number): string => s.padStart(n);

/** A workspace benchmarked: kept for the concurrency curve, which runs on the largest. */
interface Benched {
  label: string;
  root: string;
  files: number;
  cacheDir: string;
}

/** Issue 18's targets, printed beside the figures. */
const TARGET_COLD = 1.25;
const TARGET_WARM = 0.15;
const TARGET_ONE_CHANGED = 0.2;
/**
 * Issue 18 sets the warm and one-file targets for a large workspace ("an unchanged 27,000-file
 * workspace rescans in ≤ 0.15×…; a one-file change in it…"). Smaller trees show the same ratios for
 * reference, unmarked: there a new process's start and the compiler's load are most of a rescan.
 */
const RESCAN_TARGETS_FROM_FILES = 27_000;
/**
 * Bounded memory at scale: a workspace this big is also scanned with the JavaScript heap capped
 * and no result cache (whose index grows with the files, as it must). Then only the list of files
 * to scan may grow with them; anything else kept per file would not fit (a scan of 100,000 files
 * that kept every clean file's result ran out of 96 MB).
 */
const CAPPED_FROM_FILES = 50_000;
const HEAP_CAP_MB = 128;

/** Command lines longer than this are refused by the kernel (E2BIG): such a tool is not run. */
const MAX_ARGS_BYTES = 1_500_000;

/** A skip reason from Vigil's JSON (`larger than 1024 KB (1953 KB)`) put in its kind. */
function skipKind(reason: string): string {
  if (/^binary/.test(reason)) return 'binary';
  if (/^larger than/.test(reason)) return 'over the size limit';
  if (/^minified/.test(reason)) return 'minified or generated';
  return reason.replace(/\s*\(.*$/, '');
}

async function benchWorkspace(label: string, root: string, o: Options, withCompetitors = o.competitors): Promise<Benched> {
  // The files Vigil analyses (its discovery: .gitignore, default excludes, size limit) are the
  // files every tool gets, so all of them do the same work.
  const found = await discover(root, root);
  const sizes = new Map<string, number>();
  for (const f of found.files) sizes.set(f.relative, statSync(path.join(root, f.relative)).size);
  const files = found.files.map((f) => f.relative).filter((f) => (sizes.get(f) ?? 0) <= DEFAULT_MAX_FILE_BYTES);
  const code = files.filter((f) => /\.[mc]?[jt]sx?$/.test(f));
  const slug = label.replace(/\W+/g, '-');
  const list = path.join(WORK, `${slug}.list`);
  writeFileSync(list, files.map((f) => path.join(root, f)).join('\n') + '\n');
  const bytes = files.reduce((n, f) => n + (sizes.get(f) ?? 0), 0);
  console.log(`\n## ${label}: ${root}`);
  console.log(
    `${files.length} files (${(bytes / 1e6).toFixed(1)} MB), ${code.length} of them JS/TS${declarationNote(code)}; ${found.files.length - files.length} over the size limit left out for every tool; ${o.runs} alternating run${o.runs === 1 ? '' : 's'} per figure, median shown`,
  );

  const cacheDir = path.join(WORK, `cache-${slug}`);
  const vigilArgs = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir];
  const clearResults = (): void => {
    if (!existsSync(cacheDir)) return;
    for (const f of readdirSync(cacheDir)) if (f.endsWith('.json')) rmSync(path.join(cacheDir, f), { recursive: true, force: true });
  };
  // One round: floor, first run (nothing cached: no results, no compiler bytecode), cold (this
  // tree's results not cached, but Vigil has run before on this machine: the compiler's code cache
  // is per install), warm (the cold run's results cached), then the competitors; N rounds.
  const specs: Spec[] = [
    { name: 'floor', args: [path.join(BENCH, 'floor.mjs'), list], cwd: root },
    { name: 'first', args: vigilArgs, cwd: root, before: () => rmSync(cacheDir, { recursive: true, force: true }) },
    { name: 'cold', args: vigilArgs, cwd: root, before: clearResults },
    { name: 'warm', args: vigilArgs, cwd: root },
  ];
  // One file changed since the warm run (a line appended to the largest JS/TS file, different each
  // round): what a developer waits for after saving one file. The file is restored at the end. Not
  // a declaration file: Vigil does not parse those, so editing one would flatter the figure.
  const parsed = code.filter((f) => !isDeclarationFile(f));
  const edited = parsed.length ? parsed.reduce((a, b) => ((sizes.get(b) ?? 0) > (sizes.get(a) ?? 0) ? b : a)) : undefined;
  const editedPath = edited && path.join(root, edited);
  const editedText = editedPath && readFileSync(editedPath, 'utf8');
  let edits = 0;
  if (editedPath && editedText !== undefined) specs.push({ name: 'changed', args: vigilArgs, cwd: root, before: () => writeFileSync(editedPath, `${editedText}\n// vigil bench edit ${++edits}\n`) });
  if (files.length >= CAPPED_FROM_FILES)
    specs.push({ name: 'capped', args: [`--max-old-space-size=${HEAP_CAP_MB}`, CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], cwd: root });
  const notRun: string[] = [];
  if (withCompetitors) {
    const slArgs = [path.join(BENCH, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', path.join(BENCH, '.secretlintrc.json'), '--format', 'json', ...files];
    const esArgs = [path.join(BENCH, 'node_modules/eslint/bin/eslint.js'), '--config', path.join(BENCH, 'eslint.config.mjs'), '--no-ignore', '--format', 'json', ...code];
    const size = (args: string[]): number => args.reduce((n, a) => n + Buffer.byteLength(a) + 1, 0);
    if (size(slArgs) < MAX_ARGS_BYTES) specs.push({ name: 'secretlint', args: slArgs, cwd: root, limitMs: o.limitS * 1000 });
    else notRun.push(`secretlint not run: its file list (${files.length} paths) is too long for one command line`);
    if (size(esArgs) < MAX_ARGS_BYTES) specs.push({ name: 'eslint', args: esArgs, cwd: root, limitMs: o.limitS * 1000 });
    else notRun.push(`eslint not run: its file list (${code.length} paths) is too long for one command line`);
  }
  const m = await measureAlternating(specs, o.runs);
  if (editedPath && editedText !== undefined) writeFileSync(editedPath, editedText);
  const floor = m.get('floor')!;
  const first = m.get('first')!;
  const cold = m.get('cold')!;
  const warm = m.get('warm')!;
  const floorWall = floor.median.wallMs;
  const floorMs = (JSON.parse(floor.median.output.trim().split('\n').pop() ?? '{}') as { ms?: number }).ms ?? NaN;
  type Report = { findings: unknown[]; summary: { filesScanned: number; skipped: Array<{ path: string; reason: string }> } };
  const report = (r: Run): Report => JSON.parse(r.output) as Report;
  const coldReport = report(cold.median);
  const coldFindings = coldReport.findings.length;
  const warmFindings = report(warm.median).findings.length;
  const scanned = coldReport.summary.filesScanned;

  // Two floors: the floor process as a whole (Node's start, the compiler's load, read, parse, walk),
  // measured like every tool here, and the same work timed inside that process (after Node started
  // and the compiler loaded), which leaves out costs any process pays. Ratios use the first.
  // CPU time (all threads) beside wall time: another process's load stretches wall time much more
  // than it does the work a tool does. Not for the floor timed inside its process (no such figure).
  const floorCpu = floor.median.cpuMs;
  const rows: Array<[string, Measured, number, string, number, boolean?]> = [
    ['floor: node + TS load + read + parse + walk', floor, floorWall, '-', files.length],
    ['floor, timed inside its process', floor, floorMs, '-', files.length, false],
    ['vigil scan, first run (nothing cached)', first, first.median.wallMs, String(report(first.median).findings.length), scanned],
    [`vigil scan, cold (${os.availableParallelism()} cores)`, cold, cold.median.wallMs, String(coldFindings), scanned],
    ['vigil scan, warm (result cache)', warm, warm.median.wallMs, String(warmFindings), scanned],
  ];
  const changed = m.get('changed');
  if (changed) rows.push([`vigil scan, warm, one file changed`, changed, changed.median.wallMs, String(report(changed.median).findings.length), scanned]);
  // The competitors' rows: each counts its own findings (secretlint and ESLint both print `messages` per file).
  const competitors: Array<[string, string, number]> = [
    ['secretlint', 'secretlint 13 (recommended preset)', files.length],
    ['eslint', 'eslint + eslint-plugin-security (JS/TS)', code.length],
  ];
  for (const [key, name, n] of competitors) {
    const run = m.get(key);
    if (run) rows.push([name, run, run.median.wallMs, run.median.timedOut ? 'stopped' : countJson(run.median.output, (r: { messages: unknown[] }) => r.messages.length), n]);
  }
  const sl = m.get('secretlint');
  const es = m.get('eslint');
  console.log(
    `${pad('tool', 44)}${lpad('wall s', 9)}${lpad('files/s', 10)}${lpad('peak RSS MB', 13)}${lpad('× floor', 9)}${lpad('CPU s', 8)}${lpad('CPU × floor', 13)}${lpad('findings', 10)}   load1 at start (range)`,
  );
  for (const [name, run, ms, count, n, cpu = true] of rows) {
    const over = run.median.timedOut ? '>' : '';
    const cpuMs = cpu && !run.median.timedOut ? run.median.cpuMs : NaN;
    console.log(
      `${pad(name, 44)}${lpad(over + fmt(ms / 1000), 9)}${lpad((run.median.timedOut ? '<' : '') + fmt(n / (ms / 1000), 0), 10)}${lpad(run.median.timedOut ? '-' : fmt(run.median.rssMb, 0), 13)}${lpad(over + fmt(ms / floorWall), 9)}${lpad(fmt(cpuMs / 1000), 8)}${lpad(fmt(cpuMs / floorCpu), 13)}${lpad(count, 10)}   ${loadText(run)}`,
    );
  }
  for (const line of notRun) console.log(line);
  const capped = m.get('capped');
  if (capped) {
    const completed = capped.runs.every((r) => r.code === 0) && report(capped.median).findings.length === coldFindings;
    console.log(
      `bounded memory: the scan with the JavaScript heap capped at ${HEAP_CAP_MB} MB and no result cache ${completed ? `completed with the same ${coldFindings} findings in ${fmt(capped.median.wallMs / 1000)} s (${fmt(capped.median.wallMs / cold.median.wallMs)}× the cold scan), peak RSS ${fmt(capped.median.rssMb, 0)} MB: met` : `did not complete (exit ${capped.runs.map((r) => r.code).join(', ')}${capped.runs.some((r) => /heap out of memory/.test(r.output)) ? ': JavaScript heap out of memory' : ''}): NOT MET`}`,
    );
  }

  // What Vigil did not analyse: the floor and the competitors did that work, Vigil did not.
  const skipped = coldReport.summary.skipped;
  const byKind = new Map<string, { n: number; bytes: number }>();
  for (const s of skipped) {
    const k = skipKind(s.reason);
    const e = byKind.get(k) ?? { n: 0, bytes: 0 };
    e.n++;
    e.bytes += sizes.get(s.path) ?? 0;
    byKind.set(k, e);
  }
  const skippedInSet = skipped.filter((s) => (sizes.get(s.path) ?? Infinity) <= DEFAULT_MAX_FILE_BYTES);
  const skippedBytes = skippedInSet.reduce((n, s) => n + (sizes.get(s.path) ?? 0), 0);
  console.log(
    skipped.length === 0
      ? `vigil skipped no file: it analysed all ${scanned} files`
      : `vigil skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}: ${[...byKind].map(([k, e]) => `${k} ${e.n} (${(e.bytes / 1e6).toFixed(1)} MB)`).join(', ')}; ${
          skippedInSet.length === 0
            ? 'none of them is in the set the floor and the competitors read (all tools left them out), so no ratio is flattered'
            : `${skippedInSet.length} of them (${(skippedBytes / 1e6).toFixed(1)} MB, ${((100 * skippedBytes) / Math.max(1, bytes)).toFixed(1)}% of the bytes) are in the set the floor and the competitors read: Vigil's ratios below are flattered by that much work`
        }`,
  );

  const vigilCold = cold.median.wallMs;
  const coldRatio = vigilCold / floorWall;
  const warmRatio = warm.median.wallMs / floorWall;
  console.log(
    [
      `vigil cold / floor = ${fmt(coldRatio)}`,
      `warm / floor = ${fmt(warmRatio)}`,
      `first run / floor = ${fmt(first.median.wallMs / floorWall)}`,
      `(against the floor timed inside its process: cold ${fmt(vigilCold / floorMs)}, warm ${fmt(warm.median.wallMs / floorMs)})`,
      ...(sl ? [`vigil cold / secretlint = ${sl.median.timedOut ? '<' : ''}${fmt(vigilCold / sl.median.wallMs)}${sl.median.timedOut ? ` (stopped after ${o.limitS} s)` : ''}`] : []),
      ...(es ? [`vigil cold / eslint = ${es.median.timedOut ? '<' : ''}${fmt(vigilCold / es.median.wallMs)}${es.median.timedOut ? ` (stopped after ${o.limitS} s)` : ''}`] : []),
    ].join(' · '),
  );
  const mark = (ok: boolean): string => (ok ? 'met' : 'NOT MET');
  const large = files.length >= RESCAN_TARGETS_FROM_FILES;
  // Below the size the rescan targets are set for: the ratio and which side of it, not a verdict.
  const rescanMark = (ok: boolean, target: number): string =>
    large ? mark(ok) : `(${ok ? 'within' : 'above'} ${target}×; the target is set for ${RESCAN_TARGETS_FROM_FILES.toLocaleString('en')} files)`;
  const targets = [
    `cold ≤ ${TARGET_COLD}× floor: ${fmt(coldRatio, 3)}× ${mark(coldRatio <= TARGET_COLD)} (CPU time ${fmt(cold.median.cpuMs / floorCpu, 3)}×)`,
    `warm ≤ ${TARGET_WARM}× floor: ${fmt(warmRatio, 3)}× ${rescanMark(warmRatio <= TARGET_WARM, TARGET_WARM)} (CPU time ${fmt(warm.median.cpuMs / floorCpu, 3)}×)`,
    ...(changed
      ? [
          `one file changed ≤ ${TARGET_ONE_CHANGED}× floor: ${fmt(changed.median.wallMs / floorWall, 3)}× ${rescanMark(changed.median.wallMs / floorWall <= TARGET_ONE_CHANGED, TARGET_ONE_CHANGED)} (CPU time ${fmt(changed.median.cpuMs / floorCpu, 3)}×; ${edited})`,
        ]
      : []),
    sl
      ? `cold faster than secretlint 13: ${fmt(vigilCold / 1000)} s vs ${sl.median.timedOut ? '>' : ''}${fmt(sl.median.wallMs / 1000)} s ${mark(vigilCold < sl.median.wallMs)}`
      : `faster than secretlint 13: not measured (${o.competitors ? 'competitors not run on this workspace' : '--no-competitors'})`,
  ];
  console.log(`targets (issue 18): ${targets.join(' · ')}`);
  if (coldFindings !== warmFindings) console.log(`WARNING: the warm rescan reported ${warmFindings} findings, the cold scan ${coldFindings}`);
  return { label, root, files: files.length, cacheDir };
}

/** Declaration files are JS/TS the floor parses and Vigil does not (its text rules read them): said beside the count. */
function declarationNote(code: string[]): string {
  const n = code.filter((f) => isDeclarationFile(f)).length;
  return n === 0 ? '' : ` (${n} declaration files: the floor parses them, Vigil reads them with its text rules only)`;
}

/** Vigil's cold scan at each `--concurrency` on one workspace, alternating, the scaling curve. */
async function concurrencyCurve(w: Benched, o: Options): Promise<void> {
  // `auto`: what a scan with no --concurrency does on this machine (workers from a number of files).
  const levels = ['off', 'auto', '1', '2', '4', '8'];
  const cores = os.availableParallelism();
  console.log(`\n## Concurrency curve: vigil cold scan, ${w.label} (${w.files} files), --concurrency ${levels.join(',')}`);
  if (cores < 8)
    console.log(`this machine has ${cores} cores: counts above ${cores} only show oversubscription (threads competing for ${cores} cores), not how Vigil scales on a machine with that many cores`);
  const clearResults = (): void => {
    if (!existsSync(w.cacheDir)) return;
    for (const f of readdirSync(w.cacheDir)) if (f.endsWith('.json')) rmSync(path.join(w.cacheDir, f), { recursive: true, force: true });
  };
  const specs: Spec[] = levels.map((c) => ({
    name: c,
    args: [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--cache-dir', w.cacheDir, '--concurrency', c],
    cwd: w.root,
    before: clearResults,
  }));
  const m = await measureAlternating(specs, o.runs);
  const base = m.get('off')!.median.wallMs;
  console.log(`${pad('--concurrency', 16)}${lpad('wall s', 9)}${lpad('× off', 8)}${lpad('peak RSS MB', 13)}   load1 at start (range)`);
  for (const c of levels) {
    const r = m.get(c)!;
    const note = Number(c) > cores ? '   (oversubscribed)' : '';
    console.log(`${pad(c, 16)}${lpad(fmt(r.median.wallMs / 1000), 9)}${lpad(fmt(r.median.wallMs / base), 8)}${lpad(fmt(r.median.rssMb, 0), 13)}   ${loadText(r)}${note}`);
  }
}

function countJson<T>(output: string, count: (r: T) => number): string {
  try {
    const start = output.indexOf('[');
    return String((JSON.parse(output.slice(start)) as T[]).reduce((n, r) => n + count(r), 0));
  } catch {
    return 'n/a';
  }
}

/**
 * What every `vigil` command pays before it reads a file (a pre-commit hook, CI on a small change):
 * Node's own start (`node -e 0`), and `vigil scan` of an empty folder without and with a team pack
 * (test/fixtures/team: extends the built-in rules, adds a rule, overrides one, sets a policy).
 */
async function benchCliStart(o: Options): Promise<void> {
  const plain = path.join(WORK, 'cli-start', 'plain');
  const team = path.join(WORK, 'cli-start', 'team');
  for (const dir of [plain, path.join(team, '.vigil')]) mkdirSync(dir, { recursive: true });
  cpSync(path.join(ROOT, 'test/fixtures/team/.vigil/pack.json'), path.join(team, '.vigil/pack.json'));
  const scan = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'];
  const specs: Spec[] = [
    { name: 'node', args: ['-e', '0'], cwd: plain },
    { name: 'plain', args: scan, cwd: plain },
    { name: 'team', args: scan, cwd: team },
  ];
  const m = await measureAlternating(specs, Math.max(5, o.runs));
  console.log(`\n## CLI start: what every vigil command pays before it reads a file (${m.get('node')!.runs.length} alternating runs, median)`);
  const rows: Array<[string, string]> = [
    ['node -e 0 (Node itself)', 'node'],
    ['vigil scan of an empty folder', 'plain'],
    ['the same with a team pack (test/fixtures/team)', 'team'],
  ];
  console.log(`${pad('', 50)}${lpad('wall ms', 9)}${lpad('CPU ms', 9)}   load1 at start (range)`);
  for (const [label, key] of rows) {
    const r = m.get(key)!;
    console.log(`${pad(label, 50)}${lpad(fmt(r.median.wallMs, 0), 9)}${lpad(fmt(r.median.cpuMs, 0), 9)}   ${loadText(r)}`);
  }
}

async function benchEditor(o: Options): Promise<void> {
  console.log('\n## Editor: the real language server over LSP (stdio)');
  const starts: number[] = [];
  for (let i = 0; i < Math.max(5, o.runs); i++) {
    const started = performance.now();
    const session = new LspSession({ execArgv: [...SERVER_EXEC_ARGV] });
    await session.initialize(null, false);
    starts.push(performance.now() - started);
    await session.dispose();
  }
  starts.sort((a, b) => a - b);
  console.log(
    `server start (spawn → initialize answered), median of ${starts.length}: ${fmt(starts[Math.floor(starts.length / 2)], 0)} ms (min ${fmt(starts[0], 0)}, max ${fmt(starts[starts.length - 1], 0)})`,
  );

  // Real files typed into: one character at the end of a line, as someone writing (syntax errors
  // and all). A 2,000-line module (effect's Schedule.ts), then the two largest (Schema.ts, Effect.ts:
  // 20,000 and 28,000 lines), where each edit costs most; then a translation file (TypeScript's
  // Russian messages: 445 KB of JSON on disk, 318 K characters), where the rules that read name/value pairs do the work.
  const effect = realProject('effect');
  const typescriptLib = path.join(BENCH, 'node_modules', 'typescript', 'lib');
  const typed: Array<[label: string, folder: string, file: string, languageId: string, edits: number]> = [
    ['effect/src/Schedule.ts', effect, path.join(effect, 'src', 'Schedule.ts'), 'typescript', 200],
    ['effect/src/Schema.ts', effect, path.join(effect, 'src', 'Schema.ts'), 'typescript', 100],
    ['effect/src/Effect.ts', effect, path.join(effect, 'src', 'Effect.ts'), 'typescript', 100],
    ['typescript/lib/ru/diagnosticMessages.generated.json', typescriptLib, path.join(typescriptLib, 'ru', 'diagnosticMessages.generated.json'), 'json', 100],
  ];
  for (const [label, folder, file, languageId, edits] of typed) {
    const text = readFileSync(file, 'utf8');
    const uri = `file://${file}`;
    const session = new LspSession({ execArgv: [...SERVER_EXEC_ARGV] });
    await session.initialize(`file://${folder}`, false, {}, { debounceMs: 0 });
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    const first = await session.waitForDiagnostics(uri, () => true, 30_000);
    const lines = text.split('\n');
    const latencies = await typeInto(session, uri, text, edits, 10_000);
    await session.dispose();
    const q = (p: number): number => quantile(latencies, p);
    console.log(
      `edit → diagnostics, ${label} (${lines.length} lines, ${Math.round(text.length / 1024)} KB), ${edits} one-character edits, debounce 0: p50 ${fmt(q(0.5), 1)} ms, p95 ${fmt(q(0.95), 1)} ms, max ${fmt(latencies[latencies.length - 1], 1)} ms (${first.diagnostics.length} findings in the file)`,
    );
  }

  await benchEditsDuringScan(o);

  if (!existsSync(path.join(ROOT, 'test/host/node_modules/code-server'))) {
    console.log('extension activation: not measured: the offline VS Code host is not installed (bash test/host/setup.sh)');
    return;
  }
  const activation = spawnSync(process.execPath, [path.join(BENCH, 'activation.mjs'), String(Math.max(3, o.runs))], { cwd: ROOT, encoding: 'utf8' });
  const line = (activation.stdout ?? '').split('\n').find((l) => l.startsWith('extension activation'));
  console.log(line ?? `extension activation: not measured (${(activation.stderr || activation.stdout || '').trim().split('\n').pop()})`);
}

/**
 * Edits during the server's startup scan of a 27,000-file workspace (editsDuringScan.ts), each run
 * followed by `vigil scan --concurrency off` of the same tree with an empty result cache (the
 * compiler's code cache kept, as the server's is): issue 18's targets per run. One thread, because
 * that is what the server analyses on with 2 cores (one worker; the other core answers edits),
 * while the CLI's default there uses two threads from 6,000 files: the comparison is of the same
 * work on the same number of threads.
 */
async function benchEditsDuringScan(o: Options): Promise<void> {
  const files = 27_000;
  const pairs = Math.min(o.runs, 3);
  const cacheDir = path.join(WORK, 'cache-edits');
  const rows: Array<{ server: EditsDuringScan; cli: Run }> = [];
  for (let i = 0; i < pairs; i++) {
    const server = await editsDuringScan(files);
    if (existsSync(cacheDir)) for (const f of readdirSync(cacheDir)) if (f.endsWith('.json')) rmSync(path.join(cacheDir, f), { force: true });
    const cli = await runOnce([CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir, '--concurrency', 'off'], editsWorkspace(files));
    rows.push({ server, cli });
  }
  console.log(
    `edits during the startup scan of a ${files.toLocaleString('en')}-file workspace (200 one-character edits of a 2,000-line file from the moment it is opened), then vigil scan --concurrency off of the same tree, ${pairs} run${pairs === 1 ? '' : 's'}:`,
  );
  for (const { server: s, cli } of rows) {
    const time = s.scanMs / cli.wallMs;
    const memory = s.peakRssMb / cli.rssMb;
    console.log(
      `  load ${fmt(s.load1, 1)}: ${s.during} of 200 edits during the scan; p50 ${fmt(s.p50, 1)} ms, p95 ${fmt(s.p95, 1)} ms, p99 ${fmt(s.p99, 1)} ms, max ${fmt(s.max, 1)} ms; server scan ${fmt(s.scanMs / 1000, 1)} s, peak ${fmt(s.peakRssMb, 0)} MB; vigil scan ${fmt(cli.wallMs / 1000, 1)} s, peak ${fmt(cli.rssMb, 0)} MB; server/CLI time ${fmt(time)}, memory ${fmt(memory)}`,
    );
    console.log(
      `    then a file written on disk, ${s.diskToDiagnosticsMs.length} times ${WRITE_GAP_MS / 1000} s apart: its diagnostics after ${s.diskToDiagnosticsMs.map((ms) => fmt(ms, 0)).join(', ')} ms (the server waits ${RESCAN_QUIET_MS} ms for the disk to be quiet, then its warm rescan took ${s.rescanMs.map((ms) => fmt(ms, 0)).join(', ')} ms)`,
    );
  }
  const met = (test: (r: { server: EditsDuringScan; cli: Run }) => boolean): string => `met in ${rows.filter(test).length} of ${rows.length}`;
  console.log(
    `targets (issue 18): p99 ≤ 50 ms: ${met((r) => r.server.p99 <= 50)} · max ≤ 150 ms: ${met((r) => r.server.max <= 150)} · server scan ≤ 1.2× the CLI's on one thread: ${met((r) => r.server.scanMs <= 1.2 * r.cli.wallMs)} · server memory ≤ 1.2× the CLI's: ${met((r) => r.server.peakRssMb <= 1.2 * r.cli.rssMb)}`,
  );
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(WORK, { recursive: true });
  ensureSetup();
  console.log(
    `\n# Vigil benchmark, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' / ')} (1/5/15 min) at the start`,
  );
  console.log(
    'competitors: secretlint 13 (recommended preset), ESLint + eslint-plugin-security; gitleaks is not in the benchmark: the npm package named gitleaks is not published by the gitleaks project, and the official gitleaks is a Go binary not distributed through npm',
  );
  const generated = path.join(WORK, `generated-${o.files}`);
  if (!o.scans) o.files = 0;
  if (o.files > 0 && !existsSync(path.join(generated, 'packages'))) {
    generate(generated, o.files);
  }
  const benched: Benched[] = [];
  if (o.files > 0) benched.push(await benchWorkspace(`generated (${o.files} files with planted findings)`, generated, o));
  if (o.real && o.scans) {
    benched.push(await benchWorkspace('effect 4.1.0 (npm package: TypeScript sources + build output)', realProject('effect'), o));
    benched.push(await benchWorkspace('typeorm 1.1.1 (npm package: compiled JS + declarations)', realProject('typeorm'), o));
  }
  for (const p of o.paths) benched.push(await benchWorkspace(path.basename(p), p, o));
  // The rescan targets' own workspace: the tree the edits-during-scan figures use. No competitors
  // (ESLint takes about five minutes a run at this size; they are compared on the trees above) and
  // not in the concurrency curve, which stays on the main table's largest tree.
  if (o.scans && o.files > 0 && o.files < RESCAN_TARGETS_FROM_FILES) {
    const n = RESCAN_TARGETS_FROM_FILES;
    await benchWorkspace(`generated (${n} files with planted findings: the rescan targets' size)`, editsWorkspace(n), o, false);
  }
  if (o.concurrencyCurve) {
    const largest = benched.reduce<Benched | undefined>((a, b) => (a && a.files >= b.files ? a : b), undefined);
    if (largest) await concurrencyCurve(largest, o);
    else console.log('\n--concurrency-curve: no workspace was scanned');
  }
  if (o.scans) await benchCliStart(o);
  if (o.editor) await benchEditor(o);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

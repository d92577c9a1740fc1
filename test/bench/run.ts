// `npm run bench [-- PATH...] [--files N] [--runs N] [--limit SECONDS] [--no-competitors] [--no-real] [--no-editor] [--no-scans]`
//
// Prints, for each workspace (the generated one, the real projects installed as benchmark
// dependencies, and any PATH given), on the same files in the same run:
//   - Vigil's CLI: full scan (cold, no cache) and warm rescan (cache) wall time, files/s, peak RSS;
//   - the floor: read every file + parse every JS/TS file with the TypeScript parser + one walk;
//   - secretlint (recommended preset) and ESLint + eslint-plugin-security, and the ratios;
// then, through the real language server over LSP: server start time and edit → diagnostics
// latency (p50/p95 over 200 one-character edits of a 2,000-line TypeScript file), and the
// extension's activation time in a real VS Code (code-server). Figures, not pass/fail: these
// machines are shared and noisy, so run it again before trusting a small difference.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../../server/src/workspace/discover';
import { DEFAULT_MAX_FILE_BYTES } from '../../server/src/workspace/read';
import { LspSession } from '../protocol/lspClient';
import { generate } from './generate';

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
  /** Competitors are stopped after this long (their figure is then a lower bound). */
  limitS: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { paths: [], files: 10_000, runs: 1, competitors: true, real: true, editor: true, scans: true, limitS: 300 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files') o.files = Number(argv[++i]);
    else if (a === '--runs') o.runs = Math.max(1, Number(argv[++i]));
    else if (a === '--no-competitors') o.competitors = false;
    else if (a === '--no-real') o.real = false;
    else if (a === '--no-editor') o.editor = false;
    else if (a === '--no-scans') o.scans = false;
    else if (a === '--limit') o.limitS = Number(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.paths.push(path.resolve(a));
  }
  return o;
}

interface Run {
  wallMs: number;
  rssMb: number;
  output: string;
  code: number;
  /** Stopped at the time limit: wallMs is a lower bound. */
  timedOut?: boolean;
}

/** Runs `node args…` in `cwd` with the RSS probe preloaded; the median run of `runs` by wall time. */
async function measure(args: string[], cwd: string, runs: number, before?: () => void, limitMs = Infinity): Promise<Run> {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const rssFile = path.join(WORK, `rss-${process.pid}-${i}`);
    const started = performance.now();
    let timedOut = false;
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, ['-r', path.join(BENCH, 'rss.cjs'), ...args], { cwd, env: { ...process.env, VIGIL_BENCH_RSS: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const timer = Number.isFinite(limitMs) ? setTimeout(() => ((timedOut = true), child.kill('SIGKILL')), limitMs) : undefined;
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('exit', (c) => {
        if (timer) clearTimeout(timer);
        resolve({ code: c ?? 1, output: out });
      });
    });
    const wallMs = performance.now() - started;
    const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
    rmSync(rssFile, { force: true });
    results.push({ wallMs, rssMb, output, code, ...(timedOut ? { timedOut } : {}) });
  }
  results.sort((a, b) => a.wallMs - b.wallMs);
  return results[Math.floor(results.length / 2)];
}

function ensureSetup(): void {
  if (!existsSync(path.join(BENCH, 'node_modules/secretlint')) || !existsSync(path.join(BENCH, 'node_modules/eslint'))) {
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

async function benchWorkspace(label: string, root: string, o: Options): Promise<void> {
  // The files Vigil analyses (its discovery: .gitignore, default excludes, size limit) are the
  // files every tool gets, so all of them do the same work.
  const found = await discover(root, root);
  const files = found.files.map((f) => f.relative).filter((f) => statSync(path.join(root, f)).size <= DEFAULT_MAX_FILE_BYTES);
  const code = files.filter((f) => /\.[mc]?[jt]sx?$/.test(f));
  const list = path.join(WORK, `${label.replace(/\W+/g, '-')}.list`);
  writeFileSync(list, files.map((f) => path.join(root, f)).join('\n') + '\n');
  const bytes = files.reduce((n, f) => n + statSync(path.join(root, f)).size, 0);
  console.log(`\n## ${label}: ${root}`);
  console.log(`${files.length} files (${(bytes / 1e6).toFixed(1)} MB), ${code.length} of them JS/TS; ${found.files.length - files.length} over the size limit left out for every tool`);

  const floorRun = await measure([path.join(BENCH, 'floor.mjs'), list], root, o.runs);
  const floorMs = JSON.parse(floorRun.output.trim().split('\n').pop() ?? '{}').ms ?? NaN;
  const cacheDir = path.join(WORK, `cache-${label.replace(/\W+/g, '-')}`);
  const vigilArgs = [CLI, 'scan', '.', '--format', 'json', '--fail-on', 'never'];
  // First run: nothing cached (no results, no compiler bytecode). Cold: this tree's results are
  // not cached, but Vigil has run before on this machine (the compiler's code cache is per install).
  const first = await measure([...vigilArgs, '--cache-dir', cacheDir], root, o.runs, () => rmSync(cacheDir, { recursive: true, force: true }));
  const clearResults = (): void => {
    for (const f of readdirSync(cacheDir)) if (f.endsWith('.json')) rmSync(path.join(cacheDir, f));
  };
  const cold = await measure([...vigilArgs, '--cache-dir', cacheDir], root, o.runs, clearResults);
  const warm = await measure([...vigilArgs, '--cache-dir', cacheDir], root, o.runs);
  const findings = (r: Run): number => (JSON.parse(r.output) as { findings: unknown[] }).findings.length;
  const coldFindings = findings(cold);
  const warmFindings = findings(warm);
  const scanned = (JSON.parse(cold.output) as { summary: { filesScanned: number } }).summary.filesScanned;

  // Two floors: the floor process as a whole (Node's start, the compiler's load, read, parse, walk),
  // measured like every tool here, and the same work timed inside that process (after Node started
  // and the compiler loaded), which leaves out costs any process pays. Ratios use the first.
  const floorWall = floorRun.wallMs;
  const rows: Array<[string, Run | undefined, number | undefined, string]> = [
    ['floor: node + TS load + read + parse + walk', floorRun, floorWall, '-'],
    ['floor, timed inside its process', floorRun, floorMs, '-'],
    ['vigil scan, first run (nothing cached)', first, first.wallMs, String(findings(first))],
    [`vigil scan, cold (${os.availableParallelism()} cores)`, cold, cold.wallMs, String(coldFindings)],
    ['vigil scan, warm (result cache)', warm, warm.wallMs, String(warmFindings)],
  ];
  if (o.competitors) {
    const sl = await measure(
      [path.join(BENCH, 'node_modules/secretlint/bin/secretlint.js'), '--secretlintrc', path.join(BENCH, '.secretlintrc.json'), '--format', 'json', ...files],
      root,
      o.runs,
      undefined,
      o.limitS * 1000,
    );
    const slFindings = sl.timedOut ? 'stopped' : countJson(sl.output, (r: { messages: unknown[] }) => r.messages.length);
    rows.push(['secretlint (recommended preset)', sl, sl.wallMs, slFindings]);
    const es = await measure(
      [path.join(BENCH, 'node_modules/eslint/bin/eslint.js'), '--config', path.join(BENCH, 'eslint.config.mjs'), '--no-ignore', '--format', 'json', ...code],
      root,
      o.runs,
      undefined,
      o.limitS * 1000,
    );
    const esFindings = es.timedOut ? 'stopped' : countJson(es.output, (r: { messages: unknown[] }) => r.messages.length);
    rows.push(['eslint + eslint-plugin-security (JS/TS)', es, es.wallMs, esFindings]);
  }
  console.log(`${pad('tool', 44)}${lpad('wall s', 9)}${lpad('files/s', 10)}${lpad('peak RSS MB', 13)}${lpad('× floor', 9)}${lpad('findings', 10)}`);
  for (const [name, run, ms, count] of rows) {
    if (!run || ms === undefined) continue;
    const n = name.startsWith('eslint') ? code.length : name.startsWith('vigil') ? scanned : files.length;
    const over = run.timedOut ? '>' : '';
    console.log(
      `${pad(name, 44)}${lpad(over + fmt(ms / 1000), 9)}${lpad((run.timedOut ? '<' : '') + fmt(n / (ms / 1000), 0), 10)}${lpad(run.timedOut ? '-' : fmt(run.rssMb, 0), 13)}${lpad(over + fmt(ms / floorWall), 9)}${lpad(count, 10)}`,
    );
  }
  const vigilCold = cold.wallMs;
  const summary = [
    `vigil cold / floor = ${fmt(vigilCold / floorWall)}`,
    `warm / floor = ${fmt(warm.wallMs / floorWall)}`,
    `first run / floor = ${fmt(first.wallMs / floorWall)}`,
    `(against the floor timed inside its process: cold ${fmt(vigilCold / floorMs)}, warm ${fmt(warm.wallMs / floorMs)})`,
  ];
  for (const [name, run, ms] of rows.slice(5))
    if (ms) summary.push(`vigil cold / ${name.split(' ')[0]} = ${run?.timedOut ? '<' : ''}${fmt(vigilCold / ms)}${run?.timedOut ? ` (stopped after ${o.limitS} s)` : ''}`);
  console.log(summary.join(' · '));
  if (coldFindings !== warmFindings) console.log(`WARNING: the warm rescan reported ${warmFindings} findings, the cold scan ${coldFindings}`);
}

function countJson<T>(output: string, count: (r: T) => number): string {
  try {
    const start = output.indexOf('[');
    return String((JSON.parse(output.slice(start)) as T[]).reduce((n, r) => n + count(r), 0));
  } catch {
    return 'n/a';
  }
}

async function benchEditor(o: Options): Promise<void> {
  console.log('\n## Editor: the real language server over LSP (stdio)');
  const starts: number[] = [];
  for (let i = 0; i < Math.max(5, o.runs); i++) {
    const started = performance.now();
    const session = new LspSession();
    await session.initialize(null, false);
    starts.push(performance.now() - started);
    await session.dispose();
  }
  starts.sort((a, b) => a - b);
  console.log(
    `server start (spawn → initialize answered), median of ${starts.length}: ${fmt(starts[Math.floor(starts.length / 2)], 0)} ms (min ${fmt(starts[0], 0)}, max ${fmt(starts[starts.length - 1], 0)})`,
  );

  // A real 2,000-line TypeScript module (effect's Schedule.ts), in its project, typed into:
  // one character at the end of a line, 200 times, as someone writing code (syntax errors and all).
  const project = realProject('effect');
  const file = path.join(project, 'src/Schedule.ts');
  const text = readFileSync(file, 'utf8');
  const uri = `file://${file}`;
  const session = new LspSession();
  await session.initialize(`file://${project}`, false, {}, { debounceMs: 0 });
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
  const first = await session.waitForDiagnostics(uri, () => true, 30_000);
  const lines = text.split('\n');
  const latencies: number[] = [];
  let previous = first;
  for (let edit = 0; edit < 200; edit++) {
    const line = (edit * 389) % lines.length;
    const character = lines[line].length;
    lines[line] += 'x';
    const started = performance.now();
    const next = session.waitForDiagnostics(uri, (p) => p !== previous, 10_000);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: edit + 2 },
      contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: 'x' }],
    });
    previous = await next;
    latencies.push(performance.now() - started);
  }
  await session.dispose();
  latencies.sort((a, b) => a - b);
  const q = (p: number): number => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  console.log(
    `edit → diagnostics, effect/src/Schedule.ts (${lines.length} lines), 200 one-character edits, debounce 0: p50 ${fmt(q(0.5), 1)} ms, p95 ${fmt(q(0.95), 1)} ms, max ${fmt(latencies[latencies.length - 1], 1)} ms (${first.diagnostics.length} findings in the file)`,
  );

  if (!existsSync(path.join(ROOT, 'test/host/node_modules/code-server'))) {
    console.log('extension activation: not measured: the offline VS Code host is not installed (bash test/host/setup.sh)');
    return;
  }
  const activation = spawnSync(process.execPath, [path.join(BENCH, 'activation.mjs'), String(Math.max(3, o.runs))], { cwd: ROOT, encoding: 'utf8' });
  const line = (activation.stdout ?? '').split('\n').find((l) => l.startsWith('extension activation'));
  console.log(line ?? `extension activation: not measured (${(activation.stderr || activation.stdout || '').trim().split('\n').pop()})`);
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  mkdirSync(WORK, { recursive: true });
  ensureSetup();
  console.log(`\n# Vigil benchmark: ${os.cpus()[0]?.model ?? 'cpu'} × ${os.availableParallelism()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  const generated = path.join(WORK, `generated-${o.files}`);
  if (!o.scans) o.files = 0;
  if (o.files > 0 && !existsSync(path.join(generated, 'packages'))) {
    generate(generated, o.files);
  }
  if (o.files > 0) await benchWorkspace(`generated (${o.files} files with planted findings)`, generated, o);
  if (o.real && o.scans) {
    await benchWorkspace('effect 4.1.0 (npm package: TypeScript sources + build output)', realProject('effect'), o);
    await benchWorkspace('typeorm 1.1.1 (npm package: compiled JS + declarations)', realProject('typeorm'), o);
  }
  for (const p of o.paths) await benchWorkspace(path.basename(p), p, o);
  if (o.editor) await benchEditor(o);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

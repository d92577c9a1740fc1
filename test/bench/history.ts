// `npm run bench:history -- REPO [--runs N]`
//
// `vigil scan --history` on a real repository's whole history (pick one with 10,000+ commits),
// against two floors on the same machine in the same run:
//   - git alone: `git log --patch --unified=0` of the same commits, written nowhere;
//   - the floor scanner: that patch stream piped through the same secret rules (what a
//     `git log -p | rules` scanner does: every added line of every commit, no file context);
// and Vigil itself (each blob looked at once, whole-file analysis where the changed lines show
// something), once as Node sizes its heap and once with the heap capped (memory stays bounded:
// V8 only grows the heap because it can). Prints wall time, peak resident memory, findings, and the ratios. Figures, not
// pass/fail: shared machines are noisy, run it twice before trusting a small difference.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OVERRIDES } from '../../server/src/workspace/gitDiff';
import { logArgs } from '../../server/src/workspace/gitLog';

const BENCH = __dirname;

interface Run {
  ms: number;
  rssMB: number;
  findings?: number;
  detail?: string;
}

function parse(argv: string[]): { repo: string; runs: number } {
  let repo: string | undefined;
  let runs = 1;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') runs = Number(argv[++i]);
    else if (!argv[i].startsWith('-')) repo = argv[i];
    else throw new Error(`unknown option ${argv[i]}`);
  }
  if (!repo) throw new Error('usage: npm run bench:history -- REPO [--runs N]');
  return { repo: path.resolve(repo), runs };
}

/** Runs a command, its peak RSS read back through rss.cjs when it is Node. */
function measure(command: string, args: string[], cwd: string, node: boolean): Promise<Run & { stdout: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vigil-hbench-'));
  const rssFile = path.join(dir, 'rss');
  const argv = node ? ['-r', path.join(BENCH, 'rss.cjs'), ...args] : args;
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(node ? process.execPath : command, argv, { cwd, env: { ...process.env, VIGIL_BENCH_RSS: rssFile }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let bytes = 0;
    child.stdout.on('data', (c: Buffer) => {
      bytes += c.length;
      if (node) stdout += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      let rssMB = NaN;
      try {
        // rss.cjs writes the peak resident memory in KB, then the CPU time.
        rssMB = Number(readFileSync(rssFile, 'utf8').split(' ')[0]) / 1024;
      } catch {
        // not a Node process
      }
      rmSync(dir, { recursive: true, force: true });
      if (node && code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      resolve({ ms, rssMB, stdout, detail: node ? undefined : `${(bytes / 1e6).toFixed(0)} MB of patch` });
    });
  });
}

async function main(): Promise<void> {
  const { repo, runs } = parse(process.argv.slice(2));
  const child = path.join(BENCH, 'historyChild.ts');
  const tsx = ['--import', 'tsx', child];
  console.log(`history benchmark: ${repo} (${await countCommits(repo)} commits), ${os.cpus().length} cores, Node ${process.version}`);
  const rows: Array<[string, Run]> = [];
  for (let i = 0; i < runs; i++) {
    const gitOnly = await measure('git', [...OVERRIDES, ...logArgs({ context: 0 })], repo, false);
    rows.push(['git log --patch (no scan)', gitOnly]);
    for (const [mode, heap] of [
      ['floor', ''],
      ['vigil', ''],
      ['vigil', '--max-old-space-size=160'],
    ] as const) {
      const r = await measure('node', [...(heap ? [heap] : []), ...tsx, mode, repo], path.resolve(BENCH, '../..'), true);
      const inner = JSON.parse(r.stdout) as { ms: number; findings: number; detail: string };
      // The child's own clock: tsx's start-up is not part of either.
      const label = mode === 'floor' ? 'floor: git log --patch | same rules' : heap ? 'vigil, JS heap capped at 160 MB' : 'vigil scan --history';
      rows.push([label, { ms: inner.ms, rssMB: r.rssMB, findings: inner.findings, detail: inner.detail }]);
    }
  }
  const best = (label: string): Run =>
    rows
      .filter(([l]) => l === label)
      .map(([, r]) => r)
      .sort((a, b) => a.ms - b.ms)[0];
  console.log(`${'what'.padEnd(38)} ${'wall s'.padStart(8)} ${'peak MB'.padStart(8)} ${'findings'.padStart(9)}  detail`);
  for (const label of [...new Set(rows.map(([l]) => l))]) {
    const r = best(label);
    console.log(
      `${label.padEnd(38)} ${(r.ms / 1000).toFixed(1).padStart(8)} ${Number.isNaN(r.rssMB) ? '       -' : r.rssMB.toFixed(0).padStart(8)} ${r.findings === undefined ? '        -' : String(r.findings).padStart(9)}  ${r.detail ?? ''}`,
    );
  }
  const floor = best('floor: git log --patch | same rules');
  const vigil = best('vigil scan --history');
  console.log(`ratio vigil / floor: ${(vigil.ms / floor.ms).toFixed(2)}x wall, ${(vigil.rssMB / floor.rssMB).toFixed(2)}x peak memory${runs > 1 ? ` (best of ${runs})` : ''}`);
}

async function countCommits(repo: string): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn('git', ['rev-list', '--count', 'HEAD'], { cwd: repo });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('close', () => resolve(out.trim()));
  });
}

main().catch((err) => {
  console.error(`bench:history: ${(err as Error).message}`);
  process.exit(1);
});

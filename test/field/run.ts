// `npm run bench:field -- DIR [--only ID,...] [--held-out] [--unjudged FILE] [--show real|false|missed [--info]] [--findings FILE] [--no-build]`
//
// The field benchmark: runs Vigil's CLI over real repositories (checkouts made by
// test/field/checkout.mjs in DIR, at the commits pinned in manifest.json) and scores the findings
// against test/field/triage.jsonl (verdicts given by reading the code). Prints, per category:
// findings at error/warning/info, how many warning-and-above are judged, precision at warning and
// above, false warnings per 1,000 tracked files (repositories that are not deliberately
// vulnerable), the info sample's precision, and how many findings still need a verdict.
// Held-out repositories are left out unless --held-out is given: they are for a final check, not
// for tuning. --unjudged FILE writes the findings that need a verdict as triage.jsonl stubs;
// --show false lists the warning-and-above findings judged false (or real), with the reason; with
// --info, the info findings judged so too. --findings FILE writes every finding (repository, file,
// line, rule, severity, message: masked as Vigil prints it), one JSON line each, sorted: two builds'
// files diff to exactly what a change did.
// For the deliberately vulnerable apps it also prints recall: the share of the issues their own
// documentation describes (test/field/documented.json) with a finding of the same category in the
// same file within two lines; --show missed lists the documented issues no finding found.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CATEGORIES,
  type Category,
  type CategoryFigures,
  type DocumentedIssue,
  emptyFigures,
  emptyRecall,
  type FieldFinding,
  findingKey,
  parseDocumented,
  parseTriage,
  recall,
  RECALL_TOLERANCE,
  type RecallFigures,
  score,
} from './score';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

interface Repo {
  id: string;
  repo: string;
  commit: string;
  covers: string[];
  vulnerable?: boolean;
  heldOut?: boolean;
}

function parseArgs(argv: string[]) {
  const o = { dir: '', only: [] as string[], heldOut: false, unjudged: '', build: true, show: '', info: false, findings: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') o.only = argv[++i].split(',');
    else if (a === '--held-out') o.heldOut = true;
    else if (a === '--unjudged') o.unjudged = path.resolve(argv[++i]);
    else if (a === '--no-build') o.build = false;
    else if (a === '--show') o.show = argv[++i];
    else if (a === '--info') o.info = true;
    else if (a === '--findings') o.findings = path.resolve(argv[++i]);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else o.dir = path.resolve(a);
  }
  if (!o.dir) throw new Error('usage: npm run bench:field -- DIR (checkouts made by: node test/field/checkout.mjs DIR)');
  return o;
}

const pct = (n: number, d: number) => (d === 0 ? '-' : (n / d).toFixed(3));

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = JSON.parse(readFileSync(path.join(__dirname, 'manifest.json'), 'utf8')) as { repositories: Repo[] };
  const repos = manifest.repositories.filter((r) => (opts.only.length ? opts.only.includes(r.id) : opts.heldOut || !r.heldOut));
  if (opts.build || !existsSync(CLI)) {
    const b = spawnSync('node', [path.join(ROOT, 'scripts/build.mjs')], { stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const commits = new Map(manifest.repositories.map((r) => [r.id, r.commit]));
  const triagePath = path.join(__dirname, 'triage.jsonl');
  const { verdicts, problems } = parseTriage(existsSync(triagePath) ? readFileSync(triagePath, 'utf8') : '', commits);
  for (const p of problems) console.error(p);
  const documentedPath = path.join(__dirname, 'documented.json');
  const documented = parseDocumented(existsSync(documentedPath) ? readFileSync(documentedPath, 'utf8') : '{"issues":[]}', commits);
  for (const p of documented.problems) console.error(p);

  const groups: Array<{ name: string; repos: Repo[] }> = [
    { name: 'tuning set', repos: repos.filter((r) => !r.heldOut) },
    { name: 'held out', repos: repos.filter((r) => r.heldOut) },
  ].filter((g) => g.repos.length > 0);

  const unjudgedAll: FieldFinding[] = [];
  const shown: string[] = [];
  const every: string[] = [];
  const missedAll: Array<{ group: string; issue: DocumentedIssue }> = [];
  for (const group of groups) {
    const figs = Object.fromEntries(CATEGORIES.map((c) => [c, emptyFigures()])) as Record<Category, CategoryFigures>;
    const recallRows: string[] = [];
    const recallFigs = Object.fromEntries(CATEGORIES.map((c) => [c, emptyRecall()])) as Record<Category, RecallFigures>;
    let ordinaryFiles = 0;
    console.log(`\n## ${group.name}\n`);
    console.log('| repository | tracked files | scanned | skipped | scan s | error | warning | info | false warnings | unjudged |');
    console.log('|---|---|---|---|---|---|---|---|---|---|');
    for (const r of group.repos) {
      const dir = path.join(opts.dir, r.id);
      if (!existsSync(dir)) throw new Error(`${dir} is missing: make the checkouts with node test/field/checkout.mjs ${opts.dir}`);
      const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
      if (head !== r.commit) throw new Error(`${dir} is at ${head}, the manifest pins ${r.commit}`);
      const tracked = spawnSync('git', ['ls-files', '-z'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 })
        .stdout.split('\0')
        .filter(Boolean).length;
      const started = Date.now();
      const run = spawnSync('node', [CLI, 'scan', '.', '--format', 'json', '--no-cache', '--no-baseline', '--fail-on', 'never'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30 });
      const seconds = (Date.now() - started) / 1000;
      if (run.status !== 0 && run.status !== 1) throw new Error(`${r.id}: vigil exited ${run.status}: ${run.stderr.slice(0, 500)}`);
      const out = JSON.parse(run.stdout) as { findings: Array<Omit<FieldFinding, 'repo'>>; summary: { filesScanned: number; skipped: unknown[] } };
      const findings: FieldFinding[] = out.findings.map((f) => ({ repo: r.id, ruleId: f.ruleId, category: f.category, severity: f.severity, file: f.file, line: f.line, message: f.message }));
      const repoFigs = Object.fromEntries(CATEGORIES.map((c) => [c, emptyFigures()])) as Record<Category, CategoryFigures>;
      const unjudged = score(findings, verdicts, !!r.vulnerable, repoFigs);
      unjudgedAll.push(...unjudged);
      for (const f of findings) every.push(JSON.stringify({ repo: f.repo, file: f.file, line: f.line, rule: f.ruleId, severity: f.severity, message: f.message }));
      if (opts.show) {
        for (const f of findings) {
          const v = f.severity === 'info' && !opts.info ? undefined : verdicts.get(findingKey(r.id, f.file, f.line, f.ruleId));
          if (v?.verdict === opts.show) shown.push(`${r.id} ${f.file}:${f.line} ${f.severity} ${f.ruleId}: ${v.reason}`);
        }
      }
      let falseW = 0;
      for (const c of CATEGORIES) {
        const f = repoFigs[c];
        for (const k of Object.keys(f) as Array<keyof CategoryFigures>) figs[c][k] += f[k];
        falseW += f.judged - f.real;
      }
      if (!r.vulnerable) ordinaryFiles += tracked;
      if (r.vulnerable) {
        const repoRecall = Object.fromEntries(CATEGORIES.map((c) => [c, emptyRecall()])) as Record<Category, RecallFigures>;
        const missed = recall(
          documented.issues.filter((d) => d.repo === r.id),
          findings,
          repoRecall,
        );
        missedAll.push(...missed.map((issue) => ({ group: group.name, issue })));
        for (const c of CATEGORIES) {
          const f = repoRecall[c];
          for (const k of Object.keys(f) as Array<keyof RecallFigures>) recallFigs[c][k] += f[k];
          if (f.documented) recallRows.push(`| ${r.id} | ${c} | ${f.documented} | ${f.found} | ${pct(f.found, f.documented)} | ${f.foundWarning} |`);
        }
        if (!CATEGORIES.some((c) => repoRecall[c].documented)) recallRows.push(`| ${r.id} | - | 0 (none in documented.json) | - | - | - |`);
      }
      const sum = (k: 'error' | 'warning' | 'info' | 'unjudged') => CATEGORIES.reduce((n, c) => n + repoFigs[c][k], 0);
      console.log(
        `| ${r.id}${r.vulnerable ? ' (vulnerable)' : ''} | ${tracked} | ${out.summary.filesScanned} | ${out.summary.skipped.length} | ${seconds.toFixed(1)} | ${sum('error')} | ${sum('warning')} | ${sum('info')} | ${falseW} | ${sum('unjudged')} |`,
      );
    }
    console.log(`\n| category | error | warning | info | judged (warning+) | precision (warning+) | false warnings / 1,000 files | info sample precision | unjudged |`);
    console.log('|---|---|---|---|---|---|---|---|---|');
    for (const c of CATEGORIES) {
      const f = figs[c];
      const per1k = ordinaryFiles ? ((f.falseWarningsOrdinary / ordinaryFiles) * 1000).toFixed(2) : '-';
      console.log(`| ${c} | ${f.error} | ${f.warning} | ${f.info} | ${f.judged} | ${pct(f.real, f.judged)} | ${per1k} | ${pct(f.infoReal, f.infoJudged)} (${f.infoJudged}) | ${f.unjudged} |`);
    }
    const all = CATEGORIES.map((c) => figs[c]);
    const falseAll = all.reduce((n, f) => n + f.falseWarningsOrdinary, 0);
    console.log(`\nfalse warnings per 1,000 files (all categories, ${ordinaryFiles} files not deliberately vulnerable): ${ordinaryFiles ? ((falseAll / ordinaryFiles) * 1000).toFixed(2) : '-'}`);
    console.log(`targets: precision ≥ 0.90 at warning and above in each category; ≤ 2 false warnings per 1,000 files`);
    if (recallRows.length) {
      console.log(
        `\nrecall of the deliberately vulnerable apps' documented issues (test/field/documented.json: a finding of the same category in the same file within ${RECALL_TOLERANCE} lines of it):\n`,
      );
      console.log('| app | category | documented | found | recall | found at warning+ |');
      console.log('|---|---|---|---|---|---|');
      for (const row of recallRows) console.log(row);
      for (const c of CATEGORIES) {
        const f = recallFigs[c];
        if (f.documented) console.log(`| all | ${c} | ${f.documented} | ${f.found} | ${pct(f.found, f.documented)} | ${f.foundWarning} |`);
      }
      const total = CATEGORIES.reduce(
        (t, c) => ({ documented: t.documented + recallFigs[c].documented, found: t.found + recallFigs[c].found, foundWarning: t.foundWarning + recallFigs[c].foundWarning }),
        emptyRecall(),
      );
      console.log(`| all | all | ${total.documented} | ${total.found} | ${pct(total.found, total.documented)} | ${total.foundWarning} |`);
      console.log(`target: at least 90% of the documented issues found in each category`);
    }
  }
  if (shown.length) console.log(`\n${opts.show} at warning and above:\n${shown.join('\n')}`);
  if (opts.show === 'missed') {
    const lines = missedAll.map(
      ({ group, issue }) =>
        `${issue.repo}${group === 'held out' ? ' (held out)' : ''} ${issue.category} ${issue.id} ${issue.file}:${issue.lines[0] === issue.lines[1] ? issue.lines[0] : issue.lines.join('-')}: ${issue.description}`,
    );
    console.log(`\ndocumented issues missed:${lines.length ? `\n${lines.join('\n')}` : ' none'}`);
  }
  if (unjudgedAll.length) console.log(`\n${unjudgedAll.length} findings need a verdict before the figures count${opts.unjudged ? `: written to ${opts.unjudged}` : ' (--unjudged FILE lists them)'}`);
  if (opts.findings) writeFileSync(opts.findings, every.sort().join('\n') + (every.length ? '\n' : ''));
  if (opts.unjudged) {
    const lines = unjudgedAll.map((f) =>
      JSON.stringify({ repo: f.repo, commit: commits.get(f.repo), file: f.file, line: f.line, rule: f.ruleId, severity: f.severity, message: f.message, verdict: null, reason: '' }),
    );
    writeFileSync(opts.unjudged, lines.join('\n') + (lines.length ? '\n' : ''));
  }
}

try {
  main();
} catch (err) {
  console.error(`bench:field: ${(err as Error).message}`);
  process.exit(2);
}

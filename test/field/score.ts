// Scoring for the field benchmark: which findings need a verdict, and the figures per category.
// Pure functions over the CLI's JSON findings and the triage file, so they are unit-tested.
import { createHash } from 'node:crypto';

export type Severity = 'error' | 'warning' | 'info';
export type Category = 'secret' | 'transport' | 'crypto';
export const CATEGORIES: Category[] = ['secret', 'transport', 'crypto'];

export interface FieldFinding {
  repo: string;
  ruleId: string;
  category: Category;
  severity: Severity;
  file: string;
  line: number;
  message: string;
}

export interface Verdict {
  repo: string;
  commit: string;
  file: string;
  line: number;
  rule: string;
  verdict: 'real' | 'false';
  reason: string;
}

/** Info findings judged per repository: a seeded sample, stable while the set of findings changes little. */
export const INFO_SAMPLE = 50;

export const findingKey = (repo: string, file: string, line: number, rule: string): string => `${repo}\0${file}\0${line}\0${rule}`;

const sampleRank = (f: FieldFinding): string =>
  createHash('sha256')
    .update(`vigil-field-1\0${findingKey(f.repo, f.file, f.line, f.ruleId)}`)
    .digest('hex');

/** Findings that must carry a verdict: every warning and error, plus the info sample of each repository. */
export function needsVerdict(findings: FieldFinding[]): FieldFinding[] {
  const out = findings.filter((f) => f.severity !== 'info');
  const info = findings.filter((f) => f.severity === 'info').sort((a, b) => (sampleRank(a) < sampleRank(b) ? -1 : 1));
  return out.concat(info.slice(0, INFO_SAMPLE));
}

export interface CategoryFigures {
  error: number;
  warning: number;
  info: number;
  /** Warning-and-above findings with a verdict, and how many of them were real. */
  judged: number;
  real: number;
  /** Warning-and-above findings judged false in repositories that are not deliberately vulnerable. */
  falseWarningsOrdinary: number;
  /** Info sample: judged and real. */
  infoJudged: number;
  infoReal: number;
  /** Findings that need a verdict and have none. */
  unjudged: number;
}

export const emptyFigures = (): CategoryFigures => ({ error: 0, warning: 0, info: 0, judged: 0, real: 0, falseWarningsOrdinary: 0, infoJudged: 0, infoReal: 0, unjudged: 0 });

/** Adds one repository's findings to per-category figures; returns the findings still without a verdict. */
export function score(findings: FieldFinding[], verdicts: Map<string, Verdict>, vulnerable: boolean, into: Record<Category, CategoryFigures>): FieldFinding[] {
  const unjudged: FieldFinding[] = [];
  for (const f of findings) into[f.category][f.severity]++;
  for (const f of needsVerdict(findings)) {
    const fig = into[f.category];
    const v = verdicts.get(findingKey(f.repo, f.file, f.line, f.ruleId));
    if (!v) {
      fig.unjudged++;
      unjudged.push(f);
      continue;
    }
    if (f.severity === 'info') {
      fig.infoJudged++;
      if (v.verdict === 'real') fig.infoReal++;
      continue;
    }
    fig.judged++;
    if (v.verdict === 'real') fig.real++;
    else if (!vulnerable) fig.falseWarningsOrdinary++;
  }
  return unjudged;
}

/** Reads triage.jsonl: one verdict per line; lines for another commit of a repository are stale and ignored. */
export function parseTriage(text: string, commits: Map<string, string>): { verdicts: Map<string, Verdict>; problems: string[] } {
  const verdicts = new Map<string, Verdict>();
  const problems: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: Verdict;
    try {
      v = JSON.parse(line) as Verdict;
    } catch {
      problems.push(`triage.jsonl:${i + 1}: not JSON`);
      return;
    }
    if (!v || typeof v.repo !== 'string' || typeof v.file !== 'string' || typeof v.line !== 'number' || typeof v.rule !== 'string' || (v.verdict !== 'real' && v.verdict !== 'false')) {
      problems.push(`triage.jsonl:${i + 1}: needs repo, commit, file, line, rule and verdict real|false`);
      return;
    }
    if (commits.get(v.repo) !== v.commit) return;
    verdicts.set(findingKey(v.repo, v.file, v.line, v.rule), v);
  });
  return { verdicts, problems };
}

/** A documented issue of a deliberately vulnerable app (test/field/documented.json): where its own documentation says it is. */
export interface DocumentedIssue {
  repo: string;
  commit: string;
  id: string;
  category: Category;
  file: string;
  /** First and last line of the flaw (or of where the fix goes when it has no single location), 1-based. */
  lines: [number, number];
  source: string;
  description: string;
}

/** Lines either side of a documented issue's range where a finding still counts as finding it. */
export const RECALL_TOLERANCE = 2;

const slashes = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** A finding finds a documented issue when it is in the same repository and file, of the same category, on a line within the issue's lines widened by the tolerance. */
export function findsIssue(f: FieldFinding, issue: DocumentedIssue, tolerance = RECALL_TOLERANCE): boolean {
  return f.repo === issue.repo && f.category === issue.category && slashes(f.file) === slashes(issue.file) && f.line >= issue.lines[0] - tolerance && f.line <= issue.lines[1] + tolerance;
}

export interface RecallFigures {
  documented: number;
  /** Documented issues with at least one finding of any severity, and with one at warning or above. */
  found: number;
  foundWarning: number;
}

export const emptyRecall = (): RecallFigures => ({ documented: 0, found: 0, foundWarning: 0 });

/** Adds one repository's documented issues and findings to per-category recall figures; returns the issues no finding found. */
export function recall(issues: DocumentedIssue[], findings: FieldFinding[], into: Record<Category, RecallFigures>, tolerance = RECALL_TOLERANCE): DocumentedIssue[] {
  const missed: DocumentedIssue[] = [];
  for (const issue of issues) {
    const fig = into[issue.category];
    fig.documented++;
    const hits = findings.filter((f) => findsIssue(f, issue, tolerance));
    if (hits.length === 0) {
      missed.push(issue);
      continue;
    }
    fig.found++;
    if (hits.some((f) => f.severity !== 'info')) fig.foundWarning++;
  }
  return missed;
}

/** Reads documented.json: the issues of the repositories pinned at the manifest's commit; an issue recorded for another commit is reported, since its lines may have moved. */
export function parseDocumented(text: string, commits: Map<string, string>): { issues: DocumentedIssue[]; problems: string[] } {
  const issues: DocumentedIssue[] = [];
  const problems: string[] = [];
  let list: unknown;
  try {
    list = (JSON.parse(text) as { issues?: unknown }).issues;
  } catch {
    return { issues, problems: ['documented.json: not JSON'] };
  }
  if (!Array.isArray(list)) return { issues, problems: ['documented.json: needs an "issues" array'] };
  const ids = new Set<string>();
  list.forEach((raw, i) => {
    const d = raw as DocumentedIssue;
    const ok =
      !!d &&
      typeof d.repo === 'string' &&
      typeof d.commit === 'string' &&
      typeof d.id === 'string' &&
      CATEGORIES.includes(d.category) &&
      typeof d.file === 'string' &&
      Array.isArray(d.lines) &&
      d.lines.length === 2 &&
      d.lines.every((n) => Number.isInteger(n) && n >= 1) &&
      d.lines[0] <= d.lines[1];
    if (!ok) {
      problems.push(`documented.json: issue ${i + 1}: needs repo, commit, id, category secret|transport|crypto, file and lines [from, to]`);
      return;
    }
    const key = `${d.repo}\0${d.id}`;
    if (ids.has(key)) problems.push(`documented.json: ${d.repo} ${d.id} is listed twice`);
    ids.add(key);
    const pinned = commits.get(d.repo);
    if (pinned === undefined) problems.push(`documented.json: ${d.repo} ${d.id}: ${d.repo} is not in the manifest`);
    else if (pinned !== d.commit) problems.push(`documented.json: ${d.repo} ${d.id} was located at ${d.commit.slice(0, 12)}, the manifest pins ${pinned.slice(0, 12)}: locate it again`);
    else issues.push(d);
  });
  return { issues, problems };
}

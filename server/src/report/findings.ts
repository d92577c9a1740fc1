import { Category, Confidence, Finding, Severity, SEVERITY_RANK } from '../engine/types';
import { WorkspaceScan } from '../workspace/scanFiles';
import { HistoryScan } from '../workspace/gitHistory';

/** The CLI contract's finding: 1-based lines and columns, file relative to the current folder. */
export interface ReportedFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fingerprint: string;
  /** `--history`: the commit that added it. */
  commit?: ReportedCommit;
  /** `--history`: the file still holds it at HEAD. */
  inHead?: boolean;
  /**
   * The remarks `message` ends with, in parentheses (confidence, context, test code): the text
   * output leaves them out of its rows. Not part of the JSON contract (`message` holds them).
   */
  notes?: string[];
}

export interface ReportedCommit {
  sha: string;
  author: string;
  email: string;
  date: string;
}

/** An entry of the suppression audit list: who accepted which finding, why, and until when. */
export interface AuditEntry extends ReportedFinding {
  kind: 'inline' | 'baseline' | 'allow';
  reason: string | null;
  by: string | null;
  until: string | null;
}

export interface Report {
  findings: ReportedFinding[];
  filesScanned: number;
  skipped: Array<{ path: string; reason: string }>;
  suppressed: AuditEntry[];
  failures: Array<{ file: string; ruleId: string; message: string }>;
  /** `--history`: commits walked (`filesScanned` then counts file versions). */
  commitsScanned?: number;
}

function reported(file: string, f: Finding): ReportedFinding {
  return {
    ruleId: f.ruleId,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    file,
    line: f.range.start.line + 1,
    column: f.range.start.character + 1,
    endLine: f.range.end.line + 1,
    endColumn: f.range.end.character + 1,
    message: f.message,
    fingerprint: f.fingerprint,
    ...(f.notes ? { notes: f.notes } : {}),
  };
}

export function toReport(scan: WorkspaceScan, keep: (file: string, f: Finding) => boolean = () => true): Report {
  const report: Report = { findings: [], filesScanned: scan.scanned, skipped: scan.skipped, suppressed: [], failures: [] };
  for (const file of scan.files) {
    for (const failure of file.failures) report.failures.push({ file: file.file, ...failure });
    for (const f of file.findings) if (keep(file.file, f)) report.findings.push(reported(file.file, f));
    for (const s of file.suppressed) {
      if (!keep(file.file, s)) continue;
      report.suppressed.push({ ...reported(file.file, s), kind: s.kind, reason: s.reason ?? null, by: s.by ?? null, until: s.until ?? null });
    }
  }
  return report;
}

/** `--history`: each finding with the commit that added it. */
export function historyReport(h: HistoryScan): Report {
  return {
    findings: h.findings.map((f) => ({ ...reported(f.file, f.finding), commit: f.commit, inHead: f.inHead })),
    filesScanned: h.blobs,
    commitsScanned: h.commits,
    skipped: h.skipped,
    suppressed: h.suppressed.map((s) => ({
      ...reported(s.file, s.finding),
      commit: s.commit,
      kind: s.finding.kind,
      reason: s.finding.reason ?? null,
      by: s.finding.by ?? null,
      until: s.finding.until ?? null,
    })),
    failures: h.failures,
  };
}

/** `--fail-on`: true when some finding is at or above the threshold. */
export function failsAt(findings: ReportedFinding[], threshold: Severity | 'never'): boolean {
  if (threshold === 'never') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[threshold]);
}

export function countBySeverity(findings: ReportedFinding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

import { Report, ReportedFinding } from './findings';

/** The contract's fields: `notes` is the text output's, already at the end of `message`. */
function contract<T extends ReportedFinding>({ notes: _notes, ...f }: T): Omit<T, 'notes'> {
  return f;
}

/** `--format json`: one object; `findings` fields are the stable CLI contract. */
export function formatJson(report: Report, version: string, showSuppressed = false): string {
  return JSON.stringify(
    {
      tool: 'vigil',
      version,
      findings: report.findings.map(contract),
      ...(showSuppressed ? { suppressed: report.suppressed.map(contract) } : {}),
      summary: {
        filesScanned: report.filesScanned,
        ...(report.commitsScanned !== undefined ? { commitsScanned: report.commitsScanned } : {}),
        suppressed: report.suppressed.length,
        skipped: report.skipped,
        ruleFailures: report.failures,
      },
    },
    null,
    2,
  );
}

import { Report } from './findings';

/** `--format json`: one object; `findings` fields are the stable CLI contract. */
export function formatJson(report: Report, version: string, showSuppressed = false): string {
  return JSON.stringify(
    {
      tool: 'vigil',
      version,
      findings: report.findings,
      ...(showSuppressed ? { suppressed: report.suppressed } : {}),
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

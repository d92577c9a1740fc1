import { countBySeverity, Report } from './findings';

/** `--format text`: for people. One line per finding, then the summary. */
export function formatText(report: Report, showSuppressed = false): string {
  const lines: string[] = [];
  for (const f of report.findings) {
    lines.push(`${printable(f.file)}:${f.line}:${f.column}  ${f.severity.padEnd(7)}  ${printable(f.ruleId)}  ${printable(f.message)}`);
    if (f.commit) lines.push(printable(`    added in ${f.commit.sha.slice(0, 12)} by ${f.commit.author} <${f.commit.email}> on ${f.commit.date.slice(0, 10)}; ${f.inHead ? 'still in HEAD' : 'no longer in HEAD (still in history: rotate it)'}`));
  }
  for (const failure of report.failures) lines.push(`${printable(failure.file)}: note: ${printable(failure.message)}`);
  if (showSuppressed && report.suppressed.length > 0) {
    lines.push('', 'Suppressed (audit):');
    for (const s of report.suppressed) {
      const who = [s.by ? `by ${s.by}` : '', s.until ? `until ${s.until}` : ''].filter(Boolean).join(' ');
      lines.push(printable(`${s.file}:${s.line}:${s.column}  ${s.kind.padEnd(8)}  ${s.ruleId}  ${s.reason ?? '(no reason)'}${who ? `  (${who})` : ''}`));
    }
    lines.push('');
  }
  const c = countBySeverity(report.findings);
  const skipped = report.skipped.length > 0 ? `, ${report.skipped.length} skipped (${summariseReasons(report.skipped)})` : '';
  const suppressed = report.suppressed.length > 0 ? `, ${report.suppressed.length} suppressed` : '';
  lines.push(
    `${report.findings.length} finding${report.findings.length === 1 ? '' : 's'} (${c.error} error, ${c.warning} warning, ${c.info} info) in ${scope(report)}${suppressed}${skipped}`,
  );
  return lines.join('\n') + '\n';
}

/**
 * Text safe for a terminal: control characters (ESC sequences, OSC hyperlinks, newlines in file
 * names) and bidirectional overrides are shown as escapes, never sent as themselves.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

function scope(report: Report): string {
  const files = `${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'}`;
  if (report.commitsScanned === undefined) return `${files} scanned`;
  return `${report.commitsScanned} commit${report.commitsScanned === 1 ? '' : 's'} (${report.filesScanned} file version${report.filesScanned === 1 ? '' : 's'})`;
}

function summariseReasons(skipped: Array<{ reason: string }>): string {
  const counts = new Map<string, number>();
  for (const s of skipped) {
    const kind = s.reason.replace(/\s*\(.*$/, '');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return printable([...counts].map(([k, n]) => `${n} ${k}`).join(', '));
}

import { NO_COLOURS, Paint } from './ansi';
import { bySeverity, Severity } from '../engine/types';
import { countBySeverity, Report, ReportedFinding } from './findings';

export interface TextOptions {
  /** `--show-suppressed`: the audit list. */
  showSuppressed?: boolean;
  /** `--verbose`: each finding's notes, and every skipped file with its reason. */
  verbose?: boolean;
  /** ANSI colours (cli/terminal.ts decides when; default none). */
  paint?: Paint;
}

/**
 * `--format text`: for people, laid out like ESLint's stylish formatter. Findings grouped under a
 * header per file, rows `line:col  severity  rule-id  message` aligned across the report, a summary
 * with counts, and the next steps. Everything printed from a file or a finding goes through
 * `printable`; messages are the engine's, already masked.
 */
export function formatText(report: Report, options: TextOptions = {}): string {
  const paint = options.paint ?? NO_COLOURS;
  const lines: string[] = [];
  const groups = byFile(report.findings);
  const rows = report.findings.map((f) => ({ where: `${f.line}:${f.column}`, ruleId: printable(f.ruleId) }));
  const whereWidth = Math.max(0, ...rows.map((r) => r.where.length));
  const severityWidth = Math.max(0, ...report.findings.map((f) => f.severity.length));
  const ruleWidth = Math.max(0, ...rows.map((r) => r.ruleId.length));
  const indent = ' '.repeat(2 + whereWidth + 2 + severityWidth + 2 + ruleWidth + 2);
  for (const [file, findings] of groups) {
    lines.push(paint.underline(printable(file)));
    for (const f of findings) {
      const where = `${f.line}:${f.column}`.padEnd(whereWidth);
      const severity = SEVERITY_PAINT[f.severity](paint)(f.severity.padEnd(severityWidth));
      const { short, notes } = splitMessage(f);
      lines.push(`  ${paint.dim(where)}  ${severity}  ${paint.dim(printable(f.ruleId).padEnd(ruleWidth))}  ${printable(short)}`);
      if (options.verbose && notes) lines.push(indent + paint.dim(`(${printable(notes)})`));
      if (f.commit)
        lines.push(
          indent +
            paint.dim(
              printable(
                `added in ${f.commit.sha.slice(0, 12)} by ${f.commit.author} <${f.commit.email}> on ${f.commit.date.slice(0, 10)}; ${f.inHead ? 'still in HEAD' : 'no longer in HEAD (still in history: rotate it)'}`,
              ),
            ),
        );
    }
    lines.push('');
  }
  if (report.failures.length > 0) {
    for (const failure of report.failures) lines.push(`${printable(failure.file)}: note: ${printable(failure.message)}`);
    lines.push('');
  }
  if (options.showSuppressed && report.suppressed.length > 0) {
    lines.push(paint.bold('Suppressed (audit)'));
    for (const s of report.suppressed) {
      const who = [s.by ? `by ${s.by}` : '', s.until ? `until ${s.until}` : ''].filter(Boolean).join(' ');
      lines.push(printable(`  ${s.file}:${s.line}:${s.column}  ${s.kind.padEnd(8)}  ${s.ruleId}  ${s.reason ?? '(no reason)'}${who ? `  (${who})` : ''}`));
    }
    lines.push('');
  }
  if (options.verbose && report.skipped.length > 0) {
    lines.push(paint.bold('Skipped'));
    const width = Math.max(...report.skipped.map((s) => printable(s.path).length));
    for (const s of report.skipped) lines.push(`  ${printable(s.path).padEnd(width)}  ${paint.dim(printable(s.reason))}`);
    lines.push('');
  }
  lines.push(...summary(report, groups.size, paint, options.verbose === true));
  if (report.findings.length > 0) lines.push('', ...nextSteps(report.findings, paint));
  return lines.join('\n') + '\n';
}

const SEVERITY_PAINT: Record<Severity, (p: Paint) => (s: string) => string> = {
  error: (p) => p.red,
  warning: (p) => p.yellow,
  info: (p) => p.cyan,
};

/** Files in the order the scan reported them; within a file, by position (stable for equal ones). */
function byFile(findings: ReportedFinding[]): Map<string, ReportedFinding[]> {
  const groups = new Map<string, ReportedFinding[]>();
  for (const f of findings) {
    const group = groups.get(f.file);
    if (group) group.push(f);
    else groups.set(f.file, [f]);
  }
  for (const group of groups.values()) group.sort((a, b) => a.line - b.line || a.column - b.column);
  return groups;
}

/**
 * The message without the remarks the engine appends in parentheses (confidence, why the severity
 * was lowered, why there is no automatic fix): one piece of advice per row. Both parts are cut from
 * the masked message itself, never rebuilt from the notes.
 */
export function splitMessage(f: Pick<ReportedFinding, 'message' | 'notes'>): { short: string; notes?: string } {
  if (!f.notes || f.notes.length === 0) return { short: f.message };
  const tail = ` (${f.notes.join('; ')})`;
  if (!f.message.endsWith(tail)) return { short: f.message };
  return { short: f.message.slice(0, -tail.length), notes: tail.slice(2, -1) };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function summary(report: Report, files: number, paint: Paint, verbose: boolean): string[] {
  const n = report.findings.length;
  const c = countBySeverity(report.findings);
  const bySeverity = [c.error > 0 ? plural(c.error, 'error') : '', c.warning > 0 ? plural(c.warning, 'warning') : '', c.info > 0 ? `${c.info.toLocaleString('en-US')} info` : '']
    .filter(Boolean)
    .join(', ');
  const colour = c.error > 0 ? paint.red : c.warning > 0 ? paint.yellow : n > 0 ? paint.cyan : paint.green;
  const found = n === 0 ? 'No findings' : `${plural(n, 'finding')} in ${plural(files, 'file')} (${bySeverity})`;
  const scope =
    report.commitsScanned === undefined ? `${plural(report.filesScanned, 'file')} scanned` : `${plural(report.commitsScanned, 'commit')} read (${plural(report.filesScanned, 'file version')})`;
  const suppressed = report.suppressed.length > 0 ? `, ${report.suppressed.length.toLocaleString('en-US')} suppressed` : '';
  const out = [`${colour(paint.bold(found))} · ${scope}${suppressed}`];
  if (report.skipped.length > 0) {
    out.push(paint.dim(`${report.skipped.length.toLocaleString('en-US')} skipped (${summariseReasons(report.skipped)})${verbose ? '' : ': --verbose lists them'}`));
  }
  return out;
}

/** What to do next: read the tip of the most severe rule found, accept one finding, or accept today's. */
function nextSteps(findings: ReportedFinding[], paint: Paint): string[] {
  const worst = [...findings].sort(bySeverity)[0];
  const rows: Array<[string, string]> = [
    [`vigil explain ${printable(worst.ruleId)}`, "a rule's tip: why it matters and how to fix it"],
    ['vigil-ignore-next-line RULE-ID -- REASON', 'in a comment on the line above: accept one finding'],
    ['vigil baseline create', "accept today's findings: CI then fails only on new ones"],
  ];
  const width = Math.max(...rows.map(([command]) => command.length));
  return [paint.bold('Next steps'), ...rows.map(([command, what]) => `  ${command.padEnd(width)}  ${paint.dim(what)}`)];
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

/** `binary file: 7, minified or generated: 3`: reasons without their details, most frequent first. */
function summariseReasons(skipped: Array<{ reason: string }>): string {
  const counts = new Map<string, number>();
  for (const s of skipped) {
    const kind = s.reason.replace(/\s*\(.*$/, '');
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return printable(
    [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k}: ${n.toLocaleString('en-US')}`)
      .join(', '),
  );
}

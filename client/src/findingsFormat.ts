// The status bar's text and the findings list, as pure functions (no vscode import): unit-tested
// on their own. The status bar adds what VS Code's own problem counts do not show: whether Vigil
// is scanning (and how far), the findings by category, and the team pack in force.

/** 0 error, 1 warning, 2 information, 3 hint (vscode.DiagnosticSeverity's values). */
export type Severity = 0 | 1 | 2 | 3;

export interface FindingRow {
  ruleId: string;
  message: string;
  severity: Severity;
  /** Workspace-relative path. */
  path: string;
  /** 1-based. */
  line: number;
}

export type Category = 'secrets' | 'transport' | 'crypto' | 'other';

export interface ScanState {
  scanning: boolean;
  done?: number;
  total?: number;
  /** The last finished scan. */
  last?: { files: number; findings: number; cancelled: boolean };
}

export interface PackSource {
  id: string;
  version: string;
  publisher?: string;
}

/** The category of a rule id (`secret.aws-key`, `transport.insecure-url`, `crypto.weak-hash`). */
export function categoryOf(ruleId: string): Category {
  const head = ruleId.split('.')[0];
  if (head === 'secret' || head === 'secrets') return 'secrets';
  if (head === 'transport') return 'transport';
  if (head === 'crypto') return 'crypto';
  return 'other';
}

export interface Counts {
  total: number;
  bySeverity: [number, number, number];
  byCategory: Record<Category, number>;
}

export function countFindings(rows: Iterable<Pick<FindingRow, 'ruleId' | 'severity'>>): Counts {
  const counts: Counts = { total: 0, bySeverity: [0, 0, 0], byCategory: { secrets: 0, transport: 0, crypto: 0, other: 0 } };
  for (const r of rows) {
    counts.total++;
    counts.bySeverity[Math.min(r.severity, 2)]++;
    counts.byCategory[categoryOf(r.ruleId)]++;
  }
  return counts;
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** The team packs (not the built-in rules), as `id@version`; empty when only the built-ins apply. */
export function teamPacks(sources: readonly PackSource[] | undefined): string[] {
  return (sources ?? []).filter((s) => s.id !== 'vigil-builtin').map((s) => `${s.id}@${s.version}`);
}

export interface StatusView {
  text: string;
  /** Plain text: the tooltip and the screen-reader label. */
  tooltip: string;
}

/** `secrets 2 · transport 5 · crypto 1`-style breakdown, only the non-empty categories. */
export function categorySummary(counts: Counts): string {
  const parts: string[] = [];
  if (counts.byCategory.secrets) parts.push(plural(counts.byCategory.secrets, 'secret'));
  if (counts.byCategory.transport) parts.push(`${counts.byCategory.transport} transport`);
  if (counts.byCategory.crypto) parts.push(`${counts.byCategory.crypto} crypto`);
  if (counts.byCategory.other) parts.push(`${counts.byCategory.other} other`);
  return parts.join(', ');
}

export function statusView(counts: Counts, scan: ScanState, packs: string[] | undefined): StatusView {
  let state: string;
  let icon = '$(shield)';
  if (scan.scanning) {
    icon = '$(sync~spin)';
    state = scan.total ? `scanning ${scan.done ?? 0}/${scan.total}` : 'scanning…';
  } else state = counts.total === 0 ? 'no findings' : categorySummary(counts);
  const text = `${icon} Vigil: ${state}`;
  const lines = [
    scan.scanning
      ? `Vigil is scanning the workspace${scan.total ? `: ${scan.done ?? 0} of ${plural(scan.total, 'file')}` : ''}.`
      : scan.last
        ? `Vigil is idle. Last workspace scan: ${plural(scan.last.findings, 'finding')} in ${plural(scan.last.files, 'file')}${scan.last.cancelled ? ' (cancelled)' : ''}.`
        : 'Vigil is idle.',
    counts.total === 0
      ? 'No findings.'
      : `${plural(counts.total, 'finding')}: ${categorySummary(counts)} (${plural(counts.bySeverity[0], 'error')}, ${plural(counts.bySeverity[1], 'warning')}, ${counts.bySeverity[2]} info).`,
    packs === undefined ? 'Rule pack: loading…' : packs.length === 0 ? 'Rule pack: built-in rules only (no team pack).' : `Team pack in force: ${packs.join(', ')}.`,
    'Click for the findings list, the Problems view or the tips.',
  ];
  return { text, tooltip: lines.join('\n') };
}

/**
 * A path short enough to read in a list: the file name and as many parent folders as fit in
 * `max` characters, `…/` in front of what was left out. The file name itself is never cut.
 */
export function shortPath(rel: string, max = 40): string {
  const parts = rel.split(/[\\/]/).filter(Boolean);
  if (rel.length <= max || parts.length <= 1) return rel;
  let out = parts[parts.length - 1];
  for (let i = parts.length - 2; i >= 0; i--) {
    const next = `${parts[i]}/${out}`;
    if (next.length + 2 > max) return `…/${out}`;
    out = next;
  }
  return out;
}

/** Most severe first, then by category (secrets first), then by file and line. */
export function sortFindings<T extends FindingRow>(rows: readonly T[]): T[] {
  const rank: Record<Category, number> = { secrets: 0, transport: 1, crypto: 2, other: 3 };
  return [...rows].sort(
    (a, b) => a.severity - b.severity || rank[categoryOf(a.ruleId)] - rank[categoryOf(b.ruleId)] || a.path.localeCompare(b.path) || a.line - b.line || a.ruleId.localeCompare(b.ruleId),
  );
}

const SEVERITY_ICON = ['$(error)', '$(warning)', '$(info)', '$(info)'] as const;
const SEVERITY_NAME = ['Errors', 'Warnings', 'Information', 'Information'] as const;

export interface ListItem<T> {
  /** A separator row (severity heading) when set; the other fields are then empty. */
  separator?: string;
  label: string;
  description: string;
  detail: string;
  finding?: T;
}

/**
 * The findings list: severity headings, then one row per finding with `file:line` first (the
 * part a long message used to push out of sight), the rule id beside it, the message below.
 */
export function findingsList<T extends FindingRow>(rows: readonly T[]): Array<ListItem<T>> {
  const out: Array<ListItem<T>> = [];
  const sorted = sortFindings(rows);
  let heading: string | undefined;
  for (const f of sorted) {
    const name = SEVERITY_NAME[f.severity];
    if (name !== heading) {
      heading = name;
      const n = sorted.filter((r) => SEVERITY_NAME[r.severity] === name).length;
      out.push({ separator: `${name} (${n})`, label: `${name} (${n})`, description: '', detail: '' });
    }
    out.push({ label: `${SEVERITY_ICON[f.severity]} ${shortPath(f.path)}:${f.line}`, description: f.ruleId, detail: f.message, finding: f });
  }
  return out;
}

import { bySeverity, Category, Severity } from '../engine/types';
import { CompiledPack } from '../packs/load';
import { Report, ReportedFinding } from './findings';

// `--report FILE.html`: one self-contained page for team leads. No scripts, no remote assets (a
// strict CSP says so); messages are the engine's, already masked.

const COLORS: Record<Severity, string> = { error: '#c62828', warning: '#ef8f00', info: '#1e6fd9' };

export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function countBy<T extends string>(items: ReportedFinding[], key: (f: ReportedFinding) => T): Array<[T, number]> {
  const counts = new Map<T, number>();
  for (const f of items) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

function barChart(rows: Array<[string, number]>, label: string): string {
  if (rows.length === 0) return `<p class="muted">No findings.</p>`;
  const max = Math.max(...rows.map(([, n]) => n));
  const height = rows.length * 24 + 8;
  const bars = rows
    .map(([name, n], i) => {
      const width = Math.max(2, Math.round((n / max) * 420));
      return `<text x="0" y="${i * 24 + 20}" class="t">${esc(name)}</text><rect x="230" y="${i * 24 + 6}" width="${width}" height="16" rx="3" fill="#5b6ee1"/><text x="${236 + width}" y="${i * 24 + 20}" class="t">${n}</text>`;
    })
    .join('');
  return `<svg role="img" aria-label="${esc(label)}" width="720" height="${height}" viewBox="0 0 720 ${height}">${bars}</svg>`;
}

/** What the page's header says about the scan itself. */
export interface HtmlReportMeta {
  version: string;
  /** When the scan ran: shown in UTC. */
  date: Date;
  /** The files and folders scanned, as absolute paths. */
  scanned: string[];
  /** `--history`: the paths' commits were read, not their files. */
  history?: boolean;
}

export function formatHtml(report: Report, pack: CompiledPack, meta: HtmlReportMeta): string {
  const severityCounts = countBy(report.findings, (f) => f.severity);
  const byCategory = countBy(report.findings, (f) => f.category as Category);
  const byRule = countBy(report.findings, (f) => f.ruleId).slice(0, 15);
  const byFolder = countBy(report.findings, (f) => (f.file.includes('/') ? f.file.slice(0, f.file.lastIndexOf('/')) : '.')).slice(0, 15);
  const top = [...report.findings].sort((a, b) => bySeverity(a, b) || a.file.localeCompare(b.file)).slice(0, 50);
  const tiles = (['error', 'warning', 'info'] as Severity[])
    .map((s) => `<div class="tile" style="border-color:${COLORS[s]}"><b>${severityCounts.find(([k]) => k === s)?.[1] ?? 0}</b><span>${s}</span></div>`)
    .join('');
  const packs = pack.sources.map((s) => `<code>${esc(s.id)}</code> ${esc(s.version)}${s.publisher ? ` (${esc(s.publisher)})` : ''}`).join(' · ');
  const date = meta.date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const scope =
    report.commitsScanned === undefined
      ? `${report.filesScanned} file${report.filesScanned === 1 ? '' : 's'} scanned`
      : `${report.commitsScanned} commit${report.commitsScanned === 1 ? '' : 's'} read (${report.filesScanned} file version${report.filesScanned === 1 ? '' : 's'})`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Vigil report</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; margin: 24px auto; max-width: 1000px; color: #1d2330; }
  h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 16px; margin-top: 28px; border-bottom: 1px solid #dde1ea; padding-bottom: 4px; }
  .muted { color: #667085; } .tiles { display: flex; gap: 12px; margin: 16px 0; }
  .tile { border-left: 5px solid; background: #f6f7fb; padding: 8px 16px; min-width: 110px; } .tile b { font-size: 24px; display: block; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid #eef0f5; vertical-align: top; }
  .meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; color: #475467; } .meta dt { font-weight: 600; } .meta dd { margin: 0; }
  th { background: #f6f7fb; } code { font-size: 12px; } .sev { font-weight: 600; } .t { font-size: 12px; fill: #1d2330; }
</style>
</head>
<body>
<h1>Vigil security report</h1>
<dl class="meta">
<dt>Date</dt><dd><time datetime="${esc(meta.date.toISOString())}">${esc(date)}</time></dd>
<dt>Scanned</dt><dd>${meta.scanned.map((p) => `<code>${esc(p)}</code>`).join(', ')}${meta.history ? ' (git history)' : ''}: ${scope}, ${report.skipped.length} skipped</dd>
<dt>Vigil</dt><dd>${esc(meta.version)}</dd>
<dt>Packs in force</dt><dd>${packs || 'none'}</dd>
</dl>
<div class="tiles">${tiles}<div class="tile" style="border-color:#667085"><b>${report.suppressed.length}</b><span>suppressed</span></div></div>
<h2>By category</h2>${barChart(byCategory, 'Findings by category')}
<h2>By rule</h2>${barChart(byRule, 'Findings by rule')}
<h2>By folder</h2>${barChart(byFolder, 'Findings by folder')}
<h2>Top findings</h2>
<table><thead><tr><th>Severity</th><th>Location</th><th>Rule</th><th>Message</th></tr></thead><tbody>
${top.map((f) => `<tr><td class="sev" style="color:${COLORS[f.severity]}">${f.severity}</td><td><code>${esc(f.file)}:${f.line}:${f.column}</code></td><td><code>${esc(f.ruleId)}</code></td><td>${esc(f.message)}</td></tr>`).join('\n')}
</tbody></table>
<h2>Suppression audit</h2>
${
  report.suppressed.length === 0
    ? '<p class="muted">Nothing suppressed.</p>'
    : `<table><thead><tr><th>Kind</th><th>Location</th><th>Rule</th><th>Reason</th><th>By</th><th>Until</th></tr></thead><tbody>
${report.suppressed.map((s) => `<tr><td>${s.kind}</td><td><code>${esc(s.file)}:${s.line}</code></td><td><code>${esc(s.ruleId)}</code></td><td>${esc(s.reason ?? '(no reason)')}</td><td>${esc(s.by ?? '')}</td><td>${esc(s.until ?? '')}</td></tr>`).join('\n')}
</tbody></table>`
}
</body>
</html>
`;
}

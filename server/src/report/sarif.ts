import type { Log } from 'sarif';
import { cweUrl } from '../engine/cwe';
import { CompiledPack } from '../packs/load';
import { Severity } from '../engine/types';
import { AuditEntry, Report, ReportedFinding } from './findings';

function isAudit(f: ReportedFinding | AuditEntry): f is AuditEntry {
  return 'kind' in f;
}

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * GitHub code scanning ranks alerts by `security-severity` (0-10: critical from 9, high from 7,
 * medium from 4): a hardcoded secret at error is critical, other errors high.
 */
function securitySeverity(category: string, severity: Severity): string {
  if (severity === 'error') return category === 'secret' ? '9.0' : '7.5';
  return severity === 'warning' ? '5.5' : '2.0';
}

/** The rule's first CWE page: what SARIF viewers link as the rule's help. */
function helpUri(cwe: string[]): string | undefined {
  return cwe.map(cweUrl).find((u) => u !== undefined);
}

/** `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other viewers read it. */
export function formatSarif(report: Report, pack: CompiledPack, version: string, showSuppressed = false): string {
  const audit = showSuppressed ? report.suppressed : [];
  const used = new Set([...report.findings, ...audit].map((f) => f.ruleId));
  const rules = pack.rules.filter((r) => used.has(r.id));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarif: Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'vigil',
            version,
            semanticVersion: version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.name },
              fullDescription: { text: r.name },
              help: { text: r.tip, markdown: r.tip },
              defaultConfiguration: { level: LEVEL[r.severity] },
              ...(helpUri(r.cwe) ? { helpUri: helpUri(r.cwe) } : {}),
              properties: { category: r.category, tags: ['security', r.category, ...r.cwe, ...r.owasp.map((o) => `OWASP-${o}`)], 'security-severity': securitySeverity(r.category, r.severity) },
            })),
          },
        },
        results: [...report.findings, ...audit].map((f: ReportedFinding | AuditEntry) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          level: LEVEL[f.severity],
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(f.file), uriBaseId: '%SRCROOT%' },
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
            },
          ],
          partialFingerprints: { 'vigil/v1': f.fingerprint },
          properties: {
            confidence: f.confidence,
            category: f.category,
            ...(f.commit ? { commitSha: f.commit.sha, author: f.commit.author, authorEmail: f.commit.email, date: f.commit.date } : {}),
            ...(f.inHead !== undefined ? { inHead: f.inHead } : {}),
          },
          ...(isAudit(f)
            ? {
                suppressions: [
                  { kind: f.kind === 'inline' ? 'inSource' : 'external', status: 'accepted', justification: f.reason ?? '', ...(f.by ? { properties: { by: f.by, until: f.until } } : {}) },
                ],
              }
            : {}),
        })),
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return JSON.stringify(sarif, null, 2);
}

/**
 * A relative URI reference for a `/`-separated path: every segment percent-encoded, so `a#b.ts`
 * is not a fragment and a folder named `https:` is not a scheme (encodeURI keeps `#`, `?` and `:`).
 */
export function relativeUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

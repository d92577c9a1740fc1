import { cweUrl } from '../engine/cwe';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { Finding, Severity } from '../engine/types';
import { CompiledRule } from '../packs/load';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'vigil';


export function toDiagnostic(finding: Finding, rule: CompiledRule | undefined): Diagnostic {
  const href = rule?.cwe.map(cweUrl).find((u) => u !== undefined);
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    ...(href ? { codeDescription: { href } } : {}),
    message: finding.message,
    data: { fingerprint: finding.fingerprint, confidence: finding.confidence, category: finding.category },
  };
}

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

/**
 * Where a diagnostic's rule code links to. A client with Vigil's tips panel gives a URI its own
 * URI handler opens (`vscode://vigil.vigil/tip`, offline; the tip links the CWE entry); other
 * clients link the rule's first CWE entry.
 */
let tipUri: string | undefined;

/** `base` as the client gave it (`initializationOptions.tipUri`), or undefined for CWE links. */
export function linkRuleCodesTo(base: string | undefined): void {
  tipUri = base !== undefined && /^[a-z][a-z0-9+.-]*:\/\/[^?#\s]+$/i.test(base) ? base : undefined;
}

export function ruleCodeHref(rule: CompiledRule | undefined, ruleId: string): string | undefined {
  if (tipUri) return `${tipUri}?rule=${encodeURIComponent(ruleId)}`;
  return rule?.cwe.map(cweUrl).find((u) => u !== undefined);
}

export function toDiagnostic(finding: Finding, rule: CompiledRule | undefined): Diagnostic {
  const href = ruleCodeHref(rule, finding.ruleId);
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

import { clip, maskSecretShapes } from './mask';
import type { EnginePack } from './model';
import { globMatcher } from './globs';
import { valueHash } from './fingerprint';
import { LineIndex } from './lines';
import { findSuppression, isExpired, parseSuppressions, Suppression } from './suppress';
import { Finding, ScanInput, SuppressedFinding } from './types';

// What lets a finding through: the pack's allow list, the baseline and inline suppressions, under
// the pack's policy. Nothing is dropped silently: every suppressed finding is kept for the audit
// list, and a suppression the policy refuses (or that expired) is named in the finding's message.

/** A file the pack's allow list exempts: its findings are kept only for the audit list. */
export function pathAllowed(pack: EnginePack, path: string): boolean {
  return globMatcher(pack.allow.paths)(path);
}

export function allowedValue(pack: EnginePack, value: string): boolean {
  if (pack.allow.values.size > 0 && pack.allow.values.has(valueHash(value))) return true;
  return pack.allow.patterns.some((re) => re.test(value));
}

export function applySuppressions(
  findings: Finding[],
  lines: LineIndex,
  pack: EnginePack,
  input: ScanInput,
): { findings: Finding[]; suppressed: SuppressedFinding[]; problems: Array<{ line: number; message: string }> } {
  const suppressed: SuppressedFinding[] = [];
  const kept: Finding[] = [];
  const inline = parseSuppressions(lines, input.path);
  const problems: Array<{ line: number; message: string }> = [];
  const known = inline.length > 0 ? new Set(pack.rules.map((r) => r.id)) : new Set<string>();
  for (const s of inline) {
    for (const id of s.ruleIds.filter((r) => !known.has(r))) {
      problems.push({
        line: s.line,
        message: `suppression names unknown rule "${clip(maskSecretShapes(id), 40)}": it suppresses nothing (check the id in the Problems view or with \`vigil pack test PACK --list\`)`,
      });
    }
    if (s.unclosed) problems.push({ line: s.line, message: 'vigil-ignore-start without a vigil-ignore-end: it suppresses nothing; close the block with vigil-ignore-end' });
    if (s.until !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(s.until))
      problems.push({ line: s.line, message: `suppression "until ${clip(maskSecretShapes(s.until), 40)}" is not a date: write until YYYY-MM-DD` });
  }
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  for (const finding of findings) {
    if (input.baseline?.has(finding.fingerprint)) {
      if (pack.policy.unsuppressible.has(finding.ruleId)) kept.push({ ...finding, message: `${finding.message} [in the baseline, ignored: ${lockedBy(finding.ruleId)}]` });
      else suppressed.push({ ...finding, kind: 'baseline', reason: 'accepted in the baseline' });
      continue;
    }
    const s = findSuppression(inline, finding.range.start.line, finding.ruleId);
    if (!s) {
      kept.push(finding);
      continue;
    }
    const refusal = refuse(s, finding.ruleId, pack, today);
    if (refusal) kept.push({ ...finding, message: `${finding.message} [suppression on line ${s.line + 1} ignored: ${refusal}]` });
    else suppressed.push({ ...finding, kind: 'inline', reason: s.reason, ...(s.by ? { by: s.by } : {}), ...(s.until ? { until: s.until } : {}) });
  }
  return { findings: kept, suppressed, problems };
}

/** `policy.unsuppressible`: no suppression, baseline or allow list accepts these rules' findings. */
export function lockedBy(ruleId: string): string {
  return `the team policy does not allow suppressing ${ruleId}`;
}

/** Why the policy does not accept this suppression, or undefined when it does. */
function refuse(s: Suppression, ruleId: string, pack: EnginePack, today: string): string | undefined {
  if (pack.policy.unsuppressible.has(ruleId)) return lockedBy(ruleId);
  if (isExpired(s.until, today)) return `it expired on ${s.until}`;
  if (pack.policy.requireReason && !s.reason) return 'the team policy requires a reason (add "-- why it is safe")';
  if (pack.policy.requireExpiry && !s.until) return 'the team policy requires an expiry (add "until YYYY-MM-DD")';
  if (pack.policy.requireReviewer && !s.by) return 'the team policy requires a reviewer (add "by NAME")';
  return undefined;
}

import { LineIndex } from './lines';

// Suppression comments, in any comment syntax (`//`, `#`, `/* */`):
//   vigil-ignore-next-line secret.generic-password -- test fixture, not a real credential
//   const x = 'http://legacy'; // vigil-ignore-line transport.insecure-url -- intranet only until Q3
// No rule ids means every rule. The reason follows `--`.
const DIRECTIVE = /vigil-ignore-(next-line|line)\b([^\r\n]*)/;

export interface Suppression {
  /** Zero-based line the suppression applies to. */
  line: number;
  /** Empty: all rules. */
  ruleIds: string[];
  reason: string | undefined;
}

export function parseSuppressions(lines: LineIndex): Map<number, Suppression[]> {
  const byLine = new Map<number, Suppression[]>();
  if (!lines.text.includes('vigil-ignore-')) return byLine;
  for (let line = 0; line < lines.lineCount; line++) {
    const m = DIRECTIVE.exec(lines.lineText(line));
    if (!m) continue;
    const target = m[1] === 'next-line' ? line + 1 : line;
    const [idsPart, ...reasonParts] = m[2].replace(/\*\/.*$/, '').split('--');
    const reason = reasonParts.join('--').trim();
    const ruleIds = idsPart.split(/[\s,]+/).filter((s) => s.length > 0);
    const list = byLine.get(target) ?? [];
    list.push({ line: target, ruleIds, reason: reason.length > 0 ? reason : undefined });
    byLine.set(target, list);
  }
  return byLine;
}

export function findSuppression(byLine: Map<number, Suppression[]>, line: number, ruleId: string): Suppression | undefined {
  return byLine.get(line)?.find((s) => s.ruleIds.length === 0 || s.ruleIds.includes(ruleId));
}

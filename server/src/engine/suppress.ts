import { commentOpenerBefore } from './language';
import { maskSecretShapes } from './mask';
import { LineIndex } from './lines';

// Suppression comments, in any comment syntax (`//`, `#`, `/* */`, `<!-- -->`):
//   vigil-ignore-next-line secret.hardcoded-password until 2026-12-31 by alice -- test fixture
//   const x = 'http://legacy'; // vigil-ignore-line transport.insecure-url -- intranet only until Q3
//   vigil-ignore-start crypto.weak-hash -- generated code
//   ...
//   vigil-ignore-end
// No rule ids means every rule. `until` and `by` are optional (a pack's policy can require them);
// the reason follows `--`.
const DIRECTIVE = /vigil-ignore-(next-line|line|start|end)\b([^\r\n]*)/;

export interface Suppression {
  /** Zero-based lines the suppression covers, inclusive. */
  from: number;
  to: number;
  /** Empty: all rules. */
  ruleIds: string[];
  reason: string | undefined;
  /** `until YYYY-MM-DD`, as written. */
  until: string | undefined;
  by: string | undefined;
  /** Where the comment is (zero-based line). */
  line: number;
  /** A `vigil-ignore-start` without its `vigil-ignore-end`: covers nothing, reported. */
  unclosed?: boolean;
}

/** An odd number of a quote character before the directive: it sits inside a string literal. */
function insideString(before: string): boolean {
  const code = before.replace(/\\./g, '');
  return ['"', "'", '`'].some((q) => code.split(q).length % 2 === 0);
}

export function parseSuppressions(lines: LineIndex, path?: string): Suppression[] {
  const found: Suppression[] = [];
  if (!lines.text.includes('vigil-ignore-')) return found;
  const opener = commentOpenerBefore(path ?? '');
  const open: Suppression[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const m = DIRECTIVE.exec(text);
    if (!m) continue;
    const before = text.slice(0, m.index);
    if (!opener.test(before) || insideString(before.replace(/(?:\/\/|\/\*|#|<!--|--|;)[ \t*-]*$/, ''))) continue;
    if (m[1] === 'end') {
      const block = open.pop();
      if (block) {
        block.to = line;
        found.push(block);
      }
      continue;
    }
    const parsed = parseDirective(m[2]);
    const s: Suppression = { ...parsed, line, from: line, to: line };
    if (m[1] === 'next-line') {
      s.from = line + 1;
      s.to = line + 1;
      found.push(s);
    } else if (m[1] === 'line') {
      found.push(s);
    } else {
      s.to = lines.lineCount - 1;
      open.push(s);
    }
  }
  // A block without an end silences nothing (a typo must not hide the rest of the file): reported.
  for (const s of open) found.push({ ...s, from: s.line, to: s.line - 1, unclosed: true });
  return found;
}

function parseDirective(rest: string): Pick<Suppression, 'ruleIds' | 'reason' | 'until' | 'by'> {
  const cleaned = rest.replace(/\*\/.*$|-->.*$/, '');
  const dash = cleaned.indexOf('--');
  const head = dash >= 0 ? cleaned.slice(0, dash) : cleaned;
  const reason = dash >= 0 ? cleaned.slice(dash + 2).trim() : '';
  const tokens = head.split(/[\s,]+/).filter((t) => t.length > 0);
  const ruleIds: string[] = [];
  let until: string | undefined;
  let by: string | undefined;
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i] === 'until' && tokens[i + 1]) until = tokens[++i];
    else if (tokens[i] === 'by' && tokens[i + 1]) by = tokens[++i];
    else ruleIds.push(tokens[i]);
  }
  // A reason is free text: whatever secret someone pasted there is masked before any output or cache sees it.
  return { ruleIds, reason: reason.length > 0 ? maskSecretShapes(reason) : undefined, until, by: by === undefined ? undefined : maskSecretShapes(by) };
}

export function findSuppression(suppressions: Suppression[], line: number, ruleId: string): Suppression | undefined {
  return suppressions.find((s) => line >= s.from && line <= s.to && (s.ruleIds.length === 0 || s.ruleIds.includes(ruleId)));
}

/** True when `until` is a date before `today` (YYYY-MM-DD compares as text). */
export function isExpired(until: string | undefined, today: string): boolean {
  return until !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(until) && until < today;
}

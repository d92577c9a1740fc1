import { lineCommentFor } from './language';
import { LineIndex } from './lines';
import { findSuppression, parseSuppressions } from './suppress';
import { TextEdit } from './types';

/**
 * The edit that suppresses `ruleId` on `line` with a reason: a `vigil-ignore-next-line` comment
 * inserted above it, with the same indentation. Undefined when the format has no comments or the
 * line is already suppressed for that rule (so applying it twice changes nothing).
 */
export function suppressionEdit(path: string, text: string, line: number, ruleId: string, reason: string): TextEdit | undefined {
  const marker = lineCommentFor(path);
  if (!marker) return undefined;
  const lines = new LineIndex(text);
  if (line < 0 || line >= lines.lineCount) return undefined;
  if (findSuppression(parseSuppressions(lines, path), line, ruleId)) return undefined;
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const cleanReason = reason.replace(/[\r\n]+/g, ' ').trim() || 'no reason given';
  const at = { line, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}${marker} vigil-ignore-next-line ${ruleId} -- ${cleanReason}${eol}` };
}

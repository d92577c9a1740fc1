/** Lines longer than this are minified or generated data: a regex runs on a bounded window only. */
export const MAX_LINE_SCAN = 20_000;

/** The text, split so no single regex run sees more than MAX_LINE_SCAN characters of one line. */
export function textChunks(text: string): Array<[string, number]> {
  if (text.length <= MAX_LINE_SCAN) return [[text, 0]];
  if (!hasLineLongerThanLimit(text)) return [[text, 0]];
  const out: Array<[string, number]> = [];
  let blockStart = 0;
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    if (lineEnd - lineStart > MAX_LINE_SCAN) {
      if (lineStart > blockStart) out.push([text.slice(blockStart, lineStart), blockStart]);
      for (let s = lineStart; s < lineEnd; s += MAX_LINE_SCAN) out.push([text.slice(s, Math.min(lineEnd, s + MAX_LINE_SCAN)), s]);
      blockStart = lineEnd;
    }
    lineStart = lineEnd + 1;
  }
  if (blockStart < text.length) out.push([text.slice(blockStart), blockStart]);
  return out;
}

/**
 * Whether a line is longer than MAX_LINE_SCAN: from each line start, the last line break within
 * reach is the next place to look, so most texts are answered in a step per 20,000 characters
 * instead of one per line.
 */
function hasLineLongerThanLimit(text: string): boolean {
  let lineStart = 0;
  while (text.length - lineStart > MAX_LINE_SCAN) {
    const lastBreak = text.lastIndexOf('\n', lineStart + MAX_LINE_SCAN);
    if (lastBreak < lineStart) return true;
    lineStart = lastBreak + 1;
  }
  return false;
}

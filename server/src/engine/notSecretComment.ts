// What the author wrote beside a value: `secret: "whsec_6f9f…", // dummy secret`, or the line above
// `// This is not actually a secret key, it's just a string that we XOR with…`.

const SAYS_NOT_SECRET = /\b(?:dummy|fake|placeholder|not (?:actually |really |a real |an actual )?(?:a |an )?(?:real )?(?:secret|key|token|password|credential)s?\b)/i;
const COMMENT_AFTER = /(?:^|\s)(?:\/\/|#|\/\*|--)\s*(.*)$/;
const COMMENT_LINE = /^\s*(?:\/\/|#|\/?\*|--)\s*(.*)$/;

/** Whether a comment after the value on its line, or a comment line right above it, says the value is not a real secret. */
export function commentSaysNotSecret(text: string, start: number, end: number): boolean {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  const after = COMMENT_AFTER.exec(text.slice(end, lineEnd))?.[1];
  if (after !== undefined && SAYS_NOT_SECRET.test(after)) return true;
  if (lineStart === 0) return false;
  const previous = text.slice(text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1);
  const above = COMMENT_LINE.exec(previous)?.[1];
  return above !== undefined && SAYS_NOT_SECRET.test(above);
}

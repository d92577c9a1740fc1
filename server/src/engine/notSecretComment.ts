// What the author wrote beside a value: `secret: "whsec_6f9f…", // dummy secret`, or the line above
// `// This is not actually a secret key, it's just a string that we XOR with…`.

const SAYS_NOT_SECRET = /\b(?:dummy|fake|placeholder|not (?:actually |really |a real |an actual )?(?:a |an )?(?:real )?(?:secret|key|token|password|credential)s?\b)/i;
const COMMENT_AFTER = /(?:^|\s)(?:\/\/|#|\/\*|--)\s*(.*)$/;
const COMMENT_LINE = /^\s*(?:\/\/|#|\/?\*|--)\s*(.*)$/;

/** An address that is never requested: `// Placeholder, not used in OIDC SSO connectors`. */
const SAYS_NOT_USED = /\b(?:dummy|fake|placeholder|not used|unused|never (?:used|called|requested|fetched))\b/i;

/** How many comment lines right above a value are read: a short block that explains the next line. */
const COMMENT_BLOCK = 3;

/**
 * Whether a comment after the value on its line, or the comment lines right above it, say the value
 * is not a real secret (`secret`), or an address nothing requests (`url`).
 */
export function commentSaysNotSecret(text: string, start: number, end: number, kind: 'secret' | 'url' = 'secret'): boolean {
  const says = kind === 'secret' ? SAYS_NOT_SECRET : SAYS_NOT_USED;
  let lineStart = text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', end);
  if (lineEnd === -1) lineEnd = text.length;
  const after = COMMENT_AFTER.exec(text.slice(end, lineEnd))?.[1];
  if (after !== undefined && says.test(after)) return true;
  for (let i = 0; i < COMMENT_BLOCK && lineStart > 0; i++) {
    const previousStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const above = COMMENT_LINE.exec(text.slice(previousStart, lineStart - 1))?.[1];
    if (above === undefined) return false;
    if (says.test(above)) return true;
    lineStart = previousStart;
  }
  return false;
}

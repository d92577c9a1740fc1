// The one place where anything that might be a secret is made safe to show. Every message that
// can carry a matched value goes through here before it reaches a diagnostic, a log or a report.

const STARS = '********';

/**
 * Masks a secret. Reveals at most `revealPrefix` leading characters (a provider prefix such as
 * `ghp_` helps the reader) and never more than a quarter of the value; the length is not revealed.
 */
export function maskSecret(value: string, revealPrefix = 0): string {
  const shown = Math.max(0, Math.min(revealPrefix, Math.floor(value.length / 4)));
  return value.slice(0, shown) + STARS;
}

/**
 * Hides what a URL can carry in clear: the password (and a long user name) of `scheme://user:pass@host`,
 * even when the password holds `/`, `#` or `@`, and every query or fragment parameter's value
 * (`?t=<token>`, `#access_token=…`). The scheme, host and path stay readable.
 */
export function maskUrlCredentials(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s'"`<>]+/gi, (url) => {
    const masked = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^\s/@:'"`]+)(?::([^\s'"`]*))?@(?=[^\s@/'"`]*(?:[/?#:]|$))/i, (_m, scheme: string, user: string, pass: string | undefined) =>
      pass === undefined ? `${scheme}${STARS}@` : `${scheme}${user.length > 32 ? STARS : user}:${STARS}@`,
    );
    return masked.replace(/([?&#;][^=&#?\s]*=)([^&#\s]+)/g, (_m, key: string) => `${key}${STARS}`);
  });
}

/** Provider prefixes a reader may see (`ghp_********`); the rest of the token is hidden. */
const KNOWN_PREFIX = /^(?:gh[pousr]_|github_pat_|glpat-|sk_live_|sk_test_|rk_live_|xox[abprs]-|AKIA|ASIA|AIza|npm_|eyJ|SG\.|sk-(?:proj-|ant-)?)/;

/**
 * Masks every secret-shaped word of free text the user or a file wrote (a suppression reason, an
 * unknown rule id, a setting): a token of 16+ characters mixing letters and digits, or starting
 * with a provider prefix, is shown as its prefix and stars. Words, paths and URLs' hosts stay.
 */
export function maskSecretShapes(text: string): string {
  const words = text.replace(/[A-Za-z0-9_\-+/=.~]{12,}/g, (word) => {
    const prefix = KNOWN_PREFIX.exec(word)?.[0];
    if (prefix) return maskSecret(word, prefix.length);
    const looksRandom = word.length >= 16 && /[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word);
    return looksRandom ? maskSecret(word) : word;
  });
  return maskUrlCredentials(words);
}

/** Shortens a value for a message; long values are cut so a message stays one readable line. */
export function clip(value: string, max = 60): string {
  const oneLine = value.replace(/\s+/g, ' ');
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** Replaces every occurrence of the given secrets in free text (logs, error messages). */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join(maskSecret(secret));
  }
  return maskUrlCredentials(out);
}

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
      pass === undefined ? `${scheme}${STARS}@` : `${scheme}${user.length > 32 ? STARS : user}:${STARS}@`);
    return masked.replace(/([?&#;][^=&#?\s]*=)([^&#\s]+)/g, (_m, key: string) => `${key}${STARS}`);
  });
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

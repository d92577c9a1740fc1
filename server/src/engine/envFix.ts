import ignore from 'ignore';

// "Move to environment variable": the pure part. The caller reads `.env`, `.env.example` and
// `.gitignore` (from the editor or the disk) and turns these appends into a workspace edit.
// Appends only: existing lines are never rewritten, reordered or duplicated.

/** `stripeSecretKey` → `STRIPE_SECRET_KEY`; `secret.stripe-live-secret-key` → `STRIPE_LIVE_SECRET_KEY`. */
export function envVarName(boundName: string | undefined, ruleId: string): string {
  const source = boundName && /[A-Za-z]/.test(boundName) ? boundName : ruleId.replace(/^[^.]*\./, '');
  const snake = source
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const name = snake.length > 0 ? snake : 'SECRET';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Values of `NAME=value` lines in a dotenv text. */
export function parseDotenv(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$/.exec(line);
    if (!m) continue;
    let value = m[2];
    const quoted = /^(["'])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2].replace(/\\(["\\n])/g, (_s, c: string) => (c === 'n' ? '\n' : c)) : quoted[2];
    else value = value.replace(/\s+#.*$/, '');
    entries.set(m[1], value);
  }
  return entries;
}

/** A dotenv value, quoted when it would not survive unquoted. */
export function dotenvValue(value: string): string {
  return /^[A-Za-z0-9_./:@+=-]*$/.test(value) ? value : `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * A name for the secret that neither clashes with another value in `.env` nor with another use in
 * the source file: `NAME`, else `NAME_2`, `NAME_3`, ... An existing entry with the same value is reused.
 */
export function uniqueEnvName(base: string, value: string, env: Map<string, string>, sourceText: string): string {
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    const existing = env.get(name);
    if (existing === value) return name;
    if (existing === undefined && !new RegExp(`\\benv\\.${name}\\b|\\benv\\[['"]${name}['"]\\]`).test(sourceText)) return name;
  }
}

/** Text to append so that `text` ends with `line` on a line of its own; undefined when already there. */
export function appendLine(text: string | undefined, line: string, present: (existing: string) => boolean): string | undefined {
  const current = text ?? '';
  if (present(current)) return undefined;
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  const separator = current.length === 0 || current.endsWith('\n') ? '' : eol;
  return `${separator}${line}${eol}`;
}

/** The three appends the fix needs: the dotenv file (`.env`, or `.env.local` when `.env` is unsafe), `.env.example`, `.gitignore` (each undefined when nothing to add). */
export function envFixAppends(name: string, value: string, files: { env?: string; example?: string; gitignore?: string }, envFile = '.env'): {
  env?: string;
  example?: string;
  gitignore?: string;
} {
  return {
    env: appendLine(files.env, `${name}=${dotenvValue(value)}`, (t) => parseDotenv(t).get(name) === value),
    example: appendLine(files.example, `${name}=`, (t) => parseDotenv(t).has(name)),
    gitignore: appendLine(files.gitignore, envFile, (t) => ignore().add(t).ignores(envFile)),
  };
}

/**
 * A .gitignore line that matches exactly this path: gitignore syntax escaped (`#legacy/.env` would
 * be a comment, `[locale]/.env` a character class, `!x` a negation, a trailing space dropped).
 * Undefined when even the escaped line would not match (checked with the same rules git uses).
 */
export function gitignoreLine(relative: string): string | undefined {
  let line = relative.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
  if (/^[#!]/.test(line)) line = `\\${line}`;
  line = line.replace(/ $/, '\\ ');
  return ignore().add(line).ignores(relative) ? line : undefined;
}

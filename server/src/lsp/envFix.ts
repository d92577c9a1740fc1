import ignore from 'ignore';

// "Move to environment variable": the pure part. The caller reads `.env`, `.env.example` and
// `.gitignore` (from the editor or the disk) and turns these appends into a workspace edit.
// Appends only: existing lines are never rewritten, reordered or duplicated.

/**
 * The variable's name, after the code: `stripeSecretKey` → `STRIPE_SECRET_KEY` (the variable, object
 * key or parameter the literal is bound to). With no binding, after what the rule found, less the
 * words that describe the mistake: `secret.hmac-hardcoded-key` → `HMAC_KEY`,
 * `secret.stripe-live-secret-key` → `STRIPE_LIVE_SECRET_KEY`.
 */
export function envVarName(boundName: string | undefined, ruleId: string): string {
  const fromRule = (): string => {
    const words = ruleId.replace(/^[^.]*\./, '').split(/[^A-Za-z0-9]+/);
    const kept = words.filter((w) => !MISTAKE_WORDS.has(w.toLowerCase()));
    return (kept.length > 0 ? kept : words).join('_');
  };
  const source = boundName && /[A-Za-z]/.test(boundName) ? boundName : fromRule();
  const snake = source
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  const name = snake.length > 0 ? snake : 'SECRET';
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Words in rule ids that name the mistake, not the secret. */
const MISTAKE_WORDS = new Set(['hardcoded', 'hard', 'coded', 'literal', 'inline', 'plaintext', 'in', 'code', 'leaked', 'exposed']);

/**
 * The name the code gives a literal, read from the text of its statement up to the literal:
 * `const stripeSecretKey = process.env.STRIPE_SECRET_KEY || ` → `STRIPE_SECRET_KEY` (an environment
 * variable already read there wins), `webhookSecret: ` → `webhookSecret`, `this.apiKey = ` →
 * `apiKey`. Undefined when the literal is an argument of a call (`const sig = createHmac(…, '…')`
 * names the signature, not the key) or nothing binds it.
 */
export function nameFromCode(before: string): string | undefined {
  const statement = lastStatement(before);
  const env = envFallbackName(statement);
  if (env) return env;
  const binders = [...statement.matchAll(/([A-Za-z_$][\w$]*)['"]?\s*(?::\s*[\w$<>[\]| .]+)?\s*(?<![=!<>])[=:](?![=>])/g)];
  const last = binders.at(-1);
  if (!last || last.index === undefined) return undefined;
  const between = statement.slice(last.index + last[0].length);
  // Only fallbacks and conditions between the name and the literal: `a || '…'`, `x ? '…' : …`.
  if (/[(,[]/.test(between)) return undefined;
  return /^(?:const|let|var|this|return|true|false|null|undefined|case|default)$/.test(last[1]) ? undefined : last[1];
}

function lastStatement(before: string): string {
  return before.split(/[;{}]|\n\s*\n/).at(-1) ?? '';
}

/** `process.env.NAME || ` (or `??`) right before the literal: the code already reads NAME, the literal is its fallback. */
export function envFallbackName(before: string): string | undefined {
  return /(?:process\.env\.|process\.env\[['"]|import\.meta\.env\.)([A-Za-z_][A-Za-z0-9_]*)['"]?\]?\s*(?:\|\||\?\?)\s*$/.exec(lastStatement(before))?.[1];
}

/**
 * What replaces the literal: the environment variable, and a loud failure when it is not set, in one
 * expression that type-checks as `string` under strict TypeScript (`process.env.X` alone is
 * `string | undefined`). Parenthesised where the surrounding operators would bind it otherwise
 * (`'…' + x`, `a || '…'`).
 */
export function envReadExpression(name: string, before: string, after: string, quote = "'"): string {
  const q = quote === '"' ? '"' : "'";
  const expression = `process.env.${name} ?? (() => { throw new Error(${q}${name} is not set${q}); })()`;
  // A JSX attribute's string (`<Provider apiKey="…" />`) becomes an expression container.
  if (/<[A-Za-z][\w.:-]*(?:\s+[\w:-]+(?:=(?:"[^"]*"|'[^']*'|\{[^{}]*\}))?)*\s+[\w:-]+=$/.test(before) && quote !== '`') return `{${expression}}`;
  const operatorBefore = /(?:[=!]==?|[<>]=|\|\||&&|\?\?|[+\-*/%|&^<~!]|(?<!=)>)\s*$/.test(before);
  const standsAlone = /(?:^|[=(,:[{?]|\breturn|=>)\s*$/.test(before) && !operatorBefore && /^\s*(?:$|[;,)\]}:]|\/\/)/.test(after);
  return standsAlone ? expression : `(${expression})`;
}

/**
 * The source edit of "Move to environment variable" for the literal at `start`..`end` of `text`
 * (quotes included) holding `value`: the variable's name (free in `.env`, see uniqueEnvName) and
 * the expression that replaces the literal.
 */
export function envFixForLiteral(
  text: string,
  start: number,
  end: number,
  value: string,
  finding: { boundName?: string; ruleId: string },
  env: Map<string, string>,
): { name: string; newText: string } {
  const before = text.slice(Math.max(0, start - 400), start);
  const after = text.slice(end, end + 200);
  // `process.env.NAME || '…'`: the same variable, so its other uses in the file are no clash.
  const fallbackOf = envFallbackName(before);
  const name = uniqueEnvName(envVarName(fallbackOf ?? finding.boundName ?? nameFromCode(before), finding.ruleId), value, env, fallbackOf ? '' : text);
  return { name, newText: envReadExpression(name, before, after, text[start]) };
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
export function envFixAppends(
  name: string,
  value: string,
  files: { env?: string; example?: string; gitignore?: string },
  envFile = '.env',
): {
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

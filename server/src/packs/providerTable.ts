import { DetectorSpec, ProviderJson, RuleExample, RuleJson } from './types';

// Provider credential rules are not written one by one: `rules/providers/table.json` has one
// entry per format (pattern, keywords, example secrets) under its provider (name, revocation
// link), and one message, one tip and one list of rotation steps for all of them. This turns the
// table into ordinary pack rules and `vigil report leaks` provider groups, so the engine sees the
// same rules as if they were written by hand.

type PatternSpec = Extract<DetectorSpec, { kind: 'pattern' }>;

/** One credential format. Detector fields not given take the pattern detector's defaults (`secretGroup` 1). */
export interface ProviderFormat {
  /** The rule id without `secret.`. */
  id: string;
  /** What the credential is called, e.g. "GitHub personal access token". */
  name: string;
  severity?: 'error' | 'warning' | 'info';
  pattern: string;
  flags?: string;
  keywords: string[];
  secretGroup?: number;
  /** Leading characters of the secret messages may show (the provider prefix): the rule's `revealPrefix`. */
  revealPrefix?: number;
  validate?: PatternSpec['validate'];
  minEntropy?: number;
  allowValues?: string[];
  exampleValues?: string[];
  context?: PatternSpec['context'];
  /**
   * The setting name the secret is bound to, for formats found by name and value together
   * (`TWILIO_AUTH_TOKEN=…`); the examples are then written as `key=value`.
   */
  key?: string;
  /** Made-up secrets in the real format, as they are written as a setting's value (left out of the bundles). */
  examples?: string[];
  /** Further examples that must match, beyond the generated ones. */
  match?: Array<string | RuleExample>;
  /** Further examples that must not match, beyond the generated ones. */
  noMatch?: Array<string | RuleExample>;
  /** Where the format was checked (provider docs, other scanners' rules, public code): review notes, not part of the rule. */
  verified?: string;
}

export interface Provider {
  /** Provider group id in `vigil report leaks`. */
  id: string;
  name: string;
  /** The provider's page (or documentation) for revoking and rotating these credentials. */
  revokeUrl: string;
  /** Rotation steps for the leaks report, when the table's default steps do not fit. */
  rotate?: string[];
  /** Further rule-id globs the provider's report group takes (rules outside the table). */
  alsoReports?: string[];
  formats: ProviderFormat[];
}

export interface ProviderTable {
  /** Templates: `{format}` the format's name, `{a}` its article (a/an), `{provider}`, `{revokeUrl}`. */
  message: string;
  tip: string;
  rotate: string[];
  providers: Provider[];
}

/** The value examples are cut to for the generated must-not-match example: too short to be the format. */
export function truncated(secret: string): string {
  return secret.slice(0, Math.min(16, Math.floor(secret.length / 3)));
}

/** "An" before a vowel sound: a word starting with a vowel, or an initialism read letter by letter from F, H, L, M, N, R, S or X (an NVIDIA key, an HMAC; a URL, a SQL database). */
function article(name: string): 'A' | 'An' {
  const word = name.split(/[\s-]/)[0];
  if (/^[A-Z]{2,}(?![a-z])/.test(word) && !/^SQL/.test(word)) return /^[AEFHILMNORSX]/.test(word) ? 'An' : 'A';
  return /^[aeiou]/i.test(word) ? 'An' : 'A';
}

function fill(template: string, format: ProviderFormat | undefined, provider: Provider): string {
  return template
    .replace(/\{format\}/g, format?.name ?? '')
    .replace(/\{a\}/g, format ? article(format.name) : 'A')
    .replace(/\{provider\}/g, provider.name)
    .replace(/\{revokeUrl\}/g, provider.revokeUrl);
}

function ruleOf(format: ProviderFormat, provider: Provider, table: ProviderTable): RuleJson {
  const { id, name, severity, pattern, flags, keywords, revealPrefix, key, examples, match, noMatch, verified: _verified, ...rest } = format;
  const detector: PatternSpec = { kind: 'pattern', pattern, keywords, ...(flags ? { flags } : {}), secretGroup: 1, ...rest };
  // Generated examples: each secret in source code and in YAML (or as `key=value` in a .env when
  // the format needs its name), and cut short as a counter-example.
  const secrets = examples ?? [];
  const generated: RuleExample[] = key
    ? secrets.map((s) => ({ path: '.env', code: `${key}=${s}` }))
    : secrets.flatMap((s) => [{ code: `const value = '${s}';` }, { path: 'config/settings.yaml', code: `credential: "${s}"` }]);
  const counter: RuleExample[] = [
    ...secrets.map((s) => (key ? { path: '.env', code: `${key}=${truncated(s)}` } : { code: `const value = '${truncated(s)}';` })),
    { code: 'const value = process.env.SERVICE_CREDENTIAL;' },
  ];
  return {
    id: `secret.${id}`,
    name,
    category: 'secret',
    severity: severity ?? 'error',
    confidence: 'format',
    message: fill(table.message, format, provider),
    ...(revealPrefix !== undefined ? { revealPrefix } : {}),
    cwe: ['CWE-798'],
    owasp: ['A07:2021'],
    detector,
    ...(examples ? { examples: { match: [...generated, ...(match ?? [])], noMatch: [...counter, ...(noMatch ?? [])] } } : {}),
    tip: fill(table.tip, format, provider),
  } as RuleJson;
}

/** The table's rules, in table order, and one `vigil report leaks` group per provider. */
export function providerRules(table: ProviderTable): { rules: RuleJson[]; providers: ProviderJson[] } {
  const rules = table.providers.flatMap((p) => p.formats.map((f) => ruleOf(f, p, table)));
  const providers = table.providers.map((p) => ({
    id: p.id,
    name: p.name,
    rules: [...p.formats.map((f) => `secret.${f.id}`), ...(p.alsoReports ?? [])],
    revokeUrl: p.revokeUrl,
    rotate: p.rotate ?? table.rotate.map((step) => fill(step, undefined, p)),
  }));
  return { rules, providers };
}

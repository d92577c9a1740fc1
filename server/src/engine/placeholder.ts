// What is obviously not a real secret, whatever the name it is bound to. These are the false
// alarms people complain about most in secret scanners; each case has a test.

const PLACEHOLDER_WORDS = new Set([
  'changeme',
  'change_me',
  'change-me',
  'example',
  'sample',
  'dummy',
  'placeholder',
  'redacted',
  'todo',
  'tbd',
  'fixme',
  'secret',
  'password',
  'passwd',
  'pass',
  'pwd',
  'token',
  'apikey',
  'api_key',
  'api-key',
  'null',
  'nil',
  'none',
  'undefined',
  'test',
  'string',
  'value',
  'default',
  'empty',
  'notset',
  'not_set',
  'unset',
  'required',
  'optional',
  'hidden',
  'masked',
  'changethis',
  'change_this',
  'changeit',
  'foobar',
  'foo',
  'bar',
  'baz',
  'qux',
  // The default superuser names of database images, used as their passwords in local setups.
  'postgres',
  'mysql',
  'mongo',
  'mongodb',
  'guest',
  'rabbitmq',
]);

/** Words that mark a value as made up: `fake-token`, `my-secret`, `test_password_1`, `PRIVATE_KEY_PLACEHOLDER`. */
const DUMMY_MARKER =
  /(?:^|[^a-z])(?:test|testing|e2e|dummy|fake|example|sample|placeholder|mock|mocked|lorem|my|your|some|invalid|wrong|bogus|insert|replace)(?:[^a-z]|$)|placeholder|dummy|change[ _-]?(?:me|this|it)\b/i;

const PLACEHOLDER_PATTERNS: RegExp[] = [
  /^\s*$/,
  /^(.)\1+$/, // xxxx, ****, 0000
  /x{4,}|\*{3,}|\.{3}/i, // sk_live_xxxx, abc***, ...
  /^<[^<>]*>$|^\[[^[\]]*\]$/, // <token>, [password]
  /^<<[^<>]+>>$/, // <<ACCESS_TOKEN>>: Hoppscotch's and other API clients' variables
  /\$\{[^}]*\}|\{\{[^}]*\}\}|^\$[A-Z_][A-Z0-9_]*$|^%[^%]+%$|^#\{[^}]*\}$/, // ${VAR}, {{ secret }}, $VAR, %VAR%, #{var}
  // `your_token_here`, `setme`, `enter-password`: the whole value (`Setup2024!`, `addr9Kq…` are values).
  /^(?:your|my|enter|insert|replace|put|add|set)[\s_-]?(?:your[\s_-]?)?[a-z]*[\s_-]?(?:here|key|token|secret|password|pass)?$/i,
  /(?:^|[_-])(?:here|goes[_-]here)$/i,
  /^(?:process\.env|import\.meta\.env|env|os\.environ|config|settings)[.[]/i,
  /^\{[\w.]+\}$/, // {clientSecret}: a JSX or template variable
  /^[A-Za-z_$][\w$.]*\(/, // code, not a value: text("token"), jwks.expressJwtSecret({
  /^\$\(.*\)$|^`[^`]*`$/, // shell command substitution: $(vault read ...)
  /^-----(?:BEGIN|END) [A-Z0-9 ]+-----$/, // a PEM header alone: the shape of a key, no key material
  /^[a-z]{2,8}_$/, // fbocs_: the prefix of a token type, not a token
  /\beyJ[\w-]+\.[a-z]{3,16}\.[a-z]{3,16}$/, // Bearer eyJhbGciOiJFZERTQSJ9.payload.signature: a JWT's shape with words for its parts
  /^urn:[a-z0-9][a-z0-9-]{0,31}:\S+$/i, // urn:ietf:params:oauth:token-type:access_token: a name for a kind of token
  /^\/?[a-z0-9][a-z0-9._-]*(?:\/[a-z0-9:{}._-]+)+\/?$/, // api/v2/user/reset-password: a route
  /^(?:test|testing|dummy|fake|sample|example|demo)[_-]?(?:pass(?:word|wd)?|pwd|secret|key|token)\d{0,4}$/i, // testpass, demo_secret, test-token1
];

/**
 * Placeholder, template variable, UI label or the name itself: not a secret. `uiText: false` for
 * files that hold no interface text (Dockerfile `ENV`, `.env`, shell exports): there `"This is it"`
 * is a password of capitalised words, not a label.
 */
export function isPlaceholder(value: string, name?: string, options: { uiText?: boolean } = {}): boolean {
  // `Basic PHlvdXI…` decodes to `<your-username>:<your-api-key>`: judged by what it carries.
  const credential = credentialPart(value);
  if (credential !== value.trim() && /^<[^<>]*>$/.test(credential)) return true;
  const v = value.trim();
  const lower = v.toLowerCase();
  if (PLACEHOLDER_WORDS.has(lower) || PLACEHOLDER_WORDS.has(lower.replace(/\s+/g, ''))) return true;
  if (PLACEHOLDER_PATTERNS.some((re) => re.test(v))) return true;
  if (DUMMY_MARKER.test(v) && v.length < 48) return true;
  if (isCountingRun(v) || mostlyFiller(v)) return true;
  // A sentence (`Async bcrypt usage needs a promise [#30](…)`): six words or more, five of them
  // plain words, with punctuation or a link; a diceware passphrase has neither.
  if (options.uiText !== false && v.split(/\s+/).filter((w) => /^\p{L}+[,.:;!?]?$/u.test(w)).length >= 5 && /\s\S+\s\S+\s\S+\s\S+\s/.test(v) && /[,.;:!?()[\]]/.test(v)) return true;
  // UI labels and i18n text: words separated by spaces, or a sentence.
  // Any script: `Yanlış şifrə`, `Mot de passe oublié`.
  if (options.uiText !== false && (/^\p{Lu}[\p{Ll}']*(?: \p{L}[\p{Ll}']*)+[.:!?]?$/u.test(v) || /^\p{L}[\p{Ll}']*(?: \p{L}[\p{Ll}']*){2,}[.:!?]$/u.test(v))) return true;
  // `Updated.`: one capitalised word ending a sentence, a status message (`Welcome1!` stays).
  if (options.uiText !== false && /^\p{Lu}\p{Ll}{2,}\.$/u.test(v)) return true;
  if (/^(?:please|enter|type|your|the|a|an) /i.test(v)) return true;
  // `Placeholder Password, find the real one in the history`: a sentence with a comma.
  if (options.uiText !== false && v.includes(',') && /^[A-Za-z][a-z']*,?(?: [A-Za-z][a-z']*[,;]?){3,}[.:!?]?$/.test(v)) return true;
  if (isInstruction(v)) return true;
  if (name) {
    const bare = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, '');
    if (bare(v) === bare(name) || bare(name).endsWith(bare(v))) return true;
    // `MYSQL_ROOT_PASSWORD=root`, `ADMIN_PASSWORD=admin`: the account the name is for, reused as its password.
    const words = name
      .replace(/([a-z])([A-Z])/g, '$1_$2')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean);
    if (words.length > 1 && words.slice(0, -1).includes(lower)) return true;
  }
  return false;
}

const FUNCTION_WORDS = new Set(['if', 'you', 'your', 'see', 'this', 'please', 'use', 'the', 'to', 'and', 'is', 'are', 'here', 'with', 'of', 'not', 'in', 'it', 'for', 'me', 'set', 'put']);
const ADDRESSING_WORDS = new Set(['you', 'your', 'please', 'see']);

/**
 * `if_you_see_this_please_use_k8s`: words joined into an instruction to whoever reads the file.
 * Two function words at least, one addressing the reader, so a passphrase of content words
 * (`correct_horse_battery_staple`, `put-the-kettle-on-9`) stays.
 */
function isInstruction(v: string): boolean {
  const words = v.split(/[_\s-]+/).filter(Boolean);
  if (words.length < 4 || !words.every((w) => /^[A-Za-z0-9]+$/.test(w))) return false;
  const lower = words.map((w) => w.toLowerCase());
  return lower.filter((w) => FUNCTION_WORDS.has(w)).length >= 2 && lower.some((w) => ADDRESSING_WORDS.has(w));
}

/**
 * Filler typed to reach a format's length, anywhere in a matched credential: eight or more X's or
 * zeros, a counting run (`123456789`, `abcdefgh`), or two interleaved ones (`1a2b3c4d5e6f`). A random
 * token holds such a run with negligible odds (`T00000000/B00000000/XXXXXXXX` in Slack's docs).
 */
export function hasFillerRun(value: string): boolean {
  if (/x{8,}|0{8,}/i.test(value)) return true;
  return countingRunAt(value, 1) >= 8 || countingRunAt(value, 2) >= 12;
}

/**
 * Filler that makes up most of a value (`ABCDEFGH1234567887654321HGFEDCBA`, `xxxxxxxxxxxx`): counting
 * runs up or down, or one repeated character, of four or more, covering 60% of it. A password with
 * a run inside (`Summer12345678!`) is still a (weak) password.
 */
function mostlyFiller(v: string): boolean {
  if (v.length < 8) return false;
  let covered = 0;
  let run = 1;
  const step = (i: number): number => v.charCodeAt(i) - v.charCodeAt(i - 1);
  for (let i = 1; i <= v.length; i++) {
    const continues = i < v.length && /[0-9a-z]/i.test(v[i]) && /[0-9a-z]/i.test(v[i - 1]) && Math.abs(step(i)) <= 1 && (run === 1 || step(i) === step(i - 1));
    if (continues) run++;
    else {
      if (run >= 4) covered += run;
      run = 1;
    }
  }
  return covered >= v.length * 0.6;
}

/** The longest stretch in which every character is the next after the one `lag` places before it (digits wrap 9 → 0). */
function countingRunAt(v: string, lag: number): number {
  let best = 0;
  let run = lag;
  for (let i = lag; i < v.length; i++) {
    const a = v[i - lag];
    const b = v[i];
    const next = b.charCodeAt(0) - a.charCodeAt(0) === 1 && /[0-9a-z]/i.test(a) && /[0-9a-z]/i.test(b);
    run = next || (a === '9' && b === '0') ? run + 1 : lag;
    if (run > best) best = run;
  }
  return best;
}

/** `12345678901234567890123456789012`, `abcdefgh`: each character the one after the last, typed to fill a length. */
function isCountingRun(v: string): boolean {
  if (v.length < 6) return false;
  const digits = /^\d+$/.test(v);
  if (!digits && !/^[a-z]+$/i.test(v)) return false;
  for (let i = 1; i < v.length; i++) {
    const step = v.charCodeAt(i) - v.charCodeAt(i - 1);
    if (step !== 1 && !(digits && v[i - 1] === '9' && v[i] === '0')) return false;
  }
  return true;
}

/**
 * Made of words and a counter, not random: `token123`, `consumer_secret_1`, `keyboard cat`, `bruno`.
 * Such values in tests and examples are stand-ins; in production code they are still reported.
 * An `Authorization` value is judged by its credential: the token after the scheme, the password
 * inside Basic's base64.
 */
export function isWordLike(value: string): boolean {
  const v = credentialPart(value);
  // Linear by construction: every repetition starts with a separator, so no two ways to split a word.
  return v.length <= 40 && /^[A-Za-z]+(?:(?:[-_ .,']|, )[A-Za-z]+)*[-_ ]?\d{0,6}$/.test(v);
}

/**
 * The credential in an `Authorization` value: the token after the scheme, the password inside
 * Basic's base64 (or the whole decoded text when it has no `user:`); any other value as it is.
 */
export function credentialPart(value: string): string {
  const trimmed = value.trim();
  const auth = /^(?:Bearer|Token|Bot|ApiKey|Basic)\s+(\S+)$/i.exec(trimmed);
  if (!auth) return trimmed;
  const token = auth[1];
  if (/^basic/i.test(trimmed) && /^[A-Za-z0-9+/]+={0,2}$/.test(token)) {
    const decoded = Buffer.from(token, 'base64').toString('utf8');
    if (/^[\x20-\x7e]+$/.test(decoded)) return decoded.includes(':') ? decoded.slice(decoded.indexOf(':') + 1) : decoded;
  }
  return token;
}

/**
 * What a test or an example uses as a credential without it being one: a word-like value, anything
 * under 8 characters (`1234`, `s3cr3t!`), digits only, or one that says what it stands for
 * (`2ndpassword`). A random-looking value stays a finding there.
 */
export function isTestStandIn(value: string): boolean {
  const v = credentialPart(value);
  return isWordLike(v) || v.length < 8 || /^\d+$/.test(v) || /pass(?:w[o0]rd|wd)|secret/i.test(v) || hasFillerRun(v);
}

const IDENTIFIER_PATTERNS: RegExp[] = [
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUID
  /^[0-9a-f]{40}$|^[0-9a-f]{7,12}$/, // git SHA (full or short)
  /^sha(?:1|256|384|512)-[A-Za-z0-9+/]+={0,2}$/, // SRI / lock-file integrity
  /^data:[\w/+.-]+;base64,/, // inline images and fonts
  /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\|\/)[^\s]*$/, // file paths
  /^[\w.-]+\/[\w./-]+\.[a-z0-9]{1,5}$/i, // relative paths with an extension
  /^[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+(?::\d+)?(?:[/?#][^\s@]*)?$/i, // URLs without credentials
  /^[a-z]+(?:[._-][a-z]+)+$/, // i18n keys and identifiers: auth.token.label, api-key-header
  // Scope names (TextMate, CSS modules): dotted words, each letters with at most a short number
  // (meta.odd-tab.group1, markup.heading.1.markdown, identifiers-and-DTDs), never a random run.
  /^[a-z]{1,30}\d{0,3}(?:-[A-Za-z]{1,30}\d{0,3})*(?:\.(?:[A-Za-z]{1,30}\d{0,3}|\d{1,3})(?:-[A-Za-z]{1,30}\d{0,3})*)+$/,
  /^[a-z][a-zA-Z0-9]*(?:\.[a-zA-Z][a-zA-Z0-9]*)+$/, // property paths: background.surface0, bru.runRequest
  /^[a-z]+(?:[A-Z][a-z]+)+$/, // camelCase identifiers: getAccessToken
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // CONSTANT_NAMES: API_KEY_HEADER
  /^#(?:[0-9a-f]{3}){1,2}$/i, // colours
  /^--[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, // CSS custom properties: --color-success, --radius-md (design tokens)
  /^file:\/\/\/[^\s]*$/, // file:///home/node/shared/worker_token: where a value is read from
  /^(?:[~^]|[<>]=?|=)?v?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/, // versions and ranges: 1.2.3, ^3.1.6, >=2.0
  /^@?[\w-]+\/[\w-]+$/, // package names: @scope/pkg
  // Password hashes, as a user table or seed data stores them (modular crypt format, Django,
  // LDAP): what is kept instead of a password, not a password (bcrypt $2b$10$…, $argon2id$…).
  /^\$(?:2[abxy]?|1|5|6|7|y|gy|apr1|argon2(?:id|i|d)|scrypt|pbkdf2(?:-sha\d+)?|bcrypt-sha256)\$\S{16,}$/,
  /^(?:pbkdf2_sha(?:1|256|512)|argon2|bcrypt(?:_sha256)?|scrypt)\$\S{16,}$/,
  /^\{(?:SSHA|SHA|SSHA256|SSHA512|SMD5|CRYPT|PBKDF2(?:-SHA\d+)?)\}\S{8,}$/i,
  // Keys that are public by design, shipped to every browser: Stripe publishable keys, PostHog
  // project keys, Mapbox public tokens. (Their secret siblings have their own provider rules.)
  /^pk_(?:live|test)_[0-9A-Za-z]{10,}$/,
  /^phc_[0-9A-Za-z]{30,}$/,
  /^pk\.eyJ[\w-]+\.[\w-]+$/,
];

/** One CSS or utility class (`hover:bg-purple-100`, `dark:bg-purple-900/30`, `-mt-2`, `!p-4`). */
const CSS_CLASS = /^!?(?:[a-z][a-z0-9-]*:)*-?[a-z][a-z0-9]*(?:-[a-z0-9./%#[\]]+)*$/;

/**
 * `border-transparent bg-purple-50 text-purple-700`: a class list (Tailwind variants keyed
 * `password`, `secret`). Three classes at least, two of them with a dash or a variant, so a
 * passphrase of plain words (`correct horse battery staple`) is not one.
 */
function isClassList(v: string): boolean {
  const classes = v.split(/\s+/);
  return classes.length >= 3 && classes.every((c) => CSS_CLASS.test(c)) && classes.filter((c) => /[-:]/.test(c)).length >= 2;
}

/** UUIDs, git SHAs, integrity hashes, paths, URLs, i18n keys, class lists: identifiers, not secrets. */
export function isIdentifier(value: string): boolean {
  const v = value.trim();
  return IDENTIFIER_PATTERNS.some((re) => re.test(v)) || isClassList(v);
}

import { compileRegex } from '../engine/regex';
import { DetectorSpec, FixSpec } from './spec';
import { KeyValuePair, keyValuePairs } from '../syntax/keyValue';
import { isDocsPath, isEnvSettingPath, isHclPath, isOtherSourcePath } from '../engine/language';
import { Value } from '../syntax/jsFacts';
import { Severity } from '../engine/types';
import { Detector, FileContext, Match } from '../engine/detector';
import { nameWords } from './enclosing';
import { hostOf } from './hosts';
import { compileStringTest, compileValueCondition, ValueTest } from './value';

type AssignmentSpec = Extract<DetectorSpec, { kind: 'assignment' }>;

/** A value bound to a name whose name matches: JS/TS by syntax, other files by key-value lines. */
export function assignmentDetector(spec: AssignmentSpec, fix: FixSpec | undefined): Detector {
  const pattern = compileRegex(spec.name, 'i');
  const except = spec.exceptNames === undefined ? undefined : compileRegex(spec.exceptNames, 'i');
  // Asked once per distinct name of a file (bindingsNamed): a memo of verdicts across files cost
  // more than the regexes it saved (effect: 13,000 names, most seen once).
  const name = { test: (bound: string) => pattern.test(bound) && !except?.test(bound) };
  const test = compileValueCondition(spec.value);
  const guard = spec.guard && { ...spec.guard, names: compileRegex(spec.guard.names, 'i') };
  return (file) => (file.isJs ? fromSyntax(file, name, test, fix, guard) : fromLines(file, name, spec, fix));
}

type NameTest = { test(bound: string): boolean };
type Guard = { names: RegExp; severity?: Severity; note?: string };

function fromSyntax(file: FileContext, name: NameTest, test: ValueTest, fix: FixSpec | undefined, guard: Guard | undefined): Match[] {
  const matches: Match[] = [];
  // `'PATCH /users/:id/password': 'User.Updated'`: a route or a label keys the value, not a variable.
  for (const binding of file.js().bindingsNamed((bound) => name.test(bound) && !/[\s/]/.test(bound))) {
    const value = binding.value();
    if (!test(value, binding.name, file.text.slice(value.start, value.end))) continue;
    if (value.kind === 'string' && userNamedSameOnLine(file.text, value.start, value.value)) continue;
    if (value.kind === 'string' && algoliaSearchKey(binding.name, file.text, value.start)) continue;
    const match = matchFor(binding.name, value, file.text, fix);
    if (guard && binding.guards?.().some((n) => guard.names.test(n))) {
      if (guard.severity) match.severity = guard.severity;
      if (guard.note) match.note = guard.note;
    }
    const holder = binding.holders?.().find((n) => nameWords(n).some((w) => SAMPLE_WORDS.has(w)));
    if (holder && !match.severity) {
      match.severity = 'info';
      match.note = `in sample data (${holder}): if it is a real credential, move it out of the code`;
    }
    matches.push(match);
  }
  return matches;
}

/** `export const samples: SampleRecord[] = [{ body: { token: '…' } }]`: values held by sample, example, fixture or mock data.
 * Not `dummy` or `demo`: a vulnerable app's `dummy_info` seeds its real accounts. */
const SAMPLE_WORDS = new Set(['sample', 'samples', 'example', 'examples', 'fixture', 'fixtures', 'mock', 'mocks']);

/** `{ user: 'nodebb', pwd: 'nodebb' }`: the account's name repeated as its password, a local default. */
function userNamedSameOnLine(text: string, at: number, value: string): boolean {
  if (value.length === 0 || value.length > 64) return false;
  const line = text.slice(text.lastIndexOf('\n', at - 1) + 1, (text.indexOf('\n', at) + 1 || text.length + 1) - 1);
  // The regex below needs one of these words: most lines have neither, and building it is the cost.
  if (!/user|login/i.test(line)) return false;
  const quoted = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b(?:user(?:name)?|login)["']?\\s*[:=]\\s*["'\`]${quoted}["'\`]`, 'i').test(line);
}

/**
 * `{ appId, apiKey, indexName }`: an Algolia (DocSearch) search-only key, public by design: it ships
 * to every browser that searches. Its admin key has no such neighbours in a front-end config.
 */
function algoliaSearchKey(name: string, text: string, at: number): boolean {
  if (!/^(?:api_?key|search_?(?:only_?)?(?:api_?)?key)$/i.test(name)) return false;
  const around = text.slice(Math.max(0, at - 300), at + 300);
  return /\bindexName["']?\s*[:=]/.test(around) && /\bappId["']?\s*[:=]/.test(around);
}

/** Points at the value (without quotes); a value that came through a same-file constant points at that literal. */
export function valueSpan(value: Value): { start: number; end: number; literal?: { start: number; end: number } } {
  if (value.kind === 'string' && value.literal) return { start: value.start + 1, end: value.end - 1, literal: { start: value.start, end: value.end } };
  if (value.kind === 'string' && value.origin) return { start: value.origin.start + 1, end: value.origin.end - 1 };
  return { start: value.start, end: value.end };
}

function matchFor(bound: string, value: Value, text: string, fix: FixSpec | undefined): Match {
  const span = valueSpan(value);
  const shown = value.kind === 'string' || value.kind === 'boolean' || value.kind === 'number' ? String(value.value) : text.slice(value.start, value.end);
  const match: Match = { start: span.start, end: span.end, value: shown, name: bound, ...(span.literal ? { literal: span.literal } : {}) };
  const rewritable = value.kind === 'boolean' || ((value.kind === 'string' || value.kind === 'number') && value.literal);
  if (fix?.kind === 'replaceValue' && rewritable) {
    const newText = String(fix.with);
    match.fix = { title: fix.title ?? `Set ${bound} to ${newText}`, edits: [{ start: span.start, end: span.end, newText }] };
  }
  return match;
}

const SEALED_SECRET = /^[ \t]*"?kind"?[ \t]*:[ \t]*"?SealedSecret\b/m;

/** The spans of the YAML documents (or the one JSON document) that are SealedSecrets: ciphertext made to be committed. */
function sealedSpans(text: string): Array<[number, number]> {
  if (!SEALED_SECRET.test(text)) return [];
  const spans: Array<[number, number]> = [];
  let start = 0;
  const separator = /^---[ \t]*$/gm;
  for (let m = separator.exec(text); ; m = separator.exec(text)) {
    const end = m ? m.index : text.length;
    if (SEALED_SECRET.test(text.slice(start, end))) spans.push([start, end]);
    if (!m) break;
    start = m.index + m[0].length;
  }
  return spans;
}
const ACCOUNT_KEY = /(?:user(?:name)?|login|db|database|db_?name|schema)$/i;
const PASSWORD_KEY = /pass(?:word|wd)?|pwd/i;

/** The variables official database images read once, to create their first account. */
const DATABASE_INIT_KEY = /^(?:POSTGRES_PASSWORD|MYSQL_(?:ROOT_)?PASSWORD|MARIADB_(?:ROOT_)?PASSWORD|MONGO_INITDB_ROOT_PASSWORD|(?:MSSQL_)?SA_PASSWORD|RABBITMQ_DEFAULT_PASS)$/;
/** `DB_HOST`, `QSTASH_URL`, `mongo.uri`: where a service is; the rest of the key names the service. */
const SERVICE_ADDRESS_KEY = /[_.-](?:HOST|HOSTNAME|URL|URI|ENDPOINT|SERVER|ADDR|ADDRESS)$/i;
/** `_PASSWORD`, `_CURRENT_SIGNING_KEY`, `.token`: the credential of the service the rest of the key names. */
const CREDENTIAL_SUFFIX = /[_.-](?:(?:CURRENT|NEXT|ROOT|ADMIN)[_.-])?(?:SIGNING[_.-])?(?:PASSWORD|PASSWD|PASS|PWD|TOKEN|SECRET|KEY|API[_.-]?KEY|ACCESS[_.-]?KEY)$/i;

/**
 * This machine: loopback, `localhost`, Docker's host alias. Not a bare service name: in a
 * Kubernetes ConfigMap `postgresdb` is the cluster's production database.
 */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|[\w.-]+\.localhost|(?:host|gateway)\.docker\.internal)$/i;

/** A compose file: it starts containers from images. */
const COMPOSE_FILE = /^services:[ \t]*$/m;
const IMAGE_LINE = /^[ \t]+image:[ \t]*\S/m;

/** A file's name/value pairs and what they say of each other: the same for every rule that reads them. */
interface FilePairs {
  pairs: KeyValuePair[];
  /** Values of user and database names (lower-cased). */
  names: Set<string>;
  /** Passwords a compose file's database containers are created with. */
  localDefaults: Set<string>;
  /** Service name (lower-cased) → the key that puts it on this machine. */
  localServices: Map<string, string>;
}

// Per file, not per rule: a dozen rules read the pairs, and on a 1.2 MB JSON file each extraction
// took 12–19 ms, at every keystroke. Keyed by the file's context, which lives for one analysis.
const pairsOfFile = new WeakMap<FileContext, FilePairs>();

function filePairs(file: FileContext): FilePairs {
  const known = pairsOfFile.get(file);
  if (known) return known;
  const sealed = sealedSpans(file.text);
  const pairs = keyValuePairs(file.path, file.text, isOtherSourcePath(file.path)).filter((p) => !sealed.some(([from, to]) => p.start >= from && p.start < to));
  // `MYSQL_USER=petclinic` next to `MYSQL_PASSWORD=petclinic`: the user or database name repeated
  // as the password is a local default, not a secret. Only for a password: `SECRET_KEY=crapi` beside
  // `DB_NAME=crapi` is still a signing key anyone can guess.
  const names = new Set(pairs.filter((p) => ACCOUNT_KEY.test(p.key)).map((p) => p.value.toLowerCase()));
  // In a compose file, the password a database container is created with, and the services' copies
  // of it, are that container's local default: reported at info.
  const localDefaults = COMPOSE_FILE.test(file.text) && IMAGE_LINE.test(file.text) ? new Set(pairs.filter((p) => DATABASE_INIT_KEY.test(p.key)).map((p) => p.value)) : new Set<string>();
  // `DB_HOST=127.0.0.1` beside `DB_PASSWORD=…`, `QSTASH_URL: http://127.0.0.1:8080` beside `QSTASH_TOKEN`:
  // the credential of a local server, a development default (as in a URL with a local host).
  const localServices = new Map(
    pairs
      .filter((p) => SERVICE_ADDRESS_KEY.test(p.key) && LOOPBACK.test(hostOf(p.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, ''))))
      .map((p) => [p.key.replace(SERVICE_ADDRESS_KEY, '').toLowerCase(), p.key]),
  );
  const result = { pairs, names, localDefaults, localServices };
  pairsOfFile.set(file, result);
  return result;
}

function fromLines(file: FileContext, name: NameTest, spec: AssignmentSpec, fix: FixSpec | undefined): Match[] {
  const matches: Match[] = [];
  const condition = spec.value;
  const stringTest = condition.type === 'string' ? compileStringTest(condition) : undefined;
  // In program source (Python, Java, Go…) only a string literal is hardcoded: `password = request.get('p')`,
  // `password: str = Field(...)` and `token = gen_token()` are not.
  const literalsOnly = isOtherSourcePath(file.path) || isHclPath(file.path);
  const { pairs, names, localDefaults, localServices } = filePairs(file);
  const prose = isDocsPath(file.path);
  const uiText = !isEnvSettingPath(file.path);
  for (const pair of pairs) {
    if (!name.test(pair.key)) continue;
    if (condition.type === 'string' && names.has(pair.value.toLowerCase()) && !ACCOUNT_KEY.test(pair.key) && PASSWORD_KEY.test(pair.key)) continue;
    if (literalsOnly && !pair.quoted) continue;
    // `password: { label: "Password", type: "password" }`, `password: async () => undefined` in a
    // docs code block: an object or a function, not a value.
    if (prose && !pair.quoted && /^(?:[[{]|async\b|function\b|\([^)]*\)\s*=>|\w+\s*=>)/.test(pair.value)) continue;
    // `AUTH_SECRET= # openssl rand -hex 32`: an empty value and a comment (dotenv, YAML, shell).
    if (!pair.quoted && pair.value.startsWith('#') && /\s/.test(file.text.charAt(pair.start - 1))) continue;
    const end = pair.start + pair.value.length;
    const isBool = !pair.quoted && (pair.value === 'true' || pair.value === 'false');
    // `secret: false`, `password_min_length: 12`, `token: null`: flags, numbers and nulls are not strings.
    if (!pair.quoted && condition.type === 'string' && condition.rejectPlaceholders && /^(?:true|false|null|nil|none|~|-?\d+(?:\.\d+)?)$/i.test(pair.value)) continue;
    let value: Value;
    if (condition.type === 'boolean' && isBool) value = { kind: 'boolean', value: pair.value === 'true', start: pair.start, end };
    else if (condition.type === 'number' && /^\d+$/.test(pair.value)) value = { kind: 'number', value: Number(pair.value), start: pair.start, end, literal: false };
    else if (stringTest && stringTest(pair.value, pair.key, uiText)) value = { kind: 'string', value: pair.value, start: pair.start, end, literal: false };
    else continue;
    if (value.kind === 'string' && algoliaSearchKey(pair.key, file.text, pair.start)) continue;
    if (value.kind === 'boolean' && condition.type === 'boolean' && value.value !== condition.equals) continue;
    if (value.kind === 'number' && condition.type === 'number' && ((condition.min !== undefined && value.value < condition.min) || (condition.max !== undefined && value.value > condition.max)))
      continue;
    // Config-file booleans are rewritten in place (`strict-ssl: false` → `true`); strings are not.
    const m = matchFor(pair.key, value, file.text, value.kind === 'boolean' ? fix : undefined);
    if (value.kind === 'string' && localDefaults.has(pair.value)) {
      m.severity = 'info';
      m.note = 'the password a database container in this compose file is created with: a local default; give real deployments a secret';
    }
    const service = value.kind === 'string' ? localServices.get(pair.key.replace(CREDENTIAL_SUFFIX, '').toLowerCase()) : undefined;
    if (service && CREDENTIAL_SUFFIX.test(pair.key) && !m.severity) {
      m.severity = 'info';
      m.note = `for a local server (${service} is this machine): a development default; give real deployments a secret`;
    }
    matches.push(m);
  }
  return matches;
}

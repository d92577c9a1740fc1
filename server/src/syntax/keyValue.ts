// Name/value pairs in config and environment files, without a full parser per format:
// `.env`, shell `export`, Dockerfile `ENV`/`ARG`, docker-compose `- KEY=value`, YAML `key: value`,
// `.properties`/`.ini`/`.npmrc`/`.tfvars` `key = value`, and JSON `"key": "value"` anywhere on a line.

export interface KeyValuePair {
  key: string;
  value: string;
  /** Offset of the first character of the value (inside quotes, when quoted). */
  start: number;
  quoted: boolean;
}

const ESCAPED_PAIR = /\\"([^"\\\r\n]+)\\"\s*:\s*\\"((?:[^"\\\r\n]|\\[^"\r\n])*)\\"/g;
const JSON_PAIR = /"([^"\\\r\n]+)"\s*:\s*("(?:[^"\\\r\n]|\\.)*"|true|false)/g;
const PREFIX = /^[ \t]*(?:-[ \t]+)?(?:(?:export|ENV|ARG|set|setx|SetEnv|const|let|var)[ \t]+)?/;
// A key is a name: prose and code around it (`(`password = …`` in Markdown) are not keys.
const EQUALS = /^["']?([^\s"'=:()`][^\s"'=()`]*?)["']?[ \t]*=[ \t]*/;
const COLON = /^["']?([^\s"':()`]+)["']?[ \t]*:[ \t]+/;
const DOCKER_ENV = /^[ \t]*ENV[ \t]+([A-Za-z_][\w.-]*)[ \t]+(?!=)/;
// Typed declarations in Java, C#, Kotlin, Go, Swift…: `public static final String password = "…"`,
// `val password: String = "…"`, `password := "…"`, `private readonly string _secret = "…"`,
// `@Value("${db.password}") private String password = "…"`; Go's `var password string = "…"`.
const GO_DECLARATION = /^[ \t]*(?:var|const)[ \t]+([A-Za-z_]\w*)[ \t]+[\w.*[\]]+[ \t]*=[ \t]*(?=["'`])/;
const DECLARATION =
  /^[ \t]*(?:@\w+(?:\([^()]*\))?[ \t]+)*(?:(?:public|private|protected|internal|static|final|readonly|const|override|lateinit|val|var|let|my|our|local)[ \t]+)*(?:[A-Za-z_][\w.]*(?:<[^<>=]*>)?(?:\[\])?\??[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*[\w.<>?[\]]+[ \t]*)?:?=[ \t]*(?=["'`])/;
// Assignment to a string subscript in Python, Ruby, PHP…: `app.config['SECRET_KEY'] = '…'`,
// `$config['db_password'] = "…"`, `ENV["API_TOKEN"] = "…"`: the subscript is the name.
const SUBSCRIPT = /^[ \t]*\$?[A-Za-z_][\w.]*(?:->\w+)*(?:\[[^\]\n]*\])*\[[ \t]*["']([^"'\]\n]+)["'][ \t]*\][ \t]*=[ \t]*(?=["'])/;

/** Shell and batch scripts: an unquoted value ends at the first blank (`PGPASSWORD=x psql -h …`). */
const SHELL_FILE = /\.(?:sh|bash|zsh|ksh|bat|cmd|ps1)$|(?:^|[\\/])(?:Makefile|Dockerfile)$/i;

/** What a shell expands when the line runs: `$name`, `${…}`, `$(…)`. */
const SHELL_EXPANSION = /^\$[A-Za-z_{(]/;

/** A script without an extension (`addReleaseTag`, `bin/deploy`) says what runs it. */
const SHEBANG = /^#![^\n]*\b(?:ba|z|k|da)?sh\b/;

/** `declarations`: the file is program source, whose constants are typed declarations as well as `key = value`. */
export function keyValuePairs(path: string, text: string, declarations = false): KeyValuePair[] {
  if (/\.(?:json|jsonc|json5)$/i.test(path)) return jsonPairs(text);
  const shell = SHELL_FILE.test(path) || SHEBANG.test(text);
  const pairs: KeyValuePair[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const pair = linePair(line, shell, declarations);
    if (pair) pairs.push({ ...pair, start: lineStart + pair.start });
    lineStart = lineEnd + 1;
  }
  return pairs;
}

function linePair(line: string, shell: boolean, declarations: boolean): KeyValuePair | undefined {
  if (/^[ \t]*[#;]/.test(line)) return undefined;
  const declared = declarations ? (GO_DECLARATION.exec(line) ?? DECLARATION.exec(line) ?? SUBSCRIPT.exec(line)) : null;
  if (declared) return valueAt(line, declared[1], declared[0].length, shell);
  const docker = DOCKER_ENV.exec(line);
  let key: string;
  let rest: number;
  if (docker) {
    key = docker[1];
    rest = docker[0].length;
  } else {
    const prefixed = PREFIX.exec(line)?.[0] ?? '';
    const body = line.slice(prefixed.length);
    const m = EQUALS.exec(body) ?? COLON.exec(body);
    if (!m) return undefined;
    key = m[1];
    rest = prefixed.length + m[0].length;
    // `"https://host/path?password=$KEY&mode=dev"`: the key is the query parameter, not the URL.
    if (key.includes('?')) return queryPair(line, key, rest, shell);
    if (key.includes('://')) return undefined;
    // `const token = jwt.sign(…)` in a script block: only a quoted literal is a value.
    if (/\b(?:const|let|var)\s+$/.test(prefixed) && !/["'`]/.test(line[rest] ?? '')) return undefined;
  }
  return valueAt(line, key, rest, shell);
}

function valueAt(line: string, key: string, at: number, shell: boolean): KeyValuePair | undefined {
  const quote = line[at];
  // In a shell script, backquotes and an unquoted or double-quoted `$name`, `${…}` or `$(…)` are
  // expanded when the line runs: the value is read there, not written here.
  if (shell && (quote === '`' || (quote !== "'" && SHELL_EXPANSION.test(line.slice(quote === '"' ? at + 1 : at))))) return undefined;
  if (quote === '"' || quote === "'" || quote === '`') {
    const close = line.indexOf(quote, at + 1);
    if (close === -1) return undefined;
    return { key, value: line.slice(at + 1, close), start: at + 1, quoted: true };
  }
  // Unquoted: up to a trailing comment or comma.
  const raw = shell
    ? /^\S*/.exec(line.slice(at))![0]
    : line
        .slice(at)
        .replace(/[ \t]+#.*$/, '')
        .replace(/[ \t]*,?[ \t]*$/, '');
  if (raw.length === 0) return undefined;
  return { key, value: raw, start: at, quoted: false };
}

/** The first parameter of a query string: its value ends at the next `&`, quote or blank. */
function queryPair(line: string, key: string, at: number, shell: boolean): KeyValuePair | undefined {
  const name = /[?&]([^?&=\s]+)$/.exec(key)?.[1];
  if (name === undefined) return undefined;
  const value = /^[^&\s"'`#]*/.exec(line.slice(at))![0];
  if (value.length === 0 || (shell && SHELL_EXPANSION.test(value))) return undefined;
  return { key: name, value, start: at, quoted: false };
}

function jsonPairs(text: string): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  JSON_PAIR.lastIndex = 0;
  for (let m = JSON_PAIR.exec(text); m !== null; m = JSON_PAIR.exec(text)) {
    const raw = m[2];
    const quoted = raw.startsWith('"');
    const valueStart = m.index + m[0].length - raw.length + (quoted ? 1 : 0);
    const value = quoted ? raw.slice(1, -1) : raw;
    pairs.push({ key: m[1], value, start: valueStart, quoted });
    // `"raw": "{\"email\":\"admin@example.com\",\"password\":\"Admin!123\"}"`: a request body in a
    // Postman collection or a fixture, JSON written as a string; its own pairs count too.
    if (quoted && /^\s*[{[]/.test(value) && value.includes('\\"')) {
      ESCAPED_PAIR.lastIndex = 0;
      for (let e = ESCAPED_PAIR.exec(value); e !== null; e = ESCAPED_PAIR.exec(value)) {
        pairs.push({ key: e[1], value: e[2], start: valueStart + e.index + e[0].length - e[2].length - 2, quoted: true });
      }
    }
  }
  return pairs;
}

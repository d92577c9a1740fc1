import micromatch from 'micromatch';
import { escapeRegex } from './regex';

const compiled = new Map<string, (path: string) => boolean>();
/** What globMatcher rewrites in a path; most paths have none of it. */
const NEEDS_NORMALISING = /[\\\r\n\u2028\u2029]|^\.\.\//;

/**
 * A compiled matcher for a list of globs (`dot: true`, `\` read as `/`), built once per list:
 * compiling a glob costs far more than testing a path with it, and the same lists are tested
 * against every file of a scan.
 */
export function globMatcher(globs: readonly string[]): (path: string) => boolean {
  if (globs.length === 0) return () => false;
  const key = globs.join('\0');
  let match = compiled.get(key);
  if (!match) {
    // Each glob is compiled to its regular expression once (a picomatch matcher builds a result
    // object per test); a path equal to a glob matches it, as in picomatch (`app/[id].ts` names
    // that file, though `[id]` is also a character class).
    const regexes = globs.map((g) => micromatch.makeRe(g, { dot: true }));
    const literal = new Set(globs);
    // Every path a glob matches contains one of the glob's plain words (`node_modules`, `.test.`,
    // one per alternative of `{test,spec}`): one pass of a regex of all the words answers most
    // paths, and a path holding some is tested only against the globs that need them, whose
    // regexes picomatch makes slow with lookaheads (the default excludes on a discovery of 2,000
    // files: 9 ms as one regex of the list, 3 ms so). A glob without words (`**`) is always tested.
    const gated: Array<{ has: (posix: string) => boolean; re: RegExp }> = [];
    const always: RegExp[] = [];
    const allWords = new Set<string>();
    globs.forEach((glob, i) => {
      const words = neededWords(glob);
      if (!words) return always.push(regexes[i]);
      for (const w of words) allWords.add(w);
      const [only] = words;
      const any = words.length > 1 ? anyOf(words) : undefined;
      gated.push({ has: any ? (posix) => any.test(posix) : (posix) => posix.includes(only), re: regexes[i] });
    });
    const anyWord = anyOf([...allWords]);
    const test = (posix: string): boolean => {
      if (literal.has(posix)) return true;
      for (const re of always) if (re.test(posix)) return true;
      if (gated.length === 0 || !anyWord.test(posix)) return false;
      for (const { has, re } of gated) if (has(posix) && re.test(posix)) return true;
      return false;
    };
    match = (path) => {
      // Line breaks are legal in names, but a glob's `*` never matches them: read as a space.
      // A file outside the folder (`vigil scan ../api`) is matched by its path below the `..` steps:
      // `**` never crosses `..`, so a test folder there would otherwise not count as one.
      const posix = NEEDS_NORMALISING.test(path)
        ? path
            .replace(/\\/g, '/')
            .replace(/[\r\n\u2028\u2029]/g, ' ')
            .replace(/^(?:\.\.\/)+/, '')
        : path;
      return test(posix);
    };
    compiled.set(key, match);
  }
  return match;
}

/** More alternatives than this in a glob's braces: it is tested without words. */
const MAX_ALTERNATIVES = 256;

/**
 * Words one of which every path `glob` matches contains: the needed text of each alternative its
 * braces expand to (`{test,tests}/**` to `test/**` and `tests/**`). None for a negated glob, one
 * with an escape (expansion reads escapes its own way) or an alternative with no word.
 */
function neededWords(glob: string): string[] | undefined {
  if (glob.startsWith('!') || glob.includes('\\')) return undefined;
  const alternatives = glob.includes('{') ? micromatch.braces(glob, { expand: true }) : [glob];
  if (alternatives.length === 0 || alternatives.length > MAX_ALTERNATIVES) return undefined;
  const words = alternatives.map(neededText);
  return words.every((w): w is string => w !== undefined) ? [...new Set(words)] : undefined;
}

function anyOf(words: string[]): RegExp {
  return new RegExp(words.map(escapeRegex).join('|'));
}

/**
 * The longest run of plain characters within one segment of `glob` (`node_modules` in
 * `**\/node_modules/**`, `.test.` in `**\/*.test.*`): every path the glob matches contains it. None
 * for a negated glob or one with no run of two characters: outside braces, classes and extglob
 * groups, escapes reset the run, and `/` ends it (`**\/` may match nothing).
 */
function neededText(glob: string): string | undefined {
  if (glob.startsWith('!')) return undefined;
  let best = '';
  let run = '';
  let depth = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\') {
      i++;
      run = '';
    } else if (c === '{' || c === '[' || c === '(') {
      depth++;
      run = '';
    } else if (c === '}' || c === ']' || c === ')') {
      depth = Math.max(0, depth - 1);
      run = '';
    } else if (depth === 0 && /[\w.-]/.test(c)) {
      run += c;
      if (run.length > best.length) best = run;
    } else {
      run = '';
    }
  }
  return best.length >= 2 ? best : undefined;
}

/**
 * What is wrong with a glob from a setting or a pack, or undefined: empty, absolute (globs match
 * paths relative to the workspace folder), or one that can never match (an unclosed brace, a
 * reversed range). Such a glob is reported and left out instead of silently matching nothing.
 */
export function globProblem(glob: string): string | undefined {
  // Packs repeat a few globs (the built-in one: 191 globs, 31 distinct), and checking one compiles it.
  if (problems.has(glob)) return problems.get(glob);
  const problem = findProblem(glob);
  if (problems.size >= 1000) problems.clear();
  problems.set(glob, problem);
  return problem;
}

const problems = new Map<string, string | undefined>();

function findProblem(glob: string): string | undefined {
  if (glob.trim() === '') return 'is empty';
  if (/^([a-zA-Z]:)?[\\/]/.test(glob)) return 'is an absolute path: globs match paths relative to the workspace folder (for example "dist/**")';
  let re: RegExp;
  try {
    re = micromatch.makeRe(glob, { dot: true });
  } catch (err) {
    return `is not a valid glob (${(err as Error).message})`;
  }
  if (re.source === '$^') return 'can never match anything (check its brackets and braces)';
  return undefined;
}

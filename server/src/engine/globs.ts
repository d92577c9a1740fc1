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
    // Every path a glob matches contains the glob's plain word (`node_modules`, `.test.`): one pass
    // of a regex of the words answers most paths, and a path holding some is tested only against
    // the globs that need them, whose regexes picomatch makes slow with lookaheads (the default
    // excludes on a discovery of 2,000 files: 9 ms as one regex of the list, 3 ms so).
    const needed = globs.map(neededText);
    const words = needed.every((w): w is string => w !== undefined) ? needed : undefined;
    const anyWord = words && new RegExp([...new Set(words)].map(escapeRegex).join('|'));
    // A glob without a word (`**`, a negated glob): one regex for the whole list.
    const flags = regexes[0].flags;
    const combined = !words && regexes.every((r) => r.flags === flags) ? new RegExp(regexes.map((r) => `(?:${r.source})`).join('|'), flags) : undefined;
    const test = (posix: string): boolean => {
      if (literal.has(posix)) return true;
      if (words && anyWord) {
        if (!anyWord.test(posix)) return false;
        for (let i = 0; i < words.length; i++) if (posix.includes(words[i]) && regexes[i].test(posix)) return true;
        return false;
      }
      return combined ? combined.test(posix) : regexes.some((r) => r.test(posix));
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

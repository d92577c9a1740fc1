import micromatch from 'micromatch';

const compiled = new Map<string, (path: string) => boolean>();

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
    const tests = globs.map((g) => micromatch.matcher(g, { dot: true }));
    match = (path) => {
      const posix = path.replace(/\\/g, '/');
      return tests.some((test) => test(posix));
    };
    compiled.set(key, match);
  }
  return match;
}

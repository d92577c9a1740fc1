/** How many names a test remembers its verdict for (under half a megabyte each), and how long they may be. */
const MEMO_NAMES = 4_096;
const MEMO_NAME_LENGTH = 32;

/**
 * A test of bound names (`id`, `url`, `token`) that remembers its verdict: the same names come back
 * in file after file, and a rule tests every binding of every file. Bounded, in memory only, and
 * never for a long name (a key could be a token).
 */
export function rememberingNameTest(test: (name: string) => boolean): (name: string) => boolean {
  const verdicts = new Map<string, boolean>();
  return (name) => {
    if (name.length > MEMO_NAME_LENGTH) return test(name);
    let verdict = verdicts.get(name);
    if (verdict === undefined) {
      verdict = test(name);
      if (verdicts.size >= MEMO_NAMES) verdicts.clear();
      verdicts.set(name, verdict);
    }
    return verdict;
  };
}

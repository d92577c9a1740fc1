/** Error in a rule pack's regex, with the pattern named so a team lead can find it. */
export class RegexError extends Error {}

/** Compiles a regex from a rule pack, turning JavaScript's terse error into a clear one. */
export function compileRegex(pattern: string, flags = ''): RegExp {
  try {
    return new RegExp(pattern, flags);
  } catch (err) {
    throw new RegexError(`invalid regular expression /${pattern}/${flags}: ${(err as Error).message}`);
  }
}

/** Global (and sticky-free) copy of a regex for matchAll-style scanning. */
export function globalRegex(pattern: string, flags = ''): RegExp {
  const unique = new Set((flags + 'g').split(''));
  unique.delete('y');
  return compileRegex(pattern, [...unique].join(''));
}

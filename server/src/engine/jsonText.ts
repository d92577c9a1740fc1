import { findNodeAtLocation, parse, ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';

// One way to read JSON everywhere (packs in the CLI, `pack test` and the editor; baselines). Strict
// JSON, checked by jsonc-parser for a position-only error message, then built by JSON.parse, which
// keeps `__proto__` a plain key: an object assignment (`obj[key] = value`) would swap the object's
// prototype and hide what it holds from every check while still being read by the code after it.

export type JsonRead = { value: unknown } | { error: { message: string; offset: number } };

/** Never echoes the file: V8's own messages quote a slice of it, and a pack may hold a pasted secret. */
export function readJson(text: string): JsonRead {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0) return { error: { message: printParseErrorCode(errors[0].error), offset: errors[0].offset } };
  if (text.trim() === '') return { error: { message: 'empty file, not JSON', offset: 0 } };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return { error: { message: 'not valid JSON', offset: 0 } };
  }
}

/** `readJson` that throws `not valid JSON at line L, column C: what` (never the text). */
export function parseJsonText(text: string): unknown {
  const read = readJson(text);
  if ('value' in read) return read.value;
  if (read.error.message.startsWith('empty file')) throw new Error(read.error.message);
  const before = text.slice(0, read.error.offset);
  const line = before.split('\n').length;
  throw new Error(`not valid JSON at line ${line}, column ${read.error.offset - before.lastIndexOf('\n')}: ${read.error.message}`);
}

/**
 * Finds the 1-based line of a JSON path such as `rules[3].detector.pattern` (the nearest existing
 * node). The tree and the line starts are built once per pack: a pack with thousands of problems
 * costs one parse, not one per problem (2,000 broken rules took 25 s).
 */
export function problemLines(text: string): (jsonPath: string) => number | undefined {
  let tree: ReturnType<typeof parseTree> | null | undefined;
  let starts: number[] | undefined;
  return (jsonPath) => {
    if (tree === undefined) tree = parseTree(text) ?? null;
    if (!tree) return undefined;
    const segments = jsonPath
      .split(/\.|\[(\d+)\]/)
      .filter((s) => s !== undefined && s !== '')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    for (let n = segments.length; n >= 0; n--) {
      const node = findNodeAtLocation(tree, segments.slice(0, n));
      if (node) return lineAtOffset((starts ??= lineStarts(text)), node.offset);
    }
    return undefined;
  };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Binary search: the line holding `offset`. */
function lineAtOffset(starts: number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export function lineAt(text: string, offset: number): number {
  return lineAtOffset(lineStarts(text), offset);
}

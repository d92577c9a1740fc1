import { ts } from './typescript';
import { assertParsable } from './parseCost';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const { JSDocParsingMode, ScriptKind, ScriptTarget, createSourceFile, createTextChangeRange, createTextSpan, updateSourceFile } = ts;

export function scriptKindFor(path: string): ts.ScriptKind {
  const p = path.toLowerCase();
  if (p.endsWith('.tsx')) return ScriptKind.TSX;
  if (p.endsWith('.jsx')) return ScriptKind.JSX;
  if (/\.(js|mjs|cjs)$/.test(p)) return ScriptKind.JS;
  return ScriptKind.TS;
}

/**
 * Syntax only: no JSDoc (no rule reads it) and no parent pointers (the facts walk sets them as it
 * goes, saving the parser a second walk over the tree).
 */
const PARSE_OPTIONS: ts.CreateSourceFileOptions = { languageVersion: ScriptTarget.Latest, jsDocParsingMode: JSDocParsingMode.ParseNone };

/** Throws ParseTooCostly (parseCost.ts) for a text the parser would not finish in reasonable time. */
export function parseJs(path: string, text: string): ts.SourceFile {
  assertParsable(text);
  return parseWhole(path, text);
}

function parseWhole(path: string, text: string): ts.SourceFile {
  return createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
}

/**
 * The names of trees re-parsed incrementally (see namesIndex). The parser indexes only the nodes
 * it parsed again, so such a tree gets the union of that and its previous tree's names (every node
 * it reused came from that tree), or null when that tree had no index. The union may hold names an
 * edit removed, which only means a call is asked that need not be. A tree parsed whole is not
 * entered: the parser's own index is complete.
 */
const incremental = new WeakMap<ts.SourceFile, Set<string> | null>();

/** The parser's index of a tree it parsed (internal to the compiler, as parseDiagnostics is). */
function ownIndex(tree: ts.SourceFile): ReadonlyMap<string, string> | undefined {
  const index = (tree as unknown as { identifiers?: unknown }).identifiers;
  return index instanceof Map ? (index as ReadonlyMap<string, string>) : undefined;
}

/**
 * Every name in a tree (a superset, for an incrementally re-parsed one): each identifier (types
 * included), `#private` name, quoted property name, string in `o['…']` and module path of an import
 * or export. Undefined when the compiler keeps no index.
 */
export function namesIndex(tree: ts.SourceFile): Iterable<string> | undefined {
  const union = incremental.get(tree);
  if (union !== undefined) return union ?? undefined;
  return ownIndex(tree)?.keys();
}

/**
 * Incremental updates between two whole parses. Nodes a parse creates keep its text alive (the
 * scanner's strings are slices of it), and an updated tree reuses them: each update kept one more
 * version of the text (a 20,000-line file: 1.1 MB more live heap an edit, 47 -> 153 MB after 100
 * edits). A whole parse now and then lets the old versions go.
 */
const UPDATES_PER_PARSE = 8;

/**
 * From this length a tree with parse errors is kept for the next edit. Typing leaves errors behind
 * at nearly every keystroke; a whole parse of a 20,000-line file then cost 31–35 ms an edit against
 * 11 ms for an update (the trees are the same, node for node). Below it a whole parse costs about
 * what an update does (a 2,000-line file: 3.5 against 2.5 ms), and keeping the tree was not free:
 * updates rewrite the parent pointers of the whole kept tree, so new nodes survive young collections
 * and old ones die in the old generation (the server's peak memory during a workspace scan, with
 * a 2,000-line file typed into: 198–202 MB kept, 169–174 MB parsed whole).
 */
const KEEP_WITH_ERRORS_FROM = 100_000;

/**
 * Parses an edited document reusing its previous tree (`memo`), as TypeScript's language service
 * does on every keystroke: only the changed region is re-parsed. The memo then holds the new
 * tree; the previous one must not be used again. A tree with parse errors is kept only for long
 * texts (see KEEP_WITH_ERRORS_FROM): a short one is parsed whole at the next edit.
 */
export function parseIncrementally(path: string, text: string, memo: SyntaxMemoState): ts.SourceFile {
  const previous = memo.tree as ts.SourceFile | undefined;
  let tree: ts.SourceFile | undefined;
  if (previous && memo.text === text && previous.fileName === path) return previous;
  // An update re-parses the nodes around the change, as costly as a whole parse when they nest deeply.
  try {
    assertParsable(text);
  } catch (err) {
    memo.tree = memo.text = undefined;
    throw err;
  }
  if (previous && memo.text !== undefined && previous.fileName === path && (memo.updates ?? 0) < UPDATES_PER_PARSE) {
    try {
      tree = updateSourceFile(previous, text, changedRange(memo.text, text));
    } catch {
      // The compiler refused the change (an inconsistent range): the text is parsed afresh below.
      tree = undefined;
    }
  }
  if (tree) {
    const before = namesIndex(previous!);
    const added = ownIndex(tree);
    // The previous tree is not used again: its union grows in place (a copy of the compiler's own index the first time).
    const union = before === undefined || added === undefined ? null : (incremental.get(previous!) ?? new Set(before));
    if (union) for (const name of added!.keys()) union.add(name);
    incremental.set(tree, union);
    memo.updates = (memo.updates ?? 0) + 1;
  } else {
    tree = parseWhole(path, text);
    memo.updates = 0;
  }
  const keep = text.length >= KEEP_WITH_ERRORS_FROM || parseErrorCount(tree) === 0;
  memo.tree = keep ? tree : undefined;
  memo.text = keep ? text : undefined;
  return tree;
}

/** What parseIncrementally keeps of a document between edits. */
export interface SyntaxMemoState {
  text?: string;
  tree?: unknown;
  /** Incremental updates since the tree was last parsed whole. */
  updates?: number;
}

/** The one span that differs between two texts (common prefix and suffix left out). */
function changedRange(before: string, after: string): ts.TextChangeRange {
  const shorter = Math.min(before.length, after.length);
  // Whole chunks first (a native compare), then characters: an edit is one small span in a big file.
  let start = 0;
  for (const step of [4096, 256, 16, 1]) {
    while (start + step <= shorter && before.slice(start, start + step) === after.slice(start, start + step)) start += step;
  }
  let endBefore = before.length;
  let endAfter = after.length;
  for (const step of [4096, 256, 16, 1]) {
    while (endBefore - step >= start && endAfter - step >= start && before.slice(endBefore - step, endBefore) === after.slice(endAfter - step, endAfter)) {
      endBefore -= step;
      endAfter -= step;
    }
  }
  return createTextChangeRange(createTextSpan(start, endBefore - start), endAfter - start);
}

/** Parse errors in a tree (parseDiagnostics is internal but stable). */
export function parseErrorCount(source: ts.SourceFile): number {
  const diagnostics = (source as unknown as { parseDiagnostics?: unknown[] }).parseDiagnostics;
  return Array.isArray(diagnostics) ? diagnostics.length : 0;
}

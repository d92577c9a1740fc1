import { ts } from './typescript';

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

export function parseJs(path: string, text: string): ts.SourceFile {
  const tree = createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
  parsedWhole.add(tree);
  return tree;
}

/** Trees parsed from the whole text: one re-parsed incrementally indexes only the nodes it parsed again. */
const parsedWhole = new WeakSet<ts.SourceFile>();

/**
 * The parser's own index of a tree's names: every identifier (types included), `#private` name,
 * quoted property name, string in `o['…']` and module path of an import or export. Internal to
 * the compiler (as parseDiagnostics is), so undefined when it is missing, as for a tree re-parsed
 * incrementally.
 */
export function namesIndex(tree: ts.SourceFile): ReadonlyMap<string, string> | undefined {
  if (!parsedWhole.has(tree)) return undefined;
  const index = (tree as unknown as { identifiers?: unknown }).identifiers;
  return index instanceof Map ? (index as ReadonlyMap<string, string>) : undefined;
}

/**
 * Parses an edited document reusing its previous tree (`memo`), as TypeScript's language service
 * does on every keystroke: only the changed region is re-parsed. The memo then holds the new
 * tree; the previous one must not be used again. A tree with parse errors is not kept, so the
 * next edit is parsed afresh: TypeScript cannot reuse nodes that contain errors, and shifting the rest of the tree
 * then costs more than a full parse (measured on a 2,000-line file: 1.3 ms incremental vs 4.4 ms
 * full for edits that keep it valid, 9 ms vs 6 ms once edits leave errors behind).
 */
export function parseIncrementally(path: string, text: string, memo: { text?: string; tree?: unknown }): ts.SourceFile {
  const previous = memo.tree as ts.SourceFile | undefined;
  let tree: ts.SourceFile;
  if (previous && memo.text === text && previous.fileName === path) return previous;
  if (previous && memo.text !== undefined && previous.fileName === path) {
    try {
      tree = updateSourceFile(previous, text, changedRange(memo.text, text));
    } catch {
      tree = parseJs(path, text);
    }
  } else {
    tree = parseJs(path, text);
  }
  // Not kept with errors (see above): it is garbage at once instead of surviving, and being copied
  // by, the next collections.
  memo.tree = parseErrorCount(tree) === 0 ? tree : undefined;
  memo.text = memo.tree ? text : undefined;
  return tree;
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

import { ts } from './typescript';

// Bound once: the compiler's exports are getters, too slow to call per node on the hot path.
const { JSDocParsingMode, ScriptKind, ScriptTarget, createSourceFile } = ts;

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
  return createSourceFile(path, text, PARSE_OPTIONS, false, scriptKindFor(path));
}

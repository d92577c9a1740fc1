import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';

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

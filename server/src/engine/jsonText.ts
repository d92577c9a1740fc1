import { parse, ParseError, printParseErrorCode } from 'jsonc-parser';

/**
 * JSON.parse that never echoes the file: V8's messages quote a slice of the text
 * (`Unexpected token 's', "{"a": sk_live_…"... is not valid JSON`), and a baseline or pack may hold a
 * pasted secret. The error says where and what kind of mistake, never the text.
 */
export function parseJsonText(text: string): unknown {
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length === 0 && text.trim() !== '') return value;
  if (errors.length === 0) throw new Error('empty file, not JSON');
  const { offset, error } = errors[0];
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  throw new Error(`not valid JSON at line ${line}, column ${offset - before.lastIndexOf('\n')}: ${printParseErrorCode(error)}`);
}

// Documentation comments show sample values: `/** @example eyJhbGciOi… */` in a generated API
// schema, `* @example apiKey: "sk_test_…"` in JSDoc, PHPDoc or TSDoc.

const MAX_LINES_BACK = 12;

/**
 * Whether `offset` sits in a doc comment's `@example` section: on the tag's own line, or on a
 * `*` continuation line after it with no other `@tag` in between.
 */
export function inDocExample(text: string, offset: number): boolean {
  let end = text.indexOf('\n', offset);
  if (end === -1) end = text.length;
  for (let i = 0; i < MAX_LINES_BACK; i++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end);
    const tag = /^\s*(?:\/\*\*|\*)?\s*@(\w+)/.exec(line)?.[1] ?? /\/\*\*\s*@(\w+)/.exec(line)?.[1];
    if (tag !== undefined) return tag === 'example' || tag === 'sample';
    // Left the comment (or reached its opening line without a tag): not an example section.
    if (i > 0 && !/^\s*\*(?!\/)/.test(line)) return false;
    if (start === 0) return false;
    end = start - 1;
  }
  return false;
}

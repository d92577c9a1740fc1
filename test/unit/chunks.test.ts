import assert from 'node:assert/strict';
import { MAX_LINE_SCAN, textChunks } from '../../server/src/engine/chunks';

// What pattern rules run on: the whole text, or pieces in which no line is longer than MAX_LINE_SCAN.
describe('text chunks for pattern rules', () => {
  const line = (length: number, fill = 'a'): string => fill.repeat(length);

  it('gives the whole text as one chunk when no line is too long, whatever the text’s length', () => {
    const short = `${line(80)}\n`.repeat(2_000);
    assert.deepEqual(textChunks(short), [[short, 0]]);
    const atLimit = `${line(MAX_LINE_SCAN)}\n${line(MAX_LINE_SCAN)}\n${line(10)}`;
    assert.deepEqual(textChunks(atLimit), [[atLimit, 0]]);
  });

  it('cuts a line one character over the limit into pieces, wherever it is, and keeps every offset', () => {
    const long = line(MAX_LINE_SCAN + 1, 'L');
    const cases = [`${long}\n${line(30_000, 'b').replace(/b{99}/g, (m) => `${m.slice(1)}\n`)}`, `${`${line(70)}\n`.repeat(1_000)}${long}\n${line(5)}`, `${`${line(70)}\n`.repeat(1_000)}${long}`];
    for (const text of cases) {
      const chunks = textChunks(text);
      assert.ok(chunks.length > 1, 'split');
      for (const [chunk, at] of chunks) {
        assert.equal(text.slice(at, at + chunk.length), chunk, 'each chunk is the text at its offset');
        assert.ok(chunk.split('\n').every((l) => l.length <= MAX_LINE_SCAN));
      }
      assert.equal(
        chunks
          .map(([c]) => c)
          .join('')
          .replace(/\n/g, '').length,
        text.replace(/\n/g, '').length,
        'no character is lost',
      );
      assert.ok(chunks.some(([c]) => c === line(MAX_LINE_SCAN, 'L')) && chunks.some(([c]) => c === 'L'), 'the long line in pieces of the limit');
    }
  });
});

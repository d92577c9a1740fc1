import assert from 'node:assert/strict';
import { parseBudget, parseWork } from '../../server/src/syntax/parseCost';

// TypeScript's parser reads each `async function` / `async (` / `async.each(` expression twice (once
// ahead, to rule out an arrow function), so nesting doubles its time per level; parseWork estimates
// that work.
const nested = (line: string, levels: number, close = ''): string => line.repeat(levels) + close.repeat(levels);
const over = (text: string): boolean => parseWork(text) > parseBudget(text.length);

describe('parse cost of nested async expressions', () => {
  it('doubles with each level of unclosed async function expressions (a diff of a test file)', () => {
    const line = "  it('works', async function () {\n";
    const ten = parseWork(nested(line, 10));
    const eleven = parseWork(nested(line, 11));
    assert.ok(eleven / ten > 1.8 && eleven / ten < 2.2, `${ten} → ${eleven}`);
    assert.ok(over(nested(line, 40)), 'forty levels are over budget');
  });

  it('counts closed nesting, `async (` groups, `async` library calls, generators and template expressions', () => {
    for (const [open, close] of [
      ['f(async function () {\n', '})\n'],
      ['x = async (\n', ')\n'],
      ['f(async function* () {\n', '})\n'],
      ['f(`${async function () {\n', '}}`)\n'],
      ["x = { a: async function () { a('}'); // }\n", '}}\n'],
      ['async.each(ids, function (id, next) {\n', '});\n'],
      ['async . series([\n', ']);\n'],
      ['async.each\n(ids, function () {\n', '});\n'],
      ['async[f(function () {\n', '})];\n'],
      ['x = async + f(function () {\n', '});\n'],
    ]) {
      assert.ok(over(nested(open, 24, close)), `24 levels of ${JSON.stringify(open)}`);
      assert.ok(!over(nested(open, 3, close)), `3 levels of ${JSON.stringify(open)}`);
    }
  });

  it('does not count what the parser does not read ahead: declarations, arrow functions, other words, prose', () => {
    for (const line of [
      'async function step() {\n',
      'export async function step() {\n',
      'f(async () => {\n',
      'f(async (a) => {\n',
      'x.async(function () {\n',
      'x.async.each(ids, function () {\n',
      'asyncLib.each(ids, function () {\n',
      'async\n.each(ids, function () {\n',
      'f(async x => {\n',
      'x = { async: f(function () {\n',
      ' * Runs async work (in the background) with `async/await` (see run).\n',
      '// the async effect ("async effect") [retries]\n',
      'isAsync(function () {\n',
      '// async function () {\n',
    ]) {
      const text = nested(line, 30);
      assert.ok(parseWork(text) < 2 * text.length, `${JSON.stringify(line)}: ${parseWork(text)} for ${text.length} characters`);
    }
  });

  it('does not take prose in documentation comments for code: the text is not even estimated', () => {
    const doc = '/**\n * Runs async work in the background (see `async/await`), as an async effect. An async operation (retried).\n */\n';
    const text = `${doc}run(function () {\n  step();\n});\n`.repeat(10);
    assert.equal(parseWork(text), text.length);
  });

  it('leaves a test file of many closed async tests, two levels deep, near its length', () => {
    const test = "  it('case', async function () {\n    await run('x');\n  });\n";
    const text = `describe('suite', function () {\n${test.repeat(200)}});\n`;
    assert.ok(parseWork(text) < 2 * text.length, `${parseWork(text)} for ${text.length} characters`);
  });
});

import assert from 'node:assert/strict';
import fc from 'fast-check';
import { scanText } from '../../server/src/engine/scan';
import { ScanResult } from '../../server/src/engine/types';
import { decodeForScan } from '../../server/src/workspace/read';
import { builtinPack } from '../../server/src/packs/builtin';

// Hostile and odd input: the engine returns findings or a skip reason, never throws, and every
// range lies inside the document. Times are printed (not asserted) for the closing report; the
// only bound asserted is a generous one that a hang would break.
const { pack } = builtinPack();
const timings: Array<[string, number]> = [];

function check(name: string, path: string, text: string): ScanResult {
  const started = process.hrtime.bigint();
  const result = scanText({ path, text }, pack);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  timings.push([name, ms]);
  const lines = text.split(/\r\n|\r|\n/);
  for (const f of [...result.findings, ...result.suppressed]) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line < lines.length, `${name}: line ${p.line} outside the document`);
      assert.ok(p.character >= 0 && p.character <= lines[p.line].length, `${name}: character ${p.character} outside line ${p.line}`);
    }
  }
  return result;
}

describe('hostile and odd input (property-based)', function () {
  this.timeout(300_000);
  after(() => {
    const slowest = [...timings].sort((a, b) => b[1] - a[1])[0];
    console.log(`      hostile input: ${timings.length} scans, slowest ${slowest[0]} in ${slowest[1].toFixed(0)} ms`);
  });

  const paths = fc.constantFrom('a.ts', 'a.js', 'a.tsx', '.env', 'config.yaml', 'settings.json', 'Dockerfile', 'x.py');

  it('random text never throws and keeps ranges inside the document (500 cases)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2000 }), paths, (text, path) => {
        check('random text', path, text);
      }),
      { numRuns: 500 },
    );
  });

  it('random code-like text with secrets, URLs and calls mixed in (500 cases)', () => {
    const token = fc.constantFrom(
      "'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'",
      "createHash('md5')",
      "fetch('http://x.acme-corp.io')",
      '`${',
      '/*',
      '*/',
      '//',
      '"',
      "'",
      '{',
      '}',
      '(',
      ')',
      '\n',
      '\r\n',
      '\\',
      'password = ',
      'vigil-ignore-next-line',
      '\u2028',
      '\uFEFF',
      '\0',
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(token, fc.string({ maxLength: 8 })), { maxLength: 200 }), paths, (parts, path) => {
        check('code-like', path, parts.join(''));
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes and invalid UTF-8 are decoded or skipped, never thrown on (300 cases)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const read = decodeForScan(bytes);
        if ('text' in read) check('random bytes', 'blob.ts', read.text);
        else assert.equal(read.skipped, 'binary file');
      }),
      { numRuns: 300 },
    );
  });

  it('10,000 levels of nesting, in many shapes', () => {
    for (const [open, close] of [
      ['(', ')'],
      ['[', ']'],
      ['{a:', '}'],
      ['f(', ')'],
      ['`${', '}`'],
      ['<a>', '</a>'],
    ]) {
      // One level per line, so the file is analysed (not skipped as minified).
      const text = `const x = ${`${open}\n`.repeat(10_000)}1${`${close}\n`.repeat(10_000)};\nfetch('http://api.acme-corp.io');`;
      const r = check(`nesting ${open}`, 'deep.tsx', text);
      assert.equal(r.skipped, undefined);
      // The syntax tree may be too deep to walk: then syntax rules are skipped with a reason, text rules still run.
      assert.ok(r.findings.length > 0 || r.failures.some((f) => /nested too deeply|could not be parsed/.test(f.message)), JSON.stringify(r.failures));
    }
  });

  // TypeScript's parser doubles its time with each level: unguarded, each of these takes about half
  // a minute (a mocha timeout, then), and 40 levels never finish.
  for (const [what, line] of [
    ['async functions nested 22 deep (the added lines of a test file in a diff)', "  it('works', async function () {\n"],
    ['async library calls nested 22 deep (the added lines of a callback-style script in a diff)', '  async.eachSeries(ids, function (id, next) {\n'],
  ]) {
    it(`${what} skip syntax rules, not the scan`, function () {
      this.timeout(20_000);
      const text = `const isEqual = require('lodash.isequal');\n${line.repeat(22)}const token = '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';\n`;
      const r = check(what, 'model.test.js', text);
      assert.ok(
        r.failures.some((f) => f.ruleId === 'vigil.syntax' && /async` expressions nested too deeply/.test(f.message)),
        JSON.stringify(r.failures),
      );
      // Text rules still run.
      assert.ok(r.findings.some((f) => f.ruleId === 'secret.github-pat-token'));
    });
  }

  it('async functions and async library calls nested a few levels deep, closed or not, are analysed by syntax rules', () => {
    for (const [open, close] of [
      ["describe('api', async function () {\n", '});\n'],
      ['async.each(ids, function (id, next) {\n', '});\n'],
    ]) {
      for (const end of ['', close]) {
        const text = `${open.repeat(4)}fetch('http://api.acme-corp.io');\n${end.repeat(4)}`;
        const r = check('four levels of async expressions', 'client.js', text);
        assert.deepEqual(r.failures, []);
        assert.ok(r.findings.some((f) => f.ruleId === 'transport.insecure-url'));
      }
    }
  });

  it('a 10 MB single-line minified bundle is skipped with a reason', () => {
    const text = 'var a=function(b){return b+1};'.repeat(350_000);
    assert.match(check('10 MB minified', 'bundle.js', text).skipped ?? '', /too large|minified/);
  });

  it('200,000 short lines, syntax errors, BOMs, CRLF and mixed line endings, NUL bytes, huge literals', () => {
    const lines = check('200,000 lines', 'big.ts', `${Array.from({ length: 200_000 }, (_, i) => `f${i % 10}();`).join('\n')}\nfetch('http://api.acme-corp.io');`);
    assert.equal(lines.skipped, undefined);
    assert.deepEqual(
      lines.findings.map((f) => [f.ruleId, f.range.start.line]),
      [['transport.insecure-url', 200_000]],
    );
    const broken = check('syntax errors', 'broken.ts', "function ( { const = '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' ;;; }}}} fetch('http://api.acme-corp.io'");
    assert.ok(broken.findings.some((f) => f.ruleId === 'secret.github-pat-token'));
    const bom = check('BOM + CRLF', 'bom.ts', "\uFEFFconst a = 1;\r\nfetch('http://api.acme-corp.io');\r\n");
    assert.deepEqual(
      bom.findings.map((f) => [f.ruleId, f.range.start.line]),
      [['transport.insecure-url', 1]],
    );
    const mixed = check('mixed endings', 'mixed.ts', "a;\rb;\nfetch('http://api.acme-corp.io');\r\nc;");
    assert.equal(mixed.findings[0].range.start.line, 2);
    check('NUL bytes', 'nul.ts', "const a = '\0\0';\0fetch('http://api.acme-corp.io');");
    const huge = check('huge literal', 'huge.ts', `const blob = '${'A'.repeat(1_500_000)}';\nfetch('http://api.acme-corp.io');`);
    assert.ok(huge.skipped === undefined || /too large|minified/.test(huge.skipped));
  });
});

import assert from 'node:assert/strict';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

// An open document keeps its syntax tree between edits (syntax/parse.ts parseIncrementally): each
// result must be exactly what a scan from scratch gives, whether the edit keeps the file valid
// (the tree is updated) or leaves parse errors behind (a long text's tree is updated all the same,
// a short one is parsed afresh).

const pack = builtinPack().pack;
const TOKEN = 'gh' + 'p_' + 'Zq7Rk2Lm9Xv4Bn8Ct1Wy6Hs3Jd5Fg0Ka2Pe';
const BLOCK = (i: number): string =>
  [
    `// block ${i}: helpers`,
    `import { createHash } from 'node:crypto';`,
    `export const token${i} = '${TOKEN}';`,
    `export const url${i} = 'http://partner-${i}.example-corp.com/api';`,
    `export function digest${i}(password: string) {`,
    `  return createHash('md5').update(password).digest('hex');`,
    `}`,
    `export const ping${i} = () => fetch(url${i});`,
  ].join('\n');

/** Over 100,000 characters: a tree with parse errors is kept for the next edit (parse.ts KEEP_WITH_ERRORS_FROM). */
const long = (text: string): string => `${text}\n${'// filler: a long file keeps its tree through parse errors\n'.repeat(1800)}`;

describe('incremental parsing of an edited document', () => {
  it('gives exactly the results of a scan from scratch after every edit, valid or not', () => {
    let text = Array.from({ length: 30 }, (_, i) => BLOCK(i)).join('\n\n');
    const memo: { text?: string; tree?: unknown } = {};
    const edits: Array<(t: string) => string> = [
      (t) => t.replace('// block 3: helpers', '// block 3: helpers, edited'), // comment: stays valid
      (t) => t.replace("createHash('md5')", "createHash('sha256')"), // fixes a finding
      (t) => t.replace('export function digest7(', 'export function digest7(('), // a parse error
      (t) => t.replace("'http://partner-9.", "'https://partner-9."), // while the error is there
      (t) => t.replace('export function digest7((', 'export function digest7('), // error fixed
      (t) => t.replace('// block 12: helpers', '// block 12: helpers!'),
      (t) => `${t}\nexport const late = 'http://late.example-corp.com';\n`, // appended
      (t) => t.slice(0, t.indexOf('// block 20')), // a big deletion
      (t) => t.replace(`export const token5 = '${TOKEN}';`, 'export const token5 = process.env.TOKEN;'),
    ];
    for (const [n, edit] of edits.entries()) {
      text = edit(text);
      const incremental = scanText({ path: 'src/mod.ts', text, syntaxMemo: memo }, pack);
      const fresh = scanText({ path: 'src/mod.ts', text }, pack);
      assert.deepEqual(incremental, fresh, `edit ${n + 1}`);
      assert.ok(fresh.findings.length > 0);
    }
  });

  it('gives the results of a scan from scratch at every keystroke of typing that leaves errors behind', () => {
    // Characters typed one at a time into a file, as an editor sends them: an unclosed call, an
    // unclosed block, a stray word, text deleted again; most steps leave the file unparsable.
    let text = long(Array.from({ length: 12 }, (_, i) => BLOCK(i)).join('\n\n'));
    const memo: { text?: string; tree?: unknown } = {};
    scanText({ path: 'src/typed.ts', text, syntaxMemo: memo }, pack);
    const typed: Array<[string, string]> = [
      ['export const ping3', ' = () => fetch("http://new-host.example-corp.com/x", {'],
      ["createHash('md5').update(password)", '.update(salt'],
      ['// block 8: helpers', '\nexport const login8 = (password: string) => digest2(password'],
      ['export const url1', 'x'],
    ];
    let steps = 0;
    const check = (): void => {
      steps++;
      assert.deepEqual(scanText({ path: 'src/typed.ts', text, syntaxMemo: memo }, pack), scanText({ path: 'src/typed.ts', text }, pack), `step ${steps}`);
    };
    for (const [after, insert] of typed) {
      const at = text.indexOf(after) + after.length;
      for (let i = 0; i < insert.length; i++) {
        text = text.slice(0, at + i) + insert[i] + text.slice(at + i);
        check();
      }
    }
    // Then the last two insertions are taken back, a character at a time.
    for (const [after, insert] of typed.slice(2).reverse()) {
      const at = text.indexOf(after) + after.length;
      for (let i = insert.length - 1; i >= 0; i--) {
        text = text.slice(0, at + i) + text.slice(at + i + 1);
        check();
      }
    }
    assert.ok(steps > 60);
  });

  it('still reports a helper call that hashes a password after an edit elsewhere in the file', () => {
    // The re-parsed tree's own index of names holds only what was parsed again (`n` here), so it
    // cannot tell that `password` is named: the helper call must be asked all the same.
    const text = [
      "import { createHash } from 'node:crypto';",
      "const weak = (s: string) => createHash('md5').update(s).digest('hex');",
      'export function login(password: string) {',
      '  return weak(password);',
      '}',
      'export const n = 1;',
    ].join('\n');
    const memo: { text?: string; tree?: unknown } = {};
    scanText({ path: 'src/login.ts', text, syntaxMemo: memo }, pack);
    const edited = text.replace('n = 1', 'n = 2');
    const lines = (r: ReturnType<typeof scanText>) => r.findings.map((f) => [f.ruleId, f.severity, f.range.start.line]);
    assert.deepEqual(lines(scanText({ path: 'src/login.ts', text: edited, syntaxMemo: memo }, pack)), [
      ['crypto.weak-hash', 'info', 1],
      ['crypto.weak-hash', 'error', 3],
    ]);
  });

  it('reports a helper call with a password whose name was typed after the file was opened, parse errors and all', () => {
    // No name in the opened file says password: the names an edit brings are indexed too.
    const text = long(
      [
        "import { createHash } from 'node:crypto';",
        "const weak = (s: string) => createHash('md5').update(s).digest('hex');",
        'export function save(data: string) {',
        '  return weak(data);',
        '}',
        'export const broken = (',
      ].join('\n'),
    );
    const memo: { text?: string; tree?: unknown } = {};
    const lines = (r: ReturnType<typeof scanText>) => r.findings.map((f) => [f.ruleId, f.severity, f.range.start.line]);
    assert.deepEqual(lines(scanText({ path: 'src/save.ts', text, syntaxMemo: memo }, pack)), [['crypto.weak-hash', 'info', 1]]);
    const edited = text.replace('save(data: string)', 'save(passwd: string)').replace('weak(data)', 'weak(passwd)');
    const expected = [
      ['crypto.weak-hash', 'info', 1],
      ['crypto.weak-hash', 'error', 3],
    ];
    assert.deepEqual(lines(scanText({ path: 'src/save.ts', text: edited }, pack)), expected);
    assert.deepEqual(lines(scanText({ path: 'src/save.ts', text: edited, syntaxMemo: memo }, pack)), expected);
  });
});

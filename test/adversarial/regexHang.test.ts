import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

// Hostile testing: pack regexes with polynomial backtracking (`[\w.-]+[\w-]*\w*@…`, `(a?b?)*c`)
// passed the heuristic guard, and a 3 KB file then hung the CLI for over a minute. Pack regexes now
// run on V8's linear-time engine: such a pattern is harmless by construction, and what that engine
// cannot run is refused with its name, the same way by `pack test` and by `scan`.

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const CLI = path.resolve(__dirname, '../../server/src/cli.ts');
const rule = (id: string, pattern: string, keyword: string) => ({
  id,
  name: id,
  category: 'secret',
  severity: 'error',
  message: `${id} {{value}}`,
  tip: 'x',
  detector: { kind: 'pattern', pattern, keywords: [keyword] },
  examples: { match: [`k = '${keyword}'`], noMatch: ["k = ''"] },
});

describe('adversarial: pack regexes that backtrack', function () {
  this.timeout(90_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-regex-'));
    mkdirSync(path.join(dir, '.vigil'));
    const pack = {
      id: 'hostile',
      version: '1.0.0',
      rules: [rule('hostile.email', '[\\w.-]+[\\w-]*\\w*@acme\\.example', '@'), rule('hostile.ab', '(a?b?)*c', 'ab'), rule('hostile.look', '(?<=token=)[a-z]{8}', 'token=')],
    };
    writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify(pack));
    writeFileSync(path.join(dir, 'input.txt'), `${'a.'.repeat(1500)}@\n${'ab'.repeat(1500)}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a scan of the 3 KB file ends at once, and the lookbehind is refused by name by scan and pack test alike', () => {
    const started = Date.now();
    const scan = spawnSync(TSX, [CLI, 'scan', 'input.txt', '--format', 'json', '--no-cache'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.notEqual(scan.signal, 'SIGTERM', 'the scan hung');
    assert.ok(Date.now() - started < 30_000, `${Date.now() - started} ms`);
    assert.equal(scan.status, 2, 'the refused rule is a configuration error; the scan still ran');
    assert.match(scan.stderr, /rules\[2\]\.detector: regular expression \/\(\?<=token=\)\[a-z\]\{8\}\/ uses a lookahead or lookbehind/);
    const test = spawnSync(TSX, [CLI, 'pack', 'test', '.vigil/pack.json'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.match(test.stdout + test.stderr, /rules\[2\]\.detector: regular expression \/\(\?<=token=\)\[a-z\]\{8\}\/ uses a lookahead or lookbehind/);
  });
});

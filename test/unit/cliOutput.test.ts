import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { detectTerminal, progressLine } from '../../server/src/cli/terminal';
import { VIGIL_VERSION } from '../../server/src/version';
import { vigil } from './support/runCli';

// The text report is for people: grouped by file like ESLint's stylish formatter, one piece of
// advice per row, a summary with correct plurals, the skipped files on request, the next steps,
// colour only where it belongs, and never a secret in clear.

const TOKEN = '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';
const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const CLI = path.resolve(__dirname, '../../server/src/cli.ts');
const ESC = '\x1b';

describe('CLI: text output', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-text-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Two files: three findings in all, one error and two warnings. */
  function twoFiles(): void {
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src', 'app.ts'), `export const token = '${TOKEN}';\n`);
    writeFileSync(path.join(dir, 'client.js'), "fetch('http://api.acme-corp.io/x');\n\n\n\n\n\n\n\n\nconst h = require('crypto').createHash('md5').update(body).digest('hex');\n");
  }

  it('groups findings under a header per file, rows aligned as line:col  severity  rule-id  message', async () => {
    twoFiles();
    const { code, out } = await vigil(['scan', '.', '--no-cache'], dir);
    assert.equal(code, 1);
    const lines = out.split('\n');
    const at = lines.indexOf('client.js');
    assert.ok(at >= 0, out);
    assert.match(lines[at + 1], /^ {2}1:8 {4}warning {2}transport\.insecure-url {3}Unencrypted connection to http:\/\/api\.acme-corp\.io\/x: /);
    assert.match(lines[at + 2], /^ {2}10:41 {2}warning {2}crypto\.weak-hash {9}'md5' is a broken hash algorithm/);
    assert.equal(lines[at + 3], '', 'a blank line after each file');
    const app = lines.indexOf('src/app.ts');
    assert.ok(app >= 0, out);
    assert.match(lines[app + 1], /^ {2}1:23 {3}error {4}secret\.github-pat-token {2}Hardcoded GitHub personal access token ghp_\*+/);
    // Every row's message starts in the same column, across files.
    const rows = lines.filter((l) => /^ {2}\d+:\d+ /.test(l));
    assert.equal(rows.length, 3);
    const starts = new Set(rows.map((l) => l.search(/(Unencrypted|'md5'|Hardcoded)/)));
    assert.equal(starts.size, 1, rows.join('\n'));
    assert.ok(!out.includes(':1:8'), 'no file:line:col rows any more');
  });

  it('summarises with correct plurals: one, many, none', async () => {
    twoFiles();
    const many = await vigil(['scan', '.', '--no-cache'], dir);
    assert.match(many.out, /^3 findings in 2 files \(1 error, 2 warnings\) · 2 files scanned$/m);
    const one = await vigil(['scan', 'src', '--no-cache'], dir);
    assert.match(one.out, /^1 finding in 1 file \(1 error\) · 1 file scanned$/m);
    writeFileSync(path.join(dir, 'clean.ts'), 'export const a = 1;\n');
    const none = await vigil(['scan', 'clean.ts', '--no-cache'], dir);
    assert.equal(none.code, 0);
    assert.equal(none.out, 'No findings · 1 file scanned\n');
  });

  it("ends with the next steps: the worst rule's tip, how to suppress, how to baseline", async () => {
    twoFiles();
    const { out } = await vigil(['scan', '.', '--no-cache'], dir);
    const tail = out.slice(out.indexOf('\nNext steps\n'));
    assert.match(tail, /^ {2}vigil explain secret\.github-pat-token {2,}a rule's tip/m, "the most severe finding's rule");
    assert.match(tail, /^ {2}vigil-ignore-next-line RULE-ID -- REASON {2,}in a comment on the line above/m);
    assert.match(tail, /^ {2}vigil baseline create {2,}accept today's findings/m);
    // The commands named are the real ones.
    assert.equal((await vigil(['explain', 'secret.github-pat-token'])).code, 0);
    assert.equal((await vigil(['baseline', 'create', '--output', path.join(dir, 'b.json')], dir)).code, 0);
  });

  it("one piece of advice per row: the engine's notes only with --verbose; JSON keeps the full message", async () => {
    writeFileSync(path.join(dir, 'auth.js'), "const crypto = require('crypto');\nexports.h = (password) => crypto.createHash('sha1').update(password).digest('hex');\n");
    const text = await vigil(['scan', '.', '--no-cache'], dir);
    const row = text.out.split('\n').find((l) => l.includes('crypto.weak-hash')) ?? '';
    assert.match(row, /'sha1' hashes a password: .*migrate to scrypt, argon2 or bcrypt/);
    assert.ok(!row.includes('no automatic fix'), row);
    assert.ok(row.endsWith('(see the tip).'), row);
    const verbose = await vigil(['scan', '.', '--no-cache', '--verbose'], dir);
    assert.match(verbose.out, /\n {20,}\(no automatic fix: changing the hash locks out every stored password\)\n/);
    const json = JSON.parse((await vigil(['scan', '.', '--no-cache', '--format', 'json'], dir)).out);
    assert.match(json.findings[0].message, /hashes a password: .*\(no automatic fix: changing the hash locks out every stored password\)$/);
    assert.ok(!('notes' in json.findings[0]), 'the JSON contract is unchanged');
  });

  it('counts skipped files by reason; --verbose lists each with its reason', async () => {
    writeFileSync(path.join(dir, 'a.js'), "fetch('http://api.acme-corp.io/x');\n");
    writeFileSync(path.join(dir, 'logo.bin'), Buffer.from([0x89, 0x50, 0x00, 0x01, 0x02]));
    writeFileSync(path.join(dir, 'data.bin'), Buffer.from([0x00, 0x00, 0x00, 0x01]));
    writeFileSync(path.join(dir, 'bundle.js'), `var a=${JSON.stringify('x'.repeat(400))};`.repeat(60) + '\n'); // over 20,000 characters, lines averaging over 400
    const plain = await vigil(['scan', '.', '--no-cache'], dir);
    assert.match(plain.out, /^3 skipped \(binary file: 2, minified or generated: 1\): --verbose lists them$/m);
    assert.ok(!plain.out.includes('logo.bin'));
    const verbose = await vigil(['scan', '.', '--no-cache', '--verbose'], dir);
    const list = verbose.out.slice(verbose.out.indexOf('\nSkipped\n'));
    assert.match(list, /^ {2}logo\.bin {3}binary file$/m);
    assert.match(list, /^ {2}data\.bin {3}binary file$/m);
    assert.match(list, /^ {2}bundle\.js {2}minified or generated \(average line length \d+\)$/m);
    assert.match(verbose.out, /^3 skipped \(binary file: 2, minified or generated: 1\)$/m);
  });

  it('never prints a secret in clear, in any text form', async () => {
    twoFiles();
    writeFileSync(path.join(dir, '.env'), `GITHUB_TOKEN=${TOKEN}\nDB_PASSWORD=Zq8vLw3Nx0Pd7Rt5\n`);
    for (const extra of [[], ['--verbose'], ['--show-suppressed']]) {
      const { out, err } = await vigil(['scan', '.', '--no-cache', ...extra], dir);
      assert.ok(!(out + err).includes(TOKEN), extra.join(' '));
      assert.ok(!(out + err).includes('Zq8vLw3Nx0Pd7Rt5'), extra.join(' '));
      assert.match(out, /ghp_\*+/, 'the masked value as before');
    }
    const coloured = cli(['scan', '.', '--no-cache'], { FORCE_COLOR: '1' });
    assert.ok(coloured.stdout.includes(`${ESC}[`));
    assert.ok(!coloured.stdout.includes(TOKEN));
  });

  /** The real CLI in a child process, its stdout a pipe, with only the colour variables given. */
  function cli(args: string[], env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
    const base = { ...process.env };
    for (const k of ['FORCE_COLOR', 'NO_COLOR', 'CI', 'TERM', 'NODE_DISABLE_COLORS']) delete base[k];
    return spawnSync(TSX, [CLI, ...args], { cwd: dir, encoding: 'utf8', env: { ...base, ...env }, timeout: 60_000 });
  }

  it('colour: none in a pipe by default or with NO_COLOR; FORCE_COLOR=1 forces it, FORCE_COLOR=0 does not', async () => {
    twoFiles();
    const args = ['scan', '.', '--no-cache'];
    const piped = cli(args, {});
    assert.equal(piped.status, 1, piped.stderr);
    assert.ok(!piped.stdout.includes(ESC), 'no colour in a pipe');
    assert.match(piped.stdout, /^3 findings in 2 files/m);
    const noColor = cli(args, { NO_COLOR: '1' });
    assert.ok(!noColor.stdout.includes(ESC));
    const forced = cli(args, { FORCE_COLOR: '1' });
    assert.match(forced.stdout, /\x1b\[4msrc\/app\.ts\x1b\[24m/, 'underlined file header');
    assert.match(forced.stdout, /\x1b\[31merror/, 'errors in red');
    assert.match(forced.stdout, /\x1b\[33mwarning/, 'warnings in yellow');
    assert.equal(forced.stdout.replace(/\x1b\[\d+m/g, ''), piped.stdout, 'colour changes nothing else');
    assert.ok(!cli(args, { FORCE_COLOR: '0' }).stdout.includes(ESC));
    assert.ok(!cli([...args, '--output', 'out.txt'], { FORCE_COLOR: '1' }).stdout.includes(ESC));
    assert.ok(!readFileSync(path.join(dir, 'out.txt'), 'utf8').includes(ESC), 'never colour in a file');
    assert.ok(!cli([...args, '--format', 'json'], { FORCE_COLOR: '1' }).stdout.includes(ESC));
  });

  it('--report writes an HTML header (date, scanned path, version, packs) and says where on stderr', async () => {
    twoFiles();
    const { err } = await vigil(['scan', 'src', '--no-cache', '--report', 'report.html'], dir);
    assert.equal(err, 'vigil: wrote the HTML report to report.html\n');
    const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
    const today = new Date().toISOString().slice(0, 10);
    assert.match(html, new RegExp(`<dt>Date</dt><dd><time datetime="${today}T[^"]+">${today} \\d\\d:\\d\\d UTC</time></dd>`));
    assert.ok(html.includes(`<dt>Scanned</dt><dd><code>${path.join(dir, 'src')}</code>: 1 file scanned, 0 skipped</dd>`), html);
    assert.ok(html.includes(`<dt>Vigil</dt><dd>${VIGIL_VERSION}</dd>`));
    assert.match(html, /<dt>Packs in force<\/dt><dd><code>vigil-builtin<\/code> \d+\.\d+\.\d+ \(Vigil\)<\/dd>/);
    assert.ok(!html.includes(TOKEN));
  });
});

describe('CLI: terminal detection and progress', () => {
  it('colours a terminal unless NO_COLOR, TERM=dumb or CI; FORCE_COLOR wins either way', () => {
    assert.equal(detectTerminal({}, true, true).color, true);
    assert.equal(detectTerminal({}, false, false).color, false, 'a pipe');
    assert.equal(detectTerminal({ NO_COLOR: '1' }, true, true).color, false);
    assert.equal(detectTerminal({ NO_COLOR: '' }, true, true).color, true, 'an empty NO_COLOR is not set');
    assert.equal(detectTerminal({ TERM: 'dumb' }, true, true).color, false);
    assert.equal(detectTerminal({ CI: 'true' }, true, true).color, false);
    assert.equal(detectTerminal({ FORCE_COLOR: '1' }, false, false).color, true);
    assert.equal(detectTerminal({ FORCE_COLOR: '1', NO_COLOR: '1' }, false, false).color, true);
    assert.equal(detectTerminal({ FORCE_COLOR: '0' }, true, true).color, false);
    assert.equal(detectTerminal({ FORCE_COLOR: 'false' }, true, true).color, false);
  });

  it('progress only when stderr is a terminal, and never from the CLI called as a library', async () => {
    assert.equal(detectTerminal({}, false, true).progress, true);
    assert.equal(detectTerminal({}, true, false).progress, false);
    assert.equal(detectTerminal({ CI: '1' }, true, true).progress, false);
    const { err } = await vigil(['scan', path.resolve(__dirname, '../fixtures/workspace'), '--no-cache', '--fail-on', 'never']);
    assert.equal(err, '');
  });

  it('redraws one line in place at most 10 times a second, with an estimate, and clears it', () => {
    let t = 0;
    let written = '';
    const line = progressLine(
      (s) => (written += s),
      'files',
      () => t,
    );
    for (let done = 1; done <= 1000; done++) {
      t += 5; // 200 files a second: 5 s in all
      line.update(done, 1000);
    }
    const frames = written.split('\r\x1b[K').filter(Boolean);
    assert.ok(frames.length >= 40 && frames.length <= 47, `${frames.length} frames in 5 s`);
    assert.ok(!written.includes('\n'), 'one line, redrawn');
    assert.match(frames[0], /^vigil: \d+\/1,000 files$/, 'no estimate before a second of data');
    assert.match(frames.at(-1) ?? '', /^vigil: 9[6-9]\d\/1,000 files · about 1 s left$/);
    assert.match(frames[20], /^vigil: \d+\/1,000 files · about [23] s left$/);
    written = '';
    line.clear();
    assert.equal(written, '\r\x1b[K');
  });

  it('a quick scan draws nothing and clears nothing', () => {
    let written = '';
    const line = progressLine(
      (s) => (written += s),
      'files',
      () => 0,
    );
    for (let done = 1; done <= 100; done++) line.update(done, 100);
    line.clear();
    assert.equal(written, '');
  });
});

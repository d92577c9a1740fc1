import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from '../unit/support/runCli';

// Hostile testing: emptying `findings` in a result-cache entry hid the finding (and CI is told to
// keep that folder between runs); the compiler's V8 code cache is bytecode that runs, and a patched
// string in it was executed. Both are signed now with a key outside the cache folder: an edited
// entry or cache is not used, and the work is done again.

const TOKEN = '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';
const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

describe('adversarial: caches edited outside Vigil', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
  const temp = (name: string): string => {
    const d = mkdtempSync(path.join(tmpdir(), name));
    dirs.push(d);
    return d;
  };

  it('a result-cache entry whose findings were emptied is not trusted: the finding is reported again', async () => {
    const ws = temp('vigil-adv-cache-ws-');
    const cache = temp('vigil-adv-cache-');
    writeFileSync(path.join(ws, 'a.ts'), `export const t = '${TOKEN}';\n`);
    const scan = () => vigil(['scan', '.', '--format', 'json', '--cache-dir', cache, '--fail-on', 'never'], ws);
    const first = JSON.parse((await scan()).out);
    assert.equal(first.findings.length, 1);
    const file = readdirSync(cache).find((f) => f.endsWith('.json'))!;
    // The first line is the MAC of the body; an attacker keeps it and edits the body.
    const [mac, body] = readFileSync(path.join(cache, file), 'utf8').split(/\n(.*)/s);
    const stored = JSON.parse(body);
    stored.entries['a.ts'].result.findings = [];
    writeFileSync(path.join(cache, file), `${mac}\n${JSON.stringify(stored)}`);
    const second = await scan();
    assert.equal(JSON.parse(second.out).findings.length, 1, 'the edited entry was not used');
    assert.match(second.err, /1 result-cache entry did not verify \(edited outside Vigil\?\) and was analysed again/);
    const third = await scan();
    assert.equal(third.err, '', 'the cache was rewritten, signed');
  });

  it('a cache folder that is a file only turns caching off, with one note: the scan still reports', async () => {
    const ws = temp('vigil-adv-cache-file-');
    writeFileSync(path.join(ws, 'a.ts'), `export const t = '${TOKEN}';\n`);
    writeFileSync(path.join(ws, 'not-a-folder'), 'x');
    const r = await vigil(['scan', 'a.ts', '--format', 'json', '--cache-dir', 'not-a-folder'], ws);
    assert.equal(r.code, 1);
    assert.equal(JSON.parse(r.out).findings.length, 1);
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^vigil: note: result cache not written/);
  });

  it('a patched compiler code cache is never given to V8: the compiler is compiled again', () => {
    const cache = temp('vigil-adv-code-');
    const compiler = path.join(ROOT, 'node_modules/@ts-morph/common/dist/typescript.js');
    const load = (): string => {
      const script = `const l = require(${JSON.stringify(path.join(ROOT, 'server/src/syntax/compilerLoader.ts'))}); l.useCompilerCodeCache(${JSON.stringify(cache)}); l.loadCompiler(${JSON.stringify(compiler)}); const use = l.compilerCodeCacheUse(); const p = l.saveCompilerCodeCache(); if (p) throw new Error(p); process.stdout.write(use);`;
      const r = spawnSync(TSX, ['-e', script], { encoding: 'utf8', timeout: 50_000 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout;
    };
    assert.equal(load(), 'none', 'first run: compiled, cache written');
    assert.equal(load(), 'used', 'second run: the signed cache is used');
    const file = readdirSync(cache).find((f) => f.endsWith('.v8cache'))!;
    const bytes = readFileSync(path.join(cache, file));
    bytes[bytes.length - 100] ^= 0xff;
    writeFileSync(path.join(cache, file), bytes);
    assert.equal(load(), 'rejected', 'a patched cache does not verify');
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fsPromises, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadWithCodeCache } from '../../server/src/codeCache';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';
import { activePackFor, defaultThreads } from '../../server/src/cli/scan';
import { restorePack, snapshotPack } from '../../server/src/packs/snapshot';
import { KeptIndex, ResultCache } from '../../server/src/workspace/resultCache';
import { scanFiles, WorkspaceScan } from '../../server/src/workspace/scanFiles';
import { generate } from '../bench/generate';
import { vigil } from './support/runCli';

// Result cache, scan workers and pack snapshots: a scan that reuses stored results, or runs on
// worker threads, must report exactly what a plain scan reports.

const ROOT = path.resolve(__dirname, '../..');
const WORKER = path.join(ROOT, 'dist/scanWorker.js');
// Credential-shaped values are assembled at run time, so this file holds none.
const TOKEN = 'gh' + 'p_' + 'Zq7Rk2Lm9Xv4Bn8Ct1Wy6Hs3Jd5Fg0Ka2Pe';

const pack = builtinPack().pack;
const plain = (scan: WorkspaceScan): unknown => ({
  files: scan.files.map((f) => ({ file: f.file, findings: f.findings, suppressed: f.suppressed, problems: f.problems, skipped: f.skipped })),
  skipped: scan.skipped,
  scanned: scan.scanned,
});
/** A file's findings: a clean file is not listed in the scan's files (only counted). */
const findingsOf = (scan: WorkspaceScan, file: string) => scan.files.find((f) => f.file === file)?.findings ?? [];

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigil-cache-ws-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe('result cache', () => {
  let ws: string;
  let cacheDir: string;
  beforeEach(() => {
    cacheDir = mkdtempSync(path.join(tmpdir(), 'vigil-cache-'));
    ws = workspace({
      'src/token.ts': `export const token = '${TOKEN}';\n`,
      'src/api.ts': "export const ping = () => fetch('http://api.example-partner.com/ping');\n",
      'src/config.ts': "export const ALGORITHM = 'md5';\n",
      'src/hash.ts': "import { createHash } from 'node:crypto';\nimport { ALGORITHM } from './config';\nexport const digest = (s: string) => createHash(ALGORITHM).update(s).digest('hex');\n",
      'src/clean.ts': 'export const add = (a: number, b: number) => a + b;\n',
    });
  });
  afterEach(() => {
    rmSync(ws, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('a rescan of an unchanged tree reuses every result and reports exactly the same findings', async () => {
    const cold = await scanFiles(['.'], ws, pack, { cacheDir });
    const warm = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.equal(cold.reused, 0);
    assert.equal(warm.reused, 5);
    assert.deepEqual(plain(warm), plain(cold));
    assert.deepEqual(plain(cold), plain(await scanFiles(['.'], ws, pack)));
    assert.ok(
      cold.files.some((f) => f.findings.some((x) => x.ruleId.startsWith('secret.'))),
      'the planted token is found',
    );
  });

  it("a language server's kept index: rescans do not read the cache file again until another process writes it", async () => {
    // The cache module reads through `fs.promises`: counted where it reads the cache folder.
    const promises = fsPromises as unknown as { readFile: (...args: unknown[]) => Promise<unknown> };
    const readFile = promises.readFile;
    let cacheReads = 0;
    promises.readFile = (...args: unknown[]) => {
      if (String(args[0]).startsWith(cacheDir)) cacheReads++;
      return readFile.apply(fsPromises, args);
    };
    try {
      const kept: KeptIndex = {};
      const cold = await scanFiles(['.'], ws, pack, { cacheDir, keptIndex: kept });
      assert.equal(cold.reused, 0);
      cacheReads = 0;
      writeFileSync(path.join(ws, 'src/clean.ts'), "export const ping = () => fetch('http://api.example-partner.com/v2');\n");
      const warm = await scanFiles(['.'], ws, pack, { cacheDir, keptIndex: kept });
      assert.equal(cacheReads, 0, 'the index written by the last scan is taken from memory');
      assert.equal(warm.reused, 4);
      assert.deepEqual(
        findingsOf(warm, 'src/clean.ts').map((f) => f.ruleId),
        ['transport.insecure-url'],
      );
      const again = await scanFiles(['.'], ws, pack, { cacheDir, keptIndex: kept });
      assert.equal(cacheReads, 0);
      assert.equal(again.reused, 5);
      assert.deepEqual(plain(again), plain(warm));
      // Another process (the CLI) changes a result and writes the cache: the kept index is stale.
      writeFileSync(path.join(ws, 'src/clean.ts'), 'export const add = (a: number, b: number) => a + b;\n');
      const other = await scanFiles(['.'], ws, pack, { cacheDir });
      assert.equal(other.reused, 4);
      cacheReads = 0;
      const after = await scanFiles(['.'], ws, pack, { cacheDir, keptIndex: kept });
      assert.equal(cacheReads, 1, 'read again, once');
      assert.equal(after.reused, 5, "the other process's result is used");
      assert.deepEqual(plain(after), plain(await scanFiles(['.'], ws, pack)));
    } finally {
      promises.readFile = readFile;
    }
  });

  it('keeps no state for clean files once done: they are counted and handed to onFile, not listed', async () => {
    const seen: string[] = [];
    for (const options of [{}, { cacheDir }, { cacheDir }]) {
      seen.length = 0;
      const scan = await scanFiles(['.'], ws, pack, { ...options, onFile: (f) => seen.push(f.file) });
      assert.equal(scan.scanned, 5);
      assert.deepEqual(seen.sort(), ['src/api.ts', 'src/clean.ts', 'src/config.ts', 'src/hash.ts', 'src/token.ts']);
      assert.deepEqual(scan.files.map((f) => f.file).sort(), ['src/api.ts', 'src/hash.ts', 'src/token.ts'], 'clean.ts and config.ts have nothing to report');
    }
  });

  it('analyses an edited file again and reuses the others', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir });
    writeFileSync(path.join(ws, 'src/clean.ts'), "export const url = 'http://insecure.example-partner.com';\nexport const get = () => fetch(url);\n");
    const scan = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.equal(scan.reused, 4);
    assert.ok(findingsOf(scan, 'src/clean.ts').some((f) => f.category === 'transport'));
    // The edited file was read once, while checking the cache: what is stored is its new text's result.
    const again = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.equal(again.reused, 5);
    assert.deepEqual(plain(again), plain(await scanFiles(['.'], ws, pack)));
  });

  it('a cached file that has become binary or too large since is reported so, as a scan without the cache reports it', async () => {
    const options = { maxFileBytes: 2048 };
    await scanFiles(['.'], ws, pack, { cacheDir, ...options });
    writeFileSync(path.join(ws, 'src/clean.ts'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    writeFileSync(path.join(ws, 'src/config.ts'), `export const ALGORITHM = 'md5';\n${'// padding\n'.repeat(300)}`);
    const scan = await scanFiles(['.'], ws, pack, { cacheDir, ...options });
    assert.equal(scan.reused, 2, 'api.ts and token.ts; hash.ts reads a constant from config.ts');
    assert.deepEqual(scan.skipped.map((s) => [s.path, s.reason]).sort(), [
      ['src/clean.ts', 'binary file'],
      ['src/config.ts', 'larger than 2 KB (3 KB)'],
    ]);
    assert.deepEqual(plain(scan), plain(await scanFiles(['.'], ws, pack, options)));
  });

  it('re-checks a file when a module it read a constant from changes, though the file itself did not', async () => {
    const before = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.ok(
      findingsOf(before, 'src/hash.ts').some((f) => f.category === 'crypto'),
      'md5 through the imported constant',
    );
    writeFileSync(path.join(ws, 'src/config.ts'), "export const ALGORITHM = 'sha256';\n");
    const after = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.deepEqual(findingsOf(after, 'src/hash.ts'), []);
    assert.equal(after.reused, 3, 'config.ts and hash.ts analysed again, the other three reused');
  });

  it('starts over when the rule pack changes', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir });
    mkdirSync(path.join(ws, '.vigil'), { recursive: true });
    writeFileSync(path.join(ws, '.vigil/pack.json'), JSON.stringify({ id: 'team', version: '1.0.0', overrides: [{ rule: 'transport.insecure-url', disabled: true }] }));
    const team = (await activePackFor(ws, [], [])).pack;
    const scan = await scanFiles(['.'], ws, team, { cacheDir });
    assert.equal(scan.reused, 0);
    assert.ok(!scan.files.some((f) => f.findings.some((x) => x.ruleId === 'transport.insecure-url')), 'the disabled rule reports nothing');
    assert.deepEqual(plain(scan), plain(await scanFiles(['.'], ws, team)));
  });

  it("keeps its results when only a rule's tip changes (no finding holds one), and starts over when its message changes", async () => {
    const withRule = async (tip: string, message: string) => {
      mkdirSync(path.join(ws, '.vigil'), { recursive: true });
      const rule = {
        id: 'acme.partner-host',
        name: 'Partner host',
        category: 'transport',
        severity: 'warning',
        message,
        tip,
        detector: { kind: 'pattern', pattern: 'example-partner', keywords: ['example-partner'] },
      };
      writeFileSync(path.join(ws, '.vigil/pack.json'), JSON.stringify({ id: 'team', version: '1.0.0', rules: [rule] }));
      return (await activePackFor(ws, [], [])).pack;
    };
    const first = await scanFiles(['.'], ws, await withRule('Use the gateway.', 'partner host'), { cacheDir });
    const newTip = await withRule('Use the gateway, see the wiki.', 'partner host');
    const retipped = await scanFiles(['.'], ws, newTip, { cacheDir });
    assert.equal(retipped.reused, first.scanned);
    assert.deepEqual(plain(retipped), plain(await scanFiles(['.'], ws, newTip)));
    const reworded = await scanFiles(['.'], ws, await withRule('Use the gateway, see the wiki.', 'host of a partner'), { cacheDir });
    assert.equal(reworded.reused, 0);
    assert.ok(reworded.files.some((f) => f.findings.some((x) => x.message.startsWith('host of a partner'))));
  });

  it('re-checks a suppression with an expiry on a later day', async () => {
    writeFileSync(
      path.join(ws, 'src/api.ts'),
      "// vigil-ignore-next-line transport.insecure-url until 2026-12-01 -- partner moves to TLS in November\nexport const ping = () => fetch('http://api.example-partner.com/ping');\n",
    );
    const first = await scanFiles(['src/api.ts'], ws, pack, { cacheDir, today: '2026-11-30' });
    assert.deepEqual(first.files[0].findings, []);
    const later = await scanFiles(['src/api.ts'], ws, pack, { cacheDir, today: '2026-12-02' });
    assert.equal(later.reused, 0);
    assert.match(later.files[0].findings[0].message, /expired on 2026-12-01/);
  });

  it('stores findings as reported, never the secret itself', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    const stored = readFileSync(path.join(cacheDir, files[0]), 'utf8');
    assert.ok(stored.includes('secret.'), 'the finding is stored');
    assert.ok(!stored.includes(TOKEN) && !stored.includes(TOKEN.slice(8)), 'the token is not');
  });

  // Stamps (size, modification and change times, inode) let a rescan skip reading unchanged files.
  /** The entries of the result cache file, as stored. */
  const storedEntries = (): Record<string, { stamp?: unknown; deps?: Array<{ specifier: string; folders?: unknown }> }> => {
    const file = path.join(
      cacheDir,
      readdirSync(cacheDir).find((f) => f.endsWith('.json'))!,
    );
    const text = readFileSync(file, 'utf8');
    return (JSON.parse(text.slice(text.indexOf('\n') + 1)) as { entries: ReturnType<typeof storedEntries> }).entries;
  };
  const storedStamps = (): Record<string, unknown> => Object.fromEntries(Object.entries(storedEntries()).map(([k, v]) => [k, v.stamp]));
  // Every file written so far counts as settled: computed per scan, so a long test run cannot outlast it.
  const allSettled = (): { settledBefore: number } => ({ settledBefore: Date.now() + 60_000 });

  it('a dependency resolved again without the compiler (its folder unchanged) still sees its new text', async () => {
    const src = path.join(ws, 'src');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(src, past, past);
    await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    writeFileSync(path.join(ws, 'src/config.ts'), "export const ALGORITHM = 'sha256';\n");
    utimesSync(src, past, past);
    const after = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.deepEqual(findingsOf(after, 'src/hash.ts'), []);
    assert.deepEqual(plain(after), plain(await scanFiles(['.'], ws, pack)));
  });

  it('a module that appears next to a file, where its import found nothing before, makes the file be analysed again', async () => {
    writeFileSync(
      path.join(ws, 'src/sign.ts'),
      "import { createHash } from 'node:crypto';\nimport { ALGO } from './settings';\nexport const sign = (s: string) => createHash(ALGO).update(s).digest('hex');\n",
    );
    const src = path.join(ws, 'src');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(src, past, past);
    const before = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.deepEqual(findingsOf(before, 'src/sign.ts'), []);
    writeFileSync(path.join(ws, 'src/settings.ts'), "export const ALGO = 'md5';\n");
    const after = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.ok(
      findingsOf(after, 'src/sign.ts').some((f) => f.ruleId === 'crypto.weak-hash'),
      'md5 through the module that now exists',
    );
    assert.deepEqual(plain(after), plain(await scanFiles(['.'], ws, pack)));
  });

  // src/sign.ts hashes with ALGO from './settings': a folder in the tests below.
  const writeSign = (): void =>
    writeFileSync(
      path.join(ws, 'src/sign.ts'),
      "import { createHash } from 'node:crypto';\nimport { ALGO } from './settings';\nexport const sign = (s: string) => createHash(ALGO).update(s).digest('hex');\n",
    );
  /** Sets the folders' modification times back to one moment an hour ago: settled, and unchanged from one call to the next. */
  const settledAt = new Date(Date.now() - 3_600_000);
  const settle = (...folders: string[]): void => {
    for (const f of folders) utimesSync(path.join(ws, f), settledAt, settledAt);
  };
  const signsWithMd5 = (scan: WorkspaceScan): boolean => findingsOf(scan, 'src/sign.ts').some((f) => f.ruleId === 'crypto.weak-hash');
  const rescan = (): Promise<WorkspaceScan> => scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });

  it("an import of a folder (its index file) sees the index file's new text while no folder changed", async () => {
    writeSign();
    mkdirSync(path.join(ws, 'src/settings'));
    writeFileSync(path.join(ws, 'src/settings/index.ts'), "export const ALGO = 'md5';\n");
    settle('src', 'src/settings');
    assert.ok(signsWithMd5(await rescan()), 'md5 through the index file in the folder');
    writeFileSync(path.join(ws, 'src/settings/index.ts'), "export const ALGO = 'sha256';\n");
    settle('src', 'src/settings');
    const after = await rescan();
    assert.ok(!signsWithMd5(after));
    assert.deepEqual(plain(after), plain(await scanFiles(['.'], ws, pack)));
  });

  it('an import of a folder follows an index file that appears in it, and a file that appears beside it', async () => {
    writeSign();
    mkdirSync(path.join(ws, 'src/settings'));
    writeFileSync(path.join(ws, 'src/settings/readme.md'), 'settings live here\n');
    settle('src', 'src/settings');
    assert.ok(!signsWithMd5(await rescan()), 'nothing to resolve to yet');
    // Only the inner folder changes: the one beside it (src) keeps its time.
    writeFileSync(path.join(ws, 'src/settings/index.ts'), "export const ALGO = 'md5';\n");
    settle('src');
    assert.ok(signsWithMd5(await rescan()), 'md5 through the index file that now exists');
    // A file named like the folder comes first in resolution: only the outer folder changes.
    writeFileSync(path.join(ws, 'src/settings.ts'), "export const ALGO = 'sha256';\n");
    settle('src/settings');
    const outer = await rescan();
    assert.ok(!signsWithMd5(outer), 'sha256 from src/settings.ts, which the import now resolves to');
    assert.deepEqual(plain(outer), plain(await scanFiles(['.'], ws, pack)));
  });

  it('an import of a folder with a package.json follows an edit to its "main" while no folder changed', async () => {
    writeSign();
    mkdirSync(path.join(ws, 'src/settings'));
    writeFileSync(path.join(ws, 'src/settings/weak.ts'), "export const ALGO = 'md5';\n");
    writeFileSync(path.join(ws, 'src/settings/strong.ts'), "export const ALGO = 'sha256';\n");
    writeFileSync(path.join(ws, 'src/settings/package.json'), '{ "main": "weak.ts" }\n');
    settle('src', 'src/settings');
    assert.ok(signsWithMd5(await rescan()), 'md5 through the package.json main');
    writeFileSync(path.join(ws, 'src/settings/package.json'), '{ "main": "strong.ts" }\n');
    settle('src', 'src/settings');
    assert.ok(!signsWithMd5(await rescan()), 'sha256: main now names strong.ts');
  });

  it('sees a same-size edit made with the modification time set back (the change time still moves)', async () => {
    const file = path.join(ws, 'src/token.ts');
    const past = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
    utimesSync(file, past, past);
    await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.ok(
      Object.values(storedStamps()).every((stamp) => Array.isArray(stamp)),
      'settled files are stamped',
    );
    const before = statSync(file);
    writeFileSync(file, `export const token = '${'x'.repeat(TOKEN.length)}';\n`);
    utimesSync(file, past, past);
    assert.equal(statSync(file).size, before.size);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    const scan = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.equal(scan.reused, 4);
    assert.deepEqual(findingsOf(scan, 'src/token.ts'), [], 'the token is gone');
  });

  const storedFolders = (file: string): unknown => storedEntries()[file].deps?.map((d) => [d.specifier, d.folders]);

  it("a result kept before its imports' folders had settled gets their times on the next scan, which still follows the module", async () => {
    const src = path.join(ws, 'src');
    await scanFiles(['.'], ws, pack, { cacheDir, settledBefore: Date.now() - 60_000 });
    assert.deepEqual(storedFolders('src/hash.ts'), [['./config', undefined]], 'src was just written: no folder time yet');
    const again = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.equal(again.reused, 5);
    assert.deepEqual(storedFolders('src/hash.ts'), [['./config', [[src, statSync(src).mtimeMs]]]]);
    // A file added beside the module changes the folder's time but not what the import finds: the
    // result holds and the new time is kept.
    writeFileSync(path.join(ws, 'src/notes.md'), 'notes\n');
    const added = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.equal(added.reused, 5);
    assert.deepEqual(storedFolders('src/hash.ts'), [['./config', [[src, statSync(src).mtimeMs]]]]);
    assert.ok(findingsOf(added, 'src/hash.ts').some((f) => f.ruleId === 'crypto.weak-hash'));
    writeFileSync(path.join(ws, 'src/config.ts'), "export const ALGORITHM = 'sha256';\n");
    const after = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.deepEqual(findingsOf(after, 'src/hash.ts'), []);
    assert.deepEqual(plain(after), plain(await scanFiles(['.'], ws, pack)));
  });

  it('reuses a touched but unchanged file and stores its new stamp', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    const file = path.join(ws, 'src/api.ts');
    utimesSync(file, new Date(), new Date(Date.now() - 3_600_000));
    const scan = await scanFiles(['.'], ws, pack, { cacheDir, ...allSettled() });
    assert.equal(scan.reused, 5);
    assert.deepEqual(plain(scan), plain(await scanFiles(['.'], ws, pack)));
    const now = statSync(file);
    assert.deepEqual(storedStamps()['src/api.ts'], [now.size, now.mtimeMs, now.ctimeMs, now.ino]);
  });

  it('stamps no file changed after the scan began (less a margin): a second write in the same clock tick could keep its stamp', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir });
    assert.deepEqual(Object.values(storedStamps()), [undefined, undefined, undefined, undefined, undefined]);
    writeFileSync(path.join(ws, 'src/clean.ts'), "export const ping = () => fetch('http://insecure.example-partner.com');\n");
    const scan = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.ok(findingsOf(scan, 'src/clean.ts').some((f) => f.category === 'transport'));
  });

  it('ignores a corrupt cache file and writes a good one', async () => {
    await scanFiles(['.'], ws, pack, { cacheDir });
    const file = path.join(cacheDir, readdirSync(cacheDir)[0]);
    writeFileSync(file, '{"format":1,"entr');
    const scan = await scanFiles(['.'], ws, pack, { cacheDir });
    assert.equal(scan.reused, 0);
    assert.deepEqual(plain(scan), plain(await scanFiles(['.'], ws, pack)));
    assert.equal((await scanFiles(['.'], ws, pack, { cacheDir })).reused, 5);
  });

  it('a cache of thousands of entries (written in pieces, between other work) reads back whole and verifies; one changed byte and none of it is used', async () => {
    const cache = await ResultCache.open(cacheDir, ws, 'ns');
    // Names that JSON objects would reorder (`123`), that need escaping, and beyond ASCII.
    const names = ['123', '0', 'a "quoted" name.ts', 'ünïcode/файл.ts', ...Array.from({ length: 2_345 }, (_, i) => `src/m${i}.ts`)];
    for (const [i, name] of names.entries()) cache.store(name, { hash: `h${i}`, result: { findings: [], suppressed: [], failures: [] } });
    assert.equal(await cache.save(true), undefined);
    const again = await ResultCache.open(cacheDir, ws, 'ns');
    assert.equal(again.rejected, 0);
    for (const [i, name] of names.entries()) assert.equal(again.key(name)?.hash, `h${i}`, name);
    const file = path.join(cacheDir, readdirSync(cacheDir)[0]);
    writeFileSync(file, readFileSync(file, 'utf8').replace('"h2344"', '"h2345"'));
    const tampered = await ResultCache.open(cacheDir, ws, 'ns');
    assert.equal(tampered.rejected, names.length);
    assert.equal(tampered.key('src/m0.ts'), undefined);
  });

  it('CLI: --cache-dir reuses results, --no-cache writes none, a bad --concurrency is a usage error', async () => {
    const args = ['scan', '.', '--format', 'json', '--fail-on', 'never'];
    const cold = await vigil([...args, '--cache-dir', cacheDir], ws);
    const warm = await vigil([...args, '--cache-dir', cacheDir], ws);
    assert.equal(cold.code, 0);
    assert.deepEqual(JSON.parse(warm.out), JSON.parse(cold.out));
    const none = mkdtempSync(path.join(tmpdir(), 'vigil-nocache-'));
    rmSync(none, { recursive: true });
    assert.equal((await vigil([...args, '--cache-dir', none, '--no-cache'], ws)).code, 0);
    assert.ok(!existsSync(none), '--no-cache writes nothing');
    const bad = await vigil([...args, '--concurrency', 'lots'], ws);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /--concurrency takes a number of threads, "auto" or "off"/);
  });

  it('without --concurrency: one thread on one core; worker threads from 6,000 files on two cores, from 4,000 with more', () => {
    assert.deepEqual(defaultThreads(1), { concurrency: 0 });
    assert.deepEqual(defaultThreads(2), { minFilesForWorkers: 6000 });
    assert.deepEqual(defaultThreads(4), { minFilesForWorkers: 4000 });
    assert.deepEqual(defaultThreads(16), { minFilesForWorkers: 4000 });
  });
});

describe('compiler code cache (bundled CLI)', () => {
  it('is written after a scan, reused as is by the next, and a corrupt one is replaced, results unchanged', function () {
    this.timeout(60_000);
    const ws = workspace({ 'src/token.ts': `export const token = '${TOKEN}';\n`, 'src/hash.ts': "import { createHash } from 'node:crypto';\nexport const h = createHash('md5');\n" });
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'vigil-code-cache-'));
    const run = (): string => {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'never', '--cache-dir', cacheDir], { cwd: ws, encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stderr, '');
      return r.stdout;
    };
    const codeCache = (): string | undefined => readdirSync(cacheDir).find((f) => /^compiler-.*\.v8cache$/.test(f));
    try {
      const first = run();
      const file = path.join(cacheDir, codeCache()!);
      const written = statSync(file);
      assert.ok(written.size > 100_000, 'bytecode of the compiler');
      rmSync(
        path.join(
          cacheDir,
          readdirSync(cacheDir).find((f) => f.endsWith('.json'))!,
        ),
      );
      assert.equal(run(), first);
      assert.equal(statSync(file).mtimeMs, written.mtimeMs, 'used, not written again');
      writeFileSync(file, 'not bytecode');
      rmSync(
        path.join(
          cacheDir,
          readdirSync(cacheDir).find((f) => f.endsWith('.json'))!,
        ),
      );
      assert.equal(run(), first);
      assert.ok(statSync(file).size > 100_000, 'the corrupt cache was rejected and replaced');
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('--no-cache keeps no results but keeps the bytecode cache, so the compiler is not recompiled each run', function () {
    this.timeout(60_000);
    const ws = workspace({ 'src/hash.ts': "import { createHash } from 'node:crypto';\nexport const h = createHash('md5');\n" });
    const home = mkdtempSync(path.join(tmpdir(), 'vigil-xdg-'));
    try {
      const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], {
        cwd: ws,
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: home },
      });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(JSON.parse(r.stdout).findings.length, 1);
      assert.ok(!existsSync(path.join(home, 'vigil/results')), 'no results kept');
      assert.ok(
        readdirSync(path.join(home, 'vigil/code')).some((f) => /^compiler-.*\.v8cache$/.test(f)),
        'bytecode kept',
      );
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('CLI bundle code cache (dist/cli.js)', () => {
  const cli = (home: string, args: string[], cwd = ROOT) =>
    spawnSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd, encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: home } });

  it('is written after the first run, used as is by the next, and a corrupt one is replaced; the output never changes', function () {
    this.timeout(60_000);
    const home = mkdtempSync(path.join(tmpdir(), 'vigil-cli-code-'));
    const ws = workspace({ 'src/token.ts': `export const token = '${TOKEN}';\n` });
    const scan = () => cli(home, ['scan', '.', '--format', 'json', '--fail-on', 'never', '--no-cache'], ws);
    const codeFile = (): string =>
      path.join(
        home,
        'vigil/code',
        readdirSync(path.join(home, 'vigil/code')).find((f) => /^cli-.*\.v8cache$/.test(f))!,
      );
    try {
      const first = scan();
      assert.equal(first.status, 0, first.stderr);
      assert.equal(JSON.parse(first.stdout).findings.length, 1);
      const file = codeFile();
      const written = statSync(file);
      assert.ok(written.size > 100_000, 'bytecode of the CLI bundle');
      assert.ok(existsSync(`${file}.mac`), 'signed');
      const second = scan();
      assert.equal(second.stdout, first.stdout);
      assert.equal(statSync(file).mtimeMs, written.mtimeMs, 'used, not written again');
      writeFileSync(file, 'not bytecode');
      const third = scan();
      assert.equal(third.stdout, first.stdout);
      assert.equal(third.stderr, '');
      assert.ok(statSync(file).size > 100_000, 'the corrupt cache was rejected and replaced');
    } finally {
      rmSync(ws, { recursive: true, force: true });
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('a cache folder that cannot be written costs only speed: same output, same exit code, nothing on stderr', function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-cli-code-file-'));
    const home = path.join(dir, 'not-a-folder');
    writeFileSync(home, 'x');
    try {
      const r = cli(home, ['--version']);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^\d+\.\d+\.\d+/);
      assert.equal(r.stderr, '');
      const bad = cli(home, ['no-such-command']);
      assert.equal(bad.status, 2);
      assert.match(bad.stderr, /unknown command "no-such-command"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('code cache files (one per Vigil build and Node release)', () => {
  it('a cache unused for a month is removed when a new one is written; recent ones, other names and a used cache stay', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-code-prune-'));
    try {
      const source = path.join(dir, 'mod.js');
      writeFileSync(source, 'module.exports = 6 * 7;\n');
      const code = path.join(dir, 'code');
      mkdirSync(code);
      const aged = (file: string, days: number): string => {
        const full = path.join(code, file);
        writeFileSync(full, 'bytecode of another build');
        const then = new Date(Date.now() - days * 24 * 3600 * 1000);
        utimesSync(full, then, then);
        return file;
      };
      const old = aged('mod-0000000000000000-v18.0.0-x64.v8cache', 40);
      aged(`${old}.mac`, 40);
      const crashed = aged('mod-1111111111111111-v18.0.0-x64.v8cache.4242.tmp', 40);
      const recent = aged('mod-2222222222222222-v18.0.0-x64.v8cache', 10);
      const otherName = aged('cli-3333333333333333-v18.0.0-x64.v8cache', 40);
      const first = loadWithCodeCache(source, code, 'mod', { write: true });
      assert.equal(first.exports, 42);
      assert.equal(first.save(), undefined);
      const left = readdirSync(code);
      const written = left.find((f) => /^mod-.*\.v8cache$/.test(f) && f !== recent)!;
      assert.ok(written, 'the new cache is written');
      assert.deepEqual(left.sort(), [otherName, recent, written, `${written}.mac`].sort(), 'the month-old cache, its signature and a crashed write are gone');
      assert.ok(!left.includes(crashed) && !left.includes(old));
      // Used: its time is refreshed, so a build still in use is never removed.
      const lastWeek = new Date(Date.now() - 7 * 24 * 3600 * 1000);
      utimesSync(path.join(code, written), lastWeek, lastWeek);
      assert.equal(loadWithCodeCache(source, code, 'mod', { write: true }).use, 'used');
      assert.ok(Date.now() - statSync(path.join(code, written)).mtimeMs < 60_000, 'marked as used');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a module with non-ASCII text and a #! line runs with the same strings, compiled and from its cache; the cache is named after its bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-code-text-'));
    try {
      const text = '#!/usr/bin/env node\nmodule.exports = ["Grüße, 東京", "\\u00e9", "é".length, "ascii"];\n';
      const source = path.join(dir, 'mod.js');
      writeFileSync(source, text);
      const code = path.join(dir, 'code');
      const expected = ['Grüße, 東京', 'é', 1, 'ascii'];
      const first = loadWithCodeCache(source, code, 'mod', { write: true });
      assert.deepEqual(first.exports, expected);
      assert.equal(first.save(), undefined);
      const hash = createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
      assert.ok(readdirSync(code).includes(`mod-${hash}-${process.version}-${process.arch}.v8cache`), 'named after the content hash');
      const second = loadWithCodeCache(source, code, 'mod', { write: true });
      assert.equal(second.use, 'used');
      assert.deepEqual(second.exports, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('scan workers', () => {
  let ws: string;
  before(function () {
    assert.ok(existsSync(WORKER), `the worker bundle is built by "npm run build" (${WORKER} is missing)`);
    ws = mkdtempSync(path.join(tmpdir(), 'vigil-workers-'));
    generate(ws, 150);
    writeFileSync(path.join(ws, 'packages/pkg0/src/mod0/open.ts'), 'export const nothing = 1;\n');
  });
  after(() => rmSync(ws, { recursive: true, force: true }));

  it('report exactly what a scan on one thread reports, open buffers included', async () => {
    const open = path.join(ws, 'packages/pkg0/src/mod0/open.ts');
    const buffer = "export const get = () => fetch('http://unsaved.example-partner.com/v1');\n";
    const openDocuments = new Map([[open, buffer]]);
    const overlay = (absolute: string): string | undefined => openDocuments.get(absolute);
    const here = await scanFiles(['.'], ws, pack, { concurrency: 0, overlay });
    const workers = await scanFiles(['.'], ws, pack, { concurrency: 2, workerScript: WORKER, overlay, openDocuments });
    assert.ok(here.scanned > 100 && here.files.some((f) => f.findings.length > 0));
    assert.deepEqual(plain(workers), plain(here));
    assert.ok(
      workers.files.find((f) => f.absolute === open)!.findings.some((f) => f.category === 'transport'),
      'the unsaved buffer is what workers analysed',
    );
  });

  it('a worker that dies costs its files (reported with the reason), never the scan', async () => {
    const scan = await scanFiles(['.'], ws, pack, { concurrency: 2, workerScript: path.join(ROOT, 'test/fixtures/workers/exits.js') });
    assert.equal(scan.files.length, 0);
    assert.equal(scan.skipped.length, 151);
    assert.match(scan.skipped[0].reason, /not analysed: the scan worker stopped \(exit code 3\)|scan workers keep stopping/);
  });
});

describe('pack snapshots (what scan workers rebuild the pack from)', () => {
  it('rebuild a team pack that finds exactly what the original finds', async () => {
    const ws = workspace({
      '.vigil/pack.json': JSON.stringify({
        id: 'acme',
        version: '2.0.0',
        rules: [
          {
            id: 'acme.internal-host',
            name: 'Internal host',
            category: 'transport',
            severity: 'error',
            message: 'internal host {{value}}',
            tip: 'Use the gateway.',
            detector: { kind: 'pattern', pattern: 'corp\\.acme\\.internal', keywords: ['corp.acme'] },
          },
        ],
        overrides: [{ rule: 'crypto.weak-hash', severity: 'error' }],
        allow: { paths: ['fixtures'], patterns: ['^sk_test_'] },
        policy: { requireReason: true, unsuppressible: ['acme.internal-host'] },
      }),
    });
    try {
      const original = (await activePackFor(ws, [], [])).pack;
      const rebuilt = restorePack(snapshotPack(original));
      const texts = [
        `const a = createHash('md5');\nconst h = 'corp.acme.internal';\n// vigil-ignore-next-line acme.internal-host -- no\nconst i = 'corp.acme.internal';\n`,
        `export const token = '${TOKEN}';\n`,
        "fetch('http://api.example-partner.com');\n",
      ];
      for (const text of texts) {
        for (const file of ['src/a.ts', 'fixtures/b.ts']) {
          assert.deepEqual(scanText({ path: file, text }, rebuilt), scanText({ path: file, text }, original), `${file}: ${text.slice(0, 30)}`);
        }
      }
      assert.deepEqual(snapshotPack(rebuilt), snapshotPack(original));
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});

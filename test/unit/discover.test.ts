import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { discover, isExcluded } from '../../server/src/workspace/discover';
import { readForScan } from '../../server/src/workspace/read';
import { scanText } from '../../server/src/engine/scan';
import { builtinPack } from '../../server/src/packs/builtin';

describe('workspace discovery', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-discover-'));
    const write = (rel: string, text = 'x'): void => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    };
    write('.gitignore', '.env\nbuild-cache/\n');
    write('.env', 'A=1');
    write('.env.example', 'A=');
    write('src/app.ts');
    write('src/legacy/.gitignore', '*.gen.ts\n');
    write('src/legacy/a.gen.ts');
    write('src/legacy/b.ts');
    write('build-cache/x.ts');
    write('node_modules/pkg/index.js');
    write('dist/bundle.js');
    write('docs/readme.md');
    for (const f of [
      'notes.txt',
      'credentials',
      '.pgpass',
      'Procfile',
      'fixtures/data.db',
      'app.cfg',
      'db/seed.sql',
      'deploy.ps1',
      'main.tf',
      'analysis.ipynb',
      '.npmrc',
      '.pypirc',
      'infra/prod.tfvars',
      'deploy/key.pem',
      'deploy/id_ed25519',
      'deploy/putty.ppk',
      'Dockerfile',
      'k8s/secret.yaml',
      'docker-compose.yml',
      'scripts/run.sh',
      'config/app.properties',
      'config/app.ini',
    ])
      write(`kinds/${f}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('honours nested .gitignore files, default excludes and include globs', async () => {
    const found = await discover(dir, dir);
    // Every file outside ignored and dependency folders, whatever its extension: text is decided when it is read.
    assert.deepEqual(
      found.files
        .map((f) => f.relative)
        .filter((f) => !f.startsWith('kinds/'))
        .sort(),
      ['.env.example', '.gitignore', 'docs/readme.md', 'src/app.ts', 'src/legacy/.gitignore', 'src/legacy/b.ts'],
    );
  });

  it('reading folders at once (the CLI: nothing else waits on its thread) finds the same files and skips, in the same order', async () => {
    const pooled = await discover(dir, dir);
    const blocking = await discover(dir, dir, { blocking: true });
    assert.ok(pooled.files.length > 20);
    assert.deepEqual(blocking, pooled);
    assert.deepEqual(await discover(path.join(dir, 'kinds'), dir, { blocking: true, exclude: ['**/*.pem'] }), await discover(path.join(dir, 'kinds'), dir, { exclude: ['**/*.pem'] }));
  });

  it('finds every config and key file kind secrets hide in', async () => {
    const found = await discover(path.join(dir, 'kinds'), path.join(dir, 'kinds'));
    assert.deepEqual(found.files.map((f) => f.relative).sort(), [
      '.npmrc',
      '.pgpass',
      '.pypirc',
      'Dockerfile',
      'Procfile',
      'analysis.ipynb',
      'app.cfg',
      'config/app.ini',
      'config/app.properties',
      'credentials',
      'db/seed.sql',
      'deploy.ps1',
      'deploy/id_ed25519',
      'deploy/key.pem',
      'deploy/putty.ppk',
      'docker-compose.yml',
      'fixtures/data.db',
      'infra/prod.tfvars',
      'k8s/secret.yaml',
      'main.tf',
      'notes.txt',
      'scripts/run.sh',
    ]);
  });

  it('applies user include and exclude globs', async () => {
    const found = await discover(dir, dir, { include: ['**/*.ts'], exclude: ['src/legacy/**'] });
    assert.deepEqual(found.files.map((f) => f.relative).sort(), ['src/app.ts']);
  });

  it('tells whether an open file is left out of scans (git-ignored .env, nested ignores, excludes)', async () => {
    assert.equal(await isExcluded(dir, path.join(dir, '.env')), true);
    assert.equal(await isExcluded(dir, path.join(dir, '.env.example')), false);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/legacy/a.gen.ts')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'build-cache/x.ts')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'node_modules/pkg/index.js')), true);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/app.ts')), false);
    assert.equal(await isExcluded(dir, path.join(dir, 'src/app.ts'), { exclude: ['src/**'] }), true);
  });
});

describe('reading files for a scan: text by content, not by name', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));
  const token = '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';

  it('decodes UTF-16 (LE and BE, with BOM) and UTF-8 with BOM, and finds the secret in each', () => {
    const text = `token=${token}\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    const files: Array<[string, Buffer]> = [
      ['le.txt', le],
      ['be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
      ['bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])],
    ];
    for (const [name, bytes] of files) {
      writeFileSync(path.join(dir, name), bytes);
      const read = readForScan(path.join(dir, name));
      assert.ok('text' in read, `${name}: ${JSON.stringify(read)}`);
      assert.equal(read.text, text, name);
      assert.deepEqual(
        scanText({ path: name, text: read.text }, builtinPack().pack).findings.map((f) => f.ruleId),
        ['secret.github-pat-token'],
        name,
      );
    }
  });

  it('each file read gives exactly its own text: a short file after a long one, ASCII, other scripts and invalid bytes', () => {
    const files: Array<[string, Buffer, string]> = [
      ['long.ts', Buffer.from(`const a = 1;\n${'// padding line\n'.repeat(20_000)}`), `const a = 1;\n${'// padding line\n'.repeat(20_000)}`],
      ['short.ts', Buffer.from('x;\n'), 'x;\n'],
      ['greeting.ts', Buffer.from("const s = 'Grüße, 東京 🙂';\n"), "const s = 'Grüße, 東京 🙂';\n"],
      ['empty.ts', Buffer.alloc(0), ''],
      ['broken.txt', Buffer.from([0x61, 0xc3, 0x28, 0x62, 0x0a]), 'a\ufffd(b\n'],
      ['latin.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), 'caf\ufffd\n'],
    ];
    for (const [name, bytes] of files) writeFileSync(path.join(dir, name), bytes);
    for (const [name, , text] of [...files, ...files.slice().reverse()]) {
      const read = readForScan(path.join(dir, name));
      assert.ok('text' in read, `${name}: ${JSON.stringify(read)}`);
      assert.equal(read.text, text, name);
    }
  });

  it('a .db file that is text is read; an image named .txt is skipped as binary', () => {
    writeFileSync(path.join(dir, 'fixture.db'), `INSERT INTO t VALUES ('${token}');\n`);
    assert.ok('text' in readForScan(path.join(dir, 'fixture.db')));
    writeFileSync(path.join(dir, 'picture.txt'), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), Buffer.alloc(20_000, 7)]));
    // Its first bytes are kept (key stores are recognised by them), the rest is never read.
    assert.deepEqual(readForScan(path.join(dir, 'picture.txt')), { skipped: 'binary file', head: '89504e470d0a1a0a0000000d07070707' });
  });
});

describe('discovery inside a git repository: git is the source of truth', () => {
  let dir: string;
  const write = (rel: string, text = 'x'): void => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
  };
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-git-'));
    git('init', '-q');
    write('.gitignore', 'config/\n.env\nbuild/\n');
    write('config/config.json', '{"password": "x"}');
    write('.env', 'A=1');
    write('node_modules/server/index.js');
    write('node_modules/left-pad/index.js');
    write('build/generated.js');
    write('dist/app.js');
    write('package-lock.json', '{}');
    write('src/app.ts');
    git('add', '.gitignore', 'src/app.ts', 'package-lock.json');
    git('add', '-f', 'config/config.json', 'node_modules/server/index.js', 'dist/app.js');
    git('commit', '-q', '-m', 'init');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('scans tracked files that .gitignore or the dependency/build defaults would leave out; untracked ones stay out', async () => {
    const found = (await discover(dir, dir)).files.map((f) => f.relative).sort();
    assert.deepEqual(found, ['.gitignore', 'config/config.json', 'dist/app.js', 'node_modules/server/index.js', 'src/app.ts']);
  });

  it('from a sub-folder of the repository, paths stay relative to it', async () => {
    const found = (await discover(path.join(dir, 'config'), path.join(dir, 'config'))).files.map((f) => f.relative);
    assert.deepEqual(found, ['config.json']);
  });

  it("the user's own excludes still apply to tracked files", async () => {
    const found = (await discover(dir, dir, { exclude: ['node_modules/**'] })).files.map((f) => f.relative).sort();
    assert.ok(!found.includes('node_modules/server/index.js'));
  });
});

describe('committed-but-ignored files follow git, case included', () => {
  let dir: string;
  const git = (...args: string[]): void => {
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, stdio: 'ignore' });
  };
  const flagged = async (): Promise<string[]> =>
    (await discover(dir, dir)).files
      .filter((f) => f.committedIgnored)
      .map((f) => f.relative)
      .sort();
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-case-'));
    git('init', '-q');
    git('config', 'core.ignorecase', 'false');
    writeFileSync(path.join(dir, '.gitignore'), 'plan.md\nsecrets.txt\n');
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(path.join(dir, 'docs', 'PLAN.md'), '# plan');
    writeFileSync(path.join(dir, 'secrets.txt'), 'x');
    git('add', '.gitignore', 'docs/PLAN.md');
    git('add', '-f', 'secrets.txt');
    git('commit', '-q', '-m', 'init');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('with core.ignorecase off (git on Linux), `plan.md` in .gitignore does not ignore a committed PLAN.md', async () => {
    assert.deepEqual(await flagged(), ['secrets.txt']);
  });

  it('with core.ignorecase on (a macOS or Windows clone), it does, as git would', async () => {
    git('config', 'core.ignorecase', 'true');
    try {
      assert.deepEqual(await flagged(), ['docs/PLAN.md', 'secrets.txt']);
    } finally {
      git('config', 'core.ignorecase', 'false');
    }
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAddedLines, unquoteName } from '../../server/src/workspace/gitDiff';
import { vigil } from './support/runCli';
import { GIT_ENV, SECRET_LINE, testRepo, TOKEN } from './support/gitRepo';

// Throwaway repositories with the names and configurations real teams have: what the next commit
// holds is checked, whatever the working tree or `diff.*` settings say.

const repo = testRepo;
const ENV = GIT_ENV;

async function staged(dir: string, ...extra: string[]): Promise<{ code: number; findings: Array<{ file: string; line: number; ruleId: string }>; skipped: Array<{ path: string; reason: string }> }> {
  const r = await vigil(['scan', '--staged', '--format', 'json', ...extra], dir);
  assert.equal(r.err, '', r.err);
  const report = JSON.parse(r.out);
  return { code: r.code, findings: report.findings, skipped: report.summary.skipped };
}

describe('vigil scan --staged: what the next commit holds', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('blocks a staged secret even after the working copy was cleaned up, and ignores untracked scratch files', async () => {
    const { dir, git, write } = repo();
    dirs.push(dir);
    write('README.md', '# app\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
    write('src/config.ts', SECRET_LINE);
    git('add', 'src/config.ts');
    write('src/config.ts', 'export const token = process.env.TOKEN;\n'); // cleaned on disk, not re-staged
    write('scratch.ts', SECRET_LINE); // untracked: not part of the commit
    const r = await staged(dir);
    assert.equal(r.code, 1);
    assert.deepEqual(
      r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
      ['src/config.ts:1 secret.github-pat-token'],
    );
  });

  it('passes a clean commit although the working tree holds a secret', async () => {
    const { dir, git, write } = repo();
    dirs.push(dir);
    write('a.ts', 'export const a = 1;\n');
    git('add', '-A');
    write('a.ts', SECRET_LINE); // modified after staging
    const r = await staged(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.findings, []);
  });

  it('matches names with non-ASCII characters, spaces, quotes, tabs and newlines, with staged line numbers', async () => {
    const { dir, git, write } = repo();
    dirs.push(dir);
    const names = ['données.ts', 'my config.ts', 'q"uote.ts', 'tab\tname.ts', 'new\nline.ts', 'emoji 🔑.ts', 'back\\slash.ts'];
    write('base.ts', 'export {};\n');
    git('add', '-A');
    git('commit', '-qm', 'init');
    for (const n of names) write(n, `// header\n\n${SECRET_LINE}`);
    git('add', '-A');
    const r = await staged(dir);
    assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}`).sort(), names.map((n) => `${n}:3`).sort());
  });

  for (const [setting, value] of [
    ['diff.noprefix', 'true'],
    ['diff.mnemonicPrefix', 'true'],
    ['diff.relative', 'true'],
    ['color.ui', 'always'],
    ['color.diff', 'always'],
    ['diff.external', 'false'],
    ['diff.renames', 'copies'],
    ['core.quotePath', 'true'],
  ]) {
    it(`is not fooled by ${setting}=${value}`, async () => {
      const { dir, git, write } = repo();
      dirs.push(dir);
      git('config', setting, value);
      write('sub dir/données.ts', `const a = 1;\n${SECRET_LINE}`);
      git('add', '-A');
      const r = await staged(dir);
      assert.deepEqual(
        r.findings.map((f) => `${f.file}:${f.line}`),
        ['sub dir/données.ts:2'],
      );
    });
  }

  it('reports only the lines a commit adds, follows renames, and ignores deletions', async () => {
    const { dir, git, write } = repo();
    dirs.push(dir);
    write('old.ts', SECRET_LINE);
    write('gone.ts', SECRET_LINE);
    git('add', '-A');
    git('commit', '-qm', 'init (an old leak, already committed)');
    git('mv', 'old.ts', 'renamed.ts');
    git('rm', '-q', 'gone.ts');
    assert.deepEqual((await staged(dir)).findings, [], 'a pure rename adds no line');
    write('renamed.ts', `${SECRET_LINE}const pw = 'x';\nconst url = 'http://api.acme-corp.io/v1';\n`);
    git('add', '-A');
    const r = await staged(dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.file}:${f.line} ${f.ruleId}`),
      ['renamed.ts:3 transport.insecure-url'],
    );
  });

  it('works before the first commit, from a subfolder (its files only), and with a path argument', async () => {
    const { dir, git, write } = repo();
    dirs.push(dir);
    write('a/x.ts', SECRET_LINE);
    write('b/y.ts', SECRET_LINE);
    git('add', '-A');
    assert.deepEqual((await staged(dir)).findings.map((f) => f.file).sort(), ['a/x.ts', 'b/y.ts']);
    assert.deepEqual(
      (await staged(path.join(dir, 'a'))).findings.map((f) => f.file),
      ['x.ts'],
    );
    assert.deepEqual(
      (await staged(dir, 'b')).findings.map((f) => f.file),
      ['b/y.ts'],
    );
  });

  it('skips binary blobs and submodules with a reason, and scans UTF-16 text', async () => {
    const { dir, git } = repo();
    dirs.push(dir);
    writeFileSync(path.join(dir, 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    writeFileSync(path.join(dir, 'notes.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token=${TOKEN}\n`, 'utf16le')]));
    const sub = repo();
    dirs.push(sub.dir);
    sub.write('x.txt', 'x\n');
    sub.git('add', '-A');
    sub.git('commit', '-qm', 'sub');
    git('-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', sub.dir, 'vendor/sub');
    git('add', '-A');
    const r = await staged(dir);
    assert.deepEqual(
      r.findings.map((f) => `${f.file} ${f.ruleId}`),
      ['notes.txt secret.github-pat-token'],
    );
    assert.deepEqual(
      r.skipped
        .filter((s) => s.path !== '.gitmodules')
        .map((s) => `${s.path}: ${s.reason}`)
        .sort(),
      ['logo.png: binary file', 'vendor/sub: submodule (scan it in its own repository)'],
    );
  });

  it('outside a git repository: exit 2 with one clear line; --staged with --changed is a usage error', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-nogit-'));
    dirs.push(dir);
    const r = await vigil(['scan', '--staged'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^vigil: --staged needs a git repository: .+\n$/);
    const { dir: d2 } = repo();
    dirs.push(d2);
    assert.equal((await vigil(['scan', '--staged', '--changed'], d2)).code, 2);
  });
});

describe('vigil scan --staged / --changed PATH: only changes under the current folder', () => {
  it('a path outside the current folder is a usage error, not a pass that looked at nothing; a subfolder is checked', async () => {
    const { dir, git, write } = repo();
    const { dir: other } = repo();
    try {
      write('README.md', '# app\n');
      git('add', '-A');
      git('commit', '-qm', 'init');
      write('src/config.ts', 'export {};\n');
      git('add', '-A');
      git('commit', '-qm', 'config');
      write('src/config.ts', `export {};\n${SECRET_LINE}`);
      git('add', 'src/config.ts');
      // Run from another repository, as a CI step or a hook script written for the wrong folder would.
      for (const flag of ['--staged', '--changed']) {
        for (const target of [dir, path.join(dir, 'src'), path.relative(other, path.join(dir, 'src'))]) {
          const r = await vigil(['scan', flag, target], other);
          assert.equal(r.code, 2, `${flag} ${target}: ${r.out}`);
          assert.equal(r.out, '');
          assert.match(r.err, new RegExp(`^vigil: ${flag} reads the changes under the current folder, and .+ is outside it: run vigil from the repository that holds it\\n$`));
          assert.ok(!r.err.includes(TOKEN));
        }
        // From the repository itself, the same folder given as a path is checked.
        const inside = await vigil(['scan', flag, '--format', 'json', 'src'], dir);
        assert.equal(inside.code, 1, inside.err);
        assert.deepEqual(
          JSON.parse(inside.out).findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`),
          ['src/config.ts:2'],
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe('vigil scan --changed: the same robust parsing of git output', () => {
  it('matches names with spaces and non-ASCII characters under diff.noprefix', async () => {
    const { dir, git, write } = repo();
    try {
      git('config', 'diff.noprefix', 'true');
      write('my config.ts', 'export {};\n');
      git('add', '-A');
      git('commit', '-qm', 'init');
      write('my config.ts', `export {};\n${SECRET_LINE}`);
      write('données.ts', SECRET_LINE); // untracked
      const r = JSON.parse((await vigil(['scan', '--changed', '--format', 'json'], dir)).out);
      assert.deepEqual(r.findings.map((f: { file: string; line: number }) => `${f.file}:${f.line}`).sort(), ['données.ts:1', 'my config.ts:2']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git diff parsing', () => {
  it('unquotes C-quoted names (octal UTF-8 bytes, escapes) and drops the tab git appends after names with spaces', () => {
    assert.equal(unquoteName('"b/donn\\303\\251es.ts"'), 'b/données.ts');
    assert.equal(unquoteName('"b/new\\nline\\t\\"q\\\\.ts"'), 'b/new\nline\t"q\\.ts');
    assert.equal(unquoteName('b/my config.ts\t'), 'b/my config.ts');
    assert.equal(unquoteName('b/plain.ts'), 'b/plain.ts');
  });

  it('never takes an added line that looks like a header for a file name', () => {
    const patch = ['diff --git a/x.ts b/x.ts', '--- a/x.ts', '+++ b/x.ts', '@@ -1,0 +1,2 @@', '+++ b/evil.ts', '+@@ -1 +50,3 @@', ''].join('\n');
    assert.deepEqual(
      [...parseAddedLines(patch)].map(([f, l]) => [f, [...l]]),
      [['x.ts', [1, 2]]],
    );
  });
});

describe('the installed pre-commit hook', () => {
  it('blocks a commit whose staged content holds a secret, and lets a clean one through', async function () {
    const { dir, git, write } = repo();
    try {
      // The project's own CLI, as `npm i -D` would place it.
      const tsx = path.resolve(__dirname, '../../node_modules/.bin/tsx');
      const cli = path.resolve(__dirname, '../../server/src/cli.ts');
      write('node_modules/.bin/vigil', `#!/bin/sh\nexec "${tsx}" "${cli}" "$@"\n`);
      chmodSync(path.join(dir, 'node_modules/.bin/vigil'), 0o755);
      write('.gitignore', 'node_modules/\n');
      assert.equal((await vigil(['install-hook'], dir)).code, 0);
      write('src/app.ts', SECRET_LINE);
      git('add', '-A');
      write('src/app.ts', 'export {};\n');
      const blocked = spawnSync('git', ['commit', '-qm', 'leak'], { cwd: dir, env: ENV, encoding: 'utf8' });
      assert.notEqual(blocked.status, 0, 'the staged secret blocks the commit');
      assert.match(blocked.stdout + blocked.stderr, /secret\.github-pat-token/);
      git('add', '-A');
      const clean = spawnSync('git', ['commit', '-qm', 'clean'], { cwd: dir, env: ENV, encoding: 'utf8' });
      assert.equal(clean.status, 0, clean.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseCommit } from '../../server/src/workspace/gitLog';
import { GIT_ENV, SECRET_LINE, freshRepos, TestRepo, TOKEN } from './support/gitRepo';
import { vigil } from './support/runCli';

// `vigil scan --history` on throwaway repositories: who added which secret in which commit, each
// blob looked at once, the same masking, rules, suppressions and baseline as a normal scan.

interface HistoryFinding {
  file: string;
  line: number;
  ruleId: string;
  commit: { sha: string; author: string; email: string; date: string };
  inHead: boolean;
}

async function history(
  dir: string,
  ...extra: string[]
): Promise<{ code: number; findings: HistoryFinding[]; summary: { commitsScanned: number; filesScanned: number; skipped: Array<{ path: string; reason: string }> }; out: string; err: string }> {
  const r = await vigil(['scan', '--history', '--format', 'json', ...extra], dir);
  const report = r.code === 2 ? { findings: [], summary: {} } : JSON.parse(r.out);
  return { code: r.code, findings: report.findings, summary: report.summary, out: r.out, err: r.err };
}

/** Commits as the named author, on the given date (ISO), and returns the commit id. */
function commitAs(repo: TestRepo, author: string, date: string, message: string): string {
  repo.git('add', '-A');
  // --since and --until read the committer date: both dates are set.
  const email = `${author.toLowerCase()}@example.com`;
  const env = { ...GIT_ENV, GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
  execFileSync('git', ['commit', '-qm', message], { cwd: repo.dir, env });
  return repo.git('rev-parse', 'HEAD').trim();
}

const where = (f: HistoryFinding): string => `${f.file}:${f.line} ${f.ruleId} ${f.commit.author}`;

describe('vigil scan --history: every secret the selected commits added', () => {
  const { fresh, removeAfter } = freshRepos();

  it('names the commit, author and date that added a secret, once, and says whether HEAD still holds it', async () => {
    const repo = fresh();
    repo.write('app.ts', 'export const a = 1;\n');
    commitAs(repo, 'Alice', '2024-01-02T10:00:00Z', 'init');
    repo.write('app.ts', `export const a = 1;\n${SECRET_LINE}`);
    repo.write('db.py', 'password = "Zx9#kq2LmP0vW"\n');
    const leak = commitAs(repo, 'Bob', '2024-02-03T10:00:00Z', 'add config');
    repo.write('app.ts', `\nexport const a = 1;\n  ${SECRET_LINE}`); // re-indented: not a new leak
    commitAs(repo, 'Alice', '2024-03-04T10:00:00Z', 'format');
    repo.write('app.ts', 'export const a = 2;\n'); // removed from the file, still in history
    commitAs(repo, 'Alice', '2024-04-05T10:00:00Z', 'remove');
    const r = await history(repo.dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.findings.map(where), ['app.ts:2 secret.github-pat-token Bob', 'db.py:1 secret.hardcoded-password Bob']);
    assert.deepEqual(
      r.findings.map((f) => [f.commit.sha, f.commit.email, f.commit.date.slice(0, 10)]),
      [
        [leak, 'bob@example.com', '2024-02-03'],
        [leak, 'bob@example.com', '2024-02-03'],
      ],
    );
    assert.deepEqual(
      r.findings.map((f) => f.inHead),
      [false, true],
    );
    assert.equal(r.summary.commitsScanned, 4);
    assert.ok(!r.out.includes(TOKEN), 'the token is never printed in clear');
    const text = await vigil(['scan', '--history'], repo.dir);
    assert.ok(!text.out.includes(TOKEN));
    assert.match(text.out, new RegExp(`added in ${leak.slice(0, 12)} by Bob <bob@example.com> on 2024-02-03; no longer in HEAD`));
    assert.match(text.out, /^2 findings in 2 files \(.*\) · 4 commits read \(\d+ file versions?\)/m);
  });

  it('selects commits by author, date and range, and files by path', async () => {
    const repo = fresh();
    repo.write('a.ts', SECRET_LINE);
    const first = commitAs(repo, 'Alice', '2023-05-01T10:00:00Z', 'alice leak');
    repo.write('b/b.ts', SECRET_LINE.replace('token', 'otherToken'));
    repo.write('c.env', 'API_KEY=Zq8vLw3Nx0Pd7Rt5\n');
    commitAs(repo, 'Bob', '2024-06-01T10:00:00Z', 'bob leak');
    assert.deepEqual((await history(repo.dir, '--author', 'Bob')).findings.map((f) => f.file).sort(), ['b/b.ts', 'c.env']);
    assert.deepEqual(
      (await history(repo.dir, '--since', '2024-01-01')).findings.map((f) => f.commit.author),
      ['Bob', 'Bob'],
    );
    assert.deepEqual((await history(repo.dir, '--until', '2024-01-01')).findings.map(where), ['a.ts:1 secret.github-pat-token Alice']);
    assert.deepEqual((await history(repo.dir, '--range', `${first}..HEAD`)).findings.map((f) => f.file).sort(), ['b/b.ts', 'c.env']);
    assert.deepEqual(
      (await history(repo.dir, 'b')).findings.map((f) => f.file),
      ['b/b.ts'],
    );
  });

  it('looks at a blob once however many branches hold it, and attributes a merged secret to the commit that added it', async () => {
    const repo = fresh();
    repo.write('README.md', '# app\n');
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    const main = repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
    repo.git('checkout', '-qb', 'feature');
    repo.write('feature.ts', SECRET_LINE);
    const added = commitAs(repo, 'Carol', '2024-01-02T10:00:00Z', 'feature');
    repo.git('checkout', '-q', main);
    repo.git('cherry-pick', 'feature'); // the same blob on a second branch
    repo.git('checkout', '-qb', 'other');
    repo.git('checkout', '-q', main);
    repo.git('merge', '-q', '--no-edit', 'feature');
    const all = await history(repo.dir, '--all-branches');
    assert.deepEqual(
      all.findings.map((f) => [f.file, f.commit.author]),
      [['feature.ts', 'Carol']],
    );
    assert.equal(all.summary.filesScanned, 2, 'README.md and one feature.ts blob');
    const onFeature = await history(repo.dir, '--range', `${main}~1..feature`);
    assert.deepEqual(
      onFeature.findings.map((f) => f.commit.sha),
      [added],
    );
  });

  it('keeps to secrets: weak hashing and http:// in old revisions are not history findings', async () => {
    const repo = fresh();
    repo.write('hash.js', "const crypto = require('crypto');\nmodule.exports = (p) => crypto.createHash('md5').update(p).digest('hex');\nfetch('http://api.example.com/v1');\n");
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    const r = await history(repo.dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.findings, []);
    const tree = await vigil(['scan', '--format', 'json'], repo.dir);
    assert.ok(JSON.parse(tree.out).findings.length > 0, 'the same file has findings in a normal scan');
  });

  it('honours inline suppressions and the baseline, as a normal scan does', async () => {
    const repo = fresh();
    repo.write('a.ts', `${SECRET_LINE.trimEnd()} // vigil-ignore-line secret.github-pat-token -- revoked test token\n`);
    repo.write('b.ts', SECRET_LINE);
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    const before = await history(repo.dir);
    assert.deepEqual(
      before.findings.map((f) => f.file),
      ['b.ts'],
    );
    assert.equal((await vigil(['baseline', 'create'], repo.dir)).code, 0);
    const after = await history(repo.dir);
    assert.equal(after.code, 0);
    assert.deepEqual(after.findings, []);
  });

  it('reads awkward names under any diff configuration, and decodes UTF-16 files git calls binary', async () => {
    const repo = fresh();
    for (const [k, v] of [
      ['diff.noprefix', 'true'],
      ['diff.mnemonicPrefix', 'true'],
      ['core.quotePath', 'true'],
      ['color.ui', 'always'],
      ['diff.external', 'false'],
      ['diff.renames', 'copies'],
    ])
      repo.git('config', k, v);
    const names = ['données.ts', 'my config.ts', 'q"uote.ts', 'new\nline.ts', 'emoji 🔑.ts'];
    for (const n of names) repo.write(n, `// header\n\n${SECRET_LINE}`);
    repo.write('notes.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`token=${TOKEN}\n`, 'utf16le')]));
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]));
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    repo.git('mv', 'my config.ts', 'renamed config.ts'); // a rename adds nothing
    commitAs(repo, 'Alice', '2024-01-02T10:00:00Z', 'rename');
    const r = await history(repo.dir);
    assert.deepEqual(r.findings.map((f) => `${f.file}:${f.line}`).sort(), [...names.map((n) => `${n}:3`), 'notes.txt:1'].sort());
    assert.ok(r.summary.skipped.some((s) => s.path === 'logo.png' && /binary/.test(s.reason)));
  });

  it('says what is wrong: no repository, no commits, a bad range, selection flags without --history', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'vigil-nogit-'));
    removeAfter(outside);
    writeFileSync(path.join(outside, 'a.ts'), 'export {};\n');
    const noGit = await history(outside);
    assert.equal(noGit.code, 2);
    assert.match(noGit.err, /--history needs a git repository/);
    const empty = fresh();
    assert.equal((await history(empty.dir)).code, 2);
    const repo = fresh();
    repo.write('a.ts', 'export {};\n');
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    const bad = await history(repo.dir, '--range', 'nope..HEAD');
    assert.equal(bad.code, 2);
    assert.match(bad.err, /nope/);
    const option = await history(repo.dir, '--range=--output=/tmp/x');
    assert.equal(option.code, 2);
    assert.match(option.err, /--range takes a revision range/);
    const stray = await vigil(['scan', '--since', '2024-01-01'], repo.dir);
    assert.equal(stray.code, 2);
    assert.match(stray.err, /--since selects commits: use it with --history/);
    assert.equal((await vigil(['scan', '--history', '--staged'], repo.dir)).code, 2);
  });

  it('a repository missing objects is said to be so, not to lack commits', async () => {
    const repo = fresh();
    repo.write('a.ts', 'export {};\n');
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    repo.write('b.ts', SECRET_LINE);
    commitAs(repo, 'Alice', '2024-01-02T10:00:00Z', 'add b');
    const blob = repo.git('rev-parse', 'HEAD:b.ts').trim();
    rmSync(path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2)));
    const r = await history(repo.dir);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(
      r.err,
      new RegExp(`^vigil: --history could not read the whole history: the repository is missing objects \\(.*${blob}.*\\); \`git fsck\` lists them, a fresh clone restores them\\n$`),
    );
  });

  it('a commit whose added lines nest async functions without end (a re-indented test file) is scanned, not hung on', async function () {
    // Unguarded, TypeScript's parser takes about half a minute on these 22 levels (it doubles per level).
    this.timeout(20_000);
    const repo = fresh();
    const suite = (indent: string): string => "it('works', async function () {\n".repeat(22).replace(/^/gm, indent) + '});\n'.repeat(22);
    repo.write('model.test.js', suite(''));
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'tests');
    // Re-indented: the commit's added lines are the 22 openings alone, and the token.
    repo.write('model.test.js', suite('  ') + SECRET_LINE);
    commitAs(repo, 'Bob', '2024-01-02T10:00:00Z', 'indent');
    const r = await history(repo.dir);
    assert.equal(r.code, 1);
    assert.deepEqual(r.findings.map(where), ['model.test.js:45 secret.github-pat-token Bob']);
  });

  it('a secret only syntax rules see, added beside changed lines that look nested when read apart, is found', async function () {
    // Twenty-two callback blocks one after another; the commit changes each block's first line. Read
    // apart from their closing lines, the changed lines look like 22 nested `async.` calls, too
    // costly to parse; the file itself is not, so it is analysed whole.
    this.timeout(20_000);
    const repo = fresh();
    const blocks = (list: string, inner: string): string =>
      Array.from({ length: 22 }, (_, i) => `async.eachSeries(${list}${i}, function (id, next) {\n${i === 21 ? inner : ''}  next();\n});\n\n`).join('');
    repo.write('upgrade.js', blocks('ids', ''));
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'upgrade');
    repo.write('upgrade.js', blocks('keys', "  const password = 'Zx9#kq2LmP0vW';\n"));
    commitAs(repo, 'Bob', '2024-01-02T10:00:00Z', 'rename');
    const r = await history(repo.dir);
    assert.deepEqual(r.findings.map(where), ['upgrade.js:86 secret.hardcoded-password Bob']);
  });

  it('reads a commit of many megabytes (generated code committed) whole, and the commits around it', async () => {
    const repo = fresh();
    repo.write('a.ts', 'export {};\n');
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    // About 6 MB of patch, read from git in 64 KB chunks: the token is on the last line.
    for (let i = 0; i < 6; i++) repo.write(`gen/chunk${i}.js`, `${'var a = [1, 2, 3];\n'.repeat(50_000)}${i === 5 ? SECRET_LINE : ''}`);
    commitAs(repo, 'Bob', '2024-01-02T10:00:00Z', 'build');
    repo.write('c.ts', SECRET_LINE);
    commitAs(repo, 'Carol', '2024-01-03T10:00:00Z', 'after');
    const r = await history(repo.dir);
    assert.equal(r.summary.commitsScanned, 3);
    assert.deepEqual(r.findings.map(where), ['gen/chunk5.js:50001 secret.github-pat-token Bob', 'c.ts:1 secret.github-pat-token Carol']);
  });

  it('SARIF results carry the commit', async () => {
    const repo = fresh();
    repo.write('a.ts', SECRET_LINE);
    const sha = commitAs(repo, 'Alice', '2024-01-01T10:00:00Z', 'init');
    const r = await vigil(['scan', '--history', '--format', 'sarif'], repo.dir);
    const result = JSON.parse(r.out).runs[0].results[0];
    assert.equal(result.properties.commitSha, sha);
    assert.equal(result.properties.author, 'Alice');
    assert.equal(result.properties.inHead, true);
  });
});

describe('git log parsing', () => {
  it('reads names from the raw part and added lines by blob, whatever the patch content looks like', () => {
    const blob = 'b'.repeat(40);
    const record = [
      `${'c'.repeat(40)}\x1fAl Ice\x1fal@example.com\x1f2024-01-01T00:00:00+00:00\0`,
      `\n:000000 100644 ${'0'.repeat(40)} ${blob} A\0odd\nname.ts\0\0`,
      'diff --git "a/odd\\nname.ts" "b/odd\\nname.ts"\nnew file mode 100644\n',
      `index ${'0'.repeat(40)}..${blob}\n--- /dev/null\n+++ "b/odd\\nname.ts"\n@@ -0,0 +1,3 @@\n+diff --git a/x b/x\n+index 1..2\n+@@ -1 +1 @@\n`,
    ].join('');
    const commit = parseCommit(record);
    assert.equal(commit.author, 'Al Ice');
    assert.deepEqual(
      commit.files.map((f) => [f.path, [...(f.added as Set<number>)], f.fragment]),
      [['odd\nname.ts', [1, 2, 3], 'diff --git a/x b/x\nindex 1..2\n@@ -1 +1 @@']],
    );
  });

  it('gives each file its own added lines and text when several files get the same content in one commit', () => {
    // A translation file copied to three languages, and a fourth language brought up to date: one
    // new blob, two different changes.
    const [zero, old, blob] = ['0', 'a', 'b'].map((c) => c.repeat(40));
    const added = (p: string): string => `diff --git a/${p} b/${p}\nnew file mode 100644\nindex ${zero}..${blob}\n--- /dev/null\n+++ b/${p}\n@@ -0,0 +1,3 @@\n+{\n+  "title": "Settings"\n+}\n`;
    const record = [
      `${'c'.repeat(40)}\x1fAl Ice\x1fal@example.com\x1f2024-01-01T00:00:00+00:00\0`,
      `\n${['de', 'fr', 'it'].map((l) => `:000000 100644 ${zero} ${blob} A\0${l}.json\0`).join('')}:100644 100644 ${old} ${blob} M\0es.json\0\0`,
      ...['de', 'fr', 'it'].map((l) => added(`${l}.json`)),
      `diff --git a/es.json b/es.json\nindex ${old}..${blob} 100644\n--- a/es.json\n+++ b/es.json\n@@ -2 +2 @@\n-  "title": "Ajustes"\n+  "title": "Settings"\n`,
    ].join('');
    const commit = parseCommit(record);
    assert.deepEqual(
      commit.files.map((f) => [f.path, [...(f.added as Set<number>)], f.fragment]),
      [
        ['de.json', [1, 2, 3], '{\n  "title": "Settings"\n}'],
        ['fr.json', [1, 2, 3], '{\n  "title": "Settings"\n}'],
        ['it.json', [1, 2, 3], '{\n  "title": "Settings"\n}'],
        ['es.json', [2], '  "title": "Settings"'],
      ],
    );
  });

  it('reads the new side of a type change (a symlink made a file), which git patches as a deletion and an addition', () => {
    const [zero, old, blob] = ['0', 'a', 'b'].map((c) => c.repeat(40));
    const record = [
      `${'c'.repeat(40)}\x1fAl Ice\x1fal@example.com\x1f2024-01-01T00:00:00+00:00\0`,
      `\n:120000 100644 ${old} ${blob} T\0config\0\0`,
      `diff --git a/config b/config\ndeleted file mode 120000\nindex ${old}..${zero}\n--- a/config\n+++ /dev/null\n@@ -1 +0,0 @@\n-config.real\n\\ No newline at end of file\n`,
      `diff --git a/config b/config\nnew file mode 100644\nindex ${zero}..${blob}\n--- /dev/null\n+++ b/config\n@@ -0,0 +1 @@\n+token = 1\n`,
    ].join('');
    assert.deepEqual(
      parseCommit(record).files.map((f) => [f.path, [...(f.added as Set<number>)], f.fragment]),
      [['config', [1], 'token = 1']],
    );
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GIT_ENV, SECRET_LINE, freshRepos, testRepo, TestRepo } from '../unit/support/gitRepo';
import { vigil } from '../unit/support/runCli';
import { installHook } from '../../server/src/workspace/gitHook';

// `vigil install-hook` in repositories as teams have them (hooks that end in `exit 0` or `exec`,
// hooks in other languages, core.hooksPath, husky, lefthook, the pre-commit framework), checked
// with real `git commit` and `git push` runs.

const TSX = path.resolve(__dirname, '../../node_modules/.bin/tsx');
const CLI = path.resolve(__dirname, '../../server/src/cli.ts');

/** The project's own CLI where `npm i -D` would put it. */
function withCli(repo: TestRepo): void {
  repo.write('node_modules/.bin/vigil', `#!/bin/sh\nexec "${TSX}" "${CLI}" "$@"\n`);
  chmodSync(path.join(repo.dir, 'node_modules/.bin/vigil'), 0o755);
  repo.write('.gitignore', 'node_modules/\n');
}

function run(repo: TestRepo, ...args: string[]): { status: number | null; output: string } {
  const r = spawnSync('git', args, { cwd: repo.dir, env: GIT_ENV, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

function stageSecret(repo: TestRepo): void {
  repo.write('src/app.ts', SECRET_LINE);
  repo.git('add', '-A');
}

describe('vigil install-hook: the hook that really runs', function () {
  this.timeout(60_000);
  const { fresh, removeAfter } = freshRepos();

  for (const [label, tail] of [
    ['ends in exit 0', 'echo lint ok\nexit 0\n'],
    ['ends in exec', 'exec true\n'],
  ] as const) {
    it(`runs the check even when the existing hook ${label}`, () => {
      const repo = fresh();
      withCli(repo);
      repo.write('.git/hooks/pre-commit', `#!/bin/sh\n${tail}`);
      chmodSync(path.join(repo.dir, '.git/hooks/pre-commit'), 0o755);
      return vigil(['install-hook'], repo.dir).then((r) => {
        assert.equal(r.code, 0, r.err);
        assert.ok(readFileSync(path.join(repo.dir, '.git/hooks/pre-commit'), 'utf8').endsWith(`# end vigil pre-commit check\n${tail}`), 'the team hook is kept after the check');
        stageSecret(repo);
        const blocked = run(repo, 'commit', '-qm', 'leak');
        assert.notEqual(blocked.status, 0);
        assert.match(blocked.output, /secret\.github-pat-token/);
      });
    });
  }

  it("writes to core.hooksPath, and to husky 9's .husky/<hook>, not its generated folder", async () => {
    const repo = fresh();
    withCli(repo);
    repo.git('config', 'core.hooksPath', '.githooks');
    assert.equal((await vigil(['install-hook'], repo.dir)).code, 0);
    assert.ok(existsSync(path.join(repo.dir, '.githooks/pre-commit')));
    stageSecret(repo);
    assert.notEqual(run(repo, 'commit', '-qm', 'leak').status, 0, 'git runs the hook from core.hooksPath');
    const husky = fresh();
    husky.git('config', 'core.hooksPath', '.husky/_');
    husky.write('.husky/_/pre-commit', '#!/bin/sh\n. "$(dirname "$0")/h"\n');
    const r = await vigil(['install-hook'], husky.dir);
    assert.equal(r.code, 0, r.err);
    assert.match(readFileSync(path.join(husky.dir, '.husky/pre-commit'), 'utf8'), /scan --staged --fail-on error/);
    assert.equal(readFileSync(path.join(husky.dir, '.husky/_/pre-commit'), 'utf8'), '#!/bin/sh\n. "$(dirname "$0")/h"\n', "husky's own file untouched");
  });

  it('refuses, changing nothing and saying what to add, where it cannot chain safely', async () => {
    const node = fresh();
    const hook = '#!/usr/bin/env node\nrequire("child_process").execSync("npm test");\n';
    node.write('.git/hooks/pre-commit', hook);
    const r = await vigil(['install-hook'], node.dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /is not a shell script \(\/usr\/bin\/env node\).*nothing was changed\. Run `vigil scan --staged --fail-on error` from it/);
    assert.equal(readFileSync(path.join(node.dir, '.git/hooks/pre-commit'), 'utf8'), hook);
    const lefthook = fresh();
    lefthook.write('lefthook.yml', 'pre-commit:\n  commands: {}\n');
    const l = await vigil(['install-hook', '--pre-push'], lefthook.dir);
    assert.equal(l.code, 2);
    assert.match(l.err, /lefthook[\s\S]*pre-push:\n {2}commands:\n {4}vigil:\n {6}run: vigil scan --pre-push=\{1\} --fail-on error\n {6}use_stdin: true/);
    assert.ok(!existsSync(path.join(lefthook.dir, '.git/hooks/pre-push')));
    const framework = fresh();
    framework.write('.pre-commit-config.yaml', 'repos: []\n');
    const f = await vigil(['install-hook'], framework.dir);
    assert.equal(f.code, 2);
    assert.match(f.err, /pre-commit framework[\s\S]*entry: vigil scan --staged --fail-on error\n {8}language: system/);
  });

  it('without the CLI: warns and lets the commit through by default, blocks when the team pack says so', async () => {
    const repo = fresh();
    assert.equal((await vigil(['install-hook'], repo.dir)).code, 0);
    stageSecret(repo);
    const warned = run(repo, 'commit', '-qm', 'no cli');
    assert.equal(warned.status, 0);
    assert.match(warned.output, /the Vigil CLI was not found .*pre-commit check skipped: install the Vigil CLI/);
    assert.doesNotMatch(warned.output, /npm i -D vigil\b/, 'never a package name the project does not own');
    const strict = fresh();
    strict.write('.vigil/pack.json', JSON.stringify({ id: 'team', version: '1.0.0', rules: [], policy: { hookWithoutCli: 'block' } }));
    assert.equal((await vigil(['install-hook'], strict.dir)).code, 0);
    stageSecret(strict);
    const blocked = run(strict, 'commit', '-qm', 'no cli');
    assert.notEqual(blocked.status, 0);
    assert.match(blocked.output, /pre-commit check failed/);
  });

  it('falls back on the CLI the editor extension carries (a path with spaces and quotes), run with node', async () => {
    const repo = fresh();
    const ext = mkdtempSync(path.join(tmpdir(), "vigil ext's "));
    removeAfter(ext);
    // Stands in for the extension's dist/cli.js: the real CLI, from sources.
    const shim = path.join(ext, 'cli.js');
    writeFileSync(
      shim,
      `require(${JSON.stringify(require.resolve('tsx/cjs'))});\nrequire(${JSON.stringify(CLI)}).main(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then((c) => { process.exitCode = c; });\n`,
    );
    const r = await installHook(repo.dir, { bundledCli: shim });
    assert.ok(r.ok, r.message);
    stageSecret(repo);
    const blocked = run(repo, 'commit', '-qm', 'leak');
    assert.notEqual(blocked.status, 0, blocked.output);
    assert.match(blocked.output, /secret\.github-pat-token/);
  });

  it('updates the three-line block an older Vigil wrote, in place', async () => {
    const repo = fresh();
    const old =
      '#!/bin/sh\nnpm run lint\n# vigil pre-commit check\nif [ -x node_modules/.bin/vigil ]; then VIGIL=node_modules/.bin/vigil; else VIGIL=; fi\nif [ -n "$VIGIL" ]; then "$VIGIL" scan . --fail-on error || exit 1; fi\necho after\n';
    repo.write('.git/hooks/pre-commit', old);
    assert.equal((await vigil(['install-hook'], repo.dir)).code, 0);
    const text = readFileSync(path.join(repo.dir, '.git/hooks/pre-commit'), 'utf8');
    assert.match(text, /^#!\/bin\/sh\nnpm run lint\n# vigil pre-commit check\n[\s\S]*scan --staged --fail-on error[\s\S]*# end vigil pre-commit check\necho after\n$/);
    assert.doesNotMatch(text, /scan \. --fail-on/);
  });
});

describe('vigil scan --pre-push and its hook', function () {
  this.timeout(60_000);
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('blocks a push that sends a secret, lets clean pushes through, never rescans what the remote has, and hands the refs on', async () => {
    const repo = testRepo();
    const remote = mkdtempSync(path.join(tmpdir(), 'vigil-remote-'));
    dirs.push(repo.dir, remote);
    spawnSync('git', ['init', '-q', '--bare', remote]);
    repo.git('remote', 'add', 'origin', remote);
    withCli(repo);
    // The team's own pre-push hook reads git's ref lines too: it must still get them.
    repo.write('.git/hooks/pre-push', '#!/bin/sh\ncat > .git/refs-seen\n');
    chmodSync(path.join(repo.dir, '.git/hooks/pre-push'), 0o755);
    const installed = await vigil(['install-hook', '--pre-push'], repo.dir);
    assert.equal(installed.code, 0, installed.err);
    repo.write('README.md', '# app\n');
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'init');
    const branch = repo.git('rev-parse', '--abbrev-ref', 'HEAD').trim();
    const first = run(repo, 'push', '-q', 'origin', branch);
    assert.equal(first.status, 0, first.output);
    assert.match(readFileSync(path.join(repo.dir, '.git/refs-seen'), 'utf8'), new RegExp(`^refs/heads/${branch} [0-9a-f]{40} refs/heads/${branch} 0{40}`));
    repo.git('checkout', '-qb', 'leak');
    stageSecret(repo);
    repo.git('commit', '-qm', 'leak');
    repo.write('src/app.ts', 'export const token = process.env.TOKEN;\n');
    repo.git('commit', '-qam', 'cleaned up, but the secret is in the previous commit');
    const blocked = run(repo, 'push', '-q', 'origin', 'leak');
    assert.notEqual(blocked.status, 0, 'the pushed commits hold a secret');
    assert.match(blocked.output, /secret\.github-pat-token/);
    assert.match(blocked.output, /added in [0-9a-f]{12} by t <t@example.com>/);
    // Once on the remote (pushed past the hook), later clean pushes are not blocked by it.
    assert.equal(run(repo, 'push', '-q', '--no-verify', 'origin', 'leak').status, 0);
    repo.write('b.ts', 'export const b = 2;\n');
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'clean work');
    const clean = run(repo, 'push', '-q', 'origin', 'leak');
    assert.equal(clean.status, 0, clean.output);
  });

  it('reads the ref lines given on stdin: deletions send nothing; a new branch excludes what the remote tracks', async () => {
    const repo = testRepo();
    dirs.push(repo.dir);
    repo.write('a.ts', SECRET_LINE);
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'leak');
    const sha = repo.git('rev-parse', 'HEAD').trim();
    const zero = '0'.repeat(40);
    const deletion = await vigil(['scan', '--pre-push=origin', '--format', 'json'], repo.dir, `(delete) ${zero} refs/heads/old ${sha}\n`);
    assert.equal(deletion.code, 0);
    assert.deepEqual(JSON.parse(deletion.out).findings, []);
    const push = await vigil(['scan', '--pre-push=origin', '--format', 'json'], repo.dir, `refs/heads/main ${sha} refs/heads/main ${zero}\n`);
    assert.equal(push.code, 1);
    assert.deepEqual(
      JSON.parse(push.out).findings.map((f: { file: string }) => f.file),
      ['a.ts'],
    );
    repo.git('update-ref', 'refs/remotes/origin/main', sha); // the remote already has it
    const known = await vigil(['scan', '--pre-push=origin', '--format', 'json'], repo.dir, `refs/heads/topic ${sha} refs/heads/topic ${zero}\n`);
    assert.equal(known.code, 0);
    const mixed = await vigil(['scan', '--pre-push', '--since', '2020-01-01'], repo.dir);
    assert.equal(mixed.code, 2);
  });
});

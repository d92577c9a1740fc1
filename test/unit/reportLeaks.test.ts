import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { GIT_ENV, SECRET_LINE, testRepo, TestRepo, TOKEN } from './support/gitRepo';
import { vigil } from './support/runCli';

// `vigil report leaks` on a throwaway repository where Alice adds a GitHub token, Bob later edits
// the file that holds it, and Carol adds an AWS key elsewhere: offboarding Bob means rotating the
// token he could read, not Carol's key.

const AWS_ID = 'AKIAZ3MQ7BXK4PLN2VWE';

function commitAs(repo: TestRepo, author: string, date: string): string {
  repo.git('add', '-A');
  const email = `${author.toLowerCase()}@example.com`;
  execFileSync('git', ['commit', '-qm', `${author}'s work`], { cwd: repo.dir, env: { ...GIT_ENV, GIT_AUTHOR_NAME: author, GIT_AUTHOR_EMAIL: email, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } });
  return repo.git('rev-parse', 'HEAD').trim();
}

interface Json {
  providers: Array<{
    id: string;
    name: string;
    revokeUrl?: string;
    rotate: string[];
    leaks: Array<{ ruleId: string; file: string; confidence: string; addedBySelected: boolean; seenIn: Array<{ sha: string }>; addedIn: { author: string }; inHead: boolean }>;
  }>;
  summary: { leaks: number; stillInHead: number };
}

describe('vigil report leaks: what the selected people added or could have seen', () => {
  let repo: TestRepo;
  let bobsCommit: string;
  before(() => {
    repo = testRepo();
    repo.write('src/config.ts', SECRET_LINE);
    commitAs(repo, 'Alice', '2024-01-01T10:00:00Z');
    repo.write('src/config.ts', `${SECRET_LINE}export const port = 8080;\n`);
    bobsCommit = commitAs(repo, 'Bob', '2024-02-01T10:00:00Z');
    repo.write('deploy/aws.ts', `export const accessKeyId = '${AWS_ID}';\n`);
    commitAs(repo, 'Carol', '2024-03-01T10:00:00Z');
    repo.write('src/config.ts', 'export const token = process.env.TOKEN;\nexport const port = 8080;\n');
    commitAs(repo, 'Alice', '2024-04-01T10:00:00Z');
  });
  after(() => rmSync(repo.dir, { recursive: true, force: true }));

  const json = async (...args: string[]): Promise<{ code: number; report: Json }> => {
    const r = await vigil(['report', 'leaks', '--format', 'json', ...args], repo.dir);
    assert.equal(r.err, '', r.err);
    return { code: r.code, report: JSON.parse(r.out) };
  };

  it('lists the secret a person could read in a file they changed, not the ones they never touched', async () => {
    const { code, report } = await json('--author', 'Bob');
    assert.equal(code, 1);
    assert.deepEqual(
      report.providers.map((p) => p.id),
      ['github'],
    );
    const [leak] = report.providers[0].leaks;
    assert.equal(leak.ruleId, 'secret.github-pat-token');
    assert.equal(leak.addedIn.author, 'Alice');
    assert.equal(leak.addedBySelected, false);
    assert.deepEqual(
      leak.seenIn.map((c) => c.sha),
      [bobsCommit],
    );
    assert.equal(leak.inHead, false, 'removed since, still to rotate');
    assert.equal(report.providers[0].revokeUrl, 'https://github.com/settings/tokens');
  });

  it('groups by provider with the rotation steps, most certain first, for everyone', async () => {
    const { report } = await json();
    assert.deepEqual(
      report.providers.map((p) => p.id),
      ['github', 'aws'],
    );
    assert.match(report.providers[1].rotate[0], /Deactivate, then delete the access key in IAM/);
    assert.deepEqual(report.summary, { leaks: 2, stillInHead: 1, commits: 4, theirCommits: 4 });
    const carol = await json('--author', 'Carol');
    assert.deepEqual(
      carol.report.providers.map((p) => [p.id, p.leaks[0].addedBySelected]),
      [['aws', true]],
    );
    const nobody = await json('--author', 'Dave');
    assert.equal(nobody.code, 0);
    assert.equal(nobody.report.summary.leaks, 0);
  });

  it('writes self-contained HTML and Markdown that never hold a value, and a team pack adds its own providers', async () => {
    const html = await vigil(['report', 'leaks', '--since', '2024-01-15', '--output', 'leaks.html'], repo.dir);
    assert.equal(html.code, 1);
    assert.match(html.err, /wrote leaks\.html: 2 secrets to rotate/);
    const page = readFileSync(path.join(repo.dir, 'leaks.html'), 'utf8');
    assert.match(page, /Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"/);
    assert.ok(!/<script|<link|<img/i.test(page));
    assert.match(page, /https:\/\/github\.com\/settings\/tokens/);
    const md = await vigil(['report', 'leaks'], repo.dir);
    assert.match(md.out, /^# Leaked secrets: everyone\n/);
    assert.match(md.out, /## AWS \(1\)[\s\S]*Revoke at: <https:\/\/console\.aws\.amazon\.com\//);
    for (const text of [page, md.out, (await vigil(['report', 'leaks', '--format', 'json'], repo.dir)).out]) {
      assert.ok(!text.includes(TOKEN) && !text.includes(AWS_ID), 'values are never shown');
    }
    repo.write(
      '.vigil/pack.json',
      JSON.stringify({
        id: 'acme',
        version: '1.0.0',
        providers: [{ id: 'aws', name: 'AWS (ACME account)', rules: ['secret.aws-*'], revokeUrl: 'https://iam.acme.example/keys', rotate: ['Open a ticket with the platform team'] }],
      }),
    );
    const custom = await json();
    assert.deepEqual(custom.report.providers.find((p) => p.id === 'aws')?.rotate, ['Open a ticket with the platform team']);
    rmSync(path.join(repo.dir, '.vigil'), { recursive: true, force: true });
  });

  it('says what is wrong: not a repository, an unknown report, a bad output name, a bad provider in a pack', async () => {
    assert.equal((await vigil(['report', 'leaks'], path.dirname(repo.dir))).code, 2);
    const unknown = await vigil(['report', 'secrets'], repo.dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown report "secrets"/);
    const name = await vigil(['report', 'leaks', '--output', 'leaks.txt'], repo.dir);
    assert.equal(name.code, 2);
    assert.match(name.err, /name it \.html, \.md or \.json/);
    repo.write('bad.json', JSON.stringify({ id: 'bad', version: '1', providers: [{ id: 'x', name: 'X', rules: ['secret.x-*'], rotate: ['r'], revokeUrl: 'http://insecure.example' }] }));
    const bad = await vigil(['report', 'leaks', '--pack', './bad.json', '--format', 'json'], repo.dir);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /providers\[0\]\.revokeUrl: must match pattern "\^https:\/\/"/);
  });
});

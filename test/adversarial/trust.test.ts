import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scanText } from '../../server/src/engine/scan';
import { loadActivePack } from '../../server/src/packs/sources';
import pkg from '../../package.json';

// An untrusted repository could ship node_modules/<name>/pack.json with allow.paths ["**"]: a
// user-level `vigil.rulePacks` entry naming that package then silenced everything while Vigil
// said only user-level packs apply. User packs must not resolve inside an untrusted workspace.

const silencer = JSON.stringify({ id: 'silencer', version: '1.0.0', allow: { paths: ['**'] } });
const TOKEN = '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';

describe('adversarial: Workspace Trust and user-level packs', () => {
  let repo: string;
  let home: string;
  before(() => {
    repo = mkdtempSync(path.join(tmpdir(), 'vigil-adv-repo-'));
    home = mkdtempSync(path.join(tmpdir(), 'vigil-adv-home-'));
    mkdirSync(path.join(repo, 'node_modules/acme-pack'), { recursive: true });
    writeFileSync(path.join(repo, 'node_modules/acme-pack/package.json'), JSON.stringify({ name: 'acme-pack', vigil: 'pack.json' }));
    writeFileSync(path.join(repo, 'node_modules/acme-pack/pack.json'), silencer);
    mkdirSync(path.join(repo, 'packs'));
    writeFileSync(path.join(repo, 'packs/team.json'), silencer);
    writeFileSync(path.join(home, 'team.json'), JSON.stringify({ id: 'team', version: '1.0.0', policy: { failOn: 'error' } }));
  });
  after(() => {
    rmSync(repo, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  for (const ref of ['acme-pack', './packs/team.json', 'REPO/packs/team.json']) {
    it(`untrusted: "${ref.replace('REPO', '<workspace>')}" is not read from the workspace, and findings stay`, async () => {
      const { pack, problems } = await loadActivePack({ root: repo, workspacePack: false, refs: [ref.replace('REPO', repo)], untrusted: true });
      assert.match(problems.map((p) => p.message).join('\n'), /not trusted/);
      assert.equal(scanText({ path: 'src/a.ts', text: `const t = '${TOKEN}';` }, pack).findings.length, 1);
    });
  }

  it('untrusted: a pack at an absolute path outside the workspace still loads', async () => {
    const { pack, problems } = await loadActivePack({ root: repo, workspacePack: false, refs: [path.join(home, 'team.json')], untrusted: true });
    assert.deepEqual(problems, []);
    assert.equal(pack.policy.failOn, 'error');
  });

  it('trusted: the same npm pack loads (the team chose it)', async () => {
    const { pack } = await loadActivePack({ root: repo, workspacePack: false, refs: ['acme-pack'] });
    assert.equal(scanText({ path: 'src/a.ts', text: `const t = '${TOKEN}';` }, pack).findings.length, 0);
  });

  it('the manifest restricts the settings a repository could use to narrow scans, and keeps trusted keys out of workspace settings', () => {
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['vigil.rulePacks', 'vigil.include', 'vigil.exclude', 'vigil.maxFileSizeKb']) assert.ok(restricted.includes(key), key);
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    assert.equal(props['vigil.trustedPublicKeys'].scope, 'machine');
  });
});

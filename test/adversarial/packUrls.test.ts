import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadActivePack, sha256 } from '../../server/src/packs/sources';

// Hostile testing: `extends` accepted https:// URLs from a workspace pack, so a repository file
// made every scan contact a host of its choosing. A repository's packs may now only use a pinned
// URL the user has already fetched (its cached copy); fetching is for the user's own configuration.

describe('adversarial: URLs in a workspace pack', () => {
  let dir: string;
  let cache: string;
  const remote = JSON.stringify({ id: 'remote', version: '1.0.0', houseRules: ['from the remote pack'] });
  const url = `https://packs.invalid/acme.json#sha256=${sha256(remote)}`;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-url-'));
    cache = mkdtempSync(path.join(tmpdir(), 'vigil-adv-url-cache-'));
    mkdirSync(path.join(dir, '.vigil'));
    writeFileSync(path.join(dir, '.vigil/pack.json'), JSON.stringify({ id: 'repo', version: '1.0.0', extends: [url] }));
  });
  after(() => [dir, cache].forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("is never fetched on the repository's word; once the user configured it, the cached copy is used", async () => {
    const first = await loadActivePack({ root: dir, workspacePack: true, refs: [], cacheDir: cache });
    assert.equal(first.problems.length, 1);
    assert.match(first.problems[0].message, /not fetched: a pack inside the workspace extends https:\/\/packs\.invalid\/acme\.json, and Vigil contacts no host a repository chooses/);
    assert.ok(!first.pack.sources.some((s) => s.id === 'remote'));
    // The user configures the same pinned URL (fetched once: here, placed in the cache as a fetch would).
    writeFileSync(path.join(cache, `${sha256(remote)}.json`), remote);
    const user = await loadActivePack({ root: dir, workspacePack: false, refs: [url], cacheDir: cache });
    assert.deepEqual(user.problems, []);
    const after = await loadActivePack({ root: dir, workspacePack: true, refs: [], cacheDir: cache });
    assert.deepEqual(after.problems, []);
    assert.ok(
      after.pack.sources.some((s) => s.id === 'remote'),
      'the cached copy is used',
    );
  });
});

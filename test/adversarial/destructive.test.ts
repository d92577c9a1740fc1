import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { vigil } from '../unit/support/runCli';

// Commands must not destroy what the user has, nor hang on what the user named.

describe('adversarial: commands that must not destroy or hang', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-adv-cmd-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('pack keygen refuses to overwrite an existing key unless --force', async () => {
    assert.equal((await vigil(['pack', 'keygen', '--out', 'team'], dir)).code, 0);
    const key = readFileSync(path.join(dir, 'team.pem'), 'utf8');
    const again = await vigil(['pack', 'keygen', '--out', 'team'], dir);
    assert.equal(again.code, 2);
    assert.match(again.err, /already exist.*--force/);
    assert.equal(readFileSync(path.join(dir, 'team.pem'), 'utf8'), key, 'the private key is untouched');
    assert.equal((await vigil(['pack', 'keygen', '--out', 'team', '--force'], dir)).code, 0);
    assert.notEqual(readFileSync(path.join(dir, 'team.pem'), 'utf8'), key);
  });

  it('a FIFO named on the command line is skipped with a reason, never opened', async () => {
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    const { code, out } = await vigil(['scan', 'pipe', '--format', 'json', '--no-cache'], dir);
    assert.equal(code, 0);
    const skipped = JSON.parse(out).summary.skipped as Array<{ path: string; reason: string }>;
    assert.deepEqual(
      skipped.map((s) => s.path),
      ['pipe'],
    );
    assert.match(skipped[0].reason, /not a regular file/);
  });
});

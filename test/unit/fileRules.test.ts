import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { testRepo } from './support/gitRepo';
import { vigil } from './support/runCli';

// File rules: what a file is, not what it says. A committed-although-ignored file, binary key
// stores by their first bytes, key files by name; with the result cache on, so that untracking a
// file (content unchanged) is seen.

interface Finding {
  file: string;
  line: number;
  ruleId: string;
  severity: string;
}

describe('file rules: committed although ignored, key stores, key files', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reports a committed .env that .gitignore ignores, a JKS and a .p12 by their bytes, a .key file; untracking clears it', async () => {
    const repo = testRepo();
    const cache = mkdtempSync(path.join(tmpdir(), 'vigil-cache-'));
    dirs.push(repo.dir, cache);
    repo.write('.env', 'DB_HOST=db\n');
    repo.write('config/local.json', '{ "port": 8080 }\n');
    repo.write('keys/server.jks', Buffer.concat([Buffer.from('feedfeed00000002', 'hex'), Buffer.alloc(64, 0)]));
    repo.write('certs/client.p12', Buffer.concat([Buffer.from('30820a0b020103', 'hex'), Buffer.alloc(64, 0)]));
    repo.write('logo.png', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 0)]));
    repo.write('encryptionkeys/premium.key', '1337133713371337.EA99A61D92D2955B1E9285B55BF2AD42\n');
    repo.git('add', '-A');
    repo.git('commit', '-qm', 'init');
    repo.write('.gitignore', '.env\nconfig/\n');
    repo.write('scratch/.env', 'X=1\n');
    repo.write('.gitignore', '.env\nconfig/\nscratch/\n');
    const scan = async (): Promise<Finding[]> => {
      const r = await vigil(['scan', '--format', 'json', '--fail-on', 'never', '--cache-dir', cache], repo.dir);
      assert.equal(r.code, 0, r.err);
      return JSON.parse(r.out).findings.filter((f: Finding) => f.ruleId.startsWith('secret.'));
    };
    const first = await scan();
    assert.deepEqual(first.map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.severity}`).sort(), [
      '.env:1 secret.committed-ignored-secret-file warning',
      'certs/client.p12:1 secret.pkcs12-file warning',
      'config/local.json:1 secret.committed-ignored-file info',
      'encryptionkeys/premium.key:1 secret.key-file warning',
      'keys/server.jks:1 secret.keystore-file warning',
    ]);
    assert.deepEqual(await scan(), first, 'the same from the cache');
    repo.git('rm', '-q', '--cached', '.env');
    const after = await scan();
    assert.ok(!after.some((f) => f.file === '.env'), 'untracked now: no finding, although the file and its text are unchanged');
    assert.equal(after.length, first.length - 1);
  });
});

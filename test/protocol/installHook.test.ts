import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InstallHookRequest } from '../../server/src/protocol';
import { LspSession, SERVER } from './lspClient';

// The client asks the server to install the pre-commit hook (it carries no installer of its own):
// the request of the shared protocol module, answered by the real server.

describe('vigil/installHook', function () {
  this.timeout(60_000);
  let dir: string;
  let lsp: LspSession;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-hook-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
  });
  afterEach(async () => {
    await lsp?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs a pre-commit hook that runs vigil, falling back on the bundled CLI', async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), false);
    const result = (await lsp.connection.sendRequest(InstallHookRequest.method, { folder: dir, bundledCli: path.join(path.dirname(SERVER), 'cli.js') })) as { ok: boolean; message: string };
    assert.equal(result.ok, true, result.message);
    const hook = path.join(dir, '.git/hooks/pre-commit');
    assert.ok(existsSync(hook));
    assert.match(readFileSync(hook, 'utf8'), /vigil/);
    assert.match(readFileSync(hook, 'utf8'), /cli\.js/);
  });

  it('outside a git repository: a clear refusal, nothing written', async () => {
    const plain = mkdtempSync(path.join(tmpdir(), 'vigil-nogit-'));
    try {
      lsp = new LspSession();
      await lsp.initialize(pathToFileURL(plain).toString(), false);
      const result = (await lsp.connection.sendRequest(InstallHookRequest.method, { folder: plain, bundledCli: '/nowhere/cli.js' })) as { ok: boolean; message: string };
      assert.equal(result.ok, false);
      assert.match(result.message, /git/i);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lspClient';

// A scan of a workspace with no URL pack opens no socket and resolves no host name: the CLI and the
// language server run with a preload that records (and refuses) every network attempt.
const PRELOAD = path.resolve(__dirname, '../support/noNetwork.cjs');
const CLI = path.resolve(__dirname, '../../dist/cli.js');

describe("no network access behind the user's back", function () {
  this.timeout(60_000);
  let dir: string;
  let log: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-nonet-'));
    cpSync(path.resolve(__dirname, '../fixtures/team'), dir, { recursive: true });
    cpSync(path.resolve(__dirname, '../fixtures/workspace'), path.join(dir, 'app'), { recursive: true });
    log = path.join(dir, 'network.log');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the preload really catches an attempt (the check can fail)', async () => {
    const code = await new Promise<number>((resolve) => {
      execFile(process.execPath, ['--require', PRELOAD, '-e', "fetch('https://example.invalid').catch(() => process.exit(3))"], { env: { ...process.env, VIGIL_NETWORK_LOG: log } }, (err) =>
        resolve(err && typeof err.code === 'number' ? err.code : 0),
      );
    });
    assert.equal(code, 3);
    assert.match(readFileSync(log, 'utf8'), /fetch https:\/\/example.invalid/);
  });

  it('CLI: scan text, JSON, SARIF and HTML of a workspace with a team pack: no attempt', async () => {
    for (const args of [
      ['scan', '.'],
      ['scan', '.', '--format', 'sarif'],
      ['scan', '.', '--report', 'r.html', '--format', 'json'],
    ]) {
      await new Promise<void>((resolve) => {
        execFile(process.execPath, ['--require', PRELOAD, CLI, ...args], { cwd: dir, env: { ...process.env, VIGIL_NETWORK_LOG: log } }, () => resolve());
      });
    }
    assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '');
  });

  it('language server: startup scan, didOpen, hover, code actions, commands: no attempt', async () => {
    const lsp = new LspSession({ execArgv: ['--require', PRELOAD], env: { VIGIL_NETWORK_LOG: log } });
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), true);
      const uri = pathToFileURL(path.join(dir, 'app/src/app.ts')).toString();
      const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0, 30_000);
      const text = readFileSync(path.join(dir, 'app/src/app.ts'), 'utf8');
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
      await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: published.diagnostics[0].range.start });
      await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: [] } });
      await lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] });
      await lsp.connection.sendRequest('vigil/tips');
    } finally {
      await lsp.dispose();
    }
    assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '');
  });
});

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lspClient';

// Long scans are cancellable from the progress UI, an edit during a scan is answered first, and
// configuration mistakes produce one clear message while the rest keeps working.
describe('scans are cancellable and edits come first; clear configuration errors', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-big-'));
    for (let i = 0; i < 3000; i++) {
      const sub = path.join(dir, `pkg${i % 30}`);
      mkdirSync(sub, { recursive: true });
      writeFileSync(path.join(sub, `m${i}.ts`), `${'export const a = 1;\n'.repeat(60)}fetch('http://api${i}.acme-corp.io/x');\n`);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('cancelling the scan from the progress UI stops it promptly, with a partial result', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      const scan = lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] }) as Promise<{ files: number; cancelled: boolean }>;
      const deadline = Date.now() + 30_000;
      while (!lsp.progress.some((p) => p.kind === 'report' && /^\d+\/3000 files$/.test(p.message ?? '') && Number(p.message!.split('/')[0]) >= 100) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const cancelledAt = Date.now();
      await lsp.connection.sendNotification('window/workDoneProgress/cancel', { token: lsp.progressTokens[0] });
      const result = await scan;
      console.log(`      cancelled after ${result.files} of 3000 files, stopped ${Date.now() - cancelledAt} ms after the cancel`);
      assert.equal(result.cancelled, true);
      assert.ok(result.files < 3000);
      assert.equal(lsp.progress.at(-1)?.kind, 'end');
    } finally {
      await lsp.dispose();
    }
  });

  it('an edit during a workspace scan gets its diagnostics before the scan ends', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      let scanDone = 0;
      const scan = (lsp.connection.sendRequest('workspace/executeCommand', { command: 'vigil.server.scanWorkspace', arguments: [] }) as Promise<unknown>).then(() => {
        scanDone = Date.now();
      });
      while (!lsp.progress.some((p) => p.kind === 'report')) await new Promise((r) => setTimeout(r, 10));
      const uri = pathToFileURL(path.join(dir, 'edited.ts')).toString();
      const openedAt = Date.now();
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: "crypto.createHash('md5');\n" } });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const answeredAt = Date.now();
      await scan;
      console.log(`      edit answered in ${answeredAt - openedAt} ms while the scan ran (scan ended ${scanDone - answeredAt} ms later)`);
      assert.ok(answeredAt < scanDone, 'the edit was answered before the scan finished');
    } finally {
      await lsp.dispose();
    }
  });

  it('a bad setting value is one clear message naming the setting; the defaults keep working', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), false, {}, { debounceMs: 'fast', exclude: 'node_modules' });
      const uri = pathToFileURL(path.join(dir, 'x.ts')).toString();
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: "fetch('http://api.acme-corp.io');" } });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
      assert.ok(
        lsp.messages.some((m) => m === 'Vigil: Setting vigil.debounceMs must be a number of milliseconds; using the default.'),
        lsp.messages.join(' | '),
      );
      assert.ok(lsp.messages.some((m) => /Setting vigil\.exclude must be a list of glob strings/.test(m)));
    } finally {
      await lsp.dispose();
    }
  });
});

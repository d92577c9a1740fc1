import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspSession } from './lspClient';

// The server answers in the forms the client says it understands: plain-text hovers for a client
// without markdown, Commands for a client without CodeAction literals (LSP 3.8).

const SOURCE = "import crypto from 'crypto';\nexport const h = crypto.createHash('md5').update(data).digest('hex');\n";

describe('client capabilities', function () {
  this.timeout(60_000);
  let dir: string;
  let lsp: LspSession;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-caps-'));
  });
  afterEach(async () => {
    await lsp?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a plain-text client gets a plain-text hover; a client without CodeAction literals gets Commands only', async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), false, {}, {}, { hover: { contentFormat: ['plaintext'] } });
    const uri = pathToFileURL(path.join(dir, 'a.ts')).toString();
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1);
    const d = published.diagnostics[0];
    const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { kind: string; value: string } };
    assert.equal(hover.contents.kind, 'plaintext');
    assert.match(hover.contents.value, /md5/);
    assert.doesNotMatch(hover.contents.value, /\*\*|\]\(/, 'no markdown syntax');
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as Array<{
      command: string | { command: string };
      edit?: unknown;
      kind?: string;
    }>;
    assert.ok(actions.length > 0);
    for (const a of actions) {
      assert.equal(typeof a.command, 'string', 'a Command: { title, command, arguments }');
      assert.equal(a.edit, undefined);
      assert.equal(a.kind, undefined);
    }
  });

  it('a client with literals and markdown gets CodeActions with edits and a markdown hover', async () => {
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString(), false);
    const uri = pathToFileURL(path.join(dir, 'a.ts')).toString();
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const d = (await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 1)).diagnostics[0];
    const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as { contents: { kind: string } };
    assert.equal(hover.contents.kind, 'markdown');
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as Array<{ edit?: unknown; kind?: string }>;
    assert.ok(actions.some((a) => a.kind === 'quickfix' && a.edit));
  });
});

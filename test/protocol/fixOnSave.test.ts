import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/engine/lines';
import { LspSession } from './lspClient';

// Fix on save, as ESLint offers it: `editor.codeActionsOnSave: { "source.fixAll.vigil": "explicit" }`
// makes VS Code ask for `source.fixAll` actions on save. Only the safe fixes are applied.

const WORKSPACE = path.resolve(__dirname, '../fixtures/workspace');
const GITHUB_TOKEN = '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';
const SOURCE = [
  "import * as crypto from 'crypto';",
  "import * as https from 'https';",
  `const apiToken = '${GITHUB_TOKEN}';`,
  "fetch('http://api.billing-partner.io/v1/invoices', { headers: { authorization: apiToken } });",
  "const h = crypto.createHash('md5').update('x').digest('hex');",
  'export const agent = new https.Agent({ rejectUnauthorized: false });',
  "export const key = crypto.pbkdf2Sync('pw', 'salt', 1000, 32, 'sha256');",
  'export { h };',
  '',
].join('\n');

function apply(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  let out = text;
  for (const e of [...edits].sort((a, b) => lines.offset(b.range.start) - lines.offset(a.range.start)))
    out = out.slice(0, lines.offset(e.range.start)) + e.newText + out.slice(lines.offset(e.range.end));
  return out;
}

describe('fix on save: source.fixAll.vigil (LSP)', function () {
  let lsp: LspSession;
  const uri = pathToFileURL(path.join(WORKSPACE, 'src/on-save.ts')).toString();
  const wholeFile = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

  beforeEach(async () => {
    lsp = new LspSession();
    const init = (await lsp.initialize(pathToFileURL(WORKSPACE).toString())) as { capabilities: { codeActionProvider: { codeActionKinds: string[] } } };
    assert.ok(init.capabilities.codeActionProvider.codeActionKinds.includes('source.fixAll.vigil'), 'advertised');
  });
  afterEach(async () => lsp.dispose());

  const request = async (only: string[] | undefined): Promise<CodeAction[]> =>
    (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: wholeFile, context: { diagnostics: [], ...(only ? { only } : {}) } })) as CodeAction[];

  it('applies the safe fixes only, on the current text, and a second run has nothing left to do', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    // Asked at once, as on save right after typing: no need to wait for the debounced diagnostics.
    for (const only of [['source.fixAll'], ['source.fixAll.vigil'], ['source']]) {
      const actions = await request(only);
      assert.equal(actions.length, 1, `${only}: ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(actions[0].kind, 'source.fixAll.vigil');
    }
    const [action] = await request(['source.fixAll']);
    const change = action.edit!.documentChanges![0] as TextDocumentEdit;
    assert.equal(change.textDocument.version, 1);
    const fixed = apply(SOURCE, change.edits as TextEdit[]);
    const lines = fixed.split('\n');
    assert.match(lines[3], /fetch\('https:\/\/api\.billing-partner\.io/, 'http → https');
    assert.match(lines[5], /rejectUnauthorized: true/, 'TLS verification back on');
    // Not on save: md5 → sha256 and PBKDF2 iterations change what stored digests and keys verify
    // against; the secret needs moving and rotating; nothing is suppressed.
    assert.match(lines[4], /createHash\('md5'\)/);
    assert.match(lines[6], /, 1000,/);
    assert.ok(lines[2].includes(GITHUB_TOKEN));
    assert.ok(!/vigil-ignore|vigil-disable/.test(fixed));
    assert.ok(!JSON.stringify(action).includes('.env'), 'no move to environment variable');
    // Saved again: nothing left that is safe to fix.
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    assert.deepEqual(await request(['source.fixAll']), []);
  });

  it('is not mixed into quick fixes, and quick-fix requests skip it', async () => {
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text: SOURCE } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const http = published.diagnostics.find((d) => d.code === 'transport.insecure-url')!;
    const at = async (only: string[] | undefined): Promise<CodeAction[]> =>
      (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: http.range, context: { diagnostics: [http], ...(only ? { only } : {}) } })) as CodeAction[];
    const plain = await at(undefined);
    assert.ok(plain.length > 0 && plain.every((a) => a.kind === 'quickfix'), JSON.stringify(plain.map((a) => a.kind)));
    const quickfix = await at(['quickfix']);
    assert.ok(quickfix.every((a) => a.kind === 'quickfix'));
    assert.ok(quickfix.some((a) => a.title === 'Use https:// instead of http://'));
    const source = await at(['source.fixAll']);
    assert.deepEqual(
      source.map((a) => a.kind),
      ['source.fixAll.vigil'],
      'only the requested kind',
    );
  });
});

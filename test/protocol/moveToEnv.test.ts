import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/engine/lines';
import { LspSession } from './lspClient';

// The Stripe key is a made-up value in the provider's format.
const KEY = 'sk_live_51Hx9TqLm2Vb8Nc4Xz7Kd3Wf6Rg0Pa5YsQ';

/** Applies a workspace edit to the files on disk, as an editor would (creates, then appends). */
function applyToDisk(documentChanges: Array<TextDocumentEdit | CreateFile>, openText: Map<string, string>): void {
  for (const change of documentChanges) {
    if ('kind' in change) {
      const file = fileURLToPath(change.uri);
      if (!existsSync(file)) writeFileSync(file, '');
      continue;
    }
    const file = fileURLToPath(change.textDocument.uri);
    const before = openText.get(change.textDocument.uri) ?? readFileSync(file, 'utf8');
    const lines = new LineIndex(before);
    let after = before;
    for (const edit of [...(change.edits as TextEdit[])].sort((a, b) => lines.offset(b.range.start) - lines.offset(a.range.start))) {
      after = after.slice(0, lines.offset(edit.range.start)) + edit.newText + after.slice(lines.offset(edit.range.end));
    }
    writeFileSync(file, after);
    openText.set(change.textDocument.uri, after);
  }
}

describe('quick fix: move a secret to an environment variable (LSP)', function () {
  let dir: string;
  let lsp: LspSession;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-env-'));
    lsp = new LspSession();
    await lsp.initialize(pathToFileURL(dir).toString());
  });
  afterEach(async () => {
    await lsp.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  async function moveAction(rel: string, text: string): Promise<{ uri: string; action: CodeAction }> {
    const file = path.join(dir, rel);
    writeFileSync(file, text);
    const uri = pathToFileURL(file).toString();
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version: 1, text } });
    const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    const diagnostic = published.diagnostics[0];
    const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })) as CodeAction[];
    const action = actions.find((a) => a.title.startsWith('Move to environment variable'));
    assert.ok(action, `offered (got ${actions.map((a) => a.title).join(' | ')})`);
    assert.ok(!JSON.stringify(actions.map((a) => a.title)).includes(KEY), 'titles never carry the secret');
    return { uri, action };
  }

  it('replaces the literal, creates .env and .env.example, and ignores .env in git', async () => {
    writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
    const source = `import Stripe from 'stripe';\nconst stripeSecretKey = '${KEY}';\nexport const stripe = new Stripe(stripeSecretKey);\n`;
    const { uri, action } = await moveAction('billing.ts', source);
    assert.equal(action.title, 'Move to environment variable STRIPE_SECRET_KEY (.env)');
    applyToDisk(action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>, new Map([[uri, source]]));
    assert.equal(readFileSync(path.join(dir, 'billing.ts'), 'utf8'), source.replace(`'${KEY}'`, "process.env.STRIPE_SECRET_KEY ?? (() => { throw new Error('STRIPE_SECRET_KEY is not set'); })()"));
    assert.equal(readFileSync(path.join(dir, '.env'), 'utf8'), `STRIPE_SECRET_KEY=${KEY}\n`);
    assert.equal(readFileSync(path.join(dir, '.env.example'), 'utf8'), 'STRIPE_SECRET_KEY=\n');
    assert.equal(readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'node_modules\n.env\n');
    // The follow-up command reminds the user to rotate the key.
    assert.equal(action.command?.command, 'vigil.server.movedToEnv');
    assert.deepEqual(action.command?.arguments, ['STRIPE_SECRET_KEY']);
  });

  it('appends to existing files without touching their lines, and picks a free name', async () => {
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\nSTRIPE_SECRET_KEY=sk_live_other_value');
    writeFileSync(path.join(dir, '.env.example'), 'PORT=\nSTRIPE_SECRET_KEY=\n');
    writeFileSync(path.join(dir, '.gitignore'), '.env*\n');
    const source = `export const stripeSecretKey = "${KEY}";\n`;
    const { uri, action } = await moveAction('pay.ts', source);
    assert.equal(action.title, 'Move to environment variable STRIPE_SECRET_KEY_2 (.env)');
    applyToDisk(action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>, new Map([[uri, source]]));
    assert.equal(readFileSync(path.join(dir, '.env'), 'utf8'), `PORT=3000\nSTRIPE_SECRET_KEY=sk_live_other_value\nSTRIPE_SECRET_KEY_2=${KEY}\n`);
    assert.equal(readFileSync(path.join(dir, '.env.example'), 'utf8'), 'PORT=\nSTRIPE_SECRET_KEY=\nSTRIPE_SECRET_KEY_2=\n');
    assert.equal(readFileSync(path.join(dir, '.gitignore'), 'utf8'), '.env*\n', '.env is already ignored');
  });

  it('appends to a .env open with unsaved lines through the editor (a versioned edit of the buffer), keeping them', async () => {
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\n');
    const envUri = pathToFileURL(path.join(dir, '.env')).toString();
    const unsaved = 'PORT=3000\nDEBUG=1';
    await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: envUri, languageId: 'dotenv', version: 5, text: unsaved } });
    const source = `export const stripeSecretKey = '${KEY}';\n`;
    const { uri, action } = await moveAction('svc.ts', source);
    const changes = action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>;
    const envEdit = changes.find((c): c is TextDocumentEdit => !('kind' in c) && c.textDocument.uri === envUri)!;
    assert.equal(envEdit.textDocument.version, 5, 'the edit is for the buffer the user sees');
    assert.deepEqual(
      (envEdit.edits as TextEdit[]).map((e) => e.range),
      [{ start: { line: 1, character: 7 }, end: { line: 1, character: 7 } }],
      'an insertion at the end, nothing replaced',
    );
    applyToDisk(
      changes,
      new Map([
        [uri, source],
        [envUri, unsaved],
      ]),
    );
    assert.equal(readFileSync(path.join(dir, '.env'), 'utf8'), `PORT=3000\nDEBUG=1\nSTRIPE_SECRET_KEY=${KEY}\n`);
  });

  it('after the fix the finding is gone and no fix is offered again', async () => {
    const source = `const apiToken = '${KEY}';\n`;
    const { uri, action } = await moveAction('a.ts', source);
    const texts = new Map([[uri, source]]);
    applyToDisk(action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>, texts);
    await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: texts.get(uri) }] });
    await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  });

  it('never appends a secret to a .env that git tracks or that links out of the workspace: writes .env.local and says why', async () => {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(path.join(dir, '.env'), 'PORT=3000\n');
    execFileSync('git', ['add', '.env'], { cwd: dir });
    const source = `export const stripeSecretKey = '${KEY}';\n`;
    const { uri, action } = await moveAction('pay.ts', source);
    assert.equal(action.title, 'Move to environment variable STRIPE_SECRET_KEY (.env.local: .env is tracked by git; load .env.local too)');
    applyToDisk(action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>, new Map([[uri, source]]));
    assert.equal(readFileSync(path.join(dir, '.env'), 'utf8'), 'PORT=3000\n', 'the tracked .env is untouched');
    assert.equal(readFileSync(path.join(dir, '.env.local'), 'utf8'), `STRIPE_SECRET_KEY=${KEY}\n`);
    assert.match(readFileSync(path.join(dir, '.gitignore'), 'utf8'), /^\.env\.local$/m);

    const outside = mkdtempSync(path.join(tmpdir(), 'vigil-outside-'));
    try {
      const linked = mkdtempSync(path.join(tmpdir(), 'vigil-env-'));
      writeFileSync(path.join(outside, 'shared.env'), 'A=1\n');
      symlinkSync(path.join(outside, 'shared.env'), path.join(linked, '.env'));
      await lsp.dispose();
      rmSync(dir, { recursive: true, force: true });
      dir = linked;
      lsp = new LspSession();
      await lsp.initialize(pathToFileURL(dir).toString());
      const second = await moveAction('pay.ts', source);
      assert.match(second.action.title, /\(\.env\.local: \.env is a link out of the workspace; load \.env\.local too\)$/);
      const targets = (second.action.edit!.documentChanges as Array<TextDocumentEdit | CreateFile>).map((c) => ('kind' in c ? c.uri : c.textDocument.uri));
      assert.ok(!targets.some((t) => t.endsWith('/.env')), 'nothing is written through the link');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('quick fix: keep a .env with secrets out of git (LSP)', () => {
  it('appends the file to .gitignore once, and the finding goes away', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vigil-dotenv-'));
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString());
      writeFileSync(path.join(dir, '.gitignore'), 'node_modules');
      const text = `STRIPE_SECRET_KEY=${KEY}\n`;
      writeFileSync(path.join(dir, '.env.local'), text);
      const uri = pathToFileURL(path.join(dir, '.env.local')).toString();
      await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dotenv', version: 1, text } });
      const published = await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
      const actions = (await lsp.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: published.diagnostics[0].range, context: { diagnostics: [] } })) as CodeAction[];
      const fix = actions.find((a) => a.title === 'Add .env.local to .gitignore (keep its secrets out of git)');
      assert.ok(fix?.edit, actions.map((a) => a.title).join(' | '));
      applyToDisk(fix.edit.documentChanges as Array<TextDocumentEdit | CreateFile>, new Map());
      assert.equal(readFileSync(path.join(dir, '.gitignore'), 'utf8'), 'node_modules\n.env.local\n');
      await lsp.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text }] });
      await lsp.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
    } finally {
      await lsp.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

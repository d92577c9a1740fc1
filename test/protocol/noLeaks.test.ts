import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { main } from '../../server/src/cli';
import { LspSession } from './lspClient';

// Feeds every labelled secret of the corpus through every output path (CLI text/json/sarif,
// diagnostics, hovers, code-action titles, the server's log) and asserts none appears in clear.

interface Case {
  path: string;
  code: string;
  expect: string | null;
}

describe('no secret in clear in any output', function () {
  this.timeout(120_000);
  let dir: string;
  const cases = readFileSync(path.resolve(__dirname, '../corpus/secrets.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Case)
    .filter((c) => c.expect === 'secret');
  const secrets = new Set<string>();
  const outputs: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vigil-leaks-'));
    cases.forEach((c, i) => {
      const file = path.join(dir, `case${i}`, c.path);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, c.code);
    });
    const before = process.cwd();
    process.chdir(dir);
    try {
      for (const format of ['json', 'sarif', 'text']) {
        let out = '';
        let err = '';
        await main(['scan', '.', '--format', format, '--fail-on', 'never'], (s) => (out += s), (s) => (err += s));
        outputs[`cli ${format}`] = out + err;
      }
    } finally {
      process.chdir(before);
    }
    // The secret values: the exact text under each secret finding.
    const report = JSON.parse(outputs['cli json']) as { findings: Array<{ category: string; file: string; line: number; column: number; endLine: number; endColumn: number }> };
    for (const f of report.findings) {
      if (f.category !== 'secret') continue;
      const lines = readFileSync(path.join(dir, f.file), 'utf8').split(/\r?\n/);
      const value = f.line === f.endLine ? lines[f.line - 1].slice(f.column - 1, f.endColumn - 1) : lines[f.line - 1].slice(f.column - 1);
      if (value.length >= 8) secrets.add(value);
    }
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function assertNoSecretIn(where: string, text: string): void {
    for (const secret of secrets) {
      const at = text.indexOf(secret);
      if (process.env.VIGIL_DEBUG_LEAKS && at >= 0) console.log(text.slice(Math.max(0, at - 300), at));
      assert.ok(at < 0, `${where} shows a secret in clear (${secret.slice(0, 4)}…)`);
    }
  }

  it('collects the secrets of every labelled positive case', () => {
    assert.ok(secrets.size >= 100, `found ${secrets.size} distinct secret values`);
    console.log(`      ${secrets.size} distinct secrets from ${cases.length} labelled cases, checked in 8 output paths`);
  });

  it('CLI text, JSON and SARIF', () => {
    for (const [where, text] of Object.entries(outputs)) assertNoSecretIn(where, text);
  });

  it('language server: diagnostics, logs, hovers and code-action titles', async () => {
    const lsp = new LspSession();
    try {
      await lsp.initialize(pathToFileURL(dir).toString(), true);
      const first = pathToFileURL(path.join(dir, 'case0', cases[0].path)).toString();
      await lsp.waitForDiagnostics(first, (p) => p.diagnostics.length > 0, 60_000);
      const shown: string[] = [];
      for (const [uri, published] of lsp.diagnostics) {
        for (const d of published.diagnostics as Diagnostic[]) {
          const hover = (await lsp.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: d.range.start })) as Hover | null;
          if (hover) shown.push(JSON.stringify(hover));
        }
        // Code actions need the document open, as in an editor.
        const text = readFileSync(new URL(uri), 'utf8');
        await lsp.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
        const actions = (await lsp.connection.sendRequest('textDocument/codeAction', {
          textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } }, context: { diagnostics: [] },
        })) as CodeAction[];
        shown.push(JSON.stringify(actions.map((a) => ({ title: a.title, command: a.command }))));
      }
      assert.ok(lsp.diagnostics.size >= 150, `diagnostics for ${lsp.diagnostics.size} files`);
      assertNoSecretIn('hovers and code-action titles', shown.join('\n'));
      // Every message the server sent, minus the code-action edits that write the value into .env.
      const messages = lsp.raw.split(/Content-Length: \d+\r\n\r\n/).filter((m) => m.trim()).map((m) => JSON.parse(m) as unknown);
      assertNoSecretIn('the server\'s messages', JSON.stringify(messages, (key, value: unknown) => (key === 'edit' ? undefined : value)));
      assertNoSecretIn('the server\'s log (stderr)', lsp.logs.join('\n'));
    } finally {
      await lsp.dispose();
    }
  });
});
